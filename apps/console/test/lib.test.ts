import { describe, expect, it } from 'vitest';
import type { Actor } from '@outport/core';
import type { Column } from '../src/lib/api.ts';
import { mayDo, mayDoAll, sharingSeenBy } from '../src/lib/export-actions.ts';
import { errorInWords } from '../src/lib/format.ts';
import { formValues, suggestMapping, toFormValues, visibleSettings, type ManifestField, type ManifestSetting } from '../src/lib/manifest.ts';

const field = (key: string, label: string, type: ManifestField['type'], required = false): ManifestField => ({ key, label, type, required, identifier: key === 'email' });

describe('field mapping suggestions', () => {
  const column = (name: string, type: Column['type']): Column => ({ name, type, nullable: true });
  const customer = [column('customerId', 'string'), column('email', 'email'), column('first_name', 'string'), column('lastName', 'string'), column('mobile', 'phone'), column('lifetimeValue', 'number')];

  it('matches by name ignoring case and punctuation, the key field to the key column, and the only column of a field’s type', () => {
    const fields = [field('key', 'Member key', 'string', true), field('email', 'Email address', 'email', true), field('firstName', 'First name', 'string'), field('lastName', 'Last name', 'string'), field('phone', 'Phone number', 'phone')];
    expect(suggestMapping(fields, customer, 'customerId')).toEqual({ key: 'customerId', email: 'email', firstName: 'first_name', lastName: 'lastName', phone: 'mobile' });
  });

  it('keeps what the user chose, never reuses a column, and never offers a column of a type that cannot feed the field', () => {
    const fields = [field('email', 'Email', 'email', true), field('score', 'Score', 'number'), field('company', 'Company', 'string')];
    expect(suggestMapping(fields, customer, 'customerId', { email: 'email' })).toEqual({ score: 'lifetimeValue' });
    expect(suggestMapping([field('birthDate', 'Date of birth', 'date')], customer, null)).toEqual({});
  });
});

describe('settings forms from manifests', () => {
  const settings: ManifestSetting[] = [
    { key: 'host', label: 'Host', type: 'string', required: true, secret: false },
    { key: 'port', label: 'Port', type: 'number', required: false, secret: false, default: 22 },
    { key: 'gzip', label: 'Gzip', type: 'boolean', required: false, secret: false, default: false },
    { key: 'password', label: 'Password', type: 'string', required: false, secret: true },
  ];

  it('sends numbers as numbers and booleans as booleans, leaves empty fields out, and keeps secrets apart', () => {
    const values = toFormValues(settings, { host: ' sftp.example.com ', port: 2222 });
    expect(values).toEqual({ host: ' sftp.example.com ', port: '2222', gzip: false, password: '' });
    expect(formValues(settings, values, false)).toEqual({ host: 'sftp.example.com', port: 2222, gzip: false });
    expect(formValues(settings, { ...values, password: 's3cret' }, true)).toEqual({ password: 's3cret' });
    expect(formValues(settings, values, true)).toEqual({});
  });
});

describe('errors in words', () => {
  it('explains a bare system code and keeps it as the technical detail', () => {
    const words = errorInWords('connect ECONNREFUSED 127.0.0.1:4010');
    expect(words.text).toMatch(/refused the connection/);
    expect(words.text).not.toContain('ECONNREFUSED');
    expect(words.technical).toBe('connect ECONNREFUSED 127.0.0.1:4010');
    expect(errorInWords('getaddrinfo ENOTFOUND sftp.example.invalid').text).toMatch(/host name could not be found/);
  });

  it('leaves a connector’s own explanation as it is', () => {
    expect(errorInWords('Mailchimp refused the API key: check it in Account › Extras › API keys.')).toEqual({ text: 'Mailchimp refused the API key: check it in Account › Extras › API keys.', technical: null });
  });
});

describe('export actions offered', () => {
  const contributor: Actor = { userId: 'u1', role: 'contributor' };
  const viewer: Actor = { userId: 'u2', role: 'viewer' };
  const admin: Actor = { userId: 'u3', role: 'admin' };
  const shared = { name: 'Shared', connection: { id: 'c1', name: 'Mailchimp', connectorId: 'mailchimp', connectorName: 'Mailchimp', canUse: true } };
  const unshared = { name: 'Unshared', connection: { id: 'c2', name: 'LinkedIn', connectorId: 'linkedin-ads', connectorName: 'LinkedIn Ads', canUse: false } };
  const detached = { name: 'Detached', connection: null };

  it('follows the core decision: edit where the connection is usable, view elsewhere, nothing for viewers', () => {
    expect(sharingSeenBy(contributor, shared)).toEqual({ mode: 'users', userIds: ['u1'] });
    expect(mayDo(contributor, shared, 'run')).toBe(true);
    expect(mayDo(contributor, unshared, 'edit')).toBe(false);
    expect(mayDo(contributor, unshared, 'view')).toBe(true);
    expect(mayDo(contributor, detached, 'edit')).toBe(false);
    expect(mayDo(admin, detached, 'edit')).toBe(true);
    expect(mayDo(viewer, shared, 'schedule')).toBe(false);
    expect(mayDoAll(contributor, [shared, unshared], 'schedule')).toBe(false);
    expect(mayDoAll(admin, [shared, unshared, detached], 'remove')).toBe(true);
    expect(mayDoAll(admin, [], 'remove')).toBe(false);
  });
});

describe('settings that apply only for some value of another (visibleWhen)', () => {
  const azure = { key: 'destination', equals: 'azure-blob' };
  const settings: ManifestSetting[] = [
    { key: 'destination', label: 'Destination', type: 'select', required: true, secret: false, default: 'azure-blob' },
    { key: 'rootPath', label: 'Folder', type: 'string', required: false, secret: false },
    { key: 'accountName', label: 'Storage account name', type: 'string', required: false, secret: false, visibleWhen: azure },
    { key: 'accountKey', label: 'Account key', type: 'string', required: false, secret: true, visibleWhen: azure },
  ];

  it('shows them only while the condition holds, and sends nothing typed into them once it does not', () => {
    const values = { destination: 'azure-blob', rootPath: 'lake', accountName: 'acct', accountKey: 'k' };
    expect(visibleSettings(settings, values).map((s) => s.key)).toEqual(['destination', 'rootPath', 'accountName', 'accountKey']);
    const local = { ...values, destination: 'local' };
    expect(visibleSettings(settings, local).map((s) => s.key)).toEqual(['destination', 'rootPath']);
    expect(formValues(settings, local, false)).toEqual({ destination: 'local', rootPath: 'lake' });
    expect(formValues(settings, local, true)).toEqual({});
    expect(formValues(settings, values, true)).toEqual({ accountKey: 'k' });
  });
});
