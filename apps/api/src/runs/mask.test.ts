import { describe, expect, it } from 'vitest';
import { maskIdentifiers } from './mask.js';

describe('maskIdentifiers', () => {
  it('hides the key, quoted values, email addresses and phone numbers, and keeps the words', () => {
    expect(maskIdentifiers('Mailchimp refused the member: bob@example.com looks fake or invalid (ERROR_GENERIC)', 'C-0042')).toBe(
      'Mailchimp refused the member: [hidden] looks fake or invalid (ERROR_GENERIC)',
    );
    expect(maskIdentifiers('"bob@" is not a valid email address', 'C-1')).toBe('"[hidden]" is not a valid email address');
    expect(maskIdentifiers('Phone +49 30 1234567 was refused for C-7', 'C-7')).toBe('Phone [hidden] was refused for [hidden]');
    expect(maskIdentifiers('First name is required', 'C-9')).toBe('First name is required');
  });
});
