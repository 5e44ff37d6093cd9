import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { loadState } from '../../../event-store/event-sourced-command.js';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port.js';
import { CLOCK, type Clock } from '../../../shared/clock.js';
import { institutionStreamId, notRegistered } from '../domain/institution.js';
import { institutionFolding } from '../domain/registry.folding.js';
import { ChangeAffiliationCommand } from './change-affiliation.command.js';
import { executeExpertCommand } from './expert-command.js';

@CommandHandler(ChangeAffiliationCommand)
export class ChangeAffiliationHandler implements ICommandHandler<ChangeAffiliationCommand, { alreadyRecorded: boolean }> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: ChangeAffiliationCommand): Promise<{ alreadyRecorded: boolean }> {
    // The conflict-of-interest rule matches affiliations against the cases' institutions, so an
    // affiliation must name an institution the registry holds; registrations are never withdrawn,
    // so this check cannot be overtaken by a concurrent change.
    const institution = await loadState(this.store, institutionStreamId(command.institutionId), institutionFolding);
    if (institution.state.status === 'NONE') throw notRegistered(command.institutionId);
    const { expertId, institutionId, from } = command;
    const outcome = await executeExpertCommand(this.store, this.clock, { type: 'ChangeAffiliation', expertId, institutionId, from }, command.context);
    return { alreadyRecorded: outcome.alreadyRecorded };
  }
}
