import type { Role } from './roles.js';

/**
 * 权限矩阵: the permission matrix. The one place that decides which roles may call which
 * operation; every route names its operation with @Permission, and a route without one is refused.
 * The README's role table is generated from this file (npm run permissions:table), and a test
 * walks it against the running application.
 */
export const PERMISSIONS = {
  'assessment-cases.submit': { roles: ['institution'], summary: 'submit an application for the assessment of a measurement standard' },
  'assessment-cases.check-completeness': { roles: ['institution'], summary: "check one's own documents against those an assessment kind requires" },
  'assessment-cases.list': { roles: ['institution', 'expert', 'secretariat', 'auditor', 'admin'], summary: 'list assessment cases (an institution sees its own, an expert those assigned to him)' },
  'assessment-cases.read': { roles: ['institution', 'expert', 'secretariat', 'auditor', 'admin'], summary: 'read one assessment case (outside one\'s scope: 404)' },
  'assessment-cases.request-supplement': { roles: ['secretariat'], summary: 'send the one supplement notice of a submission' },
  'assessment-cases.resubmit': { roles: ['institution'], summary: "resubmit one's own application after a supplement notice" },
  'assessment-cases.accept': { roles: ['secretariat'], summary: 'accept an application' },
  'assessment-cases.assign-assessors': { roles: ['secretariat'], summary: 'assign assessors (the conflict-of-interest rule may refuse)' },
  'assessment-cases.start-evaluation': { roles: ['secretariat'], summary: 'start the evaluation, on site or by document review' },
  'assessment-cases.request-rectification': { roles: ['expert'], summary: 'list nonconformities and start the rectification deadline (assigned assessors only)' },
  'assessment-cases.submit-rectification': { roles: ['institution'], summary: "submit one's own rectification before its deadline" },
  'assessment-cases.confirm-rectification': { roles: ['expert'], summary: 'confirm a rectification (assigned assessors only)' },
  'assessment-cases.conclude-evaluation': { roles: ['expert'], summary: 'conclude the evaluation (assigned assessors only)' },
  'assessment-cases.decide': { roles: ['secretariat'], summary: 'approve with a certificate, or refuse with reasons' },
  'assessment-cases.record-technical-check': { roles: ['institution', 'expert'], summary: "record a technical check's data and computed result (the applicant on its own case, an assigned assessor during the evaluation)" },
  'assessment-cases.read-timeline': { roles: ['institution', 'expert', 'secretariat', 'auditor', 'admin'], summary: "read a case's timeline: every event with its actor, and the deadlines kept or missed (as visible as the case)" },
  'assessment-cases.extend-decision-limit': { roles: ['secretariat'], summary: 'extend the decision limit once, before it runs out, with reasons' },
  'audit.case-history': { roles: ['secretariat', 'auditor'], summary: "read any case's history (assessment, comparison, specification, standard): every event with its actor, policy and calendar versions, and the time limits kept or missed" },
  'audit.case-state': { roles: ['secretariat', 'auditor'], summary: "replay a case's state to a moment, and the difference between two moments" },
  'audit.case-verify': { roles: ['secretariat', 'auditor'], summary: 'verify every stream of a case, naming the first broken link' },
  'audit.case-export': { roles: ['secretariat', 'auditor'], summary: "export a case's evidence as JSON lines (for the standalone verifier) or CSV" },
  'certificates.seal': { roles: ['secretariat'], summary: "record the holder's application to seal its standard's certificate" },
  'certificates.revoke': { roles: ['secretariat'], summary: 'revoke a certificate, with reasons' },
  'certificates.cancel': { roles: ['secretariat'], summary: 'cancel a certificate after a failed supervision check and rectification, with reasons' },
  'certificates.file-change': { roles: ['institution'], summary: "file a change of one's own certified standard for record (worse uncertainty or a changed range: refused)" },
  'comparisons.evaluate': { roles: ['institution', 'expert', 'secretariat', 'auditor', 'admin'], summary: "evaluate a comparison's results (what-if): the reference value and each lab's En with the formula used; records nothing" },
  'comparisons.propose': { roles: ['secretariat'], summary: 'propose a comparison: measurand, pilot institution, participants (the organiser)' },
  'comparisons.approve': { roles: ['secretariat'], summary: 'approve a proposed comparison (the organiser)' },
  'comparisons.draft-protocol': { roles: ['institution'], summary: 'draft or redraft the protocol (the pilot institution only)' },
  'comparisons.consult': { roles: ['institution'], summary: 'agree the whole protocol or object with reasons (each participant, for itself)' },
  'comparisons.record-stability-check': { roles: ['institution'], summary: "record the transfer standard's pre-test or a stability check between star legs (the pilot only)" },
  'comparisons.start-circulation': { roles: ['institution'], summary: 'start the circulation of the transfer standard (the pilot only)' },
  'comparisons.record-custody': { roles: ['institution'], summary: 'record the hand-over or receipt of the transfer standard (its holder or recipient)' },
  'comparisons.submit-result': { roles: ['institution'], summary: "submit one's own result, locked on submission (the pilot or a participant)" },
  'comparisons.request-correction': { roles: ['institution'], summary: "request, with reasons, the correction of one's locked result before Draft A" },
  'comparisons.decide-correction': { roles: ['institution', 'secretariat'], summary: "accept or reject a correction request before Draft A (the pilot; the organiser for the pilot's own)" },
  'comparisons.issue-draft-a': { roles: ['institution'], summary: 'issue Draft A, computing the reference value and each En (the pilot only)' },
  'comparisons.issue-draft-b': { roles: ['institution'], summary: 'issue Draft B for approval (the pilot only)' },
  'comparisons.approve-report': { roles: ['secretariat'], summary: "approve a comparison's report (the organiser)" },
  'comparisons.publish': { roles: ['secretariat'], summary: 'publish the report; each lab with an unsatisfactory En (beyond ±1) gets a follow-up (the organiser)' },
  'comparisons.record-follow-up': { roles: ['institution'], summary: "record one's cause analysis and corrective action after an unsatisfactory result" },
  'comparisons.close-follow-up': { roles: ['secretariat'], summary: "close an unsatisfactory lab's follow-up (the organiser)" },
  'comparisons.list': { roles: ['institution', 'secretariat', 'auditor', 'admin'], summary: 'list comparisons by status (an institution those it pilots or takes part in)' },
  'comparisons.read': { roles: ['institution', 'secretariat', 'auditor', 'admin'], summary: "read a comparison, its circulation board and its results (others' results hidden before Draft A; Draft A confidential to participants)" },
  'comparisons.outcomes': { roles: ['institution', 'secretariat', 'auditor', 'admin'], summary: "read comparison outcomes from published results, with each unsatisfactory lab's follow-up (an institution its own; the authority all)" },
  'documents.upload': { roles: ['institution'], summary: 'upload a document (multipart) for its own assessment cases' },
  'documents.read': { roles: ['institution', 'expert', 'secretariat', 'auditor', 'admin'], summary: 'download a document, verified (its uploader, the authority, an assessor of a case it is attached to; others: 404)' },
  'inbox.read': { roles: ['institution', 'expert', 'secretariat'], summary: "read one's task inbox: what to do, on which case, by when" },
  'plan.progress': { roles: ['secretariat', 'auditor'], summary: "read the progress against the plan's targets (JSON or CSV): target, actual and gap per row, standards by county and category, certificates expiring, overdue steps" },
  'integrity.verify': { roles: ['auditor', 'admin'], summary: 'verify the event store or one stream' },
  'integrity.anchor': { roles: ['secretariat', 'admin'], summary: 'record an anchor over every stream head' },
  'integrity.export': { roles: ['auditor', 'admin'], summary: "export one stream's evidence" },
  'registry.institutions.register': { roles: ['admin'], summary: 'register an institution under its unified social credit code' },
  'registry.institutions.update': { roles: ['admin'], summary: "change an institution's name, division or kind" },
  'registry.experts.register': { roles: ['admin'], summary: 'register an expert' },
  'registry.experts.grant-qualification': { roles: ['admin'], summary: "record an expert's qualification in a discipline" },
  'registry.experts.revoke-qualification': { roles: ['admin'], summary: "revoke an expert's qualification" },
  'registry.experts.change-affiliation': { roles: ['admin'], summary: 'record the institution an expert belongs to from a date on' },
  'registry.experts.declare-interest': { roles: ['expert', 'admin'], summary: 'declare an interest in an institution or a case (an expert for himself only)' },
  'registry.read': { roles: ['secretariat', 'auditor', 'admin'], summary: 'read the institution and expert registry' },
  'registry.conflict-check': { roles: ['secretariat', 'admin'], summary: 'check an assignment against the conflict-of-interest rules' },
  'specifications.propose': { roles: ['institution'], summary: "propose a local technical specification project on behalf of one's own institution" },
  'specifications.appraise': { roles: ['secretariat'], summary: 'record the expert appraisal of a proposed specification project' },
  'specifications.start-public-notice': { roles: ['secretariat'], summary: 'start the public notice of a specification project' },
  'specifications.plan': { roles: ['secretariat'], summary: 'put a specification project in the plan after its public notice' },
  'specifications.adjust-plan': { roles: ['secretariat'], summary: 'adjust the plan: cancel a specification project or change its drafting institution, with reasons' },
  'specifications.form-drafting-group': { roles: ['secretariat'], summary: "form a specification project's drafting group" },
  'specifications.record-draft-version': { roles: ['expert'], summary: 'record a draft version of a specification by its content hash (the drafting group)' },
  'specifications.issue-consultation-draft': { roles: ['secretariat'], summary: 'issue the consultation draft with its explanatory notes; the comment period opens' },
  'specifications.comment': { roles: ['institution', 'secretariat'], summary: 'comment on a consultation draft (an institution for itself; the secretariat for the public)' },
  'specifications.close-comment-period': { roles: ['secretariat'], summary: "close a specification's comment period once it has run" },
  'specifications.dispose-comment': { roles: ['expert'], summary: 'answer a comment: adopted, partly adopted or not adopted, with reasons (the drafting group)' },
  'specifications.schedule-review': { roles: ['secretariat'], summary: "schedule the review meeting once every comment is answered (a month's notice)" },
  'specifications.record-meeting': { roles: ['secretariat'], summary: 'record a review meeting: attendance and votes, quorum and pass rule applied' },
  'specifications.submit-for-approval': { roles: ['secretariat'], summary: 'submit a reviewed specification for approval' },
  'specifications.publish': { roles: ['secretariat'], summary: "publish a specification under a unique number in the jurisdiction's format" },
  'specifications.file': { roles: ['secretariat'], summary: 'record the filing of a published specification' },
  'specifications.enter-into-force': { roles: ['secretariat'], summary: 'record the date a specification takes effect' },
  'specifications.review-periodically': { roles: ['secretariat'], summary: 'start a periodic review or effect evaluation of a specification and conclude it (confirm, revise, withdraw)' },
  'specifications.list': { roles: ['institution', 'expert', 'secretariat', 'auditor', 'admin'], summary: 'list specification projects by status' },
  'specifications.read': { roles: ['institution', 'expert', 'secretariat', 'auditor', 'admin'], summary: 'read a specification project with its versions, comments and dispositions, meeting records, and its comment table as CSV' },
  'specifications.catalogue': { roles: ['institution', 'expert', 'secretariat', 'auditor', 'admin'], summary: 'read the published catalogue of local technical specifications' },
  'standards.list': { roles: ['institution', 'secretariat', 'auditor', 'admin'], summary: 'list the standards registry (an institution sees its own standards)' },
  'standards.read': { roles: ['institution', 'secretariat', 'auditor', 'admin'], summary: "read one standard's registry entry: certificates and changes (outside one's scope: 404)" },
} as const satisfies Record<string, { roles: readonly Role[]; summary: string }>;

export type Operation = keyof typeof PERMISSIONS;

export function rolesFor(operation: Operation): readonly Role[] {
  return PERMISSIONS[operation].roles;
}

export function isOperation(name: string): name is Operation {
  return Object.prototype.hasOwnProperty.call(PERMISSIONS, name);
}

/** The matrix as a Markdown table, one row per operation, one column per role. */
export function permissionsTable(roles: readonly Role[]): string {
  const header = `| operation | ${roles.join(' | ')} | what |`;
  const rule = `| --- | ${roles.map(() => ':---:').join(' | ')} | --- |`;
  const rows = (Object.keys(PERMISSIONS) as Operation[]).map((op) => {
    const allowed = PERMISSIONS[op].roles as readonly Role[];
    return `| \`${op}\` | ${roles.map((r) => (allowed.includes(r) ? '✓' : '')).join(' | ')} | ${PERMISSIONS[op].summary} |`;
  });
  return [header, rule, ...rows].join('\n');
}
