import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApplicationFailure } from '@temporalio/common';
import type { AssessmentCaseActivities, DeemAcceptedInput } from '../../../workflows/assessment-case.contract.js';
import { DomainError } from '../../shared/domain-error.js';
import { DeemApplicationAcceptedCommand } from '../commands/deem-application-accepted.command.js';

/**
 * The assessment workflow's activities: each sends a command through the same CommandBus as the
 * HTTP API, so a step taken by the engine is checked by the same rules and recorded the same way.
 */
@Injectable()
export class AssessmentCaseActivitiesService implements AssessmentCaseActivities {
  constructor(private readonly commandBus: CommandBus) {}

  async deemApplicationAccepted(input: DeemAcceptedInput): Promise<void> {
    try {
      await this.commandBus.execute(
        new DeemApplicationAcceptedCommand(input.caseId, new Date(input.asOf), {
          // Stable per workflow: a retried activity records the step once.
          commandId: `${input.workflowId}:deem-application-accepted`,
          actorId: 'system:assessment-workflow',
          role: 'system',
          correlationId: input.correlationId,
          causationId: input.causationEventId,
          workflowId: input.workflowId,
        }),
      );
    } catch (error) {
      // A refusal by the rules will not change on retry; anything else (store down) is retried.
      if (error instanceof DomainError) throw ApplicationFailure.nonRetryable(error.message, error.code);
      throw error;
    }
  }

  /** The activity functions, bound for registration with a Temporal worker. */
  bound(): AssessmentCaseActivities {
    return { deemApplicationAccepted: this.deemApplicationAccepted.bind(this) };
  }
}
