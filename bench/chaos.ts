/**
 * The fault run: `npm run chaos` (scripts/chaos.sh builds, creates a private PostgreSQL cluster for
 * this run alone and sets CHAOS_DATABASE_URL and CHAOS_PG_*, and provisions the Temporal CLI).
 *
 * Two API processes and two worker processes on one PostgreSQL database and one Temporal dev server
 * (its state in a file). A client in this process drives a bounded, scripted load of whole cases of
 * the three business processes through both APIs, round robin: assessment cases from submission to
 * the decision, comparisons from the proposal to the consultation of every participant, and
 * specification projects from the proposal to the public notice. Every write carries an
 * Idempotency-Key and is resent with the same key on a network error or a 5xx, to either API.
 * Meanwhile the API and worker processes are killed with SIGKILL at random moments and started
 * again, PostgreSQL is restarted once (pg_ctl restart -m fast) and the Temporal server once.
 *
 * Afterwards, from the event store and Temporal alone:
 * - lost: a write acknowledged with 2xx whose events are not in the log (the global positions the
 *   answer named, with their types; or the events of the command id its key derives);
 * - duplicated: two events of one command id and index, the same business step twice in a stream
 *   (two acceptances of a case, two consultations of one participant...), or one intention recorded
 *   as two entities (two cases or comparisons with the client's unique name);
 * - workflows: a sample of case workflows queried (caseState) agrees with the case folded from its
 *   events (phase, deadlines, number of events seen);
 * - projections: every read-model document equals a fresh rebuild from the log (the APIs stopped,
 *   dist/src/event-store/rebuild.cli.js --all, documents compared before and after);
 * - integrity: store.verify() (hash chains and anchors).
 * Prints a summary, then as its last line one JSON object; exits 1 when anything was lost, doubled
 * or inconsistent, or a write was never answered.
 *
 * Settings: CHAOS_KILLS (default 20), CHAOS_DURATION_S (default 240: new cases start during this
 * time; the kills are spread over it), CHAOS_CASES (most assessment cases, default 2000; comparisons
 * and specification projects: one for every 8 cases), CHAOS_LANES (concurrent scenarios, default 8),
 * CHAOS_SEED (random seed).
 */
import { Client, Connection } from '@temporalio/client';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PostgresEventStore } from '../src/event-store/postgres-event-store.js';
import { signToken } from '../src/identity/jwt.js';
import type { Role } from '../src/identity/roles.js';
import { evolveAssessment, initialAssessmentCaseState, type AssessmentCaseState } from '../src/standards/domain/assessment-case.js';
import { assessmentCaseWorkflowId, caseStateQuery, type AssessmentCasePhase } from '../workflows/assessment-case.contract.js';
import type { AssessmentEvent } from '../events/assessment.events.js';
import { findLostAndDuplicated, type AcknowledgedWrite, type LogRow } from './chaos-checks.js';
import { ManagedProcess, freePorts, sleep, startTemporal, temporalDevServer, waitFor } from './system.js';
import { ROOT, cleanup, elapsedSeconds, log, onCleanup, round } from './support.js';

// ---------------------------------------------------------------------------------------------
// Settings

const setting = (name: string, fallback: number, min = 0): number => {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number >= ${min}, got "${text}"`);
  return value;
};
const KILLS = Math.floor(setting('CHAOS_KILLS', 20));
const DURATION_S = setting('CHAOS_DURATION_S', 240, 10);
const MAX_CASES = Math.floor(setting('CHAOS_CASES', 2000, 1));
const LANES = Math.floor(setting('CHAOS_LANES', 8, 1));
/** A write unanswered (network errors, 5xx) for this long is given up and reported. */
const WRITE_DEADLINE_MS = 120_000;
const ATTEMPT_TIMEOUT_MS = 20_000;
const WORKFLOW_SAMPLE = Math.floor(setting('CHAOS_WORKFLOW_SAMPLE', 40, 1));

// A small seeded generator (mulberry32), so that a run's schedule can be repeated with CHAOS_SEED.
const SEED = Math.floor(setting('CHAOS_SEED', randomBytes(4).readUInt32LE(0)));
let seedState = SEED >>> 0;
function random(): number {
  seedState = (seedState + 0x6d2b79f5) >>> 0;
  let t = seedState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const between = (lo: number, hi: number) => lo + random() * (hi - lo);
const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];

const RUN = randomBytes(3).toString('hex');
const JWT_SECRET = `chaos-secret-${RUN}-that-is-long-enough-for-hs256`;
const APPLICANT = { uscc: '91350100M000100Y43', name: 'Fuzhou Institute of Metrology', division: '350100', kind: 'LEGAL_METROLOGY_INSTITUTE' };
const ELSEWHERE = { uscc: '91440300708461136T', name: 'Shenzhen calibration laboratory', division: '440300', kind: 'ENTERPRISE' };
const PILOT = '91330000MA2PILOT01';
const LABS = ['91330106MA2LABA001', '91330203MA2LABB002', '91330782MA2LABC003', '91330602MA2LABD004'];
const DRAFTER = '91330100MA2DRAFT02';

type Who = { sub: string; token: string };
const who = (role: Role, sub: string, institutionId?: string): Who => ({ sub, token: signToken({ sub, roles: [role], institutionId }, JWT_SECRET, 4 * 3600) });
const people = {
  admin: who('admin', 'chaos-admin'),
  institution: who('institution', 'chaos-engineer', APPLICANT.uscc),
  secretariat: who('secretariat', 'chaos-officer'),
  expert: who('expert', 'expert-li'),
  pilot: who('institution', 'chaos-pilot', PILOT),
  labs: LABS.map((lab, i) => who('institution', `chaos-lab-${i}`, lab)),
  proposer: who('institution', 'chaos-proposer', APPLICANT.uscc),
};

// ---------------------------------------------------------------------------------------------
// The system under test

interface System {
  apis: { process: ManagedProcess; port: number }[];
  workers: ManagedProcess[];
  temporal: ManagedProcess;
  temporalPort: number;
}

const counters = { kills: 0, processRestarts: 0, crashes: 0, postgresRestarts: 0, temporalRestarts: 0 };
/** Processes the chaos has killed and will start again itself; the supervisor leaves them alone. */
const pendingRestart = new Set<ManagedProcess>();

async function startSystem(databaseUrl: string, cliPath: string, dataDir: string): Promise<System> {
  const [temporalPort] = await freePorts(1);
  const temporal = temporalDevServer(cliPath, temporalPort, join(dataDir, 'temporal.db'));
  onCleanup(() => temporal.kill('SIGTERM'));
  await startTemporal(temporal, temporalPort);
  log(`Temporal dev server on 127.0.0.1:${temporalPort}`);
  // Drawn once the dev server holds the ports it drew at random, so that it cannot take one of them.
  const apiPorts = await freePorts(2);

  const base = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    EVENT_STORE_URL: databaseUrl,
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: `chaos-${RUN}`,
    JWT_SECRET,
    LOG_LEVEL: 'error',
    RATE_LIMIT_PER_ADDRESS: '0',
    RATE_LIMIT_PER_TOKEN: '0',
    WORKER_METRICS_PORT: '0',
    CALENDAR_DIR: join(ROOT, 'test', 'fixtures', 'calendar'),
  };
  const apis = [];
  for (const [i, port] of apiPorts.entries()) {
    const n = i + 1;
    apis.push({ process: ManagedProcess.engine(`api-${n}`, 'main.js', { ...base, PORT: String(port) }), port });
  }
  const workers = [1, 2].map((n) => ManagedProcess.engine(`worker-${n}`, 'worker.js', { ...base, PORT: '1' }));
  for (const p of [...apis.map((a) => a.process), ...workers]) {
    p.start();
    onCleanup(() => p.kill('SIGTERM'));
  }
  for (const api of apis) await waitFor(async () => (await fetch(`http://127.0.0.1:${api.port}/health`)).status === 200, `${api.process.name}`, 120_000);
  log(`two APIs (ports ${apis.map((a) => a.port).join(', ')}) and two workers on PostgreSQL and Temporal`);
  return { apis, workers, temporal, temporalPort };
}

/** Starts again any engine process that died without the chaos killing it (as a service manager would), and counts it. */
function supervise(system: System): () => void {
  const timer = setInterval(() => {
    for (const p of [...system.apis.map((a) => a.process), ...system.workers]) {
      if (!p.alive && !pendingRestart.has(p)) {
        counters.crashes += 1;
        log(`${p.name} died on its own; starting it again`);
        p.start();
      }
    }
  }, 1000);
  return () => clearInterval(timer);
}

/** Who consumes each projection, sampled during the run: two active APIs at once break the rule; a change of API is a takeover. */
const consumers = { samples: 0, doubleActive: [] as string[], takeovers: 0, lastActive: new Map<string, string>() };
function watchConsumers(system: System): () => void {
  const timer = setInterval(async () => {
    const active = new Map<string, string[]>();
    await Promise.all(
      system.apis.map(async (api) => {
        try {
          const health = (await (await fetch(`http://127.0.0.1:${api.port}/health`, { signal: AbortSignal.timeout(2000) })).json()) as { projections?: { name: string; consumer?: string }[] };
          for (const p of health.projections ?? []) if (p.consumer === 'active') active.set(p.name, [...(active.get(p.name) ?? []), api.process.name]);
        } catch {
          // down or busy: not sampled this time
        }
      }),
    );
    consumers.samples += 1;
    for (const [name, apis] of active) {
      if (apis.length > 1 && consumers.doubleActive.length < 20) consumers.doubleActive.push(`${name}: active on ${apis.join(' and ')}`);
      const before = consumers.lastActive.get(name);
      if (apis.length === 1 && before && before !== apis[0]) consumers.takeovers += 1;
      if (apis.length === 1) consumers.lastActive.set(name, apis[0]);
    }
  }, 1000);
  return () => clearInterval(timer);
}

async function killOne(system: System): Promise<void> {
  const candidates = [...system.apis.map((a) => a.process), ...system.workers].filter((p) => p.alive && !pendingRestart.has(p));
  if (candidates.length === 0) return;
  const victim = pick(candidates);
  pendingRestart.add(victim);
  await victim.kill('SIGKILL');
  counters.kills += 1;
  const downMs = Math.round(between(300, 3000));
  log(`chaos: SIGKILL ${victim.name} (kill ${counters.kills}); back in ${downMs} ms`);
  setTimeout(() => {
    victim.start();
    counters.processRestarts += 1;
    pendingRestart.delete(victim);
  }, downMs);
}

async function restartPostgres(): Promise<void> {
  const bin = process.env.CHAOS_PG_BIN;
  const data = process.env.CHAOS_PG_DATA;
  if (!bin || !data) throw new Error('CHAOS_PG_BIN and CHAOS_PG_DATA are not set: run `npm run chaos`, which creates the run’s PostgreSQL cluster');
  const asUser = process.env.CHAOS_PG_USER;
  const [command, args] = asUser
    ? ['runuser', ['-u', asUser, '--', join(bin, 'pg_ctl'), '-D', data, '-w', '-t', '120', '-m', 'fast', 'restart']]
    : [join(bin, 'pg_ctl'), ['-D', data, '-w', '-t', '120', '-m', 'fast', 'restart']];
  log('chaos: restarting PostgreSQL (pg_ctl restart -m fast)');
  await new Promise<void>((resolveRun, reject) => {
    const child = spawn(command as string, args as string[], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => (code === 0 ? resolveRun() : reject(new Error(`pg_ctl restart failed (${code}): ${err}`))));
  });
  counters.postgresRestarts += 1;
  log('chaos: PostgreSQL is back');
}

async function restartTemporal(system: System): Promise<void> {
  log('chaos: restarting the Temporal dev server');
  await system.temporal.kill('SIGTERM', 20_000);
  await startTemporal(system.temporal, system.temporalPort, 'the Temporal dev server after its restart');
  counters.temporalRestarts += 1;
  log('chaos: the Temporal dev server is back');
}

// ---------------------------------------------------------------------------------------------
// The client: writes with an idempotency key, resent on network errors and 5xx

interface Ack extends AcknowledgedWrite {
  attempts: number;
}

const acks: Ack[] = [];
const stats = { writes: 0, retries: 0, unanswered: 0, refusedFirstTry: 0, refusedAfterRetry: 0, abandoned: 0, reads: 0 };
const refusals: string[] = [];
let apiPorts: number[] = [];
let roundRobin = 0;
const nextBase = () => `http://127.0.0.1:${apiPorts[roundRobin++ % apiPorts.length]}`;

class Refused extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly label: string,
  ) {
    super(`${label}: ${status} ${JSON.stringify(body).slice(0, 300)}`);
  }
}

/**
 * One write: sent to the next API; on a network error, a timeout or a 5xx, resent (same key) to
 * the next one after a pause, until WRITE_DEADLINE_MS. A 4xx on a resend after a failure may mean
 * the first attempt went through (a route that does not keep the key's answer refuses the repeated
 * step): it is returned as `ambiguous`, not acknowledged.
 */
async function write(label: string, path: string, as: Who, body: object, key = `chaos-${RUN}-${randomBytes(8).toString('hex')}`): Promise<{ status: number; body: any; ambiguous: boolean }> {
  stats.writes += 1;
  const started = Date.now();
  let attempts = 0;
  let failedBefore = false;
  for (;;) {
    attempts += 1;
    let response: Response | undefined;
    try {
      response = await fetch(`${nextBase()}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${as.token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
    } catch {
      response = undefined;
    }
    if (response && response.status < 500) {
      const text = await response.text();
      const parsed = text ? safeJson(text) : undefined;
      if (response.status < 300) {
        const recorded = Array.isArray(parsed?.recorded) ? parsed.recorded : [];
        const created = recorded.length === 0 && typeof parsed?.caseId === 'string' ? { stream: `assessment-${parsed.caseId}`, type: 'standards.assessment.application-submitted' } : undefined;
        acks.push({ label, key, status: response.status, recorded, created, attempts });
        return { status: response.status, body: parsed, ambiguous: false };
      }
      // A conflict with a concurrent attempt of the same request (one cut off by a kill, or still running): resend.
      if (response.status === 409 && ['concurrency-conflict', 'idempotency-key-in-flight'].includes(parsed?.code) && Date.now() - started < WRITE_DEADLINE_MS) {
        failedBefore = true;
        stats.retries += 1;
        await sleep(between(200, 1200));
        continue;
      }
      if (failedBefore && response.status === 409) {
        stats.refusedAfterRetry += 1;
        return { status: response.status, body: parsed, ambiguous: true };
      }
      stats.refusedFirstTry += 1;
      throw new Refused(response.status, parsed, label);
    }
    if (response) await response.text().catch(() => undefined);
    failedBefore = true;
    if (Date.now() - started > WRITE_DEADLINE_MS) {
      stats.unanswered += 1;
      throw new Error(`${label}: no answer within ${WRITE_DEADLINE_MS / 1000} s (${attempts} attempts)`);
    }
    stats.retries += 1;
    await sleep(between(200, 1200));
  }
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return { text };
  }
}

/** A read, retried on failures like a write (reads change nothing). */
async function read(path: string, as: Who): Promise<any> {
  const started = Date.now();
  for (;;) {
    stats.reads += 1;
    try {
      const response = await fetch(`${nextBase()}${path}`, { headers: { authorization: `Bearer ${as.token}` }, signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS) });
      if (response.status < 500) return { status: response.status, body: safeJson(await response.text()) };
      await response.text().catch(() => undefined);
    } catch {
      // retried
    }
    if (Date.now() - started > WRITE_DEADLINE_MS) throw new Error(`GET ${path}: no answer within ${WRITE_DEADLINE_MS / 1000} s`);
    await sleep(between(200, 1200));
  }
}

// ---------------------------------------------------------------------------------------------
// The scenarios: whole cases of the three business processes

const created = { cases: [] as string[], comparisons: [] as string[], projects: [] as string[] };
const names = new Set<string>();

async function assessmentCase(n: number): Promise<void> {
  const name = `Chaos ${RUN} pressure standard ${n}`;
  names.add(name);
  const submitted = await write('assessment.submit', '/api/v1/assessment-cases', people.institution, { kind: 'NEW', standard: { name, category: 'PUBLIC', measurand: 'pressure' } });
  const caseId = submitted.body.caseId as string;
  created.cases.push(caseId);
  const step = (label: string, path: string, as: Who, body: object = {}) => write(`assessment.${label}`, `/api/v1/assessment-cases/${caseId}/${path}`, as, body);
  await step('accept', 'acceptance', people.secretariat);
  await step('assign', 'assessors', people.secretariat, { assessors: [{ expertId: 'expert-li', discipline: 'pressure' }] });
  await step('start-evaluation', 'evaluation', people.secretariat, { mode: 'ON_SITE' });
  await step('conclude', 'conclusions', people.expert, { outcome: 'PASS', summary: 'conforms to JJF 1033-2023' });
  await step('decide', 'decisions', people.secretariat, { decision: 'APPROVED', reasons: [], certificateNo: `[2026]闽量标证字第${RUN}-${n}号` });
}

async function comparison(n: number): Promise<void> {
  const title = `Chaos ${RUN} comparison of 1 kg weights ${n}`;
  names.add(title);
  const proposed = await write('comparison.propose', '/api/v1/comparisons', people.secretariat, { title, measurand: 'mass', pilotInstitutionId: PILOT, participants: LABS });
  const id = proposed.body.comparisonId as string;
  if (!id) throw new Error(`comparison.propose answered without an id: ${JSON.stringify(proposed.body)}`);
  created.comparisons.push(id);
  const step = (label: string, path: string, as: Who, body: object = {}) => write(`comparison.${label}`, `/api/v1/comparisons/${id}/${path}`, as, body);
  await step('approve', 'approval', people.secretariat);
  const legs = LABS.map((participant, i) => ({ participant, dueDate: `2027-0${i + 2}-01` }));
  await step('protocol', 'protocol', people.pilot, { measurand: 'mass', unit: 'mg', transferStandard: { name: '1 kg weight', id: `TS-${n}` }, scheme: 'RING', legs, referenceMethod: 'weighted-mean' });
  for (const lab of people.labs) await step('consult', 'consultations', lab, { agreed: true });
}

async function specification(n: number): Promise<void> {
  const title = `Chaos ${RUN} calibration specification for electronic balances ${n}`;
  names.add(title);
  const proposed = await write('specification.propose', '/api/v1/specifications', people.proposer, { title, drafterInstitutionId: DRAFTER });
  const id = proposed.body.projectId as string;
  created.projects.push(id);
  const step = (label: string, path: string, as: Who, body: object = {}) => write(`specification.${label}`, `/api/v1/specifications/${id}/${path}`, as, body);
  await step('appraise', 'appraisal', people.secretariat, { expertIds: ['expert-wang', 'expert-zhou'], conclusion: 'RECOMMENDED', opinion: '项目必要、可行。' });
  await step('public-notice', 'public-notice', people.secretariat, {});
}

async function setUpRegistry(): Promise<void> {
  const once = async (label: string, path: string, body: object) => {
    try {
      await write(label, path, people.admin, body);
    } catch (error) {
      if (!(error instanceof Refused && error.status === 409)) throw error;
    }
  };
  await once('registry.institution', '/api/v1/registry/institutions', APPLICANT);
  await once('registry.institution', '/api/v1/registry/institutions', ELSEWHERE);
  await once('registry.expert', '/api/v1/registry/experts', { expertId: 'expert-li', name: 'Li Na' });
  await once('registry.qualification', '/api/v1/registry/experts/expert-li/qualifications', { discipline: 'pressure', certificateNumber: 'ZJ-0001', validFrom: '2024-01-01', validUntil: '2030-12-31' });
  await once('registry.affiliation', '/api/v1/registry/experts/expert-li/affiliations', { institutionId: ELSEWHERE.uscc, from: '2020-01-01' });
  await waitFor(async () => (await read('/api/v1/registry/experts/expert-li', people.admin)).body?.affiliations?.length === 1, 'the registry projection');
}

/** Lanes take scenarios until the duration has passed or CHAOS_CASES cases were started. */
async function drive(until: number): Promise<void> {
  let cases = 0;
  const next = (): (() => Promise<void>) | undefined => {
    if (Date.now() > until || cases >= MAX_CASES) return undefined;
    const n = ++cases;
    if (n % 8 === 1) return () => Promise.all([assessmentCase(n), comparison(n)]).then(() => undefined);
    if (n % 8 === 5) return () => Promise.all([assessmentCase(n), specification(n)]).then(() => undefined);
    return () => assessmentCase(n);
  };
  await Promise.all(
    Array.from({ length: LANES }, async () => {
      for (let scenario = next(); scenario; scenario = next()) {
        try {
          await scenario();
        } catch (error) {
          stats.abandoned += 1;
          if (refusals.length < 20) refusals.push((error as Error).message);
          log(`scenario abandoned: ${(error as Error).message}`);
        }
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Checks from the event store and Temporal

async function checkLog(db: pg.Client): Promise<{ lost: string[]; duplicated: string[]; events: number }> {
  const rows = (await db.query<LogRow>('SELECT global_position, event_id, stream_id, revision, type, data, metadata FROM events ORDER BY global_position')).rows;
  return findLostAndDuplicated(rows, acks, names);
}

const EXPECTED_PHASE: Partial<Record<AssessmentCaseState['status'], AssessmentCasePhase[]>> = {
  SUBMITTED: ['AWAITING_ACCEPTANCE', 'DEEMING_ACCEPTED'],
  SUPPLEMENT_REQUESTED: ['AWAITING_RESUBMISSION'],
  ACCEPTED: ['ACCEPTED'],
  ASSESSORS_ASSIGNED: ['ACCEPTED'],
  UNDER_EVALUATION: ['ACCEPTED'],
  RECTIFICATION: ['AWAITING_RECTIFICATION', 'RECORDING_MISSED_RECTIFICATION'],
  EVALUATED_PASS: ['AWAITING_DECISION', 'DECISION_OVERDUE'],
  EVALUATED_FAIL: ['AWAITING_DECISION', 'DECISION_OVERDUE'],
  APPROVED: ['DECIDED'],
  REFUSED: ['DECIDED'],
  FAILED: ['FAILED'],
};

/** A sample of case workflows against the cases folded from their events. */
async function checkWorkflows(store: PostgresEventStore, temporalAddress: string): Promise<{ checked: number; mismatches: string[] }> {
  const connection = await Connection.connect({ address: temporalAddress });
  try {
    const client = new Client({ connection, namespace: 'default' });
    const sample = [...created.cases].sort(() => random() - 0.5).slice(0, WORKFLOW_SAMPLE);
    const mismatches: string[] = [];
    for (const caseId of sample) {
      const events = await store.readStream(`assessment-${caseId}`);
      const state = events.reduce((s, e) => evolveAssessment(s, { type: e.type, data: e.data } as AssessmentEvent), initialAssessmentCaseState);
      const expected = {
        phase: EXPECTED_PHASE[state.status] ?? [],
        eventsSeen: events.filter((e) => e.type.startsWith('standards.assessment.')).length,
        acceptanceDueAt: state.acceptanceDeadline?.dueAt,
        decisionDueAt: state.decision?.deadline.dueAt,
      };
      let last = '';
      const agrees = async () => {
        const handle = client.workflow.getHandle(assessmentCaseWorkflowId(caseId));
        const q = await handle.query(caseStateQuery);
        const description = await handle.describe();
        const closedAsExpected = expected.phase.includes('DECIDED') || expected.phase.includes('FAILED') ? description.status.name === 'COMPLETED' : description.status.name === 'RUNNING';
        last = `${caseId}: case ${state.status} (${expected.eventsSeen} events), workflow ${description.status.name} ${q.phase} (${q.eventsSeen} seen), acceptance ${q.acceptanceDueAt}/${expected.acceptanceDueAt}, decision ${q.decisionDueAt}/${expected.decisionDueAt}`;
        return (
          expected.phase.includes(q.phase) &&
          q.eventsSeen === expected.eventsSeen &&
          q.acceptanceDueAt === expected.acceptanceDueAt &&
          (expected.decisionDueAt === undefined || q.decisionDueAt === expected.decisionDueAt) &&
          closedAsExpected
        );
      };
      try {
        await waitFor(agrees, `workflow of ${caseId}`, 30_000);
      } catch {
        mismatches.push(last || `${caseId}: no workflow answered`);
      }
    }
    return { checked: sample.length, mismatches };
  } finally {
    await connection.close();
  }
}

/** Waits until the bridge's checkpoint and every projection of every running API cover the head of the log. */
async function waitForConsumers(db: pg.Client, system: System): Promise<void> {
  const covered = async (position: number) => {
    const head = Number((await db.query('SELECT COALESCE(MAX(global_position), 0) AS h FROM events')).rows[0].h);
    return (await db.query('SELECT metrology_covered($1, $2) AS c', [head, position])).rows[0].c === true;
  };
  // Under a heavy load the bridge trails the log (each event is a round trip to Temporal): wait as long as it moves.
  let last = -1;
  let movedAt = Date.now();
  for (;;) {
    const bridge = (await db.query("SELECT position FROM checkpoints WHERE name = 'bridge:temporal-workflows'")).rows[0];
    const position = bridge ? Number(bridge.position) : 0;
    if (bridge && (await covered(position))) break;
    if (position !== last) {
      if (last >= 0) log(`the bridge is at position ${position}`);
      last = position;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > 120_000) throw new Error(`the event-to-workflow bridge has not moved from position ${position} for 2 minutes`);
    await sleep(5000);
  }
  // Each projection is consumed by one API at a time (the other stands by) or by both (older builds):
  // it has caught up when an API consuming it has processed the head.
  await waitFor(
    async () => {
      const names = new Set<string>();
      const caughtUp = new Set<string>();
      for (const api of system.apis) {
        const health = (await (await fetch(`http://127.0.0.1:${api.port}/health`)).json()) as { projections: { name: string; position: number; consumer?: string }[] };
        for (const p of health.projections) {
          names.add(p.name);
          if ((p.consumer === undefined || p.consumer === 'active') && (await covered(p.position))) caughtUp.add(p.name);
        }
      }
      return names.size > 0 && [...names].every((name) => caughtUp.has(name));
    },
    'the projections',
    180_000,
  );
}

type Documents = Map<string, string>;
async function documents(db: pg.Client): Promise<Documents> {
  const rows = (await db.query<{ collection: string; id: string; doc: string }>('SELECT collection, id, doc::text AS doc FROM documents ORDER BY collection, id')).rows;
  return new Map(rows.map((r) => [`${r.collection}/${r.id}`, r.doc]));
}

async function rebuildAll(databaseUrl: string): Promise<void> {
  await new Promise<void>((resolveRun, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'event-store', 'rebuild.cli.js'), '--all'], {
      env: { ...process.env, EVENT_STORE_URL: databaseUrl, CALENDAR_DIR: join(ROOT, 'test', 'fixtures', 'calendar') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => (code === 0 ? resolveRun() : reject(new Error(`rebuild failed (${code}): ${err.slice(-2000)}`))));
  });
}

function compareDocuments(live: Documents, rebuilt: Documents): string[] {
  const differences: string[] = [];
  for (const [key, doc] of live) {
    if (!rebuilt.has(key)) differences.push(`${key}: in the live read model, not in the rebuild`);
    else if (JSON.stringify(JSON.parse(rebuilt.get(key)!)) !== JSON.stringify(JSON.parse(doc))) differences.push(`${key}: differs`);
  }
  for (const key of rebuilt.keys()) if (!live.has(key)) differences.push(`${key}: in the rebuild, not in the live read model`);
  return differences;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const databaseUrl = process.env.CHAOS_DATABASE_URL;
  const cliPath = process.env.TEMPORAL_CLI_PATH;
  if (!databaseUrl || !cliPath) throw new Error('CHAOS_DATABASE_URL and TEMPORAL_CLI_PATH are not set: run `npm run chaos`');
  log(`fault run ${RUN} (seed ${SEED}): ${KILLS} kills over ${DURATION_S} s, up to ${MAX_CASES} cases, ${LANES} lanes`);
  const dataDir = mkdtempSync(join(tmpdir(), 'metrology-chaos-'));
  onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));

  const system = await startSystem(databaseUrl, cliPath, dataDir);
  apiPorts = system.apis.map((a) => a.port);
  await setUpRegistry();
  // The registry set-up ran before the chaos; its writes are not counted.
  acks.length = 0;
  for (const key of Object.keys(stats) as (keyof typeof stats)[]) stats[key] = 0;
  const stopSupervising = supervise(system);
  const stopWatching = watchConsumers(system);

  // The chaos schedule: kills spread over the duration, PostgreSQL at 40 %, Temporal at 70 %.
  const started = Date.now();
  const until = started + DURATION_S * 1000;
  const schedule: { at: number; what: 'kill' | 'postgres' | 'temporal' }[] = [
    ...Array.from({ length: KILLS }, (_, i) => ({ at: ((i + between(0.1, 0.9)) / Math.max(1, KILLS)) * DURATION_S * 1000, what: 'kill' as const })),
    { at: 0.4 * DURATION_S * 1000, what: 'postgres' as const },
    { at: 0.7 * DURATION_S * 1000, what: 'temporal' as const },
  ].sort((a, b) => a.at - b.at);
  const chaos = (async () => {
    for (const event of schedule) {
      const wait = started + event.at - Date.now();
      if (wait > 0) await sleep(wait);
      if (event.what === 'kill') await killOne(system);
      else if (event.what === 'postgres') await restartPostgres();
      else await restartTemporal(system);
    }
  })();
  const load = drive(until);
  await Promise.all([chaos, load]);
  // Processes killed last come back before the checks.
  await waitFor(async () => pendingRestart.size === 0, 'the last killed processes to restart', 30_000);
  stopSupervising();
  stopWatching();
  const loadSeconds = (Date.now() - started) / 1000;
  log(`load and chaos done in ${loadSeconds.toFixed(0)} s: ${acks.length} writes acknowledged, ${stats.retries} resends, ${counters.kills} kills`);
  for (const api of system.apis) await waitFor(async () => (await fetch(`http://127.0.0.1:${api.port}/health`)).status === 200, `${api.process.name} healthy`, 120_000);

  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  onCleanup(() => db.end());
  const store = new PostgresEventStore(databaseUrl, 2);
  await store.init();
  onCleanup(() => store.close());

  log('checking: consumers caught up');
  await waitForConsumers(db, system);
  log('checking: the log (lost and duplicated)');
  const logCheck = await checkLog(db);
  log(`checking: a sample of case workflows against their events`);
  const workflows = await checkWorkflows(store, `127.0.0.1:${system.temporalPort}`);
  log('checking: projections against a fresh rebuild (APIs stopped)');
  for (const api of system.apis) await api.process.kill('SIGTERM');
  const live = await documents(db);
  await rebuildAll(databaseUrl);
  const rebuilt = await documents(db);
  const projectionDifferences = compareDocuments(live, rebuilt);
  log('checking: integrity (store.verify)');
  const report = await store.verify();
  const integrity = report.ok ? 'ok' : `broken: ${JSON.stringify(report.firstBroken)}`;

  const acknowledged = acks.length;
  const lost = logCheck.lost.length;
  const duplicated = logCheck.duplicated.length;
  const restarts = counters.processRestarts + counters.crashes + counters.postgresRestarts + counters.temporalRestarts;
  const projectionsMatchRebuild = projectionDifferences.length === 0;
  const ok = lost === 0 && duplicated === 0 && report.ok && projectionsMatchRebuild && workflows.mismatches.length === 0 && stats.unanswered === 0;

  const show = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    console.log(`  ${title}:`);
    for (const line of lines.slice(0, 10)) console.log(`    ${line}`);
    if (lines.length > 10) console.log(`    … and ${lines.length - 10} more`);
  };
  console.log('');
  console.log(`fault run ${RUN} (seed ${SEED}) — ${ok ? 'PASSED' : 'FAILED'}`);
  console.log(`  load: ${created.cases.length} assessment cases, ${created.comparisons.length} comparisons, ${created.projects.length} specification projects over two APIs, ${LANES} lanes, ${loadSeconds.toFixed(0)} s`);
  console.log(`  writes: ${stats.writes} sent, ${acknowledged} acknowledged (2xx), ${stats.retries} resends with the same key, ${stats.refusedAfterRetry} refused on a resend (the first attempt had gone through), ${stats.refusedFirstTry} refused at once, ${stats.unanswered} never answered; ${stats.abandoned} scenarios abandoned`);
  console.log(`  chaos: ${counters.kills} SIGKILLs of API and worker processes (each started again), ${counters.crashes} deaths on their own, PostgreSQL restarted ${counters.postgresRestarts}×, Temporal ${counters.temporalRestarts}×`);
  console.log(`  log: ${logCheck.events} events; lost ${lost}; duplicated ${duplicated}`);
  console.log(
    `  projection consumers (sampled each second from /health): ${consumers.takeovers} handovers of a projection to the other API, ${consumers.doubleActive.length} samples with one projection active on both APIs`,
  );
  console.log(`  workflows: ${workflows.checked} case workflows queried, ${workflows.mismatches.length} disagree with their events`);
  console.log(`  projections: ${live.size} documents, ${projectionDifferences.length} differ from a fresh rebuild`);
  console.log(`  integrity: ${integrity} (${report.eventsChecked} events, ${report.anchorsChecked} anchors)`);
  show('lost', logCheck.lost);
  show('duplicated', logCheck.duplicated);
  show('workflows that disagree', workflows.mismatches);
  show('projections active on two APIs at once (a sample may straddle a handover)', consumers.doubleActive);
  show('projection differences', projectionDifferences);
  show('abandoned scenarios', refusals);
  console.log(
    JSON.stringify({ acknowledged, kills: counters.kills, restarts, lost, duplicated, integrity, projectionsMatchRebuild, durationSeconds: round(elapsedSeconds(), 1) }),
  );
  return ok ? 0 : 1;
}

let status = 1;
try {
  status = await main();
} catch (error) {
  log(`fault run failed: ${(error as Error).stack ?? String(error)}`);
  console.log(JSON.stringify({ acknowledged: acks.length, kills: counters.kills, restarts: counters.processRestarts, lost: null, duplicated: null, integrity: `not checked: ${(error as Error).message}`, projectionsMatchRebuild: false, durationSeconds: round(elapsedSeconds(), 1) }));
} finally {
  await cleanup();
}
process.exit(status);
