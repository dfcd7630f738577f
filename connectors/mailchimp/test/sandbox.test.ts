import mailchimp from '@mailchimp/mailchimp_marketing';
import { afterEach, describe, expect, it } from 'vitest';
import { startMailchimpSandbox, type MailchimpSandbox, type MailchimpSandboxOptions } from '../src/sandbox/index.js';

// The sandbox's defaults are Mailchimp's documented behaviour; each test names the fact it checks.

const GLOSSARY = 'https://mailchimp.com/developer/marketing/docs/errors/';
const INVALID_RESOURCE = "The resource submitted could not be validated. For field-specific details, see the 'errors' array.";

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

let sandbox: MailchimpSandbox | undefined;

async function start(options: MailchimpSandboxOptions = {}): Promise<MailchimpSandbox> {
  sandbox = await startMailchimpSandbox(options);
  return sandbox;
}

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const basic = (key: string) => `Basic ${Buffer.from(`anystring:${key}`).toString('base64')}`;

async function call(
  target: MailchimpSandbox,
  method: string,
  path: string,
  body?: unknown,
  authorization: string | null = basic(target.apiKey),
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (authorization !== null) headers.authorization = authorization;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${target.url}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

function expectProblem(answer: Answer, status: number, title: string, detail?: string | RegExp): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  expect(answer.headers.get('x-request-id')).toBe(answer.body.instance);
  expect(answer.body).toMatchObject({ type: GLOSSARY, title, status, detail: detail ?? expect.any(String), instance: expect.any(String) });
}

const member = (email: string, extra: Record<string, unknown> = {}) => ({ email_address: email, status_if_new: 'subscribed', ...extra });

describe('API keys, as Mailchimp tells them apart', () => {
  it('answers a request without a key "API Key Missing"', async () => {
    const target = await start();
    expectProblem(await call(target, 'GET', '/ping', undefined, null), 401, 'API Key Missing', 'Your request did not include an API key.');
    expectProblem(await call(target, 'GET', '/ping', undefined, basic('')), 401, 'API Key Missing', 'Your request did not include an API key.');
  });

  it('answers a key the account does not have "API Key Invalid"', async () => {
    const target = await start();
    expectProblem(await call(target, 'GET', '/ping', undefined, basic('0123456789abcdef0123456789abcdef-us21')), 401, 'API Key Invalid', /may be invalid/);
  });

  it("answers the account's key with another data center's suffix 403 \"Wrong Datacenter\"", async () => {
    const target = await start({ apiKey: 'abcdef0123456789abcdef0123456789-us21' });
    expectProblem(await call(target, 'GET', '/ping', undefined, basic('abcdef0123456789abcdef0123456789-us5')), 403, 'Wrong Datacenter', /linked to a different datacenter/);
  });

  it('takes the key as a Bearer token too, as the published schema does', async () => {
    const target = await start();
    expect((await call(target, 'GET', '/ping', undefined, `Bearer ${target.apiKey}`)).status).toBe(200);
  });

  it('gives the official client without a key "API Key Missing"', async () => {
    const target = await start();
    mailchimp.basePath = target.url;
    mailchimp.setConfig({ apiKey: '' });
    const error = (await mailchimp.ping.get().catch((e: unknown) => e)) as any;
    expect(error.status).toBe(401);
    expect(error.response.body).toMatchObject({ title: 'API Key Missing' });
  });
});

describe('methods and resources', () => {
  it('answers a wrong method on a known resource 405, naming the allowed ones', async () => {
    const target = await start();
    const ping = await call(target, 'DELETE', '/ping');
    expectProblem(ping, 405, 'Method Not Allowed', "The requested method and resource are not compatible. See the Allow header for this resource's available methods.");
    expect(ping.headers.get('allow')).toBe('GET');
    const list = await call(target, 'PUT', `/lists/${target.listId}`, {});
    expectProblem(list, 405, 'Method Not Allowed');
    expect(list.headers.get('allow')).toBe('GET, POST, PATCH, DELETE');
    expect((await call(target, 'POST', `/lists/${target.listId}/members/abc`, {})).headers.get('allow')).toBe('GET, PUT, PATCH, DELETE');
  });

  it('answers unknown resources and unknown ids 404', async () => {
    const target = await start();
    expectProblem(await call(target, 'GET', '/nothing-here'), 404, 'Resource Not Found', 'The requested resource could not be found.');
    expectProblem(await call(target, 'GET', '/lists/nope'), 404, 'Resource Not Found');
    expectProblem(await call(target, 'POST', '/lists/nope', { members: [] }), 404, 'Resource Not Found');
  });

  it('says plainly when Mailchimp takes a method the sandbox does not simulate', async () => {
    const target = await start();
    const answer = await call(target, 'PATCH', `/lists/${target.listId}`, {});
    expect(answer.status).toBe(501);
    expect(answer.body.detail).toMatch(/sandbox does not simulate PATCH/);
  });
});

describe('request bodies, checked against the published schemas', () => {
  it('refuses a body that is not JSON', async () => {
    const target = await start();
    expectProblem(await call(target, 'POST', `/lists/${target.listId}`, '{"members": ['), 400, 'JSON Parse Exception');
  });

  it('refuses a batch subscribe without members, or with members that are not a list', async () => {
    const target = await start();
    const none = await call(target, 'POST', `/lists/${target.listId}`, { update_existing: true });
    expectProblem(none, 400, 'Invalid Resource', INVALID_RESOURCE);
    expect(none.body.errors).toEqual([{ field: '', message: expect.stringContaining('members') }]);
    const wrong = await call(target, 'POST', `/lists/${target.listId}`, { members: 'a@example.com' });
    expect(wrong.body.errors).toEqual([{ field: 'members', message: expect.any(String) }]);
  });

  it('refuses more than 500 members in one batch subscribe', async () => {
    const target = await start();
    const members = Array.from({ length: 501 }, (_, i) => member(`p${i}@example.com`));
    const answer = await call(target, 'POST', `/lists/${target.listId}`, { members, update_existing: true });
    expectProblem(answer, 400, 'Invalid Resource');
    expect(answer.body.errors).toEqual([{ field: 'members', message: expect.stringContaining('500') }]);
    expect(target.members()).toHaveLength(0);
  });

  it('refuses a status outside the enum, a member with neither status nor status_if_new, and wrong types', async () => {
    const target = await start();
    const answer = await call(target, 'POST', `/lists/${target.listId}`, {
      members: [
        { email_address: 'a@example.com', status: 'active' },
        { email_address: 'b@example.com', merge_fields: { FNAME: 'B' } },
        { email_address: 'c@example.com', status_if_new: 'subscribed', merge_fields: 'C', vip: 'yes' },
      ],
      update_existing: 'true',
    });
    expectProblem(answer, 400, 'Invalid Resource', INVALID_RESOURCE);
    expect(answer.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['members.0.status', 'members.1', 'members.2.merge_fields', 'members.2.vip', 'update_existing']);
    // Refused whole: nobody was added.
    expect(target.members()).toHaveLength(0);
  });

  it('lets the official client read the field errors', async () => {
    const target = await start();
    mailchimp.basePath = target.url;
    mailchimp.setConfig({ apiKey: target.apiKey });
    const error = (await mailchimp.lists.batchListMembers(target.listId, { members: [{ email_address: 'a@example.com', status: 'nope' }] }).catch((e: unknown) => e)) as any;
    expect(error.status).toBe(400);
    expect(error.response.body).toMatchObject({ title: 'Invalid Resource', errors: [{ field: 'members.0.status', message: expect.any(String) }] });
  });

  it('ignores unknown fields, as Mailchimp does, unless rejectUnknownFields asks for more', async () => {
    const lenient = await start();
    const accepted = await call(lenient, 'POST', `/lists/${lenient.listId}`, { members: [member('a@example.com', { colour: 'blue' })], dry_run: true });
    expect(accepted.status).toBe(200);
    expect(accepted.body.total_created).toBe(1);
    await lenient.close();

    const strict = await start({ rejectUnknownFields: true });
    const refused = await call(strict, 'POST', `/lists/${strict.listId}`, { members: [member('a@example.com', { colour: 'blue' })], dry_run: true });
    expectProblem(refused, 400, 'Invalid Resource');
    expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['dry_run', 'members.0.colour']);
  });

  it('refuses tag updates that are not lists of addresses, or longer than 500', async () => {
    const target = await start();
    const segment = (await call(target, 'POST', `/lists/${target.listId}/segments`, { name: 'VIP', static_segment: [] })).body;
    const path = `/lists/${target.listId}/segments/${segment.id}`;
    expect((await call(target, 'POST', path, { members_to_add: 'a@example.com' })).body.errors).toEqual([{ field: 'members_to_add', message: expect.any(String) }]);
    expect((await call(target, 'POST', path, { members_to_add: [1] })).body.errors).toEqual([{ field: 'members_to_add.0', message: expect.any(String) }]);
    const tooMany = Array.from({ length: 501 }, (_, i) => `p${i}@example.com`);
    expectProblem(await call(target, 'POST', path, { members_to_remove: tooMany }), 400, 'Invalid Resource');
    expectProblem(await call(target, 'POST', `/lists/${target.listId}/segments`, { static_segment: [] }), 400, 'Invalid Resource');
  });
});

describe('member statuses, as batch subscribe documents them', () => {
  async function seeded(): Promise<MailchimpSandbox> {
    const target = await start();
    await call(target, 'POST', `/lists/${target.listId}`, { members: [member('sub@example.com')] });
    target.unsubscribe(['self@example.com']);
    target.unsubscribe(['account@example.com'], { by: 'account' });
    target.clean(['bounced@example.com']);
    return target;
  }
  const everyone = ['sub@example.com', 'self@example.com', 'account@example.com', 'bounced@example.com'];
  const statusOf = (target: MailchimpSandbox, email: string) => target.member(email)?.status;

  it('leaves existing statuses alone when only status_if_new is sent, and still updates the member', async () => {
    const target = await seeded();
    const answer = await call(target, 'POST', `/lists/${target.listId}`, {
      members: everyone.map((email) => member(email, { merge_fields: { FNAME: 'New' } })),
      update_existing: true,
    });
    expect(answer.body).toMatchObject({ total_created: 0, total_updated: 4, error_count: 0 });
    expect(everyone.map((email) => statusOf(target, email))).toEqual(['subscribed', 'unsubscribed', 'unsubscribed', 'cleaned']);
    expect(target.member('self@example.com')!.merge_fields).toEqual({ FNAME: 'New' });
  });

  it('changes existing statuses to `status` with update_existing, except where the person unsubscribed or bounced', async () => {
    const target = await seeded();
    const answer = await call(target, 'POST', `/lists/${target.listId}`, {
      members: everyone.map((email) => ({ email_address: email, status: 'subscribed' })),
      update_existing: true,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.updated_members.map((m: { email_address: string }) => m.email_address).sort()).toEqual(['account@example.com', 'sub@example.com']);
    expect(answer.body.errors).toEqual(
      ['self@example.com', 'bounced@example.com'].map((email) => ({
        email_address: email,
        error: `${email} is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.`,
        error_code: 'ERROR_GENERIC',
        field: '',
        field_message: '',
      })),
    );
    expect(everyone.map((email) => statusOf(target, email))).toEqual(['subscribed', 'unsubscribed', 'subscribed', 'cleaned']);
  });

  it('lets someone who unsubscribed be asked to confirm (pending), never a cleaned address', async () => {
    const target = await seeded();
    const answer = await call(target, 'POST', `/lists/${target.listId}`, {
      members: ['self@example.com', 'bounced@example.com'].map((email) => ({ email_address: email, status: 'pending' })),
      update_existing: true,
    });
    expect(answer.body.errors.map((e: { email_address: string }) => e.email_address)).toEqual(['bounced@example.com']);
    expect(statusOf(target, 'self@example.com')).toBe('pending');
    expect(statusOf(target, 'bounced@example.com')).toBe('cleaned');
  });

  it('refuses existing members without update_existing (ERROR_CONTACT_EXISTS)', async () => {
    const target = await seeded();
    const answer = await call(target, 'POST', `/lists/${target.listId}`, { members: [{ email_address: 'self@example.com', status: 'subscribed' }] });
    expect(answer.body.errors).toEqual([expect.objectContaining({ email_address: 'self@example.com', error_code: 'ERROR_CONTACT_EXISTS' })]);
    expect(statusOf(target, 'self@example.com')).toBe('unsubscribed');
  });

  it('tags unsubscribed and cleaned members without touching their status', async () => {
    const target = await seeded();
    const segment = (await call(target, 'POST', `/lists/${target.listId}/segments`, { name: 'Spring', static_segment: [] })).body;
    const answer = await call(target, 'POST', `/lists/${target.listId}/segments/${segment.id}`, { members_to_add: [...everyone, 'stranger@example.com'] });
    expect(answer.body).toMatchObject({ total_added: 4, error_count: 1 });
    expect(target.tagMembers(target.listId, 'Spring').sort()).toEqual([...everyone].sort());
    expect(everyone.map((email) => statusOf(target, email))).toEqual(['subscribed', 'unsubscribed', 'unsubscribed', 'cleaned']);
    expect(target.member('stranger@example.com')).toBeUndefined();
  });
});

describe('the connection cap and throttling', () => {
  it('answers the 11th simultaneous request 429 TooManyRequests, without Retry-After', async () => {
    const target = await start({ latencyMs: 300 });
    const answers = await Promise.all(Array.from({ length: 11 }, () => call(target, 'GET', '/ping')));
    const refused = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
    expect(refused).toHaveLength(1);
    expectProblem(refused[0]!, 429, 'TooManyRequests', 'You have exceeded the limit of 10 simultaneous connections.');
    expect(refused[0]!.headers.get('retry-after')).toBeNull();
    expect(target.server.stats().throttled).toBe(1);
    // Once the ten are answered, the account has its connections back.
    expect((await call(target, 'GET', '/ping')).status).toBe(200);
  });

  it('can switch the cap off (maxConnections: Infinity)', async () => {
    const target = await start({ latencyMs: 100, maxConnections: Infinity });
    const answers = await Promise.all(Array.from({ length: 15 }, () => call(target, 'GET', '/ping')));
    expect(answers.every((a) => a.status === 200)).toBe(true);
  });

  it('sends no Retry-After on injected 429s unless injectedRetryAfterHeader asks for one', async () => {
    const target = await start();
    target.server.inject({ kind: 'rate-limit', times: 1, retryAfterMs: 1_500, via: 'header' });
    const bare = await call(target, 'GET', '/ping');
    expectProblem(bare, 429, 'TooManyRequests');
    expect(bare.headers.get('retry-after')).toBeNull();
    await target.close();

    const named = await start({ injectedRetryAfterHeader: true });
    named.server.inject({ kind: 'rate-limit', times: 1, retryAfterMs: 1_500, via: 'header' });
    expect((await call(named, 'GET', '/ping')).headers.get('retry-after')).toBe('2');
  });
});
