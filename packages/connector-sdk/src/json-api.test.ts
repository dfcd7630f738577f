import { describe, expect, it } from 'vitest';
import { classifyHttpResponse } from './retry.js';
import { describeJsonApiError, jsonApiBody, jsonApiData, jsonApiErrors, jsonApiIdentifiers, jsonApiList, jsonApiPage, jsonApiPointerIndex, JSON_API_HEADERS } from './json-api.js';

describe('JSON:API', () => {
  it('builds request envelopes with attributes and relationships', () => {
    expect(jsonApiBody('profile-bulk-import-job', { profiles: { data: [] } }, { relationships: { lists: [{ type: 'list', id: 'Y6nRLr' }] } })).toEqual({
      data: { type: 'profile-bulk-import-job', attributes: { profiles: { data: [] } }, relationships: { lists: { data: [{ type: 'list', id: 'Y6nRLr' }] } } },
    });
    expect(jsonApiBody('list', { name: 'VIP' }, { id: 'L1' })).toEqual({ data: { type: 'list', id: 'L1', attributes: { name: 'VIP' } } });
    expect(jsonApiIdentifiers('profile', ['p1', 'p2'])).toEqual({ data: [{ type: 'profile', id: 'p1' }, { type: 'profile', id: 'p2' }] });
    expect(JSON_API_HEADERS['content-type']).toBe('application/vnd.api+json');
  });

  it('reads resources, lists and pages', () => {
    const one = { data: { type: 'list', id: 'L1', attributes: { name: 'VIP' } } };
    expect(jsonApiData<{ name: string }>(one).attributes?.name).toBe('VIP');
    expect(() => jsonApiData({ errors: [] })).toThrow('no JSON:API resource');
    expect(jsonApiList(one)).toHaveLength(1);
    expect(jsonApiPage({ data: [{ type: 'list', id: 'a' }], links: { next: 'https://x/y?page=2' } })).toEqual({ items: [{ type: 'list', id: 'a' }], next: 'https://x/y?page=2' });
    expect(jsonApiPage({ data: [], links: { next: null } }).next).toBeNull();
  });

  it('reads errors and describes them, and the client takes their detail and code', () => {
    const body = {
      errors: [
        { id: 'e1', status: 400, code: 'invalid', title: 'Invalid input.', detail: "'email' is not a valid email address.", source: { pointer: '/data/attributes/profiles/data/3/attributes/email' } },
        { status: '400', title: 'Too many', source: { parameter: 'page[size]' } },
      ],
    };
    const errors = jsonApiErrors(body);
    expect(errors[0]).toEqual({ id: 'e1', status: '400', code: 'invalid', title: 'Invalid input.', detail: "'email' is not a valid email address.", source: { pointer: '/data/attributes/profiles/data/3/attributes/email' } });
    expect(describeJsonApiError(errors[0]!)).toBe("'email' is not a valid email address. (invalid; at /data/attributes/profiles/data/3/attributes/email)");
    expect(describeJsonApiError(errors[1]!)).toBe('Too many (parameter page[size])');
    const error = classifyHttpResponse(400, {}, body, { target: 'Klaviyo' })!;
    expect(error.message).toBe("Klaviyo rejected the request (HTTP 400): 'email' is not a valid email address.");
    expect(error.options.code).toBe('invalid');
  });

  it('finds the position an error pointer names in a list of the request', () => {
    const list = '/data/attributes/profiles/data';
    expect(jsonApiPointerIndex('/data/attributes/profiles/data/3/attributes/email', list)).toBe(3);
    expect(jsonApiPointerIndex('/data/attributes/profiles/data/12', list)).toBe(12);
    expect(jsonApiPointerIndex('/data/attributes/profiles', list)).toBeUndefined();
    expect(jsonApiPointerIndex('/data/relationships/lists/data/0', list)).toBeUndefined();
    expect(jsonApiPointerIndex('/data/attributes/profiles/data/01', list)).toBeUndefined();
    expect(jsonApiPointerIndex('/a~1b/2', '/a~1b')).toBe(2);
    expect(jsonApiPointerIndex(undefined, list)).toBeUndefined();
  });
});
