import type { AlertEvent } from '@outport/core';
import { maskContactDetails } from '../runs/mask.js';

/**
 * What an alert says, stored with it and sent as it is: the webhook body (with the alert's id) and
 * the substance of the email. Names of environments, exports, segments and connections, statuses,
 * counts and error messages only: never secrets, never customer records (error texts pass through
 * `scrubContactDetails` first).
 */
export interface AlertFacts {
  event: AlertEvent | 'test';
  occurredAt: string;
  /** One line: the email's subject. */
  title: string;
  /** What happened and what to do, in a sentence or two. */
  summary: string;
  environment: { slug: string; name: string };
  export: { id: string; name: string } | null;
  connection: { id: string; name: string; connector: string } | null;
  run: AlertRunFacts | null;
  refresh: AlertRefreshFacts | null;
  /** What failed: the status it ended with and the error (null for a warning). */
  failure: { status: string; error: string | null } | null;
  /** Where to look: the console page, and for runs and refreshes the API resource. */
  links: { console: string; api: string | null };
}

export interface AlertRunFacts {
  id: string;
  status: string;
  trigger: string;
  attempt: number;
  startedAt: string | null;
  finishedAt: string | null;
  counts: { sent: number; accepted: number; rejected: number; skipped: number };
  /** The segments or tables that failed, were skipped or had records rejected. */
  items: { name: string; status: string; error: string | null; rejected: number }[];
}

export interface AlertRefreshFacts {
  id: string;
  status: string;
  trigger: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** The processes (segment refreshes, export runs) that did not succeed. */
  processes: { kind: string; name: string; status: string; detail: string | null }[];
}

/**
 * Error texts come from targets, which sometimes quote what they refused. Alerts leave the building
 * (a mailbox, a chat webhook), so email addresses and phone-number-like digit runs are replaced.
 */
export function scrubContactDetails(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : maskContactDetails(text);
}

/** The console's address for links: OUTPORT_PUBLIC_URL, else this process's own port on localhost. */
export function consoleBase(publicUrl: string | null, port: number): string {
  return (publicUrl ?? `http://localhost:${port}`).replace(/\/+$/, '');
}

export const consoleLinks = {
  exports: (base: string, env: string) => `${base}/e/${encodeURIComponent(env)}/exports`,
  run: (base: string, env: string, exportName: string, runId: string) =>
    `${base}/e/${encodeURIComponent(env)}/exports?q=${encodeURIComponent(exportName)}&run=${encodeURIComponent(runId)}`,
  refresh: (base: string, env: string, refreshId: string) => `${base}/e/${encodeURIComponent(env)}/system?refresh=${encodeURIComponent(refreshId)}`,
  connection: (base: string, env: string, connectionId: string) => `${base}/e/${encodeURIComponent(env)}/connections?connection=${encodeURIComponent(connectionId)}`,
  runApi: (base: string, env: string, runId: string) => `${base}/api/v1/environments/${encodeURIComponent(env)}/runs/${encodeURIComponent(runId)}`,
  refreshApi: (base: string, env: string, refreshId: string) => `${base}/api/v1/environments/${encodeURIComponent(env)}/system/refreshes/${encodeURIComponent(refreshId)}`,
};
