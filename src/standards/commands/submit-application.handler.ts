import { Inject } from '@nestjs/common';
import { CommandHandler, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
import type { ApplicationSubmittedV1 } from '../../../events/assessment.events.js';
import { WORKING_DAY_CALENDAR } from '../../calendar/calendar.tokens.js';
import type { WorkingDayCalendar } from '../../calendar/working-days.js';
import { executeOnStream } from '../../event-store/event-sourced-command.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { CLOCK, type Clock } from '../../shared/clock.js';
import { assessmentStreamId, decideAssessment } from '../domain/assessment-case.js';
import { assessmentCaseFolding } from '../domain/assessment-case.folding.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { chinaDate } from '../../calendar/working-days.js';
import { ASSESSMENT_POLICIES, type PolicyRegistry } from '../policy/policy-registry.js';
import { SubmitApplicationCommand, type SubmitApplicationResult } from './submit-application.command.js';
import { loadCertificate } from './certificate-command.js';
import { AssessmentEventTypes, type DocumentsAttachedV1 } from '../../../events/assessment.events.js';
import { knownDocumentsOrRefuse, ResolveDocumentsQuery } from '../../documents/queries/resolve-documents.query.js';
import { missingDocuments } from '../domain/required-documents.js';
import { takeFresh } from '../../shared/fresh-ids.js';

@CommandHandler(SubmitApplicationCommand)
export class SubmitApplicationHandler implements ICommandHandler<SubmitApplicationCommand, SubmitApplicationResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(WORKING_DAY_CALENDAR) private readonly calendar: WorkingDayCalendar,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ASSESSMENT_POLICIES) private readonly policies: PolicyRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queryBus: QueryBus,
  ) {}

  async execute(command: SubmitApplicationCommand): Promise<SubmitApplicationResult> {
    const now = this.clock.now();
    // A new case takes the version in effect on its submission day; it keeps it to its end.
    const policy = this.policies.forNewCase(this.config.jurisdiction, chinaDate(now));
    const context = { now, calendar: this.calendar, policy };
    // Each reference must name a document the institution uploaded (422 naming those that do not).
    const documents = command.documents.length
      ? knownDocumentsOrRefuse(await this.queryBus.execute(new ResolveDocumentsQuery(command.context.institutionId, command.documents)))
      : [];
    // A re-examination names the certificate it renews; the decision weighs it as it stands now.
    const renewed = command.renewsCaseId ? await loadCertificate(this.store, command.renewsCaseId) : undefined;
    const renewal = renewed
      ? { renewsCaseId: command.renewsCaseId, renewedCertificate: { caseId: command.renewsCaseId!, status: renewed.status, institutionId: renewed.institutionId, certificateNo: renewed.certificateNo } }
      : {};
    const outcome = await executeOnStream(
      this.store,
      assessmentStreamId(command.caseId),
      assessmentCaseFolding,
      command.context,
      (state) =>
        decideAssessment(
          { type: 'SubmitApplication', caseId: command.caseId, kind: command.kind, institutionId: command.context.institutionId, standard: command.standard, ...renewal, documents },
          state,
          context,
        ),
      policy.version,
      { newStream: takeFresh(command.caseId) },
    );
    const submitted = outcome.events[0].data as ApplicationSubmittedV1;
    const attached = outcome.events.find((e) => e.type === AssessmentEventTypes.DocumentsAttached)?.data as DocumentsAttachedV1 | undefined;
    return {
      caseId: command.caseId,
      acceptanceDueAt: submitted.acceptanceDeadline.dueAt,
      alreadyRecorded: outcome.alreadyRecorded,
      missingDocuments: missingDocuments(submitted.kind, attached?.documents.map((d) => d.kind) ?? []),
    };
  }
}
