import { describe, expect, it } from 'vitest';
import { emailRecipients, type Member } from './recipients.js';

const members: Member[] = [
  { email: 'ada@example.com', role: 'admin', optedOut: [] },
  { email: 'Ben@Example.com', role: 'admin', optedOut: ['run.failed'] },
  { email: 'cy@example.com', role: 'contributor', optedOut: ['run.failed'] },
  { email: 'dee@example.com', role: 'viewer', optedOut: [] },
];

describe('emailRecipients', () => {
  it('writes to the configured addresses and the admins who did not opt out, once each', () => {
    expect(emailRecipients({ recipients: ['ops@example.com', 'ADA@example.com'], notifyAdmins: true }, members, 'run.failed')).toEqual(['ops@example.com', 'ADA@example.com']);
    expect(emailRecipients({ recipients: [], notifyAdmins: true }, members, 'system_refresh.failed')).toEqual(['ada@example.com', 'Ben@Example.com']);
  });

  it('drops a member who opted out even when the channel names their address', () => {
    expect(emailRecipients({ recipients: ['ben@example.com', 'cy@example.com', 'dee@example.com'], notifyAdmins: false }, members, 'run.failed')).toEqual(['dee@example.com']);
  });

  it('leaves admins out when the channel does not ask for them', () => {
    expect(emailRecipients({ recipients: ['ops@example.com'], notifyAdmins: false }, members, 'run.failed')).toEqual(['ops@example.com']);
    expect(emailRecipients({ recipients: [], notifyAdmins: false }, members, 'run.failed')).toEqual([]);
  });

  it('sends a test message to everyone, opted out or not', () => {
    expect(emailRecipients({ recipients: ['cy@example.com'], notifyAdmins: true }, members, null)).toEqual(['cy@example.com', 'ada@example.com', 'Ben@Example.com']);
  });
});
