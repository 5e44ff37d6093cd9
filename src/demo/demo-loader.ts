import { DEMO_INSTITUTIONS, DEMO_USERS, type DemoInstitutionKey, type DemoUser } from '../console/demo-users.js';
import { DEMO_CASES, DEMO_COMPARISON, DEMO_EXPERTS, DEMO_SPECIFICATION, staffOf, userBySub, type DemoCase, type DemoCaseTarget } from './demo-scenario.js';

/**
 * 演示数据加载器: plays the demo scenario (demo-scenario.ts) into a running system through its
 * HTTP API only, as its users would, each step with the token of the user who takes it. It is
 * safe to run again: it reads what exists first and takes only the steps still missing (creations
 * carry an Idempotency-Key, so a retried submission records nothing twice), so a second run adds
 * nothing. Time limits that need days to pass (the specification's 30-day public notice) are not
 * waited for: what the clock does not allow yet is reported, and a later run continues.
 */
export interface DemoLoaderOptions {
  /** The API's base URL, e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  /** A bearer token for a demo user (HS256 with the system's secret, or from its identity provider). */
  tokenFor: (user: DemoUser) => string;
  /** Progress lines; silent by default. */
  log?: (line: string) => void;
}

export interface DemoSummary {
  institutions: { created: number; existing: number };
  experts: { created: number; existing: number; qualificationsAdded: number; affiliationsAdded: number };
  cases: { key: string; caseId: string; institution: string; standard: string; status: string; created: boolean; stepsTaken: number; certificateNo?: string; note?: string }[];
  comparison: { comparisonId: string; status: string; created: boolean; unsatisfactory?: string; note?: string };
  specification: { projectId: string; status: string; created: boolean; stepsTaken: number; comments: number; note?: string };
  /** Whether this run recorded anything at all. */
  changed: boolean;
  /** What the clock does not allow yet, and other remarks. */
  notes: string[];
}

export class DemoLoadError extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${step}: HTTP ${status} ${typeof body === 'string' ? body : JSON.stringify(body)}`);
    this.name = 'DemoLoadError';
  }
}

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

const ADMIN = () => userBySub('demo-admin');
const SECRETARIAT = () => userBySub('demo-secretariat');
const institutionId = (key: DemoInstitutionKey) => DEMO_INSTITUTIONS[key].institutionId;

/** The calendar day in China time, `days` from now. */
function chinaDay(now: Date, days = 0): string {
  return new Date(now.getTime() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

class Api {
  private readonly base: string;
  constructor(
    baseUrl: string,
    private readonly tokenFor: (user: DemoUser) => string,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  async call(method: string, path: string, user: DemoUser, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.tokenFor(user)}`,
        Accept: 'application/json',
        ...(body !== undefined && !(body instanceof FormData) ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed };
  }

  /** A call that must answer one of `ok`; anything else stops the load with the problem. */
  async expect(step: string, ok: number[], method: string, path: string, user: DemoUser, body?: unknown, headers?: Record<string, string>): Promise<Answer> {
    const answer = await this.call(method, path, user, body, headers);
    if (!ok.includes(answer.status)) throw new DemoLoadError(step, answer.status, answer.body);
    return answer;
  }

  /**
   * Waits (at most 10 s) until every projection has applied the whole log, as /health reports it:
   * the read models are eventually consistent, and the loader decides its next steps from them.
   */
  async settle(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const response = await fetch(`${this.base}/health`, { headers: { Accept: 'application/json' } }).catch(() => undefined);
      const health = (await response?.json().catch(() => undefined)) as { projections?: { lag: number }[] } | undefined;
      if (health?.projections && health.projections.every((p) => p.lag === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** A read of a read model, once the projections have caught up with every write so far. */
  get = async (step: string, path: string, user: DemoUser) => {
    await this.settle();
    return this.expect(step, [200], 'GET', path, user);
  };
  post = (step: string, path: string, user: DemoUser, body: unknown = {}, ok = [200, 201], headers?: Record<string, string>) => this.expect(step, ok, 'POST', path, user, body, headers);
}

export async function loadDemo(options: DemoLoaderOptions): Promise<DemoSummary> {
  const api = new Api(options.baseUrl, options.tokenFor);
  const log = options.log ?? (() => undefined);
  const now = new Date();
  const summary: DemoSummary = {
    institutions: { created: 0, existing: 0 },
    experts: { created: 0, existing: 0, qualificationsAdded: 0, affiliationsAdded: 0 },
    cases: [],
    comparison: { comparisonId: '', status: '', created: false },
    specification: { projectId: '', status: '', created: false, stepsTaken: 0, comments: 0 },
    changed: false,
    notes: [],
  };

  await loadRegistry(api, summary, now, log);
  for (const demoCase of DEMO_CASES) summary.cases.push(await loadCase(api, demoCase, now, log));
  summary.comparison = await loadComparison(api, now, log);
  summary.specification = await loadSpecification(api, summary.notes, now, log);

  summary.changed =
    summary.institutions.created + summary.experts.created + summary.experts.qualificationsAdded + summary.experts.affiliationsAdded > 0 ||
    summary.cases.some((c) => c.created || c.stepsTaken > 0) ||
    summary.comparison.created ||
    summary.specification.created ||
    summary.specification.stepsTaken > 0;
  return summary;
}

// ---------------------------------------------------------------------------------------------
// The registry: institutions, experts, qualifications, affiliations.

async function loadRegistry(api: Api, summary: DemoSummary, now: Date, log: (line: string) => void): Promise<void> {
  const admin = ADMIN();
  const registered = new Set(((await api.get('list institutions', '/api/v1/registry/institutions', admin)).body as { institutionId: string }[]).map((i) => i.institutionId));
  for (const [key, institution] of Object.entries(DEMO_INSTITUTIONS)) {
    if (registered.has(institution.institutionId)) {
      summary.institutions.existing++;
      continue;
    }
    const answer = await api.expect(`register institution ${key}`, [201, 409], 'POST', '/api/v1/registry/institutions', admin, {
      uscc: institution.institutionId,
      name: institution.name['zh-CN'],
      division: institution.division,
      kind: institution.kind,
    });
    if (answer.status === 201 && answer.body?.alreadyRecorded !== true) {
      summary.institutions.created++;
      log(`registered ${institution.name['zh-CN']} (${institution.institutionId})`);
    } else summary.institutions.existing++;
  }

  const experts = new Map(((await api.get('list experts', '/api/v1/registry/experts', admin)).body as ExpertView[]).map((e) => [e.expertId, e]));
  const year = Number(chinaDay(now).slice(0, 4));
  for (const expert of DEMO_EXPERTS) {
    let view = experts.get(expert.expertId);
    if (!view) {
      await api.post(`register expert ${expert.expertId}`, '/api/v1/registry/experts', admin, { expertId: expert.expertId, name: expert.name }, [201]);
      summary.experts.created++;
      log(`registered expert ${expert.name} (${expert.expertId})`);
      view = { expertId: expert.expertId, qualifications: [], affiliations: [] };
    } else summary.experts.existing++;
    for (const discipline of expert.disciplines) {
      const certificateNumber = `浙计考评-${expert.expertId.replace('expert-', '')}-${discipline}`;
      if (view.qualifications.some((q) => q.certificateNumber === certificateNumber)) continue;
      await api.post(`qualify ${expert.expertId} in ${discipline}`, `/api/v1/registry/experts/${expert.expertId}/qualifications`, admin, {
        discipline,
        certificateNumber,
        validFrom: `${year - 2}-01-01`,
        validUntil: `${year + 3}-12-31`,
      }, [201]);
      summary.experts.qualificationsAdded++;
    }
    if (expert.affiliation && view.affiliations.length === 0) {
      await api.post(`affiliate ${expert.expertId}`, `/api/v1/registry/experts/${expert.expertId}/affiliations`, admin, {
        institutionId: institutionId(expert.affiliation.institution),
        from: expert.affiliation.from,
      }, [201]);
      summary.experts.affiliationsAdded++;
    }
  }
}

interface ExpertView {
  expertId: string;
  qualifications: { certificateNumber: string }[];
  affiliations: { institutionId: string }[];
}

// ---------------------------------------------------------------------------------------------
// Assessment cases (计量标准考核), each taken from where it is to its target state.

type CaseStep = 'accept' | 'supplement' | 'assign' | 'evaluate' | 'rectification' | 'conclude' | 'decide';

/** Each step with the status it starts from; a path is the steps from submission to the target. */
const STEP_FROM: Record<CaseStep, string> = {
  accept: 'SUBMITTED',
  supplement: 'SUBMITTED',
  assign: 'ACCEPTED',
  evaluate: 'ASSESSORS_ASSIGNED',
  rectification: 'UNDER_EVALUATION',
  conclude: 'UNDER_EVALUATION',
  decide: 'EVALUATED_PASS',
};

const PATHS: Record<DemoCaseTarget, CaseStep[]> = {
  SUBMITTED: [],
  SUPPLEMENT_REQUESTED: ['supplement'],
  ACCEPTED: ['accept'],
  UNDER_EVALUATION: ['accept', 'assign', 'evaluate'],
  RECTIFICATION: ['accept', 'assign', 'evaluate', 'rectification'],
  APPROVED: ['accept', 'assign', 'evaluate', 'conclude', 'decide'],
};

/** The documents a complete application carries (the kinds JJF 1033 asks of a new standard). */
const APPLICATION_DOCUMENTS = ['APPLICATION_FORM', 'TECHNICAL_REPORT', 'STANDARD_CERTIFICATES', 'EQUIPMENT_CERTIFICATES', 'ORIGINAL_RECORDS', 'SAMPLE_CERTIFICATE', 'STAFF_COMPETENCE'];
const DOCUMENT_FILES: Record<string, string> = {
  APPLICATION_FORM: '计量标准考核申请书',
  TECHNICAL_REPORT: '计量标准技术报告',
  STANDARD_CERTIFICATES: '计量标准器检定证书',
  EQUIPMENT_CERTIFICATES: '主要配套设备校准证书',
  ORIGINAL_RECORDS: '原始记录',
  SAMPLE_CERTIFICATE: '模拟出具的检定证书',
  STAFF_COMPETENCE: '检定人员能力证明',
};

async function upload(api: Api, user: DemoUser, kind: string, fileName: string, content: string): Promise<{ sha256: string; size: number; name: string }> {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', new Blob([content], { type: 'text/plain' }), fileName);
  const answer = await api.post(`upload ${fileName}`, '/api/v1/documents', user, form, [200, 201]);
  return { sha256: answer.body.sha256, size: answer.body.size, name: answer.body.name };
}

async function loadCase(api: Api, demo: DemoCase, now: Date, log: (line: string) => void): Promise<DemoSummary['cases'][number]> {
  const applicant = staffOf(demo.institution);
  const secretariat = SECRETARIAT();
  const own = (await api.get(`list cases of ${demo.institution}`, '/api/v1/assessment-cases', applicant)).body as { caseId: string; status: string; standard: { name: string }; certificate?: { certificateNo: string } }[];
  const found = own.find((c) => c.standard.name === demo.standard.name);
  const result: DemoSummary['cases'][number] = {
    key: demo.key,
    caseId: found?.caseId ?? '',
    institution: DEMO_INSTITUTIONS[demo.institution].name['zh-CN'],
    standard: demo.standard.name,
    status: found?.status ?? 'NONE',
    created: false,
    stepsTaken: 0,
    certificateNo: found?.certificate?.certificateNo,
  };

  if (!found) {
    // A returned case lacks two kinds of document; the others are complete.
    const kinds = demo.target === 'SUPPLEMENT_REQUESTED' ? APPLICATION_DOCUMENTS.filter((k) => k !== 'STAFF_COMPETENCE' && k !== 'SAMPLE_CERTIFICATE') : APPLICATION_DOCUMENTS;
    const documents: string[] = [];
    for (const kind of kinds) {
      const content = `${DEMO_INSTITUTIONS[demo.institution].name['zh-CN']}\n${demo.standard.name}\n${DOCUMENT_FILES[kind]}\n（演示数据）\n`;
      documents.push((await upload(api, applicant, kind, `${DOCUMENT_FILES[kind]}-${demo.key}.txt`, content)).sha256);
    }
    const submitted = await api.post(`submit ${demo.key}`, '/api/v1/assessment-cases', applicant, { kind: 'NEW', standard: demo.standard, documents }, [201], {
      'Idempotency-Key': `demo-v1:case:${demo.key}`,
    });
    result.caseId = submitted.body.caseId;
    result.status = 'SUBMITTED';
    result.created = true;
    log(`submitted ${demo.key}: ${demo.standard.name} (${result.institution})`);
  }

  const path = PATHS[demo.target];
  const start = result.status === demo.target ? path.length : path.findIndex((step) => STEP_FROM[step] === result.status);
  if (start < 0) {
    result.note = `found ${result.status}, left as it is (the demo takes it to ${demo.target})`;
    return result;
  }
  const step = (path: string, user: DemoUser, body: object = {}) => api.post(`${demo.key}: ${path}`, `/api/v1/assessment-cases/${result.caseId}/${path}`, user, body, [200]);
  for (const name of path.slice(start)) {
    let answer: Answer;
    switch (name) {
      case 'accept':
        answer = await step('acceptance', secretariat);
        break;
      case 'supplement':
        answer = await step('supplement-requests', secretariat, { missing: ['检定人员能力证明（人员能力证明）', '模拟出具的检定证书'] });
        break;
      case 'assign': {
        if (demo.refusedAssessor) {
          const refused = await api.expect(
            `${demo.key}: assessors (conflict of interest)`,
            [409],
            'POST',
            `/api/v1/assessment-cases/${result.caseId}/assessors`,
            secretariat,
            { assessors: [{ expertId: demo.refusedAssessor, discipline: demo.assessor!.discipline }] },
            { 'Accept-Language': 'zh-CN' },
          );
          log(`${demo.key}: ${demo.refusedAssessor} refused (${refused.body.code}): ${refused.body.detail}`);
        }
        answer = await step('assessors', secretariat, { assessors: [demo.assessor!] });
        break;
      }
      case 'evaluate':
        answer = await step('evaluation', secretariat, { mode: 'ON_SITE' });
        break;
      case 'rectification':
        answer = await step('rectification-requests', userBySub(demo.assessor!.expertId), {
          nonconformities: [
            { clause: 'JJF 1033-2023 4.2.3', finding: '计量标准的稳定性考核记录缺少 2025 年度数据。' },
            { clause: 'JJF 1033-2023 4.4.1', finding: '环境温湿度记录未覆盖全部检定时段。' },
          ],
        });
        break;
      case 'conclude':
        answer = await step('conclusions', userBySub(demo.assessor!.expertId), { outcome: 'PASS', summary: '现场考评合格，符合 JJF 1033-2023 的要求。' });
        break;
      case 'decide': {
        const certificateNo = `[${chinaDay(now).slice(0, 4)}]浙量标金证字第${String(demo.certificateSerial ?? 0).padStart(3, '0')}号`;
        answer = await step('decisions', secretariat, { decision: 'APPROVED', reasons: [], certificateNo });
        result.certificateNo = certificateNo;
        break;
      }
    }
    result.status = answer.body.status;
    result.stepsTaken++;
  }
  if (result.stepsTaken > 0) log(`${demo.key}: ${result.status}`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// The comparison (计量比对): from the proposal to publication, with one unsatisfactory lab.

async function loadComparison(api: Api, now: Date, log: (line: string) => void): Promise<DemoSummary['comparison']> {
  const secretariat = SECRETARIAT();
  const spec = DEMO_COMPARISON;
  const existing = ((await api.get('list comparisons', '/api/v1/comparisons', secretariat)).body as { comparisonId: string; title: string; status: string }[]).find((c) => c.title === spec.title);
  if (existing) {
    const complete = ['FOLLOW_UP', 'CLOSED', 'PUBLISHED'].includes(existing.status);
    return {
      comparisonId: existing.comparisonId,
      status: existing.status,
      created: false,
      unsatisfactory: DEMO_INSTITUTIONS[spec.unsatisfactory].name['zh-CN'],
      ...(complete ? {} : { note: `found ${existing.status}, left as it is` }),
    };
  }
  const lab = (key: DemoInstitutionKey) => staffOf(key);
  const proposed = await api.post('propose the comparison', '/api/v1/comparisons', secretariat, {
    title: spec.title,
    measurand: spec.measurand,
    pilotInstitutionId: institutionId(spec.pilot),
    participants: spec.participants.map(institutionId),
  }, [201], { 'Idempotency-Key': 'demo-v1:comparison' });
  const comparisonId: string = proposed.body.comparisonId;
  const step = (path: string, user: DemoUser, body: object = {}) => api.post(`comparison: ${path}`, `/api/v1/comparisons/${comparisonId}/${path}`, user, body, [200]);
  await step('approval', secretariat);
  const legs = spec.participants.map((participant, i) => ({ participant: institutionId(participant), dueDate: chinaDay(now, 14 * (i + 1)) }));
  await step('protocol', lab(spec.pilot), { measurand: spec.measurand, unit: spec.unit, transferStandard: spec.transferStandard, scheme: 'RING', legs, referenceMethod: 'weighted-mean' });
  for (const participant of spec.participants) await step('consultations', lab(participant), { agreed: true });
  await step('pre-test', lab(spec.pilot), { stable: true, summary: '传递标准四周内漂移 0.01 mg，稳定。' });
  await step('circulation', lab(spec.pilot));
  const submit = (key: DemoInstitutionKey) => step('results', lab(key), { ...spec.results[key]!, coverageFactor: 2, unit: spec.unit });
  const ring = [spec.pilot, ...spec.participants, spec.pilot];
  for (let i = 0; i + 1 < ring.length; i++) {
    await step('handovers', lab(ring[i]));
    await step('receipts', lab(ring[i + 1]));
    if (ring[i + 1] !== spec.pilot) await submit(ring[i + 1]);
  }
  await submit(spec.pilot);
  await step('draft-a', lab(spec.pilot));
  await step('draft-b', lab(spec.pilot), { summary: '对 A 稿无意见，数据不变。' });
  await step('report-approval', secretariat);
  let answer = await step('publication', secretariat);
  answer = await step('follow-up/cause-analysis', lab(spec.unsatisfactory), { analysis: '天平在超出其温度范围的环境中使用，空气浮力修正未按实测空气密度计算。' });
  log(`comparison ${spec.title}: ${answer.body.status}`);
  return { comparisonId, status: answer.body.status, created: true, unsatisfactory: DEMO_INSTITUTIONS[spec.unsatisfactory].name['zh-CN'] };
}

// ---------------------------------------------------------------------------------------------
// The specification project (地方计量技术规范), as far as its time limits allow today.

interface SpecificationView {
  projectId: string;
  title: string;
  status: string;
  publicNoticeEndsOn?: string;
  versions?: unknown[];
  comments: unknown[];
}

async function loadSpecification(api: Api, notes: string[], now: Date, log: (line: string) => void): Promise<DemoSummary['specification']> {
  const secretariat = SECRETARIAT();
  const spec = DEMO_SPECIFICATION;
  const proposer = staffOf(spec.proposer);
  let view = ((await api.get('list specifications', '/api/v1/specifications', secretariat)).body as SpecificationView[]).find((p) => p.title === spec.title);
  const result: DemoSummary['specification'] = { projectId: view?.projectId ?? '', status: view?.status ?? 'NONE', created: false, stepsTaken: 0, comments: view?.comments.length ?? 0 };
  if (!view) {
    const proposed = await api.post('propose the specification', '/api/v1/specifications', proposer, { title: spec.title, drafterInstitutionId: institutionId(spec.proposer) }, [201], {
      'Idempotency-Key': 'demo-v1:specification',
    });
    view = { projectId: proposed.body.projectId, title: spec.title, status: proposed.body.status, comments: [] };
    result.projectId = view.projectId;
    result.created = true;
  }
  const step = (path: string, user: DemoUser, body: object = {}) => api.post(`specification: ${path}`, `/api/v1/specifications/${result.projectId}/${path}`, user, body, [200]);
  const drafter = userBySub(spec.drafters[0]);
  let status = view.status;
  let versions = view.versions?.length ?? 0;
  for (;;) {
    let answer: Answer | undefined;
    if (status === 'PROPOSED') {
      answer = await step('appraisal', secretariat, { expertIds: spec.appraisers, conclusion: 'RECOMMENDED', opinion: '服务本市新能源汽车产业，项目必要、可行，建议立项。' });
    } else if (status === 'EXPERT_APPRAISED') {
      answer = await step('public-notice', secretariat, {});
    } else if (status === 'PUBLIC_NOTICE') {
      const planned = await api.call('POST', `/api/v1/specifications/${result.projectId}/plan`, secretariat, { planYear: Number(chinaDay(now).slice(0, 4)) });
      if (planned.status === 409 && planned.body?.code === 'specification.public-notice-not-ended') {
        const endsOn = view.publicNoticeEndsOn ?? (await api.get('read the specification', `/api/v1/specifications/${result.projectId}`, secretariat)).body.publicNoticeEndsOn;
        notes.push(
          `The specification "${spec.title}" is in its 30-day public notice (立项公示) until ${endsOn ?? 'its end'}; run \`npm run demo\` again after that day to take it on to the consultation draft with comments.`,
        );
        result.note = `public notice until ${endsOn}`;
        break;
      }
      if (planned.status !== 200) throw new DemoLoadError('specification: plan', planned.status, planned.body);
      answer = planned;
    } else if (status === 'PLANNED') {
      answer = await step('drafting-group', secretariat, {
        leaderExpertId: spec.drafters[0],
        members: spec.drafters.map((expertId) => ({ expertId, institutionId: institutionId(spec.proposer) })),
      });
    } else if (status === 'DRAFTING' && versions === 0) {
      const draft = await upload(api, proposer, 'OTHER', 'charging-pile-calibration-draft-v1.txt', spec.draftText);
      answer = await step('versions', drafter, { versionLabel: 'v1', ...draft });
      versions++;
    } else if (status === 'DRAFTING') {
      answer = await step('consultation', secretariat, { versionLabel: 'v1', explanatoryNotes: '编制说明：参照 JJG 1149 并结合本市充电站现场条件编写。' });
    } else if (status === 'CONSULTATION' && result.comments === 0) {
      for (const comment of spec.comments) {
        if (comment.from === 'public') await step('comments', secretariat, { clause: comment.clause, text: comment.text, commenterName: comment.commenterName });
        else await step('comments', staffOf(comment.from), { clause: comment.clause, text: comment.text });
        result.comments++;
        result.stepsTaken++;
      }
      break;
    } else break;
    status = answer.body.status;
    result.stepsTaken++;
  }
  result.status = status;
  if (result.stepsTaken > 0) log(`specification ${spec.title}: ${status}`);
  return result;
}

/** The summary as text for a terminal: what exists, what waits for the clock, and how to sign in. */
export function formatSummary(summary: DemoSummary, baseUrl: string): string {
  const lines: string[] = [];
  lines.push(summary.changed ? 'Demo scenario loaded (演示数据已加载):' : 'Demo scenario already loaded; nothing new recorded (演示数据已存在，本次未新增):');
  lines.push(`  institutions: ${summary.institutions.created} registered, ${summary.institutions.existing} already there`);
  lines.push(
    `  experts: ${summary.experts.created} registered, ${summary.experts.existing} already there (${summary.experts.qualificationsAdded} qualifications, ${summary.experts.affiliationsAdded} affiliations added)`,
  );
  lines.push('  assessment cases:');
  for (const c of summary.cases) {
    lines.push(`    ${c.status.padEnd(20)} ${c.institution} · ${c.standard}${c.certificateNo ? ` · ${c.certificateNo}` : ''}${c.created ? ' (new)' : ''}${c.note ? ` — ${c.note}` : ''}`);
  }
  lines.push(`  comparison: ${summary.comparison.status} ${DEMO_COMPARISON.title} (unsatisfactory: ${summary.comparison.unsatisfactory}, |En| > 1)${summary.comparison.note ? ` — ${summary.comparison.note}` : ''}`);
  lines.push(`  specification: ${summary.specification.status} ${DEMO_SPECIFICATION.title} (${summary.specification.comments} comments)`);
  for (const note of summary.notes) lines.push(`  note: ${note}`);
  lines.push('');
  lines.push(`Sign in: open ${baseUrl}/ and pick a demo user (development sign-in), or get a token, e.g.`);
  for (const sub of ['demo-secretariat', 'demo-inst-yiwu', 'expert-chen-hua', 'demo-auditor']) {
    const user = DEMO_USERS.find((u) => u.sub === sub)!;
    lines.push(`  npm run token -- --role ${user.role} --sub ${user.sub}${user.institutionId ? ` --institution ${user.institutionId}` : ''}   # ${user.name['zh-CN']}`);
  }
  return lines.join('\n');
}
