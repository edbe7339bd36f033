/** Shapes of the admin API (src/accounts/admin.routes.ts). Times are ms since the epoch. */
import type { Role } from '../../../../src/accounts/principal.ts';

export type AdminUser = {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  organisationId: number | null;
  disabled: boolean;
  lockedUntil: number | null;
  createdAt: number;
  lastLoginAt: number | null;
  lang: string;
};

export type Organisation = {
  id: number;
  name: string;
  kind: 'brand' | 'partner' | 'internal';
  brandIds: number[];
  createdAt: number;
};

export type ApiKey = {
  id: number;
  prefix: string;
  userId: number | null;
  organisationId: number | null;
  role: 'partner' | 'brand';
  tlpClearance: 'clear' | 'green' | 'amber' | 'red';
  label: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
};

export type AuditEntry = {
  id: number;
  at: number;
  actorUserId: number | null;
  actorApiKeyId: number | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
};

export const ROLE_LIST: readonly Role[] = ['admin', 'analyst', 'brand', 'partner'];
export const TLP_LIST = ['clear', 'green', 'amber', 'red'] as const;
