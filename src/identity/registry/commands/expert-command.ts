import { executeOnStream, type CommandOutcome } from '../../../event-store/event-sourced-command.js';
import type { EventStore } from '../../../event-store/event-store.port.js';
import type { Clock } from '../../../shared/clock.js';
import type { CommandContext } from '../../../shared/command-context.js';
import { decideExpert, expertNotFound, expertStreamId, type ExpertCommand } from '../domain/expert.js';
import { expertFolding } from '../domain/registry.folding.js';

/**
 * Load, decide, append for a change to an existing expert: what every expert handler but
 * registration does. An expert the registry does not hold is addressed by the URL, hence 404.
 */
export function executeExpertCommand(
  store: EventStore,
  clock: Clock,
  command: Exclude<ExpertCommand, { type: 'RegisterExpert' }>,
  context: CommandContext,
): Promise<CommandOutcome> {
  return executeOnStream(store, expertStreamId(command.expertId), expertFolding, context, (state) => {
    if (state.status === 'NONE') throw expertNotFound(command.expertId);
    return decideExpert(command, state, { now: clock.now() });
  });
}
