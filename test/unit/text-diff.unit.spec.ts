import { describe, expect, it } from '@jest/globals';
import { diffAllLines, diffText, formatUnifiedDiff, splitLines } from '../../src/specifications/domain/text-diff.js';

/** The line diff between two versions of a draft (文本差异), given/when/then on the pure functions. */
const lines = (n: number, prefix = 'line'): string => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join('\n') + '\n';

/** Rebuilds both versions from the diff: every line of each is accounted for, in order. */
function sides(oldText: string, newText: string) {
  const all = diffAllLines(oldText, newText);
  return {
    old: all.filter((l) => l.kind !== 'added').map((l) => l.text),
    new: all.filter((l) => l.kind !== 'removed').map((l) => l.text),
    all,
  };
}

describe('text diff', () => {
  it('splits lines with any line ending, a final break adding no empty line', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a\r\nb\rc\n')).toEqual(['a', 'b', 'c']);
    expect(splitLines('a\n\n')).toEqual(['a', '']);
  });

  it('given identical versions, then there are no hunks', () => {
    const diff = diffText('# 范围\n本规范适用于…\n', '# 范围\r\n本规范适用于…\r\n');
    expect(diff).toEqual({ hunks: [], added: 0, removed: 0, unchanged: 2 });
    expect(formatUnifiedDiff(diff, 'v1', 'v2')).toBe('');
  });

  it('given one changed line, then it is removed and added with context around it', () => {
    const before = lines(10);
    const after = before.replace('line 5\n', 'line 5 revised\n');
    const diff = diffText(before, after);
    expect(diff).toMatchObject({ added: 1, removed: 1, unchanged: 9 });
    expect(diff.hunks).toHaveLength(1);
    expect(formatUnifiedDiff(diff, 'v1', 'v2')).toBe(
      ['--- v1', '+++ v2', '@@ -2,7 +2,7 @@', ' line 2', ' line 3', ' line 4', '-line 5', '+line 5 revised', ' line 6', ' line 7', ' line 8', ''].join('\n'),
    );
  });

  it('numbers the lines on both sides', () => {
    const { all } = sides('a\nb\nc\n', 'a\nx\nb\nc\n');
    expect(all).toEqual([
      { kind: 'unchanged', text: 'a', oldLine: 1, newLine: 1 },
      { kind: 'added', text: 'x', newLine: 2 },
      { kind: 'unchanged', text: 'b', oldLine: 2, newLine: 3 },
      { kind: 'unchanged', text: 'c', oldLine: 3, newLine: 4 },
    ]);
  });

  it('separates distant changes into hunks and merges close ones', () => {
    const before = lines(30);
    const far = before.replace('line 3\n', 'line three\n').replace('line 25\n', 'line twenty-five\n');
    expect(diffText(before, far).hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines])).toEqual([
      [1, 6, 1, 6],
      [22, 7, 22, 7],
    ]);
    const near = before.replace('line 3\n', 'line three\n').replace('line 8\n', 'line eight\n');
    expect(diffText(before, near).hunks).toHaveLength(1);
    expect(diffText(before, far, { context: 0 }).hunks.map((h) => h.lines.length)).toEqual([2, 2]);
  });

  it('given an empty old version, then every line is added (and the reverse removed)', () => {
    const added = diffText('', 'a\nb\n');
    expect(added).toMatchObject({ added: 2, removed: 0, hunks: [{ oldStart: 0, oldLines: 0, newStart: 1, newLines: 2 }] });
    const removed = diffText('a\nb\n', '');
    expect(removed).toMatchObject({ added: 0, removed: 2, hunks: [{ oldStart: 1, oldLines: 2, newStart: 0, newLines: 0 }] });
  });

  it('finds a minimal edit: a moved block costs only its lines', () => {
    const before = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].join('\n');
    const after = ['A', 'C', 'D', 'E', 'B', 'F', 'G'].join('\n');
    const diff = diffText(before, after);
    expect(diff).toMatchObject({ added: 1, removed: 1, unchanged: 6 });
  });

  it('accounts for every line of both versions, in order', () => {
    const before = '# 1 范围\n## 2 引用文件\nJJF 1001\nJJF 1059.1\n## 3 术语\n## 4 概述\n';
    const after = '# 1 范围\n## 2 引用文件\nJJF 1001\nJJF 1071\nJJF 1059.1\n## 3 术语和计量单位\n## 4 概述\n## 5 计量特性\n';
    const s = sides(before, after);
    expect(s.old).toEqual(splitLines(before));
    expect(s.new).toEqual(splitLines(after));
    expect(diffText(before, after)).toMatchObject({ added: 3, removed: 1, unchanged: 5 });
  });

  it('refuses a negative context', () => {
    expect(() => diffText('a', 'b', { context: -1 })).toThrow(RangeError);
  });
});
