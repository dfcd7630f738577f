// What a role may do in an environment, and who may use a connection. The API enforces these; the
// console uses the same functions to hide what the user cannot do.

import type { Role } from './environment.js';

/** Who may use a connection besides admins (who always can). */
export type ConnectionSharing =
  { mode: 'admins' } | { mode: 'contributors' } | { mode: 'users'; userIds: string[] };

/** A user, or an API key (userId null) acting with the key's role. */
export interface Actor {
  userId: string | null;
  role: Role;
}

export type EnvironmentAction =
  | 'environment.view'
  | 'tables.write'
  | 'segments.write'
  | 'segments.refresh'
  | 'exports.create'
  | 'connections.manage'
  | 'users.manage'
  | 'apiKeys.manage'
  | 'system.configure';

export const ENVIRONMENT_ACTIONS: readonly EnvironmentAction[] = [
  'environment.view',
  'tables.write',
  'segments.write',
  'segments.refresh',
  'exports.create',
  'connections.manage',
  'users.manage',
  'apiKeys.manage',
  'system.configure',
];

const ALLOWED: Record<Role, ReadonlySet<EnvironmentAction>> = {
  admin: new Set(ENVIRONMENT_ACTIONS),
  contributor: new Set<EnvironmentAction>([
    'environment.view',
    'tables.write',
    'segments.write',
    'segments.refresh',
    'exports.create',
    'system.configure',
  ]),
  viewer: new Set<EnvironmentAction>(['environment.view']),
};

export function can(actor: Actor, action: EnvironmentAction): boolean {
  return ALLOWED[actor.role]?.has(action) ?? false;
}

/**
 * Whether the actor may send data through a connection. An API key (no user) with the contributor
 * role can use connections shared with all contributors, but never one shared with named users.
 */
export function canUseConnection(actor: Actor, sharing: ConnectionSharing): boolean {
  switch (actor.role) {
    case 'admin':
      return true;
    case 'contributor':
      if (sharing.mode === 'contributors') return true;
      if (sharing.mode === 'users') return actor.userId !== null && sharing.userIds.includes(actor.userId);
      return false;
    default:
      return false;
  }
}

export interface ConnectionAccess {
  /** Name and connector type. */
  see: boolean;
  /** Settings (never secrets, which no one reads back). */
  seeSettings: boolean;
  use: boolean;
  manage: boolean;
}

export function connectionAccess(actor: Actor, sharing: ConnectionSharing): ConnectionAccess {
  const admin = actor.role === 'admin';
  return { see: true, seeSettings: admin, use: canUseConnection(actor, sharing), manage: admin };
}

export type ExportPermission = 'edit' | 'view';

/**
 * The caller's permission on one export, shown in the console's "Your permissions" column.
 * `connectionSharing` is null for an export whose connection was detached: only admins may edit it,
 * since re-attaching means choosing a connection.
 */
export function exportPermission(
  actor: Actor,
  connectionSharing: ConnectionSharing | null,
): ExportPermission {
  if (actor.role === 'admin') return 'edit';
  if (actor.role !== 'contributor' || connectionSharing === null) return 'view';
  return canUseConnection(actor, connectionSharing) ? 'edit' : 'view';
}
