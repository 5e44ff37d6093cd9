/**
 * Events of the institution and expert registry (机构与专家库), the records from which the
 * conflict-of-interest rule decides who may assess or review whom.
 *
 * The `type` strings are stable names stored in the log; never derive them from a
 * class name, since renaming a class would orphan stored history.
 */

export const RegistryEventTypes = {
  InstitutionRegistered: 'identity.registry.institution-registered',
  InstitutionUpdated: 'identity.registry.institution-updated',
  ExpertRegistered: 'identity.registry.expert-registered',
  ExpertQualificationGranted: 'identity.registry.expert-qualification-granted',
  ExpertQualificationRevoked: 'identity.registry.expert-qualification-revoked',
  ExpertAffiliationChanged: 'identity.registry.expert-affiliation-changed',
  ExpertInterestDeclared: 'identity.registry.expert-interest-declared',
} as const;

/**
 * 机构类型: what kind of legal entity an institution is. Legal metrology institutes
 * (法定计量检定机构) hold public standards; government departments (政府部门), enterprises (企业)
 * and public institutions such as hospitals and universities (事业单位) hold their own highest
 * standards; social organisations (社会团体) such as metrology societies employ experts.
 */
export type InstitutionKind = 'LEGAL_METROLOGY_INSTITUTE' | 'GOVERNMENT_DEPARTMENT' | 'ENTERPRISE' | 'PUBLIC_INSTITUTION' | 'SOCIAL_ORGANIZATION';
export const INSTITUTION_KINDS: readonly InstitutionKind[] = [
  'LEGAL_METROLOGY_INSTITUTE',
  'GOVERNMENT_DEPARTMENT',
  'ENTERPRISE',
  'PUBLIC_INSTITUTION',
  'SOCIAL_ORGANIZATION',
];

/** Dates without a time (validity, affiliation) are China calendar dates, `YYYY-MM-DD`. */
export type CalendarDate = string;

export interface InstitutionRegisteredV1 {
  /** The registry keys an institution by its unified social credit code, so today it equals `uscc`. */
  institutionId: string;
  uscc: string;
  name: string;
  /** Administrative division code (行政区划代码, GB/T 2260), six digits. */
  division: string;
  kind: InstitutionKind;
  registeredAt: string;
}

/** Carries only the fields that changed. */
export interface InstitutionUpdatedV1 {
  institutionId: string;
  name?: string;
  division?: string;
  kind?: InstitutionKind;
  updatedAt: string;
}

export interface ExpertRegisteredV1 {
  /** The subject of the expert's account, so that the expert can act on his own record. */
  expertId: string;
  name: string;
  registeredAt: string;
}

export interface ExpertQualificationGrantedV1 {
  expertId: string;
  discipline: string;
  /** Number of the assessor certificate (考评员证书); identifies the qualification. */
  certificateNumber: string;
  validFrom: CalendarDate;
  /** Last day on which the qualification holds. */
  validUntil: CalendarDate;
  grantedAt: string;
}

export interface ExpertQualificationRevokedV1 {
  expertId: string;
  certificateNumber: string;
  discipline: string;
  reason: string;
  /** First day on which the qualification no longer holds. */
  revokedOn: CalendarDate;
  revokedAt: string;
}

export interface ExpertAffiliationChangedV1 {
  expertId: string;
  institutionId: string;
  /** First day with the new institution; the previous affiliation ends that day. */
  from: CalendarDate;
  /** The affiliation this one ends, named so that the event reads on its own. */
  previousInstitutionId?: string;
  changedAt: string;
}

export interface ExpertInterestDeclaredV1 {
  expertId: string;
  /** At least one of institutionId and caseId is present. */
  institutionId?: string;
  caseId?: string;
  reason: string;
  declaredAt: string;
}

export type InstitutionEvent =
  | { type: typeof RegistryEventTypes.InstitutionRegistered; data: InstitutionRegisteredV1 }
  | { type: typeof RegistryEventTypes.InstitutionUpdated; data: InstitutionUpdatedV1 };

export type ExpertEvent =
  | { type: typeof RegistryEventTypes.ExpertRegistered; data: ExpertRegisteredV1 }
  | { type: typeof RegistryEventTypes.ExpertQualificationGranted; data: ExpertQualificationGrantedV1 }
  | { type: typeof RegistryEventTypes.ExpertQualificationRevoked; data: ExpertQualificationRevokedV1 }
  | { type: typeof RegistryEventTypes.ExpertAffiliationChanged; data: ExpertAffiliationChangedV1 }
  | { type: typeof RegistryEventTypes.ExpertInterestDeclared; data: ExpertInterestDeclaredV1 };

export type RegistryEvent = InstitutionEvent | ExpertEvent;
