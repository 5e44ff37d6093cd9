import { DomainError, type LocalizedText } from '../../../shared/domain-error.js';

/**
 * 统一社会信用代码: the unified social credit code of a legal entity, per GB 32100-2015.
 * Eighteen characters: registration authority, entity category, division code, the entity's
 * organisation code, and a check character over the first seventeen. The code never changes
 * during the entity's life, which is why the registry keys institutions by it.
 */

/** The 31 characters a code may use, in the order that gives each its value 0..30 (no I, O, S, V, Z). */
export const USCC_CHARACTERS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;

/** The check character for the first seventeen characters of a code. */
export function usccCheckCharacter(first17: string): string {
  if (!/^[0-9A-HJ-NP-RTUW-Y]{17}$/.test(first17)) throw new RangeError(`"${first17}" is not 17 characters of the code's alphabet`);
  const sum = WEIGHTS.reduce((total, weight, i) => total + USCC_CHARACTERS.indexOf(first17[i]) * weight, 0);
  const check = 31 - (sum % 31);
  return USCC_CHARACTERS[check === 31 ? 0 : check];
}

/** Why `code` is not a valid unified social credit code, or undefined when it is one. */
export function usccProblem(code: string): LocalizedText | undefined {
  if (code.length !== 18) {
    return {
      en: `A unified social credit code has 18 characters; "${code}" has ${code.length}.`,
      'zh-CN': `统一社会信用代码应为 18 位，"${code}" 为 ${code.length} 位。`,
    };
  }
  if (!SHAPE.test(code)) {
    return {
      en: `"${code}" holds a character a unified social credit code never uses: only digits and the capital letters A-H, J-N, P-R, T, U, W-Y are allowed.`,
      'zh-CN': `"${code}" 含有统一社会信用代码不使用的字符：只能使用数字和大写字母 A-H、J-N、P-R、T、U、W-Y。`,
    };
  }
  const expected = usccCheckCharacter(code.slice(0, 17));
  if (code[17] !== expected) {
    return {
      en: `The check character of "${code}" is wrong: the first 17 characters give "${expected}", not "${code[17]}".`,
      'zh-CN': `"${code}" 的校验码错误：按前 17 位计算应为 "${expected}"，而不是 "${code[17]}"。`,
    };
  }
  return undefined;
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === undefined;
}

/** Refuses an invalid code with the rule `registry.invalid-uscc`. */
export function assertValidUscc(code: string): void {
  const problem = usccProblem(code);
  if (problem) throw new DomainError('registry.invalid-uscc', problem);
}
