import { RegistryEventTypes, type CalendarDate, type ExpertEvent } from '../../../../events/registry.events.js';
import { chinaDate } from '../../../calendar/working-days.js';
import { DomainError, NotFoundError } from '../../../shared/domain-error.js';
import { isCalendarDate } from './calendar-dates.js';

/**
 * 专家: an expert in the registry (assessor, reviewer, committee member), as pure decision code:
 * the qualifications the expert holds per discipline, the institutions the expert has belonged
 * to and when, and the interests the expert has declared. The conflict-of-interest rule reads
 * this state; it keeps the whole history because the rule looks back years.
 */
export type ExpertStatus = 'NONE' | 'REGISTERED';

/** 考评员资格: a qualification to assess in one discipline, valid over a period of days. */
export interface Qualification {
  discipline: string;
  certificateNumber: string;
  validFrom: CalendarDate;
  /** Last day on which it holds. */
  validUntil: CalendarDate;
  /** First day on which it no longer holds, when revoked. */
  revokedOn?: CalendarDate;
  revocationReason?: string;
}

/** A period of belonging to an institution; `until` is the day the next affiliation began. */
export interface AffiliationPeriod {
  institutionId: string;
  from: CalendarDate;
  until?: CalendarDate;
}

/** 利益声明: an interest the expert declared in an institution, a case, or both. */
export interface DeclaredInterest {
  institutionId?: string;
  caseId?: string;
  reason: string;
  declaredAt: string;
}

export interface ExpertState {
  status: ExpertStatus;
  expertId?: string;
  name?: string;
  qualifications: Qualification[];
  /** In the order they began; each but the last has ended. */
  affiliations: AffiliationPeriod[];
  interests: DeclaredInterest[];
}

export const initialExpertState: ExpertState = { status: 'NONE', qualifications: [], affiliations: [], interests: [] };

export type ExpertCommand =
  | { type: 'RegisterExpert'; expertId: string; name: string }
  | { type: 'GrantQualification'; expertId: string; discipline: string; certificateNumber: string; validFrom: CalendarDate; validUntil: CalendarDate }
  | { type: 'RevokeQualification'; expertId: string; certificateNumber: string; reason: string }
  | { type: 'ChangeAffiliation'; expertId: string; institutionId: string; from: CalendarDate }
  | { type: 'DeclareInterest'; expertId: string; institutionId?: string; caseId?: string; reason: string };

function assertDate(field: string, value: string): void {
  if (!isCalendarDate(value)) {
    throw new DomainError('registry.invalid-date', {
      en: `${field} "${value}" is not a calendar date (YYYY-MM-DD).`,
      'zh-CN': `${field} "${value}" 不是有效日期（格式 YYYY-MM-DD）。`,
    });
  }
}

const noSuchExpert = (expertId: string) => ({ en: `No expert ${expertId} is registered.`, 'zh-CN': `专家库中没有专家 ${expertId}。` });

/** The answer to a request addressed to an expert the registry does not hold. */
export const expertNotFound = (expertId: string) => new NotFoundError(noSuchExpert(expertId));

export function decideExpert(command: ExpertCommand, state: ExpertState, context: { now: Date }): ExpertEvent[] {
  const at = context.now.toISOString();
  if (command.type === 'RegisterExpert') {
    if (state.status !== 'NONE') {
      throw new DomainError('registry.already-registered', {
        en: `Expert ${command.expertId} is already registered (as "${state.name}").`,
        'zh-CN': `专家 ${command.expertId} 已登记（姓名"${state.name}"）。`,
      });
    }
    return [{ type: RegistryEventTypes.ExpertRegistered, data: { expertId: command.expertId, name: command.name, registeredAt: at } }];
  }
  if (state.status !== 'REGISTERED') throw new DomainError('registry.unknown-expert', noSuchExpert(command.expertId));
  switch (command.type) {
    case 'GrantQualification': {
      assertDate('validFrom', command.validFrom);
      assertDate('validUntil', command.validUntil);
      if (command.validUntil < command.validFrom) {
        throw new DomainError('registry.invalid-validity', {
          en: `A qualification cannot end (${command.validUntil}) before it begins (${command.validFrom}).`,
          'zh-CN': `资格的有效期截止日（${command.validUntil}）不能早于起始日（${command.validFrom}）。`,
        });
      }
      const held = state.qualifications.find((q) => q.certificateNumber === command.certificateNumber);
      if (held) {
        throw new DomainError('registry.qualification-already-granted', {
          en: `Certificate ${command.certificateNumber} is already recorded for expert ${command.expertId} (discipline ${held.discipline}); a certificate is granted once.`,
          'zh-CN': `证书 ${command.certificateNumber} 已记录在专家 ${command.expertId} 名下（专业：${held.discipline}），同一证书只能授予一次。`,
        });
      }
      const { expertId, discipline, certificateNumber, validFrom, validUntil } = command;
      return [{ type: RegistryEventTypes.ExpertQualificationGranted, data: { expertId, discipline, certificateNumber, validFrom, validUntil, grantedAt: at } }];
    }
    case 'RevokeQualification': {
      const held = state.qualifications.find((q) => q.certificateNumber === command.certificateNumber);
      if (!held) {
        throw new DomainError('registry.unknown-qualification', {
          en: `Expert ${command.expertId} holds no qualification with certificate ${command.certificateNumber}.`,
          'zh-CN': `专家 ${command.expertId} 没有证书号为 ${command.certificateNumber} 的资格。`,
        });
      }
      if (held.revokedOn) {
        throw new DomainError('registry.qualification-already-revoked', {
          en: `The qualification with certificate ${command.certificateNumber} was already revoked on ${held.revokedOn}.`,
          'zh-CN': `证书号为 ${command.certificateNumber} 的资格已于 ${held.revokedOn} 撤销。`,
        });
      }
      return [
        {
          type: RegistryEventTypes.ExpertQualificationRevoked,
          data: {
            expertId: command.expertId,
            certificateNumber: command.certificateNumber,
            discipline: held.discipline,
            reason: command.reason,
            // Effective from the day of the decision, China time: assignments made earlier that day stand.
            revokedOn: chinaDate(context.now),
            revokedAt: at,
          },
        },
      ];
    }
    case 'ChangeAffiliation': {
      assertDate('from', command.from);
      const latest = state.affiliations.at(-1);
      if (latest && latest.institutionId === command.institutionId) {
        throw new DomainError('registry.affiliation-unchanged', {
          en: `Expert ${command.expertId} already belongs to institution ${command.institutionId} (since ${latest.from}).`,
          'zh-CN': `专家 ${command.expertId} 自 ${latest.from} 起已隶属于机构 ${command.institutionId}。`,
        });
      }
      // History is appended in order: a change dated before the latest one would rewrite the
      // period that the cooling-off rule reads.
      if (latest && command.from <= latest.from) {
        throw new DomainError('registry.affiliation-out-of-order', {
          en: `The new affiliation must begin after ${latest.from}, when the current one began; ${command.from} does not.`,
          'zh-CN': `新的隶属关系应晚于现隶属关系的起始日 ${latest.from}，${command.from} 不符合。`,
        });
      }
      return [
        {
          type: RegistryEventTypes.ExpertAffiliationChanged,
          data: {
            expertId: command.expertId,
            institutionId: command.institutionId,
            from: command.from,
            ...(latest ? { previousInstitutionId: latest.institutionId } : {}),
            changedAt: at,
          },
        },
      ];
    }
    case 'DeclareInterest': {
      if (command.institutionId === undefined && command.caseId === undefined) {
        throw new DomainError('registry.interest-without-subject', {
          en: 'A declared interest names the institution or the case (or both) it concerns.',
          'zh-CN': '利益声明须指明所涉及的机构或案件（或两者）。',
        });
      }
      const same = state.interests.find((i) => i.institutionId === command.institutionId && i.caseId === command.caseId);
      if (same) {
        throw new DomainError('registry.interest-already-declared', {
          en: `Expert ${command.expertId} already declared this interest on ${same.declaredAt}.`,
          'zh-CN': `专家 ${command.expertId} 已于 ${same.declaredAt} 声明过该利益关系。`,
        });
      }
      return [
        {
          type: RegistryEventTypes.ExpertInterestDeclared,
          data: {
            expertId: command.expertId,
            ...(command.institutionId !== undefined ? { institutionId: command.institutionId } : {}),
            ...(command.caseId !== undefined ? { caseId: command.caseId } : {}),
            reason: command.reason,
            declaredAt: at,
          },
        },
      ];
    }
    default: {
      const never: never = command;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

export function evolveExpert(state: ExpertState, event: ExpertEvent): ExpertState {
  switch (event.type) {
    case RegistryEventTypes.ExpertRegistered:
      return { ...initialExpertState, status: 'REGISTERED', expertId: event.data.expertId, name: event.data.name };
    case RegistryEventTypes.ExpertQualificationGranted: {
      const { discipline, certificateNumber, validFrom, validUntil } = event.data;
      return { ...state, qualifications: [...state.qualifications, { discipline, certificateNumber, validFrom, validUntil }] };
    }
    case RegistryEventTypes.ExpertQualificationRevoked: {
      const { certificateNumber, revokedOn, reason } = event.data;
      return {
        ...state,
        qualifications: state.qualifications.map((q) => (q.certificateNumber === certificateNumber ? { ...q, revokedOn, revocationReason: reason } : q)),
      };
    }
    case RegistryEventTypes.ExpertAffiliationChanged: {
      const { institutionId, from } = event.data;
      const ended = state.affiliations.map((a, i) => (i === state.affiliations.length - 1 ? { ...a, until: from } : a));
      return { ...state, affiliations: [...ended, { institutionId, from }] };
    }
    case RegistryEventTypes.ExpertInterestDeclared: {
      const { institutionId, caseId, reason, declaredAt } = event.data;
      return { ...state, interests: [...state.interests, { ...(institutionId !== undefined ? { institutionId } : {}), ...(caseId !== undefined ? { caseId } : {}), reason, declaredAt }] };
    }
    default: {
      const never: never = event;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}

/** True when the qualification holds on `date`: within its validity, both ends included, and not yet revoked. */
export function qualificationValidOn(qualification: Qualification, date: CalendarDate): boolean {
  return qualification.validFrom <= date && date <= qualification.validUntil && !(qualification.revokedOn !== undefined && date >= qualification.revokedOn);
}

/** The affiliation that covers `date`: it began on or before that day and had not been succeeded by it. */
export function affiliationOn(state: ExpertState, date: CalendarDate): AffiliationPeriod | undefined {
  return state.affiliations.find((a) => a.from <= date && (a.until === undefined || date < a.until));
}

export const expertStreamId = (expertId: string): string => `registry-expert-${expertId}`;
