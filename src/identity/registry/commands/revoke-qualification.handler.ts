import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port.js';
import { CLOCK, type Clock } from '../../../shared/clock.js';
import { executeExpertCommand } from './expert-command.js';
import { RevokeQualificationCommand } from './revoke-qualification.command.js';

@CommandHandler(RevokeQualificationCommand)
export class RevokeQualificationHandler implements ICommandHandler<RevokeQualificationCommand, { alreadyRecorded: boolean }> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: RevokeQualificationCommand): Promise<{ alreadyRecorded: boolean }> {
    const outcome = await executeExpertCommand(this.store, this.clock, { type: 'RevokeQualification', expertId: command.expertId, certificateNumber: command.certificateNumber, reason: command.reason }, command.context);
    return { alreadyRecorded: outcome.alreadyRecorded };
  }
}
