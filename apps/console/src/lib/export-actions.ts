// Which export actions the console offers: the core's one decision (`decideExportAction`), applied
// to what the caller can know of each export. Actions a user may not take are not offered.
import { decideExportAction, type Actor, type ConnectionSharing, type ExportAction } from '@outport/core';
import type { Export } from './api.ts';

/**
 * The sharing of an export's connection as far as the caller can know it: contributors never see
 * sharing settings, but the API says whether they may use the connection, which is all the
 * decision asks of it.
 */
export function sharingSeenBy(actor: Actor, exp: Pick<Export, 'connection'>): ConnectionSharing | null {
  if (!exp.connection) return null;
  if (!exp.connection.canUse) return { mode: 'admins' };
  return actor.userId ? { mode: 'users', userIds: [actor.userId] } : { mode: 'contributors' };
}

export function mayDo(actor: Actor, exp: Pick<Export, 'name' | 'connection'>, action: ExportAction): boolean {
  return decideExportAction(actor, action, { exportName: exp.name, connectionSharing: sharingSeenBy(actor, exp) }).allowed;
}

/** Whether every export of a selection allows the action (bulk actions are offered only then). */
export function mayDoAll(actor: Actor, exports: Pick<Export, 'name' | 'connection'>[], action: ExportAction): boolean {
  return exports.length > 0 && exports.every((exp) => mayDo(actor, exp, action));
}

const BUSY = new Set(['queued', 'waiting', 'running', 'failed_retrying']);

/** A run of it is under way (one run per export at a time). */
export function isRunning(status: Export['status']): boolean {
  return BUSY.has(status);
}
