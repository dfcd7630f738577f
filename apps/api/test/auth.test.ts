import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '@outport/demo-data';
import { databaseTargets, Session, startApi, type TestApi } from './harness.js';

const user = (role: string) => DEMO_USERS.find((u) => u.role === role)!;

describe.each(databaseTargets())('auth and roles on $name', (target) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi(target);
    await api.loadDemo(0.01);
  });
  afterAll(async () => api?.close());

  it('refuses anonymous calls with a problem+json 401, except health', async () => {
    const anonymous = new Session(api.url);
    const health = await anonymous.get('/health');
    expect(health.status).toBe(200);
    expect(health.body.database).toBe(target.name);
    const res = await anonymous.get('/environments/consumer-brand/segments');
    expect(res.status).toBe(401);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.title).toBe('Authentication required');
  });

  it('rejects a wrong password without saying which part was wrong', async () => {
    const res = await new Session(api.url).login(user('admin').email, 'not-the-password');
    expect(res.status).toBe(401);
    expect(res.body.detail).toBe('The email or password is not correct.');
    const unknown = await new Session(api.url).login('nobody@example.com', 'whatever');
    expect(unknown.body.detail).toBe(res.body.detail);
  });

  it('logs in with a session cookie, lists environments with roles, and logs out', async () => {
    const s = new Session(api.url);
    const login = await s.login(user('contributor').email, user('contributor').password);
    expect(login.status).toBe(200);
    expect(login.body.email).toBe(user('contributor').email);
    expect(login.body).not.toHaveProperty('passwordHash');
    const envs = await s.get('/environments');
    expect(envs.body.items.map((e: { slug: string; role: string }) => `${e.slug}:${e.role}`).sort()).toEqual([
      'consumer-brand:contributor',
      'industrial-supplier:contributor',
    ]);
    expect((await s.post('/auth/logout')).status).toBe(204);
    expect((await s.get('/auth/me')).status).toBe(401);
  });

  it('checks the role in the environment for every action', async () => {
    const viewer = new Session(api.url);
    await viewer.login(user('viewer').email, user('viewer').password);
    const segments = await viewer.get('/environments/consumer-brand/segments');
    expect(segments.status).toBe(200);
    const refresh = await viewer.post(`/environments/consumer-brand/segments/${segments.body.items[0].id}/refresh`);
    expect(refresh.status).toBe(403);
    expect(refresh.body.detail).toContain('viewer');
    expect((await viewer.post('/environments/consumer-brand/tables', { name: 'X', keyColumn: 'id', columns: [{ name: 'id', type: 'string' }] })).status).toBe(403);

    const contributor = new Session(api.url);
    await contributor.login(user('contributor').email, user('contributor').password);
    expect((await contributor.post(`/environments/consumer-brand/segments/${segments.body.items[0].id}/refresh`)).status).toBe(200);
    expect((await contributor.get('/environments/consumer-brand/api-keys')).status).toBe(403);
    // An environment the caller has no role in looks exactly like one that does not exist.
    expect((await contributor.get('/environments/someone-elses/segments')).status).toBe(404);
  });

  it('lets admins create API keys that carry a role, shows the key once, and revokes them', async () => {
    const admin = new Session(api.url);
    await admin.login(user('admin').email, user('admin').password);
    const created = await admin.post('/environments/consumer-brand/api-keys', { name: 'Nightly sync', role: 'viewer' });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^opk_/);
    expect(key.startsWith(created.body.prefix)).toBe(true);

    const list = await admin.get('/environments/consumer-brand/api-keys');
    expect(JSON.stringify(list.body)).not.toContain(key);
    expect(list.body.items[0]).not.toHaveProperty('keyHash');

    const integrator = new Session(api.url, key);
    const me = await integrator.get('/auth/me');
    expect(me.body).toMatchObject({ kind: 'api-key', name: 'Nightly sync' });
    expect(me.body.environments).toEqual([expect.objectContaining({ slug: 'consumer-brand', role: 'viewer' })]);
    expect((await integrator.get('/environments/consumer-brand/tables')).status).toBe(200);
    // The key belongs to one environment and carries the viewer role.
    expect((await integrator.get('/environments/industrial-supplier/tables')).status).toBe(404);
    expect((await integrator.post('/environments/consumer-brand/tables', { name: 'X', keyColumn: 'id', columns: [{ name: 'id', type: 'string' }] })).status).toBe(403);

    expect((await admin.delete(`/environments/consumer-brand/api-keys/${created.body.id}`)).status).toBe(204);
    expect((await integrator.get('/environments/consumer-brand/tables')).status).toBe(401);
  });

  it('validates request bodies with readable problems', async () => {
    const admin = new Session(api.url);
    await admin.login(user('admin').email, user('admin').password);
    const res = await admin.post('/environments/consumer-brand/api-keys', { name: '', role: 'owner' });
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['name', 'role']);
    const malformed = await admin.post('/environments/consumer-brand/api-keys', '{"name":', 'application/json');
    expect(malformed.status).toBe(400);
    expect(malformed.body.detail).toContain('not valid JSON');
  });
});
