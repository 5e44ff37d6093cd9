import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalizedText } from '../../shared/domain-error.js';
import { NotFoundError } from '../../shared/domain-error.js';
import builtin from './data/jinhua-2025.json' with { type: 'json' };

/**
 * How a row's actual is obtained. Every measure but NOT_RECORDED is computed from the events
 * (src/plan/domain/plan-progress.ts); NOT_RECORDED rows are reported with `actual: null`, never
 * with a made-up number.
 */
export type PlanMeasure =
  | 'SPECIFICATIONS_PUBLISHED'
  | 'COMPARISONS_LED'
  | 'PUBLIC_STANDARDS_ESTABLISHED_OR_UPGRADED'
  | 'COUNTY_BASIC_STANDARDS'
  | 'NOT_RECORDED';
export const PLAN_MEASURES: readonly PlanMeasure[] = ['SPECIFICATIONS_PUBLISHED', 'COMPARISONS_LED', 'PUBLIC_STANDARDS_ESTABLISHED_OR_UPGRADED', 'COUNTY_BASIC_STANDARDS', 'NOT_RECORDED'];

/** 目标指标: one measurable target of the plan ("≥ target" by the end of the period). */
export interface PlanTargetRow {
  id: string;
  label: LocalizedText;
  unit: string;
  target: number;
  measure: PlanMeasure;
  /** The clause of the source document that sets the target. */
  clause: string;
}

/** An administrative division of the jurisdiction (行政区划, GB/T 2260): the city itself or one of its counties. */
export interface PlanDivision {
  code: string;
  level: 'CITY' | 'COUNTY';
  name: LocalizedText;
}

/** 基础性社会公用计量标准类别: an instrument family county institutes should hold a basic public standard for. */
export interface BasicStandardFamily {
  id: string;
  label: LocalizedText;
  /** A standard belongs to the family when its name or measurand contains one of these (case-insensitive). */
  keywords: string[];
}

/**
 * 规划目标: the measurable targets of a plan for one jurisdiction and period, as configuration. The
 * built-in file holds the city plan's 2025 targets (shared/seeds/); a deployment adds its own files
 * (PLAN_TARGETS_DIR), one per jurisdiction and period.
 */
export interface PlanTargets {
  jurisdiction: string;
  name: LocalizedText;
  period: string;
  /** YYYY-MM-DD, China dates: events dated in [from, until] count towards the period. */
  from: string;
  until: string;
  /** The document (and its number) the targets are taken from. */
  source: string;
  /** The divisions whose institutions belong to the jurisdiction (by the registry's division code). */
  divisions: PlanDivision[];
  basicStandardFamilies: BasicStandardFamily[];
  rows: PlanTargetRow[];
}

export class PlanTargetsFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Plan targets file ${file} is refused: ${problems.join('; ')}`);
    this.name = 'PlanTargetsFileError';
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const isLocalized = (value: unknown): value is LocalizedText =>
  typeof value === 'object' && value !== null && isText((value as LocalizedText).en) && isText((value as LocalizedText)['zh-CN']);

/** Every problem with one row of the file, each naming the row by its position and id. */
function rowProblems(raw: unknown, index: number, seen: Set<string>): string[] {
  const row = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const name = `row ${index + 1}${isText(row.id) ? ` ("${row.id}")` : ''}`;
  if (typeof raw !== 'object' || raw === null) return [`${name} must be an object`];
  const problems: string[] = [];
  if (!isText(row.id) || !ID.test(row.id)) problems.push(`${name}: "id" must be lower-case letters, digits and dashes`);
  else if (seen.has(row.id)) problems.push(`${name}: "id" is used by an earlier row`);
  else seen.add(row.id);
  if (!isLocalized(row.label)) problems.push(`${name}: "label" needs both "en" and "zh-CN"`);
  if (!isText(row.unit)) problems.push(`${name}: "unit" is required`);
  if (typeof row.target !== 'number' || !Number.isFinite(row.target) || row.target < 0) problems.push(`${name}: "target" must be a number of at least 0`);
  if (!PLAN_MEASURES.includes(row.measure as PlanMeasure)) problems.push(`${name}: "measure" must be one of ${PLAN_MEASURES.join(', ')}`);
  if (!isText(row.clause)) problems.push(`${name}: "clause" must name the clause of the source that sets the target`);
  for (const key of Object.keys(row)) if (!['id', 'label', 'unit', 'target', 'measure', 'clause'].includes(key)) problems.push(`${name}: "${key}" is not a known field`);
  return problems;
}

/** Every problem with a parsed targets file; empty when it may be loaded. */
export function planTargetsProblems(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return ['the file must hold a JSON object'];
  const file = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of ['jurisdiction', 'period', 'source']) if (!isText(file[key])) problems.push(`"${key}" is required`);
  if (isText(file.jurisdiction) && !ID.test(file.jurisdiction)) problems.push('"jurisdiction" must be lower-case letters, digits and dashes');
  if (isText(file.period) && !ID.test(file.period)) problems.push('"period" must be lower-case letters, digits and dashes, e.g. "2025"');
  if (!isLocalized(file.name)) problems.push('"name" needs both "en" and "zh-CN"');
  for (const key of ['from', 'until']) if (typeof file[key] !== 'string' || !DATE.test(file[key] as string)) problems.push(`"${key}" must be a date YYYY-MM-DD`);
  if (typeof file.from === 'string' && typeof file.until === 'string' && file.from > file.until) problems.push('"from" must not be after "until"');

  const divisions = file.divisions;
  if (!Array.isArray(divisions) || divisions.length === 0) problems.push('"divisions" must list at least one division');
  else
    divisions.forEach((d: Record<string, unknown>, i) => {
      if (typeof d !== 'object' || d === null || typeof d.code !== 'string' || !/^\d{6}$/.test(d.code)) problems.push(`division ${i + 1}: "code" must be a six-digit division code`);
      else if (!['CITY', 'COUNTY'].includes(d.level as string) || !isLocalized(d.name)) problems.push(`division ${i + 1} (${d.code}): "level" must be CITY or COUNTY and "name" needs "en" and "zh-CN"`);
    });

  const families = file.basicStandardFamilies;
  if (!Array.isArray(families)) problems.push('"basicStandardFamilies" must be a list (it may be empty)');
  else
    families.forEach((f: Record<string, unknown>, i) => {
      const ok = typeof f === 'object' && f !== null && isText(f.id) && isLocalized(f.label) && Array.isArray(f.keywords) && f.keywords.length > 0 && f.keywords.every(isText);
      if (!ok) problems.push(`family ${i + 1}: needs "id", "label" (en, zh-CN) and at least one keyword`);
    });

  if (!Array.isArray(file.rows) || file.rows.length === 0) return [...problems, '"rows" must list at least one target'];
  const seen = new Set<string>();
  file.rows.forEach((row, i) => problems.push(...rowProblems(row, i, seen)));
  const needsFamilies = file.rows.some((r) => (r as PlanTargetRow)?.measure === 'COUNTY_BASIC_STANDARDS');
  if (needsFamilies && Array.isArray(families) && families.length === 0) problems.push('a COUNTY_BASIC_STANDARDS row needs "basicStandardFamilies"');
  return problems;
}

/** The loaded targets of every jurisdiction and period. */
export class PlanTargetsRegistry {
  private readonly files = new Map<string, PlanTargets>();

  constructor(files: PlanTargets[]) {
    // A later file of the same jurisdiction and period (a deployment's own) replaces an earlier one (the built-in).
    for (const file of files) this.files.set(`${file.jurisdiction}/${file.period}`, file);
  }

  /** The targets of the jurisdiction and period; 404 when none are loaded. */
  pick(jurisdiction: string, period: string): PlanTargets {
    const found = this.files.get(`${jurisdiction}/${period}`);
    if (!found) {
      const known = [...this.files.keys()].join(', ');
      throw new NotFoundError({
        en: `No plan targets are loaded for jurisdiction "${jurisdiction}" and period "${period}" (loaded: ${known}).`,
        'zh-CN': `未加载辖区"${jurisdiction}"、期间"${period}"的规划目标（已加载：${known}）。`,
      });
    }
    return found;
  }

  list(): { jurisdiction: string; period: string }[] {
    return [...this.files.values()].map(({ jurisdiction, period }) => ({ jurisdiction, period }));
  }
}

export const BUILTIN_PLAN_TARGETS: PlanTargets = builtin as PlanTargets;
/** The city of the seed plan and its target year: what the dashboard shows when asked for nothing else. */
export const DEFAULT_PLAN = { jurisdiction: BUILTIN_PLAN_TARGETS.jurisdiction, period: BUILTIN_PLAN_TARGETS.period } as const;

/** Parses and validates one file's text; refuses it naming every problem (and the rows they are in). */
export function parsePlanTargets(text: string, file: string): PlanTargets {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PlanTargetsFileError(file, [`it is not valid JSON (${(error as Error).message})`]);
  }
  const problems = planTargetsProblems(raw);
  if (problems.length) throw new PlanTargetsFileError(file, problems);
  return raw as PlanTargets;
}

/** The built-in targets plus every *.json targets file in `dir`, each validated. */
export function loadPlanTargets(dir?: string): PlanTargetsRegistry {
  const builtinProblems = planTargetsProblems(builtin);
  if (builtinProblems.length) throw new PlanTargetsFileError('src/plan/targets/data/jinhua-2025.json', builtinProblems);
  const files: PlanTargets[] = [BUILTIN_PLAN_TARGETS];
  for (const name of dir ? readdirSync(dir).filter((n) => n.endsWith('.json')).sort() : []) {
    const path = join(dir!, name);
    files.push(parsePlanTargets(readFileSync(path, 'utf8'), path));
  }
  return new PlanTargetsRegistry(files);
}

export const PLAN_TARGETS = Symbol('PlanTargets');
