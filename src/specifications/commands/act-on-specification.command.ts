import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../shared/command-context.js';
import type { SpecificationProjectCommand, SpecificationProjectStatus } from '../domain/specification-project.js';

export interface SpecificationStepResult {
  projectId: string;
  status: SpecificationProjectStatus;
  /** Type and global position of each event the step recorded. */
  recorded: { type: string; globalPosition: number }[];
  alreadyRecorded: boolean;
}

/** Any step of a local technical specification project (规范制修订项目), its proposal included. */
export class ActOnSpecificationCommand extends Command<SpecificationStepResult> {
  constructor(
    readonly step: SpecificationProjectCommand,
    readonly context: CommandContext,
    /** The time the step is decided as of: a workflow's timer step passes the time its timer fired; otherwise the clock's. */
    readonly asOf?: Date,
  ) {
    super();
  }
}
