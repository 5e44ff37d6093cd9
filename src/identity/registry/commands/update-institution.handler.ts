import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { executeOnStream } from '../../../event-store/event-sourced-command.js';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port.js';
import { CLOCK, type Clock } from '../../../shared/clock.js';
import { decideInstitution, institutionNotFound, institutionStreamId } from '../domain/institution.js';
import { institutionFolding } from '../domain/registry.folding.js';
import { UpdateInstitutionCommand } from './update-institution.command.js';

@CommandHandler(UpdateInstitutionCommand)
export class UpdateInstitutionHandler implements ICommandHandler<UpdateInstitutionCommand, { alreadyRecorded: boolean }> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: UpdateInstitutionCommand): Promise<{ alreadyRecorded: boolean }> {
    const outcome = await executeOnStream(this.store, institutionStreamId(command.institutionId), institutionFolding, command.context, (state) => {
      if (state.status === 'NONE') throw institutionNotFound(command.institutionId);
      return decideInstitution({ type: 'UpdateInstitution', institutionId: command.institutionId, ...command.changes }, state, { now: this.clock.now() });
    });
    return { alreadyRecorded: outcome.alreadyRecorded };
  }
}
