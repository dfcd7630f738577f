import type { AlertEvent, Role } from '@outport/core';

export interface Member {
  email: string;
  role: Role;
  /** The events this user opted out of in this environment. */
  optedOut: readonly AlertEvent[];
}

/**
 * Who an email channel writes to about one event: the addresses configured on the channel, and
 * (when the channel says so) every admin of the environment; minus every member of the environment
 * who opted out of this event, whichever way they were addressed (a test message, `event` null,
 * goes to everyone). Addresses compare without case; each gets one copy.
 */
export function emailRecipients(channel: { recipients: readonly string[]; notifyAdmins: boolean }, members: readonly Member[], event: AlertEvent | null): string[] {
  const key = (email: string) => email.trim().toLowerCase();
  const optedOut = new Set(members.filter((m) => event !== null && m.optedOut.includes(event)).map((m) => key(m.email)));
  const admins = channel.notifyAdmins ? members.filter((m) => m.role === 'admin').map((m) => m.email) : [];
  const chosen = new Map<string, string>();
  for (const email of [...channel.recipients, ...admins]) {
    if (!optedOut.has(key(email)) && !chosen.has(key(email))) chosen.set(key(email), email.trim());
  }
  return [...chosen.values()];
}
