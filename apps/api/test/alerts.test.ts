import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startMailchimpSandbox } from '@outport/connector-mailchimp/sandbox';
import { ALERT_EVENTS } from '@outport/core';
import { DEMO_USERS } from '@outport/demo-data';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  databaseTargets,
  Session,
  startApi,
  waitForRun,
  type DatabaseTarget,
  type TestApi,
  until,
} from './harness.js';

// Alerts end to end: an SMTP server (smtp-server) and a webhook receiver, both started here on
// loopback, receive what failing runs, a failing system refresh and refused credentials raise.
// Every address used is on loopback.

const ENV = '/environments/consumer-brand';
const PUBLIC_URL = 'https://outport.example.test';
const MAPPING = { email: 'email', firstName: 'firstName', lastName: 'lastName' };
const SMTP_USER = 'outport-alerts';
const SMTP_PASSWORD = 'smtp-password-for-tests';
const OFF = { kind: 'system-refresh', enabled: false };
const TLS_FIXTURE = join(import.meta.dirname, 'fixtures', 'smtp-tls');
const admin = DEMO_USERS.find((u) => u.role === 'admin')!;
const viewer = DEMO_USERS.find((u) => u.role === 'viewer')!;

interface Mail {
  envelopeTo: string[];
  parsed: ParsedMail;
  raw: string;
  secured: boolean;
}

/** An SMTP server on loopback that keeps every message; with `tls`, it offers STARTTLS with the fixture certificate. */
async function startSmtp(options: { tls?: boolean } = {}) {
  const mails: Mail[] = [];
  const logins: string[] = [];
  const server = new SMTPServer({
    logger: false,
    authOptional: Boolean(options.tls),
    allowInsecureAuth: true,
    ...(options.tls
      ? { key: readFileSync(join(TLS_FIXTURE, 'key.pem')), cert: readFileSync(join(TLS_FIXTURE, 'cert.pem')) }
      : { disabledCommands: ['STARTTLS'] }),
    onAuth(auth, _session, callback) {
      logins.push(auth.username ?? '');
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD)
        return callback(null, { user: SMTP_USER });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        void simpleParser(raw).then((parsed) => {
          mails.push({
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            parsed,
            raw,
            secured: Boolean(session.secure),
          });
          callback();
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, logins, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
}

/** A webhook receiver on loopback: records every request, answers the scripted statuses first, then 200. */
async function startReceiver() {
  const requests: Received[] = [];
  const script: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ headers: req.headers, body, json: JSON.parse(body) });
      res.writeHead(script.shift() ?? 200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/outport`,
    requests,
    script,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** How a receiver checks a delivery, as the README tells: HMAC-SHA256 of "<timestamp>.<raw body>", in constant time, and a fresh timestamp. */
function verifySignature(
  secret: string,
  headers: IncomingHttpHeaders,
  body: string,
  now = Date.now(),
): boolean {
  const timestamp = String(headers['x-outport-timestamp']);
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`,
  );
  const given = Buffer.from(String(headers['x-outport-signature']));
  return (
    given.length === expected.length &&
    timingSafeEqual(given, expected) &&
    Math.abs(now / 1000 - Number(timestamp)) < 300
  );
}

const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

/** SQLite on the in-process queue; PostgreSQL (when there) on Bull when Redis is there too (both mandatory in CI). */
function matrix(): { name: string; target: DatabaseTarget; redis: string | null }[] {
  const redis = process.env.REDIS_URL ?? null;
  if (!redis && process.env.CI === 'true')
    throw new Error('CI=true but REDIS_URL is not set: the Bull suite must run in CI.');
  const [first, ...others] = databaseTargets();
  return [
    { name: `${first!.name}, in-process queue`, target: first!, redis: null },
    ...others.map((target) => ({
      name: `${target.name}, ${redis ? 'Bull on Redis' : 'in-process queue'}`,
      target,
      redis,
    })),
  ];
}

describe.each(matrix())('alerts on $name', ({ target, redis }) => {
  let api: TestApi;
  let s: Session;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let mailchimp: Awaited<ReturnType<typeof startMailchimpSandbox>>;
  let connectionId: string;
  let exportId: string;
  let emailChannel: string;
  let webhookChannel: string;
  let signingSecret: string;

  /** The console's session, from the public origin the API is configured with. */
  const login = async (user: { email: string; password: string }) => {
    const session = new Session(api.url, undefined, PUBLIC_URL);
    expect((await session.login(user.email, user.password)).status).toBe(200);
    return session;
  };
  const failingRun = async (
    fault: Parameters<typeof mailchimp.server.inject>[0] = { kind: 'server-error', times: 1, status: 501 },
  ) => {
    mailchimp.server.inject(fault);
    const run = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${exportId}/run`, {})).body.id);
    expect(run.status).toBe('failed');
    return run;
  };
  const forRun = (runId: string) => ({
    hooks: () => receiver.requests.filter((r) => r.json.run?.id === runId),
    mails: () => smtp.mails.filter((m) => m.parsed.text?.includes(runId)),
  });
  const deliveries = async (channel: string) =>
    (await s.get(`${ENV}/alert-channels/${channel}/deliveries`)).body.items as any[];

  beforeAll(async () => {
    api = await startApi(target, {
      OUTPORT_PUBLIC_URL: PUBLIC_URL,
      OUTPORT_ALERT_RETRY_BASE_MS: '50',
      OUTPORT_ALERT_ATTEMPTS: '4',
      ...(redis
        ? { REDIS_URL: redis, OUTPORT_QUEUE_PREFIX: `test-alerts-${process.pid}-${Date.now()}` }
        : {}),
    });
    await api.loadDemo(0.01);
    [smtp, receiver, mailchimp] = await Promise.all([startSmtp(), startReceiver(), startMailchimpSandbox()]);
    s = await login(admin);
    const connection = await s.post(`${ENV}/connections`, {
      name: 'Mailchimp',
      connectorId: 'mailchimp',
      settings: { apiBaseUrl: mailchimp.url },
      secrets: { apiKey: mailchimp.apiKey },
    });
    connectionId = connection.body.id;
    const segment = (await s.get(`${ENV}/segments?limit=100`)).body.items.find(
      (x: { name: string }) => x.name === 'French newsletter subscribers',
    );
    const exp = await s.post(`${ENV}/exports`, {
      name: 'French newsletter',
      type: 'segment',
      connectionId,
      segmentIds: [segment.id],
      mapping: MAPPING,
      options: { audienceId: mailchimp.listId },
      schedule: OFF,
    });
    exportId = exp.body.id;
  });
  afterAll(async () => {
    await Promise.all([smtp?.close(), receiver?.close(), mailchimp?.close()]);
    await api?.close();
  });

  it('lets admins set up email and webhook channels; secrets are sealed and the generated signing secret is shown once', async () => {
    const email = await s.post(`${ENV}/alert-channels`, {
      name: 'Data team mail',
      kind: 'email',
      email: {
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        username: SMTP_USER,
        from: 'outport@example.test',
        recipients: ['data-team@example.test'],
      },
      secrets: { smtpPassword: SMTP_PASSWORD },
    });
    expect(email.status).toBe(201);
    expect(email.body).toMatchObject({
      kind: 'email',
      enabled: true,
      events: ['run.failed', 'system_refresh.failed', 'connection.credentials_refused'],
      email: {
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        username: SMTP_USER,
        recipients: ['data-team@example.test'],
        notifyAdmins: true,
      },
      secretsSet: ['smtpPassword'],
      lastDelivery: null,
    });
    expect(JSON.stringify(email.body)).not.toContain(SMTP_PASSWORD);
    emailChannel = email.body.id;

    const hook = await s.post(`${ENV}/alert-channels`, {
      name: 'Ops webhook',
      kind: 'webhook',
      webhook: { url: receiver.url },
    });
    expect(hook.status).toBe(201);
    expect(hook.body.signingSecret).toMatch(/^whsec_[\w-]{43}$/);
    signingSecret = hook.body.signingSecret;
    webhookChannel = hook.body.id;
    const read = await s.get(`${ENV}/alert-channels/${webhookChannel}`);
    expect(read.body).toMatchObject({ webhook: { url: receiver.url }, secretsSet: ['signingSecret'] });
    expect(JSON.stringify(read.body)).not.toContain(signingSecret);
    expect(JSON.stringify((await s.get(`${ENV}/alert-channels`)).body)).not.toMatch(
      new RegExp(`${SMTP_PASSWORD}|${signingSecret}`),
    );
    // A new secret on request, shown once again.
    const regenerated = await s.patch(`${ENV}/alert-channels/${webhookChannel}`, {
      regenerateSigningSecret: true,
    });
    expect(regenerated.body.signingSecret).toMatch(/^whsec_/);
    expect(regenerated.body.signingSecret).not.toBe(signingSecret);
    signingSecret = regenerated.body.signingSecret;
    expect(
      (await s.patch(`${ENV}/alert-channels/${emailChannel}`, { regenerateSigningSecret: true })).status,
    ).toBe(400);

    // Refused: a webhook URL with credentials, an email channel with no one to write to, a viewer.
    expect(
      (
        await s.post(`${ENV}/alert-channels`, {
          name: 'x',
          kind: 'webhook',
          webhook: { url: 'https://user:pw@hooks.example.test/' },
        })
      ).status,
    ).toBe(400);
    const nobody = await s.post(`${ENV}/alert-channels`, {
      name: 'x',
      kind: 'email',
      email: { host: 'smtp.example.test', port: 587, from: 'a@example.test', notifyAdmins: false },
    });
    expect(nobody.status).toBe(400);
    expect(nobody.body.detail).toMatch(/no one to write to/);
    expect((await (await login(viewer)).get(`${ENV}/alert-channels`)).status).toBe(403);
  });

  it('sends a test message through each channel on request', async () => {
    const mailTest = await s.post(`${ENV}/alert-channels/${emailChannel}/test`);
    expect(mailTest.body).toMatchObject({ ok: true, message: 'The test message was sent.' });
    const mail = await until('the test email', () =>
      smtp.mails.find((m) => m.parsed.subject?.includes('Test message')),
    );
    expect(mail.envelopeTo.sort()).toEqual([admin.email, 'data-team@example.test'].sort());
    expect(smtp.logins).toEqual([SMTP_USER]);

    // A wrong password is worded as such, and nothing is sent.
    await s.patch(`${ENV}/alert-channels/${emailChannel}`, { secrets: { smtpPassword: 'not the password' } });
    const refused = await s.post(`${ENV}/alert-channels/${emailChannel}/test`);
    expect(refused.body).toMatchObject({
      ok: false,
      message: `The SMTP server 127.0.0.1:${smtp.port} refused the username or password (535).`,
    });
    expect(JSON.stringify(refused.body)).not.toContain('not the password');
    expect(smtp.mails).toHaveLength(1);
    await s.patch(`${ENV}/alert-channels/${emailChannel}`, { secrets: { smtpPassword: SMTP_PASSWORD } });

    const hookTest = await s.post(`${ENV}/alert-channels/${webhookChannel}/test`);
    expect(hookTest.body.ok).toBe(true);
    const request = receiver.requests.at(-1)!;
    expect(request.json).toMatchObject({ event: 'test', environment: { slug: 'consumer-brand' } });
    expect(verifySignature(signingSecret, request.headers, request.body)).toBe(true);
    // The test message is not an alert: nothing in the delivery history.
    expect(await deliveries(webhookChannel)).toEqual([]);
  });

  it('sends one alert per channel when a run fails for good: which export, which environment, what failed, a link to the run', async () => {
    const run = await failingRun();
    const { hooks, mails } = forRun(run.id);
    await until('the webhook and the email', () => hooks().length === 1 && mails().length === 1);
    await settle();
    expect(hooks()).toHaveLength(1);
    expect(mails()).toHaveLength(1);

    const hook = hooks()[0]!;
    expect(hook.headers['content-type']).toBe('application/json');
    expect(hook.headers['x-outport-event']).toBe('run.failed');
    expect(verifySignature(signingSecret, hook.headers, hook.body)).toBe(true);
    expect(verifySignature('another secret entirely', hook.headers, hook.body)).toBe(false);
    expect(verifySignature(signingSecret, hook.headers, hook.body.replace('French', 'Franch'))).toBe(false);
    const runLink = `${PUBLIC_URL}/e/consumer-brand/exports?q=French%20newsletter&run=${run.id}`;
    expect(hook.json).toMatchObject({
      event: 'run.failed',
      title: 'Export "French newsletter" failed in Northwind Outfitters',
      environment: { slug: 'consumer-brand', name: 'Northwind Outfitters' },
      export: { id: exportId, name: 'French newsletter' },
      connection: { id: connectionId, name: 'Mailchimp', connector: 'mailchimp' },
      run: {
        id: run.id,
        status: 'failed',
        trigger: 'manual',
        items: [{ name: 'French newsletter subscribers', status: 'failed' }],
      },
      failure: { status: 'failed', error: run.error },
      links: { console: runLink, api: `${PUBLIC_URL}/api/v1/environments/consumer-brand/runs/${run.id}` },
    });
    expect(run.error).toMatch(/501/);
    expect(typeof hook.json.id).toBe('string');
    expect(hook.json.occurredAt).toBe(run.finishedAt);

    const mail = mails()[0]!;
    expect(mail.envelopeTo.sort()).toEqual([admin.email, 'data-team@example.test'].sort());
    expect(mail.parsed.from?.text).toBe('outport@example.test');
    expect(mail.parsed.subject).toBe('[Outport] Export "French newsletter" failed in Northwind Outfitters');
    for (const fact of [
      'Northwind Outfitters (consumer-brand)',
      'Export: French newsletter',
      'Status: Failed',
      `Error: ${run.error}`,
      `Open in Outport: ${runLink}`,
    ])
      expect(mail.parsed.text).toContain(fact);
    expect(mail.parsed.html).toContain(`href="${runLink.replaceAll('&', '&amp;')}"`);

    // Nothing secret and no customer data: no keys or passwords, not a single email address in the content.
    for (const content of [hook.body, mail.parsed.text!, String(mail.parsed.html)]) {
      for (const secret of [mailchimp.apiKey, SMTP_PASSWORD, signingSecret])
        expect(content).not.toContain(secret);
      expect(content).not.toMatch(/@/);
    }
    expect((await deliveries(webhookChannel))[0]).toMatchObject({
      event: 'run.failed',
      status: 'delivered',
      attempts: 1,
      lastError: null,
    });
    expect((await s.get(`${ENV}/alert-channels/${emailChannel}`)).body.lastDelivery).toMatchObject({
      status: 'delivered',
      error: null,
    });
  });

  it('retries a webhook that answers 500 twice, with backoff, and delivers it once', async () => {
    receiver.script.push(500, 500);
    const run = await failingRun();
    const { hooks, mails } = forRun(run.id);
    await until('three attempts', () => hooks().length === 3);
    await until(
      'the delivery to be recorded',
      async () => (await deliveries(webhookChannel))[0]?.status === 'delivered',
    );
    await settle();
    expect(hooks()).toHaveLength(3);
    expect(mails()).toHaveLength(1);
    // The same delivery each time, each attempt signed with its own timestamp.
    expect(new Set(hooks().map((h) => h.headers['x-outport-delivery'])).size).toBe(1);
    expect(hooks().every((h) => verifySignature(signingSecret, h.headers, h.body))).toBe(true);
    expect((await deliveries(webhookChannel))[0]).toMatchObject({
      status: 'delivered',
      attempts: 3,
      lastError: null,
    });
  });

  it('records a webhook delivery as failed after the retry budget', async () => {
    receiver.script.push(503, 503, 503, 503);
    const run = await failingRun();
    await until(
      'the failure to be recorded',
      async () => (await deliveries(webhookChannel))[0]?.status === 'failed',
    );
    expect(forRun(run.id).hooks()).toHaveLength(4);
    const failed = (await deliveries(webhookChannel))[0];
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 4,
      lastError: 'The webhook answered HTTP 503. Gave up after 4 attempt(s).',
    });
    expect((await s.get(`${ENV}/alert-channels/${webhookChannel}`)).body.lastDelivery).toMatchObject({
      status: 'failed',
    });
  });

  it('respects each user’s opt-out, whichever way the channel addresses them', async () => {
    expect((await s.get(`${ENV}/alert-preferences`)).body).toEqual({ optedOut: [] });
    const set = await s.request('PUT', `${ENV}/alert-preferences`, {
      optedOut: ['run.failed', 'run.failed'],
    });
    expect(set.body).toEqual({ optedOut: ['run.failed'] });
    expect((await s.get(`${ENV}/alert-preferences`)).body).toEqual({ optedOut: ['run.failed'] });
    // A second channel that only writes to admins: with the only admin opted out, it has no one to write to.
    const adminsOnly = (
      await s.post(`${ENV}/alert-channels`, {
        name: 'Admins',
        kind: 'email',
        email: {
          host: '127.0.0.1',
          port: smtp.port,
          security: 'none',
          username: SMTP_USER,
          from: 'outport@example.test',
        },
        secrets: { smtpPassword: SMTP_PASSWORD },
      })
    ).body.id;
    // The admin's address listed on the channel is dropped too.
    await s.patch(`${ENV}/alert-channels/${emailChannel}`, {
      email: { recipients: ['data-team@example.test', admin.email.toUpperCase()] },
    });

    const run = await failingRun();
    const { mails } = forRun(run.id);
    await until('the email', () => mails().length === 1);
    await until(
      'the admins-only delivery to settle',
      async () => (await deliveries(adminsOnly))[0]?.status === 'skipped',
    );
    await settle();
    expect(mails()).toHaveLength(1);
    expect(mails()[0]!.envelopeTo).toEqual(['data-team@example.test']);
    expect((await deliveries(adminsOnly))[0]).toMatchObject({
      status: 'skipped',
      lastError: 'No one to write to: every recipient opted out of this event.',
    });

    // API keys have no preferences.
    const key = (await s.post(`${ENV}/api-keys`, { name: 'prefs', role: 'admin' })).body.key;
    expect((await new Session(api.url, key).get(`${ENV}/alert-preferences`)).status).toBe(403);
    await s.request('PUT', `${ENV}/alert-preferences`, { optedOut: [] });
    await s.delete(`${ENV}/alert-channels/${adminsOnly}`);
  });

  it('tells only the channels that ask about runs that succeeded with warnings', async () => {
    const ok = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${exportId}/run`, {})).body.id);
    expect(ok.status).toBe('succeeded');
    const events = (await s.patch(`${ENV}/alert-channels/${webhookChannel}`, { events: [...ALERT_EVENTS] }))
      .body.events;
    expect(events).toEqual([...ALERT_EVENTS]);
    mailchimp.rejectEmails(
      mailchimp.tagMembers(mailchimp.listId, 'French newsletter subscribers').slice(0, 2),
    );
    const run = await waitForRun(
      s,
      ENV,
      (await s.post(`${ENV}/exports/${exportId}/run`, { fullResync: true })).body.id,
    );
    expect(run.status).toBe('succeeded_with_warnings');
    const { hooks, mails } = forRun(run.id);
    await until('the webhook', () => hooks().length === 1);
    await settle();
    expect(mails()).toHaveLength(0);
    expect(hooks()[0]!.json).toMatchObject({
      event: 'run.succeeded_with_warnings',
      summary: 'The run of "French newsletter" finished, with warnings: 2 records rejected.',
      failure: { status: 'succeeded_with_warnings', error: null },
      run: {
        counts: { rejected: 2 },
        items: [{ name: 'French newsletter subscribers', status: 'succeeded_with_warnings', rejected: 2 }],
      },
    });
    // The rejected addresses stay out of the alert.
    expect(hooks()[0]!.body).not.toMatch(/@/);
    mailchimp.rejectEmails([]);
  });

  it('tells about refused credentials once per connection per hour, from runs and connection tests', async () => {
    const refused = (hook: Received) => hook.json.event === 'connection.credentials_refused';
    const first = await failingRun({ kind: 'expired-auth', times: 1 });
    await until(
      'the credentials alerts',
      () =>
        receiver.requests.filter(refused).length === 1 &&
        smtp.mails.filter((m) => m.parsed.subject?.includes('credentials')).length === 1,
    );
    const hook = receiver.requests.find(refused)!;
    expect(hook.json).toMatchObject({
      title: 'The credentials of "Mailchimp" were refused in Northwind Outfitters',
      connection: { id: connectionId, name: 'Mailchimp', connector: 'mailchimp' },
      export: { id: exportId, name: 'French newsletter' },
      failure: { status: 'credentials_refused' },
      links: { console: `${PUBLIC_URL}/e/consumer-brand/exports?q=French%20newsletter&run=${first.id}` },
    });
    expect(hook.json.summary).toContain('in a run of "French newsletter"');
    // The run failing is an alert of its own.
    await until('the run alert', () => forRun(first.id).hooks().length === 1);
    expect(
      forRun(first.id)
        .hooks()
        .map((h) => h.json.event),
    ).toEqual(['run.failed']);

    // Another refusal within the hour, in a run and in a connection test: the run alerts, the credentials do not again.
    const second = await failingRun({ kind: 'expired-auth', times: 1 });
    mailchimp.server.inject({ kind: 'expired-auth', times: 1 });
    const tested = await s.post(`${ENV}/connections/${connectionId}/test`);
    expect(tested.body).toMatchObject({ ok: false });
    expect(Object.keys(tested.body).sort()).toEqual(['durationMs', 'message', 'ok']);
    await until('the second run alert', () => forRun(second.id).hooks().length === 1);
    await settle();
    expect(receiver.requests.filter(refused)).toHaveLength(1);
    expect(smtp.mails.filter((m) => m.parsed.subject?.includes('credentials'))).toHaveLength(1);
  });

  it('tells when a system refresh fails', async () => {
    await s.patch(`${ENV}/exports/${exportId}`, { schedule: { kind: 'system-refresh' } });
    mailchimp.server.inject({ kind: 'server-error', times: 1, status: 501 });
    const refresh = (await s.post(`${ENV}/system/refresh`)).body;
    const hook = await until('the refresh alert', () =>
      receiver.requests.find((r) => r.json.event === 'system_refresh.failed'),
    );
    expect(hook.json).toMatchObject({
      title: 'The system refresh of Northwind Outfitters failed',
      refresh: {
        id: refresh.id,
        status: 'failed',
        processes: [{ kind: 'export', name: 'French newsletter', status: 'failed' }],
      },
      failure: {
        status: 'failed',
        error: expect.stringMatching(/^1 of \d+ processes failed: "French newsletter"\.$/),
      },
      links: {
        console: `${PUBLIC_URL}/e/consumer-brand/system?refresh=${refresh.id}`,
        api: `${PUBLIC_URL}/api/v1/environments/consumer-brand/system/refreshes/${refresh.id}`,
      },
    });
    await until('the refresh email', () =>
      smtp.mails.find(
        (m) => m.parsed.subject === '[Outport] The system refresh of Northwind Outfitters failed',
      ),
    );
    await s.patch(`${ENV}/exports/${exportId}`, { schedule: OFF });
  });

  it('speaks STARTTLS with certificate checks: a private authority is trusted when the channel names it', async () => {
    const tlsSmtp = await startSmtp({ tls: true });
    try {
      const channel = (
        await s.post(`${ENV}/alert-channels`, {
          name: 'TLS mail',
          kind: 'email',
          enabled: false,
          email: {
            host: '127.0.0.1',
            port: tlsSmtp.port,
            from: 'outport@example.test',
            recipients: ['tls@example.test'],
            notifyAdmins: false,
          },
        })
      ).body;
      expect(channel.email.security).toBe('starttls');
      const untrusted = await s.post(`${ENV}/alert-channels/${channel.id}/test`);
      expect(untrusted.body.ok).toBe(false);
      expect(untrusted.body.message).toMatch(
        /^The TLS connection to the SMTP server 127\.0\.0\.1:\d+ failed/,
      );
      expect(tlsSmtp.mails).toHaveLength(0);

      await s.patch(`${ENV}/alert-channels/${channel.id}`, {
        email: { caCertificate: readFileSync(join(TLS_FIXTURE, 'cert.pem'), 'utf8') },
      });
      expect((await s.post(`${ENV}/alert-channels/${channel.id}/test`)).body).toMatchObject({ ok: true });
      expect(tlsSmtp.mails).toHaveLength(1);
      expect(tlsSmtp.mails[0]).toMatchObject({ secured: true, envelopeTo: ['tls@example.test'] });
      await s.delete(`${ENV}/alert-channels/${channel.id}`);
    } finally {
      await tlsSmtp.close();
    }
  });
});

describe('alerts with private targets refused', () => {
  const target = databaseTargets()[0]!;
  let api: TestApi;
  let s: Session;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let mailchimp: Awaited<ReturnType<typeof startMailchimpSandbox>>;

  beforeAll(async () => {
    [smtp, receiver, mailchimp] = await Promise.all([startSmtp(), startReceiver(), startMailchimpSandbox()]);
    // Only the Mailchimp sandbox is let through, so a run can fail on it.
    api = await startApi(target, {
      OUTPORT_ALLOW_PRIVATE_TARGETS: 'false',
      OUTPORT_ALLOWED_TARGETS: new URL(mailchimp.url).host,
      OUTPORT_ALERT_RETRY_BASE_MS: '50',
    });
    await api.loadDemo(0.01);
    s = new Session(api.url);
    await s.login(admin.email, admin.password);
  });
  afterAll(async () => {
    await Promise.all([smtp?.close(), receiver?.close(), mailchimp?.close()]);
    await api?.close();
  });

  it('refuses a webhook or an SMTP server on a loopback address: nothing reaches them, and the failure is recorded at once', async () => {
    const hook = (
      await s.post(`${ENV}/alert-channels`, {
        name: 'Loopback hook',
        kind: 'webhook',
        webhook: { url: receiver.url },
      })
    ).body;
    const mail = (
      await s.post(`${ENV}/alert-channels`, {
        name: 'Loopback mail',
        kind: 'email',
        email: { host: '127.0.0.1', port: smtp.port, security: 'none', from: 'outport@example.test' },
      })
    ).body;
    const REFUSED =
      'Outport does not connect to private, loopback or link-local addresses (127.0.0.1). An operator can allow them with OUTPORT_ALLOW_PRIVATE_TARGETS=true.';
    expect((await s.post(`${ENV}/alert-channels/${hook.id}/test`)).body).toMatchObject({
      ok: false,
      message: `The webhook was not called: ${REFUSED}`,
    });
    expect((await s.post(`${ENV}/alert-channels/${mail.id}/test`)).body).toMatchObject({
      ok: false,
      message: `The SMTP server was not contacted: ${REFUSED}`,
    });

    const connection = (
      await s.post(`${ENV}/connections`, {
        name: 'Mailchimp',
        connectorId: 'mailchimp',
        settings: { apiBaseUrl: mailchimp.url },
        secrets: { apiKey: mailchimp.apiKey },
      })
    ).body;
    const segment = (await s.get(`${ENV}/segments?limit=100`)).body.items.find(
      (x: { name: string }) => x.name === 'French newsletter subscribers',
    );
    const exp = (
      await s.post(`${ENV}/exports`, {
        name: 'French newsletter',
        type: 'segment',
        connectionId: connection.id,
        segmentIds: [segment.id],
        mapping: MAPPING,
        options: { audienceId: mailchimp.listId },
        schedule: OFF,
      })
    ).body;
    mailchimp.server.inject({ kind: 'server-error', times: 1, status: 501 });
    const run = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${exp.id}/run`, {})).body.id);
    expect(run.status).toBe('failed');
    for (const [channel, message] of [
      [hook.id, `The webhook was not called: ${REFUSED}`],
      [mail.id, `The SMTP server was not contacted: ${REFUSED}`],
    ] as const) {
      const [delivery] = await until('the refusal to be recorded', async () => {
        const items = (await s.get(`${ENV}/alert-channels/${channel}/deliveries`)).body.items as any[];
        return items[0]?.status === 'failed' ? items : null;
      });
      expect(delivery).toMatchObject({
        event: 'run.failed',
        status: 'failed',
        attempts: 1,
        lastError: message,
      });
    }
    expect(receiver.requests).toHaveLength(0);
    expect(smtp.mails).toHaveLength(0);
  });
});
