/**
 * 文本差异: a line-based diff between two versions of a plain-text or Markdown draft, as
 * unified-diff-like hunks of added, removed and unchanged lines. Pure: no I/O.
 *
 * The edit script is a longest common subsequence of lines (after the common prefix and suffix
 * are set aside), so it is minimal: the number of added plus removed lines is the smallest
 * possible. Line endings (LF, CRLF, CR) are normalised; a final line break does not count as an
 * extra empty line.
 */
export type DiffLineKind = 'unchanged' | 'added' | 'removed';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** 1-based line number in the old version (unchanged and removed lines). */
  oldLine?: number;
  /** 1-based line number in the new version (unchanged and added lines). */
  newLine?: number;
}

export interface DiffHunk {
  /** As in a unified diff: the first line of the hunk, or the line before it when it has none. */
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

export interface TextDiff {
  hunks: DiffHunk[];
  added: number;
  removed: number;
  unchanged: number;
}

export interface DiffOptions {
  /** Unchanged lines shown around each change (unified diff default: 3). */
  context?: number;
}

/** The largest table (old lines × new lines, after trimming) the LCS computation accepts. */
export const MAX_DIFF_CELLS = 25_000_000;

export function splitLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Every line of both versions in order, each marked unchanged, added or removed. */
export function diffAllLines(oldText: string, newText: string): DiffLine[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix += 1;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix += 1;

  const out: DiffLine[] = [];
  for (let i = 0; i < prefix; i += 1) out.push({ kind: 'unchanged', text: a[i], oldLine: i + 1, newLine: i + 1 });

  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  const n = midA.length;
  const m = midB.length;
  if ((n + 1) * (m + 1) > MAX_DIFF_CELLS) throw new RangeError(`the versions differ in too many lines to compare (${n} × ${m})`);
  // lcs[i][j]: length of the LCS of midA[i..] and midB[j..], row-major in one array.
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lcs[i * width + j] = midA[i] === midB[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && midA[i] === midB[j]) {
      out.push({ kind: 'unchanged', text: midA[i], oldLine: prefix + i + 1, newLine: prefix + j + 1 });
      i += 1;
      j += 1;
    } else if (i < n && (j === m || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])) {
      // Removals are listed before additions at a change, as a unified diff shows them.
      out.push({ kind: 'removed', text: midA[i], oldLine: prefix + i + 1 });
      i += 1;
    } else {
      out.push({ kind: 'added', text: midB[j], newLine: prefix + j + 1 });
      j += 1;
    }
  }

  for (let k = 0; k < suffix; k += 1) {
    const oldLine = a.length - suffix + k + 1;
    const newLine = b.length - suffix + k + 1;
    out.push({ kind: 'unchanged', text: a[oldLine - 1], oldLine, newLine });
  }
  return out;
}

/** The changes between two versions, grouped into hunks with `context` unchanged lines around each. */
export function diffText(oldText: string, newText: string, options: DiffOptions = {}): TextDiff {
  const context = options.context ?? 3;
  if (!Number.isInteger(context) || context < 0) throw new RangeError(`context must be a non-negative integer, got ${context}`);
  const lines = diffAllLines(oldText, newText);
  const counts = { added: 0, removed: 0, unchanged: 0 };
  for (const line of lines) counts[line.kind] += 1;

  // Which lines a hunk shows: every change, and up to `context` unchanged lines either side.
  const shown = lines.map(() => false);
  lines.forEach((line, index) => {
    if (line.kind === 'unchanged') return;
    for (let k = Math.max(0, index - context); k <= Math.min(lines.length - 1, index + context); k += 1) shown[k] = true;
  });

  const hunks: DiffHunk[] = [];
  let index = 0;
  while (index < lines.length) {
    if (!shown[index]) {
      index += 1;
      continue;
    }
    const start = index;
    while (index < lines.length && shown[index]) index += 1;
    hunks.push(hunkOf(lines, start, index));
  }
  return { hunks, ...counts };
}

function hunkOf(all: DiffLine[], start: number, end: number): DiffHunk {
  const lines = all.slice(start, end);
  const oldLines = lines.filter((l) => l.kind !== 'added').length;
  const newLines = lines.filter((l) => l.kind !== 'removed').length;
  // The old (new) line number just before the hunk: the last numbered line before `start`.
  let oldBefore = 0;
  let newBefore = 0;
  for (let k = start - 1; k >= 0 && (oldBefore === 0 || newBefore === 0); k -= 1) {
    if (oldBefore === 0 && all[k].oldLine !== undefined) oldBefore = all[k].oldLine!;
    if (newBefore === 0 && all[k].newLine !== undefined) newBefore = all[k].newLine!;
  }
  return {
    oldStart: oldLines === 0 ? oldBefore : oldBefore + 1,
    oldLines,
    newStart: newLines === 0 ? newBefore : newBefore + 1,
    newLines,
    lines,
  };
}

/** The diff as unified-diff text (`--- old`, `+++ new`, `@@ -a,b +c,d @@`, then ` `/`-`/`+` lines). */
export function formatUnifiedDiff(diff: TextDiff, oldName: string, newName: string): string {
  if (diff.hunks.length === 0) return '';
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  for (const hunk of diff.hunks) {
    out.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);
    for (const line of hunk.lines) out.push(`${line.kind === 'added' ? '+' : line.kind === 'removed' ? '-' : ' '}${line.text}`);
  }
  return `${out.join('\n')}\n`;
}
