import { RegistryEventTypes, type InstitutionEvent, type InstitutionKind } from '../../../../events/registry.events.js';
import { DomainError, NotFoundError } from '../../../shared/domain-error.js';
import { assertValidUscc } from './uscc.js';

/**
 * 机构: an institution in the registry (applicants, and the employers of experts), as pure
 * decision code. It is keyed by its unified social credit code, so registering the same legal
 * entity twice meets the same stream and is refused by the aggregate itself.
 */
export type InstitutionStatus = 'NONE' | 'REGISTERED';

export interface InstitutionState {
  status: InstitutionStatus;
  institutionId?: string;
  uscc?: string;
  name?: string;
  division?: string;
  kind?: InstitutionKind;
}

export const initialInstitutionState: InstitutionState = { status: 'NONE' };

export type InstitutionCommand =
  | { type: 'RegisterInstitution'; uscc: string; name: string; division: string; kind: InstitutionKind }
  | { type: 'UpdateInstitution'; institutionId: string; name?: string; division?: string; kind?: InstitutionKind };

const DIVISION = /^\d{6}$/;

function assertDivision(division: string): void {
  if (!DIVISION.test(division)) {
    throw new DomainError('registry.invalid-division', {
      en: `"${division}" is not an administrative division code: it has six digits (GB/T 2260), e.g. 330700.`,
      'zh-CN': `"${division}" 不是行政区划代码：行政区划代码为 6 位数字（GB/T 2260），例如 330700。`,
    });
  }
}

export function decideInstitution(command: InstitutionCommand, state: InstitutionState, context: { now: Date }): InstitutionEvent[] {
  switch (command.type) {
    case 'RegisterInstitution': {
      assertValidUscc(command.uscc);
      assertDivision(command.division);
      if (state.status !== 'NONE') {
        throw new DomainError('registry.already-registered', {
          en: `The institution with unified social credit code ${command.uscc} is already registered (as "${state.name}").`,
          'zh-CN': `统一社会信用代码为 ${command.uscc} 的机构已登记（名称"${state.name}"）。`,
        });
      }
      return [
        {
          type: RegistryEventTypes.InstitutionRegistered,
          data: {
            institutionId: institutionIdFor(command.uscc),
            uscc: command.uscc,
            name: command.name,
            division: command.division,
            kind: command.kind,
            registeredAt: context.now.toISOString(),
          },
        },
      ];
    }
    case 'UpdateInstitution': {
      if (state.status !== 'REGISTERED') throw notRegistered(command.institutionId);
      if (command.division !== undefined) assertDivision(command.division);
      // Only what actually changes is recorded, so the history shows real changes only.
      const changes = {
        ...(command.name !== undefined && command.name !== state.name ? { name: command.name } : {}),
        ...(command.division !== undefined && command.division !== state.division ? { division: command.division } : {}),
        ...(command.kind !== undefined && command.kind !== state.kind ? { kind: command.kind } : {}),
      };
      if (Object.keys(changes).length === 0) {
        throw new DomainError('registry.nothing-to-change', {
          en: `The update of institution ${command.institutionId} changes nothing: name, division and kind are already as given.`,
          'zh-CN': `对机构 ${command.institutionId} 的更新没有任何变化：名称、行政区划和类型均与现有记录相同。`,
        });
      }
      return [{ type: RegistryEventTypes.InstitutionUpdated, data: { institutionId: command.institutionId, ...changes, updatedAt: context.now.toISOString() } }];
    }
    default: {
      const never: never = command;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

export function evolveInstitution(state: InstitutionState, event: InstitutionEvent): InstitutionState {
  switch (event.type) {
    case RegistryEventTypes.InstitutionRegistered: {
      const { institutionId, uscc, name, division, kind } = event.data;
      return { status: 'REGISTERED', institutionId, uscc, name, division, kind };
    }
    case RegistryEventTypes.InstitutionUpdated: {
      const { name, division, kind } = event.data;
      return { ...state, ...(name !== undefined ? { name } : {}), ...(division !== undefined ? { division } : {}), ...(kind !== undefined ? { kind } : {}) };
    }
    default: {
      const never: never = event;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}

/** An institution's id is its unified social credit code. */
export const institutionIdFor = (uscc: string): string => uscc;

export const institutionStreamId = (institutionId: string): string => `registry-institution-${institutionId}`;

const noSuchInstitution = (institutionId: string) => ({ en: `No institution ${institutionId} is registered.`, 'zh-CN': `机构库中没有机构 ${institutionId}。` });

/** The refusal for a step that names, in its content, an institution the registry does not hold. */
export const notRegistered = (institutionId: string) => new DomainError('registry.unknown-institution', noSuchInstitution(institutionId));

/** The answer to a request addressed to an institution the registry does not hold. */
export const institutionNotFound = (institutionId: string) => new NotFoundError(noSuchInstitution(institutionId));
