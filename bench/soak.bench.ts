/**
 * Soak: `npm run bench -- soak` (BENCH_SOAK_S seconds, default 600). The API and the worker on a
 * fresh PostgreSQL database and a Temporal dev server, under a steady load for the whole time:
 * BENCH_SOAK_LANES (default 8) lanes each running whole assessment cases through HTTP (submission
 * to the decision, six steps by three roles), each step followed by a read of the case. The
 * resident memory (VmRSS) of the API and the worker is sampled every 5 s.
 *
 * Growth = the mean of the last two minutes' samples against the mean of the two minutes after the
 * warm-up (the first BENCH_SOAK_WARMUP_S seconds, default 60, or a tenth of a shorter run), in
 * percent; target < 10 % for the API. The resident memory of a Node process under load is a saw
 * tooth (the heap grows by 100 MiB and more between major collections, about once a minute here), so
 * a window must span several teeth: the median of one minute picks a tooth's top or bottom by chance.
 * Also the growth of the floor (the lowest sample of each window, right after a collection).
 * Writes bench/results/soak.json and soak.machine.json.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { call, registerApplicant, startApi, tokens } from './http.bench.js';
import { freePort, residentBytes, retainedHeap, sleep } from './system.js';
import { elapsedSeconds, log, machineFacts, median, RESULTS_DIR, round, RUN, runBenchmark, writeAtomically, type Row } from './support.js';
import { signToken } from '../src/identity/jwt.js';

const SOAK_S = Number(process.env.BENCH_SOAK_S ?? 600);
const LANES = Number(process.env.BENCH_SOAK_LANES ?? 8);
const WARMUP_S = Number(process.env.BENCH_SOAK_WARMUP_S ?? Math.min(60, Math.max(5, SOAK_S / 10)));
/** The window whose mean stands for "after warm-up" and for "at the end". */
const WINDOW_S = Math.min(120, Math.max(10, SOAK_S / 5));
const SAMPLE_MS = 5000;
const GROWTH_TARGET = 10;
const ELSEWHERE = { uscc: '91440300708461136T', name: 'Shenzhen calibration laboratory', division: '440300', kind: 'ENTERPRISE' };

async function main(): Promise<void> {
  const inspectPort = await freePort();
  const { base, api, worker, workerMetrics, databaseVersion } = await startApi('soak', {}, true, inspectPort);
  const secret = `bench-secret-${RUN}-that-is-long-enough-for-hs256`;
  const expert = signToken({ sub: 'expert-li', roles: ['expert'] }, secret, 4 * 3600);
  await registerApplicant(base);
  await call(base, 'POST', '/api/v1/registry/institutions', tokens.admin, ELSEWHERE, 201);
  await call(base, 'POST', '/api/v1/registry/experts', tokens.admin, { expertId: 'expert-li', name: 'Li Na' }, 201);
  await call(base, 'POST', '/api/v1/registry/experts/expert-li/qualifications', tokens.admin, { discipline: 'pressure', certificateNumber: 'ZJ-0001', validFrom: '2024-01-01', validUntil: '2030-12-31' }, 201);
  await call(base, 'POST', '/api/v1/registry/experts/expert-li/affiliations', tokens.admin, { institutionId: ELSEWHERE.uscc, from: '2020-01-01' }, 201);
  for (let i = 0; i < 100; i++) {
    const expertView = await call(base, 'GET', '/api/v1/registry/experts/expert-li', tokens.admin, undefined, 200);
    if (expertView?.affiliations?.length === 1) break;
    await sleep(200);
  }

  let cases = 0;
  const wholeCase = async () => {
    const n = ++cases;
    const { caseId } = await call(base, 'POST', '/api/v1/assessment-cases', tokens.institution, { kind: 'NEW', standard: { name: `Soak standard ${n}`, category: 'PUBLIC', measurand: 'pressure' } }, 201);
    const steps: [string, string, object][] = [
      ['acceptance', tokens.secretariat, {}],
      ['assessors', tokens.secretariat, { assessors: [{ expertId: 'expert-li', discipline: 'pressure' }] }],
      ['evaluation', tokens.secretariat, { mode: 'ON_SITE' }],
      ['conclusions', expert, { outcome: 'PASS', summary: 'conforms to JJF 1033-2023' }],
      ['decisions', tokens.secretariat, { decision: 'APPROVED', reasons: [], certificateNo: `[2026]闽量标证字第${RUN}-${n}号` }],
    ];
    for (const [path, bearer, body] of steps) {
      await call(base, 'POST', `/api/v1/assessment-cases/${caseId}/${path}`, bearer, body, 200);
      // The read model may trail the write by a moment (404 then): a read all the same.
      await call(base, 'GET', `/api/v1/assessment-cases/${caseId}`, tokens.secretariat, undefined, 200).catch(() => undefined);
    }
  };

  // Each process's live JS heap (its /metrics), beside its resident memory: a leak grows the heap
  // after collections; a larger resident size with a flat heap is native memory (the allocator's
  // and V8's sizing, or the Temporal core's) rather than objects the program keeps.
  const heapUsed = async (url: string): Promise<number> => {
    const text = await fetch(url).then((r) => r.text());
    return Number(/^metrology_nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1] ?? Number.NaN);
  };
  const sample = async () => ({
    t: (Date.now() - started) / 1000,
    api: residentBytes(api.pid!),
    worker: residentBytes(worker!.pid!),
    apiHeap: await heapUsed(`${base}/metrics`),
    workerHeap: await heapUsed(workerMetrics!),
  });
  type Sample = Awaited<ReturnType<typeof sample>>;
  const samples: Sample[] = [];
  const started = Date.now();
  const end = started + SOAK_S * 1000;
  // What the API keeps: its live heap after a full collection (through its inspector), once when
  // the after-warm-up window ends and once at the end. Two brief pauses, so as not to change the
  // saw tooth that the resident memory measures.
  const retained: { afterWarmup?: number; atEnd?: number } = {};
  const sampler = (async () => {
    while (Date.now() < end) {
      samples.push(await sample());
      if (retained.afterWarmup === undefined && samples[samples.length - 1].t >= WARMUP_S + WINDOW_S) retained.afterWarmup = await retainedHeap(inspectPort);
      const last = samples[samples.length - 1];
      const mb = (b: number) => (b / 2 ** 20).toFixed(1);
      if (samples.length % 12 === 1) log(`soak ${last.t.toFixed(0)} s: ${cases} cases, API ${mb(last.api)} MiB (heap used ${mb(last.apiHeap)}), worker ${mb(last.worker)} MiB (heap used ${mb(last.workerHeap)})`);
      await sleep(SAMPLE_MS);
    }
  })();
  // Awaited after the load; until then its failure (a process gone) must not end the run uncleaned.
  sampler.catch(() => undefined);
  await Promise.all(
    Array.from({ length: LANES }, async () => {
      while (Date.now() < end) await wholeCase();
    }),
  );
  await sampler;
  samples.push(await sample());
  retained.atEnd = await retainedHeap(inspectPort);

  type Measure = Exclude<keyof Sample, 't'>;
  const window = (from: number, to: number, key: Measure) => samples.filter((s) => s.t >= from && s.t <= to).map((s) => s[key]);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const last = samples[samples.length - 1].t;
  const growth = (key: Measure) => {
    const first = window(WARMUP_S, WARMUP_S + WINDOW_S, key);
    const end = window(last - WINDOW_S, last, key);
    const [after, atEnd] = [mean(first), mean(end)];
    return { after, atEnd, percent: ((atEnd - after) / after) * 100, floorPercent: ((Math.min(...end) - Math.min(...first)) / Math.min(...first)) * 100, medianPercent: ((median(end) - median(first)) / median(first)) * 100 };
  };
  const apiGrowth = growth('api');
  const workerGrowth = growth('worker');
  const heapGrowth = growth('apiHeap');
  const workerHeapGrowth = growth('workerHeap');
  const mib = (b: number) => round(b / 2 ** 20, 1);
  const rows: Row[] = [
    // ratio: the target's headroom (10 % / growth, capped at 10): above 1 within the target.
    { name: 'soak.api.rss.growth', unit: '%', value: round(apiGrowth.percent, 2), baseline: GROWTH_TARGET, ratio: round(Math.min(10, GROWTH_TARGET / Math.max(apiGrowth.percent, 1)), 3) },
    { name: 'soak.api.rss.after-warmup', unit: 'MiB', value: mib(apiGrowth.after), baseline: null, ratio: null },
    { name: 'soak.api.rss.end', unit: 'MiB', value: mib(apiGrowth.atEnd), baseline: null, ratio: null },
    { name: 'soak.api.rss.floor-growth', unit: '%', value: round(apiGrowth.floorPercent, 2), baseline: null, ratio: null },
    { name: 'soak.api.heap-used.floor-growth', unit: '%', value: round(heapGrowth.floorPercent, 2), baseline: null, ratio: null },
    { name: 'soak.api.heap-retained.growth', unit: '%', value: round(((retained.atEnd - retained.afterWarmup!) / retained.afterWarmup!) * 100, 2), baseline: null, ratio: null },
    { name: 'soak.api.heap-retained.end', unit: 'MiB', value: mib(retained.atEnd), baseline: null, ratio: null },
    { name: 'soak.worker.rss.growth', unit: '%', value: round(workerGrowth.percent, 2), baseline: null, ratio: null },
    { name: 'soak.worker.heap-used.floor-growth', unit: '%', value: round(workerHeapGrowth.floorPercent, 2), baseline: null, ratio: null },
    { name: 'soak.cases', unit: 'cases/s', value: round(cases / SOAK_S, 2), baseline: null, ratio: null },
  ];
  console.log('');
  console.log(`soak of ${SOAK_S} s, ${LANES} lanes of whole cases: ${cases} cases`);
  for (const r of rows) console.log(`  ${r.name.padEnd(28)} ${String(r.value).padStart(9)} ${r.unit}`);
  console.log(`  API resident memory ${mib(apiGrowth.after)} MiB after warm-up, ${mib(apiGrowth.atEnd)} MiB at the end: ${apiGrowth.percent.toFixed(1)} % (target < ${GROWTH_TARGET} %) ${apiGrowth.percent < GROWTH_TARGET ? 'ok' : 'MISS'}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeAtomically(join(RESULTS_DIR, 'soak.json'), rows);
  writeAtomically(join(RESULTS_DIR, 'soak.machine.json'), {
    machine: machineFacts(),
    node: process.version,
    postgres: databaseVersion,
    date: new Date().toISOString(),
    durationSeconds: round(elapsedSeconds(), 1),
    parameters: { soakSeconds: SOAK_S, lanes: LANES, warmupSeconds: WARMUP_S, windowSeconds: WINDOW_S, sampleSeconds: SAMPLE_MS / 1000 },
    samples: samples.map((s) => ({ t: round(s.t, 1), apiMiB: mib(s.api), workerMiB: mib(s.worker), apiHeapMiB: mib(s.apiHeap), workerHeapMiB: mib(s.workerHeap) })),
    notes: {
      'soak.api.rss.growth': `mean VmRSS of the API over the last ${WINDOW_S} s vs over ${WINDOW_S} s after a ${WARMUP_S} s warm-up; target < ${GROWTH_TARGET} %`,
      'soak.api.rss.floor-growth': 'the lowest sample of each of those windows (right after a major collection)',
      'soak.api.heap-used.floor-growth': "the same for the API's live JS heap (metrology_nodejs_heap_size_used_bytes of its /metrics): growth here is memory the program keeps",
      'soak.api.heap-retained.growth': `the API's live heap after a full collection (inspector: HeapProfiler.collectGarbage, Runtime.getHeapUsage) at the end against at ${WARMUP_S + WINDOW_S} s: what the program keeps`,
      'soak.worker.heap-used.floor-growth': "the same for the worker's live JS heap (its WORKER_METRICS_PORT /metrics)",
      medianGrowthPercent: round(apiGrowth.medianPercent, 2),
    },
  });
  log('wrote bench/results/soak.json and soak.machine.json');
}

await runBenchmark(main);
