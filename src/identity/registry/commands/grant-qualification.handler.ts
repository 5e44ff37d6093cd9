import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port.js';
import { CLOCK, type Clock } from '../../../shared/clock.js';
import { executeExpertCommand } from './expert-command.js';
import { GrantQualificationCommand } from './grant-qualification.command.js';

@CommandHandler(GrantQualificationCommand)
export class GrantQualificationHandler implements ICommandHandler<GrantQualificationCommand, { alreadyRecorded: boolean }> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: GrantQualificationCommand): Promise<{ alreadyRecorded: boolean }> {
    const outcome = await executeExpertCommand(this.store, this.clock, { type: 'GrantQualification', expertId: command.expertId, ...command.qualification }, command.context);
    return { alreadyRecorded: outcome.alreadyRecorded };
  }
}
