import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { executeOnStream } from '../../../event-store/event-sourced-command.js';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port.js';
import { CLOCK, type Clock } from '../../../shared/clock.js';
import { decideExpert, expertStreamId } from '../domain/expert.js';
import { expertFolding } from '../domain/registry.folding.js';
import { RegisterExpertCommand } from './register-expert.command.js';

@CommandHandler(RegisterExpertCommand)
export class RegisterExpertHandler implements ICommandHandler<RegisterExpertCommand, { alreadyRecorded: boolean }> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: RegisterExpertCommand): Promise<{ alreadyRecorded: boolean }> {
    const { expertId, name } = command;
    const outcome = await executeOnStream(this.store, expertStreamId(expertId), expertFolding, command.context, (state) =>
      decideExpert({ type: 'RegisterExpert', expertId, name }, state, { now: this.clock.now() }),
    );
    return { alreadyRecorded: outcome.alreadyRecorded };
  }
}
