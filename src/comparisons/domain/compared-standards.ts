import type { ComparedStandard } from '../../../events/comparison.events.js';
import { InvalidDataError } from '../../shared/domain-error.js';

/**
 * 参比计量标准: the standards a comparison compares, one per lab at most, each a standard of the
 * registry (计量标准档案) held by the lab that names it. Pure: the command handler reads the registry
 * and passes each named standard's holder in `holders`.
 */
export type StandardHolders = Readonly<Record<string, string>>;

const invalid = (code: string, en: string, zh: string): never => {
  throw new InvalidDataError(code, { en, 'zh-CN': zh });
};

/** Refuses (422) a standard named for a lab outside the comparison, twice for one lab, or not held by its lab in the registry. */
export function checkComparedStandards(standards: readonly ComparedStandard[], labs: readonly string[], holders: StandardHolders): void {
  const seen = new Set<string>();
  for (const { institutionId, standardId } of standards) {
    if (!labs.includes(institutionId)) {
      invalid(
        'comparison.standard-lab-not-in-comparison',
        `A standard is named for ${institutionId}, which is neither the pilot nor a participant of the comparison.`,
        `为 ${institutionId} 指定了参比计量标准，但该机构既不是主导实验室也不是参比实验室。`,
      );
    }
    if (seen.has(institutionId)) {
      invalid('comparison.one-standard-per-lab', `${institutionId} is named with more than one standard; a lab compares one standard.`, `${institutionId} 被指定了多个计量标准；每个实验室只以一个计量标准参加比对。`);
    }
    seen.add(institutionId);
    if (holders[standardId] !== institutionId) {
      invalid(
        'comparison.standard-not-of-institution',
        `${standardId} is not a measurement standard of ${institutionId} in the standards registry.`,
        `计量标准档案中 ${standardId} 不是 ${institutionId} 的计量标准。`,
      );
    }
  }
}
