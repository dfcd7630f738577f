import { describe, expect, it } from 'vitest';
import { FieldSchema, type ConnectorField } from './manifest.js';
import { fingerprintValues, identityFields, isSha256Hex, normalizeValue, prepareRecord, prepareValue, sha256Hex } from './normalize.js';

const USER_EXAMPLE_SHA256 = 'b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514';

const field = (input: Partial<ConnectorField> & { key: string }): ConnectorField =>
  FieldSchema.parse({ label: input.key, type: 'string', ...input });

const email = field({ key: 'email', label: 'Email', type: 'email', identifier: true, normalize: 'email', hash: 'sha256' });
const phone = field({ key: 'phone', label: 'Phone', type: 'phone', identifier: true, normalize: 'phone', hash: 'sha256' });
const firstName = field({ key: 'firstName', label: 'First name', normalize: 'name', hash: 'sha256' });

describe('normalizeValue', () => {
  it('trims and lower-cases emails without rewriting Gmail addresses', () => {
    expect(normalizeValue('  User@Example.COM ', 'email')).toBe('user@example.com');
    expect(normalizeValue('First.Last+tag@Gmail.com', 'email')).toBe('first.last+tag@gmail.com');
  });

  it('reduces phones to E.164 digits, keeping a leading +', () => {
    expect(normalizeValue(' +1 (415) 555-0117 ', 'phone')).toBe('+14155550117');
    expect(normalizeValue('415.555.0117', 'phone')).toBe('4155550117');
    expect(normalizeValue(14155550117, 'phone')).toBe('14155550117');
  });

  it('lower-cases names, drops punctuation and collapses spaces', () => {
    expect(normalizeValue("  Mary-Jane   O'Brien. ", 'name')).toBe('maryjane obrien');
    expect(normalizeValue('Zoë', 'name')).toBe('zoë');
  });

  it('extracts the host for domains and adds a scheme to urls', () => {
    expect(normalizeValue('Someone@Example.com', 'domain')).toBe('example.com');
    expect(normalizeValue('https://WWW.Example.com:8443/path?q=1', 'domain')).toBe('example.com');
    expect(normalizeValue('www.example.org/about', 'domain')).toBe('example.org');
    expect(normalizeValue(' example.com/x ', 'url')).toBe('https://example.com/x');
    expect(normalizeValue('http://example.com', 'url')).toBe('http://example.com');
  });

  it('leaves null, numbers and untouched rules alone', () => {
    expect(normalizeValue(null, 'email')).toBeNull();
    expect(normalizeValue(42, 'trim')).toBe(42);
    expect(normalizeValue(' Keep ', 'none')).toBe(' Keep ');
    expect(normalizeValue(' MiXed ', 'lowercase')).toBe(' mixed ');
  });
});

describe('hashing', () => {
  it('gives the known SHA-256 of a normalised email', () => {
    expect(sha256Hex('user@example.com')).toBe(USER_EXAMPLE_SHA256);
    expect(prepareValue(email, '  USER@example.com ')).toEqual({ ok: true, value: USER_EXAMPLE_SHA256 });
  });

  it('never hashes a value that already is a SHA-256 hex string, only lower-cases it', () => {
    expect(isSha256Hex(USER_EXAMPLE_SHA256.toUpperCase())).toBe(true);
    expect(isSha256Hex('not a hash')).toBe(false);
    expect(prepareValue(email, USER_EXAMPLE_SHA256.toUpperCase())).toEqual({ ok: true, value: USER_EXAMPLE_SHA256 });
  });

  it('hashes phones and names after normalising them', () => {
    expect(prepareValue(phone, '+1 415-555-0117')).toEqual({ ok: true, value: sha256Hex('+14155550117') });
    expect(prepareValue(firstName, ' Mary ')).toEqual({ ok: true, value: sha256Hex('mary') });
  });
});

describe('prepareValue', () => {
  it('rejects an empty required field and lets an empty optional one through as null', () => {
    const required = field({ key: 'email', label: 'Email', required: true, normalize: 'email' });
    expect(prepareValue(required, '  ')).toEqual({ ok: false, reason: 'Email is required' });
    expect(prepareValue(firstName, '')).toEqual({ ok: true, value: null });
  });

  it('rejects an email field that is not an email, quoting the value', () => {
    expect(prepareValue(email, 'not-an-email')).toEqual({ ok: false, reason: '"not-an-email" is not a valid email address' });
  });
});

describe('prepareRecord', () => {
  it('keeps only declared fields, normalised and hashed, leaving empty optional ones out', () => {
    const result = prepareRecord([email, phone, firstName], 'm1', { email: 'User@Example.com', phone: '', secret: 'x' });
    expect(result).toEqual({ ok: true, record: { key: 'm1', values: { email: USER_EXAMPLE_SHA256 } } });
  });

  it('rejects a record whose identifiers are all empty', () => {
    const result = prepareRecord([email, phone, firstName], 'm2', { firstName: 'Ann' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.rejected.key).toBe('m2');
      expect(result.rejected.reason).toBe('The record has no identifier: Email, Phone are all empty');
    }
  });

  it('rejects a record with an invalid field, naming the field', () => {
    const result = prepareRecord([email], 'm3', { email: 'nope' });
    expect(result).toEqual({ ok: false, rejected: { key: 'm3', field: 'email', reason: '"nope" is not a valid email address' } });
  });
});

describe('fingerprintValues', () => {
  it('is compact and changes exactly when a value does, whatever the key order', () => {
    const a = fingerprintValues({ email: 'a@x.io', firstName: 'Ann', phone: '+33612345678' });
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(fingerprintValues({ phone: '+33612345678', firstName: 'Ann', email: 'a@x.io' })).toBe(a);
    expect(fingerprintValues({ email: 'a@x.io', firstName: 'Anne', phone: '+33612345678' })).not.toBe(a);
    expect(fingerprintValues({ email: 'a@x.io', firstName: 'Ann' })).not.toBe(a);
    // Types count: the number 1 and the text "1" are different values at a target.
    expect(fingerprintValues({ n: 1 })).not.toBe(fingerprintValues({ n: '1' }));
  });
});

describe('identityFields', () => {
  it('keeps the identifier fields, or all fields when none is one', () => {
    const name = field({ key: 'name' });
    expect(identityFields([email, name])).toEqual([email]);
    expect(identityFields([name])).toEqual([name]);
  });
});
