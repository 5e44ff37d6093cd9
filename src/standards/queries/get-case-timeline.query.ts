import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../identity/roles.js';
import type { CaseTimeline } from '../domain/case-timeline.js';

/** The case's timeline (案件时间线): its events with their actors, and the time limits kept or missed. */
export class GetCaseTimelineQuery extends Query<CaseTimeline> {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
