// What Outport tells admins about without them watching the console. The API sends the alerts; the
// console uses the same kinds and labels for channel settings and each user's preferences.

import type { RunStatus } from './runs.js';

export const ALERT_EVENTS = [
  'run.failed',
  'run.succeeded_with_warnings',
  'system_refresh.failed',
  'connection.credentials_refused',
] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

export const ALERT_EVENT_LABELS: Record<AlertEvent, string> = {
  'run.failed': 'A run failed for good',
  'run.succeeded_with_warnings': 'A run succeeded with warnings',
  'system_refresh.failed': 'A system refresh failed',
  'connection.credentials_refused': "A target refused a connection's credentials",
};

/**
 * What a new channel sends when it does not say: every failure. Runs that succeeded with warnings
 * (some records rejected, a segment skipped) are common and not urgent, so a channel asks for them.
 */
export const DEFAULT_ALERT_EVENTS: readonly AlertEvent[] = ['run.failed', 'system_refresh.failed', 'connection.credentials_refused'];

export const ALERT_CHANNEL_KINDS = ['email', 'webhook'] as const;
export type AlertChannelKind = (typeof ALERT_CHANNEL_KINDS)[number];

/**
 * The alert a finished run raises, if any: a run that failed for good (not one still retrying), or
 * one that succeeded with warnings. Dry runs send nothing, so they alert no one.
 */
export function runAlertEvent(run: { status: RunStatus; dryRun: boolean }): AlertEvent | null {
  if (run.dryRun) return null;
  if (run.status === 'failed') return 'run.failed';
  if (run.status === 'succeeded_with_warnings') return 'run.succeeded_with_warnings';
  return null;
}

export function isAlertEvent(value: unknown): value is AlertEvent {
  return typeof value === 'string' && (ALERT_EVENTS as readonly string[]).includes(value);
}
