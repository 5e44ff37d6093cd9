import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { DEFAULT_ASSESSMENT_POLICY } from '../domain/assessment-policy.js';
import { executeCertificateCommand } from './certificate-command.js';
import { MarkRenewalDueCommand } from './mark-renewal-due.command.js';

@CommandHandler(MarkRenewalDueCommand)
export class MarkRenewalDueHandler implements ICommandHandler<MarkRenewalDueCommand, { alreadyRecorded: boolean }> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: MarkRenewalDueCommand): Promise<{ alreadyRecorded: boolean }> {
    return executeCertificateCommand(this.store, { type: 'MarkRenewalDue', caseId: command.caseId }, command.asOf, command.context, DEFAULT_ASSESSMENT_POLICY);
  }
}
