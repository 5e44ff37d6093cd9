import { Inject } from '@nestjs/common';
import { QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { assessmentStreamId } from '../domain/assessment-case.js';
import { caseTimeline, type CaseTimeline } from '../domain/case-timeline.js';
import { certificateStreamId } from '../domain/certificate.js';
import { GetAssessmentCaseQuery } from './get-assessment-case.query.js';
import { GetCaseTimelineQuery } from './get-case-timeline.query.js';

/**
 * Reads the case's stream and its certificate's stream and computes the timeline from them. Who
 * may see it is decided by the case query itself, so the timeline is exactly as visible as the
 * case (a case outside the caller's scope answers 404), and follows any change to that rule.
 */
@QueryHandler(GetCaseTimelineQuery)
export class GetCaseTimelineHandler implements IQueryHandler<GetCaseTimelineQuery, CaseTimeline> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queryBus: QueryBus,
  ) {}

  async execute({ caseId, actor }: GetCaseTimelineQuery): Promise<CaseTimeline> {
    await this.queryBus.execute(new GetAssessmentCaseQuery(caseId, actor));
    const [caseEvents, certificateEvents] = await Promise.all([
      this.store.readStream(assessmentStreamId(caseId)),
      this.store.readStream(certificateStreamId(caseId)),
    ]);
    return caseTimeline(caseId, [...caseEvents, ...certificateEvents]);
  }
}
