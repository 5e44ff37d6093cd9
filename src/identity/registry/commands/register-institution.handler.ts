import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { executeOnStream } from '../../../event-store/event-sourced-command.js';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port.js';
import { CLOCK, type Clock } from '../../../shared/clock.js';
import { decideInstitution, institutionIdFor, institutionStreamId } from '../domain/institution.js';
import { institutionFolding } from '../domain/registry.folding.js';
import { RegisterInstitutionCommand, type RegisterInstitutionResult } from './register-institution.command.js';

@CommandHandler(RegisterInstitutionCommand)
export class RegisterInstitutionHandler implements ICommandHandler<RegisterInstitutionCommand, RegisterInstitutionResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: RegisterInstitutionCommand): Promise<RegisterInstitutionResult> {
    const institutionId = institutionIdFor(command.uscc);
    const { uscc, name, division, kind } = command;
    const outcome = await executeOnStream(this.store, institutionStreamId(institutionId), institutionFolding, command.context, (state) =>
      decideInstitution({ type: 'RegisterInstitution', uscc, name, division, kind }, state, { now: this.clock.now() }),
    );
    return { institutionId, alreadyRecorded: outcome.alreadyRecorded };
  }
}
