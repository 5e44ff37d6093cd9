import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port.js';
import { CLOCK, type Clock } from '../../../shared/clock.js';
import { executeExpertCommand } from './expert-command.js';
import { DeclareInterestCommand } from './declare-interest.command.js';

@CommandHandler(DeclareInterestCommand)
export class DeclareInterestHandler implements ICommandHandler<DeclareInterestCommand, { alreadyRecorded: boolean }> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: DeclareInterestCommand): Promise<{ alreadyRecorded: boolean }> {
    const outcome = await executeExpertCommand(this.store, this.clock, { type: 'DeclareInterest', expertId: command.expertId, ...command.interest }, command.context);
    return { alreadyRecorded: outcome.alreadyRecorded };
  }
}
