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
  | 'system.configure'
  /** Notification channels (email, webhooks) that tell people when runs, refreshes or credentials fail. */
  | 'alerts.manage';

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
  'alerts.manage',
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

/**
 * Everything a caller can do to one export. `view` is open to every role; every other action
 * changes the export, sends its data or reveals the personal data it sent, so it needs edit
 * permission on the export. `attach` (re-attaching or switching the connection) also needs the
 * new connection to be usable by the caller.
 */
export type ExportAction =
  | 'view'
  | 'edit'
  | 'run'
  | 'schedule'
  | 'duplicate'
  | 'detach'
  | 'attach'
  | 'remove'
  | 'cancel-run'
  | 'read-identifiers';

export const EXPORT_ACTIONS: readonly ExportAction[] = [
  'view',
  'edit',
  'run',
  'schedule',
  'duplicate',
  'detach',
  'attach',
  'remove',
  'cancel-run',
  'read-identifiers',
];

export type Decision = { allowed: true } | { allowed: false; reason: string };

export interface ExportAccessContext {
  /** The export's name, for the refusal's wording. */
  exportName: string;
  /** Sharing of the export's current connection; null when it was detached. */
  connectionSharing: ConnectionSharing | null;
  /** For `attach`: the connection the caller wants to attach, with its name for the wording. */
  target?: { name: string; sharing: ConnectionSharing };
}

/**
 * The one decision on what a caller may do to an export. The API routes every export action
 * (single, bulk, run all, schedules, duplicate, detach, re-attach, downloads) through it, and the
 * console uses it to decide which actions to offer.
 */
export function decideExportAction(actor: Actor, action: ExportAction, context: ExportAccessContext): Decision {
  if (action === 'view') return { allowed: true };
  if (!can(actor, 'exports.create')) {
    return { allowed: false, reason: `Your role (${actor.role}) can view "${context.exportName}" but not change or run it.` };
  }
  if (exportPermission(actor, context.connectionSharing) !== 'edit') {
    const why = context.connectionSharing === null ? 'it has no connection, and only admins choose one for a detached export' : 'its connection is not shared with you';
    return { allowed: false, reason: `You can view "${context.exportName}" but not change or run it: ${why}.` };
  }
  if (action === 'attach' && context.target && !canUseConnection(actor, context.target.sharing)) {
    return { allowed: false, reason: `The connection "${context.target.name}" is not shared with you; ask an admin to share it.` };
  }
  return { allowed: true };
}
