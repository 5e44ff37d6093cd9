/** The roles a token may carry (the identity issue refines who may do what). */
export const ROLES = ['institution', 'expert', 'secretariat', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who acts: the authenticated user, or the engine itself (`system`). */
export interface Actor {
  id: string;
  name?: string;
  roles: Role[];
  institutionId?: string;
}
