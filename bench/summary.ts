/**
 * Writes bench/results/summary.md from the suites' result files (bench/results/<suite>.json, rows
 * { name, unit, value, baseline, ratio }) and their machine files: one table per suite with each
 * figure, its baseline, the ratio and the target where the issue sets one. `npm run bench` with no
 * suite runs every suite, then this. Usage: node dist/bench/summary.js [suite ...] (default: every
 * result file present).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_DIR } from './support.js';
import { renameSync, writeFileSync } from 'node:fs';

interface Row {
  name: string;
  unit: string;
  value: number;
  baseline: number | null;
  ratio: number | null;
}

/** Targets by row name: on the ratio (`ratio >= x`), or on the value itself (`value < x`). */
const TARGETS: Record<string, { ratio?: number; below?: number }> = {
  'pg.append.single': { ratio: 0.5 },
  'pg.append.batch100': { ratio: 0.7 },
  'sqlite.append.single': { ratio: 0.5 },
  'pg.readAll': { ratio: 0.5 },
  'verify.chain': { ratio: 0.5 },
  'pg.readStream50.growth': { ratio: 1 },
  'assessment.case.e2e': { ratio: 0.3 },
  'http.command': { ratio: 0.5 },
  'soak.api.rss.growth': { below: 10 },
};
const targetOf = (row: Row): { ratio?: number; below?: number } | undefined =>
  TARGETS[row.name] ?? (/^assessment\.http\..*\.p99$/.test(row.name) ? { below: 100 } : undefined);

function verdict(row: Row): { target: string; status: string } {
  const target = targetOf(row);
  if (!target) return { target: '', status: '' };
  if (target.ratio !== undefined) return { target: `ratio ≥ ${target.ratio}`, status: row.ratio !== null && row.ratio >= target.ratio ? 'ok' : 'MISS' };
  return { target: `< ${target.below} ${row.unit}`, status: row.value < target.below! ? 'ok' : 'MISS' };
}

const show = (x: number | null) => (x === null ? '' : String(x));

const wanted = process.argv.slice(2);
const suites = (wanted.length ? wanted : readdirSync(RESULTS_DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.machine.json')).map((f) => f.replace(/\.json$/, ''))).sort();
const lines = [
  '# Benchmark results',
  '',
  'Written by `npm run bench` (every suite, then this summary) from the result files in this folder; each suite’s `<suite>.machine.json` records the machine, versions, parameters and date. Ratio above 1: faster than the raw baseline measured in the same run (for latencies, baseline / value). Target: the figure the issues set.',
  '',
];
let misses = 0;
for (const suite of suites) {
  const file = join(RESULTS_DIR, `${suite}.json`);
  if (!existsSync(file)) continue;
  const rows = JSON.parse(readFileSync(file, 'utf8')) as Row[];
  const machineFile = join(RESULTS_DIR, `${suite}.machine.json`);
  const machine = existsSync(machineFile) ? (JSON.parse(readFileSync(machineFile, 'utf8')) as { date?: string; machine?: { cpus: number; model: string }; durationSeconds?: number }) : undefined;
  lines.push(`## ${suite}`, '');
  if (machine) lines.push(`Run ${machine.date ?? '?'} on ${machine.machine ? `${machine.machine.cpus} × ${machine.machine.model}` : 'an unrecorded machine'}${machine.durationSeconds ? `, ${machine.durationSeconds} s` : ''}.`, '');
  lines.push('| figure | unit | value | baseline | ratio | target | |', '|---|---|---:|---:|---:|---|---|');
  for (const row of rows) {
    const { target, status } = verdict(row);
    if (status === 'MISS') misses += 1;
    lines.push(`| ${row.name} | ${row.unit} | ${show(row.value)} | ${show(row.baseline)} | ${show(row.ratio)} | ${target} | ${status} |`);
  }
  lines.push('');
}
lines.push(`${misses === 0 ? 'Every target met.' : `${misses} figure(s) miss their target.`}`, '');
const path = join(RESULTS_DIR, 'summary.md');
writeFileSync(`${path}.tmp`, lines.join('\n'));
renameSync(`${path}.tmp`, path);
console.log(lines.join('\n'));
