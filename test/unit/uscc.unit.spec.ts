import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../../src/shared/domain-error.js';
import { assertValidUscc, isValidUscc, usccCheckCharacter, usccProblem } from '../../src/identity/registry/domain/uscc.js';
import { thrownBy } from '../support/thrown.js';

/**
 * A second, independent reading of GB 32100-2015 to compute codes from: the weights are the powers
 * of 3 modulo 31, and the character set is the 31 that remain once I, O, S, V and Z are removed.
 */
const ALPHABET = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'].filter((c) => !'IOSVZ'.includes(c));
const WEIGHT = (i: number) => 3 ** i % 31;
function withCheck(first17: string): string {
  const sum = [...first17].reduce((total, c, i) => total + ALPHABET.indexOf(c) * WEIGHT(i), 0);
  return first17 + ALPHABET[(31 - (sum % 31)) % 31];
}

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts codes published by the entities that hold them', () => {
    // The example most validators cite, and two enterprises' registered codes:
    // 腾讯科技（深圳）有限公司 and 小米科技有限责任公司.
    for (const code of ['91350100M000100Y43', '91440300708461136T', '91110108551385082Q']) {
      expect([code, usccProblem(code)]).toEqual([code, undefined]);
    }
  });

  it('accepts codes whose check character is computed from the standard, for every kind of position', () => {
    const prefixes = [
      '91330700MA2E', // an enterprise in Jinhua (330700) with a letter-bearing organisation code
      '12330700470', // a public institution (事业单位, 12)
      '11330000002', // a government organ (机关, 11)
      '51330100MJ8', // a social organisation (社会团体, 51)
      'Y1330782MA2',
    ].map((p) => (p + '0123456789ABCDEFGH').slice(0, 17));
    for (const prefix of prefixes) {
      const code = withCheck(prefix);
      expect([code, isValidUscc(code), usccCheckCharacter(prefix)]).toEqual([code, true, code[17]]);
    }
  });

  it('uses 0 as the check character when the weighted sum is a multiple of 31 (31 → 0)', () => {
    // Vary the 17th character (weight 28) until the sum is a multiple of 31.
    const base = '91330700MA2E0000';
    const prefix = ALPHABET.map((c) => base + c).find((p) => [...p].reduce((t, c, i) => t + ALPHABET.indexOf(c) * WEIGHT(i), 0) % 31 === 0)!;
    expect(usccCheckCharacter(prefix)).toBe('0');
    expect(isValidUscc(`${prefix}0`)).toBe(true);
  });

  it('accepts exactly one check character for a given body', () => {
    const accepted = ALPHABET.filter((c) => isValidUscc(`91350100M000100Y4${c}`));
    expect(accepted).toEqual(['3']);
  });

  it('refuses a wrong check character and says which one the body gives', () => {
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    expect(usccProblem('91350100M000100Y44')?.en).toContain('give "3", not "4"');
    // A single changed character in the body breaks the check too.
    expect(isValidUscc('91350100M000200Y43')).toBe(false);
  });

  it('refuses the letters I, O, S, V and Z, in the body and as the check character', () => {
    for (const letter of ['I', 'O', 'S', 'V', 'Z']) {
      const code = `91350100M00010${letter}Y43`;
      expect([code, isValidUscc(code)]).toEqual([code, false]);
      expect(usccProblem(code)?.en).toContain('never uses');
    }
    expect(isValidUscc('91350100M000100Y4O')).toBe(false);
  });

  it('refuses a wrong length', () => {
    for (const code of ['', '91350100M000100Y4', '91350100M000100Y433', '350100M000100Y43']) {
      expect([code, isValidUscc(code)]).toEqual([code, false]);
    }
    expect(usccProblem('91350100M000100Y4')?.['zh-CN']).toContain('应为 18 位');
  });

  it('refuses lowercase letters rather than guessing what was meant', () => {
    expect(isValidUscc('91350100m000100y43')).toBe(false);
    expect(isValidUscc('91440300708461136t')).toBe(false);
  });

  it('refuses an invalid code with the rule registry.invalid-uscc, in both languages', () => {
    const refusal = thrownBy(() => assertValidUscc('91350100M000100Y44'), DomainError);
    expect(refusal.code).toBe('registry.invalid-uscc');
    expect(refusal.text['zh-CN']).toContain('校验码错误');
    expect(() => assertValidUscc('91350100M000100Y43')).not.toThrow();
  });
});
