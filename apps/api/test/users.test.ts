import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '@outport/demo-data';
import { databaseTargets, loginAs, Session, startApi, type Session as S, type TestApi } from './harness.js';

const B2C = '/environments/consumer-brand';
const B2B = '/environments/industrial-supplier';
const demo = (role: string) => DEMO_USERS.find((u) => u.role === role)!;

describe.each(databaseTargets())('users of an environment on $name', (target) => {
  let api: TestApi;
  let admin: S;

  beforeAll(async () => {
    api = await startApi(target);
    await api.loadDemo(0.01);
    admin = await loginAs(api.url, 'admin');
  });
  afterAll(async () => api?.close());

  it('lists the members with their role, sorted and searchable', async () => {
    const list = await admin.get(`${B2C}/users?sort=role`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
      [demo('admin').email, 'admin'],
      [demo('contributor').email, 'contributor'],
      [demo('viewer').email, 'viewer'],
    ]);
    expect(list.body.items[0]).not.toHaveProperty('passwordHash');
    const found = await admin.get(`${B2C}/users?q=${encodeURIComponent(demo('viewer').name)}`);
    expect(found.body.items).toHaveLength(1);
  });

  it('invites someone new with a first password shown once, which logs them in to that environment only', async () => {
    const invited = await admin.post(`${B2C}/users`, { email: 'Ana.Ruiz@Example.com', name: 'Ana Ruiz', role: 'contributor' });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email: 'ana.ruiz@example.com', name: 'Ana Ruiz', role: 'contributor', invited: true });
    expect(invited.body.initialPassword).toMatch(/^[\w-]{22}$/);
    const ana = new Session(api.url);
    expect((await ana.login('ana.ruiz@example.com', invited.body.initialPassword)).status).toBe(200);
    const me = (await ana.get('/auth/me')).body;
    expect(me.environments.map((e: { slug: string; role: string }) => [e.slug, e.role])).toEqual([['consumer-brand', 'contributor']]);

    // Adding the same person elsewhere reuses the user: no new password, their name stays.
    const added = await admin.post(`${B2B}/users`, { email: 'ana.ruiz@example.com', role: 'viewer' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: invited.body.id, name: 'Ana Ruiz', invited: false, initialPassword: null });
    expect((await ana.get('/auth/me')).body.environments).toHaveLength(2);

    const again = await admin.post(`${B2C}/users`, { email: 'ana.ruiz@example.com', role: 'viewer' });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('already a member');
  });

  it('needs a name to invite someone new, and refuses bad roles with a problem naming the field', async () => {
    const nameless = await admin.post(`${B2C}/users`, { email: 'nobody-yet@example.com', role: 'viewer' });
    expect(nameless.status).toBe(400);
    expect(nameless.body.errors).toEqual([expect.objectContaining({ field: 'name' })]);
    const badRole = await admin.post(`${B2C}/users`, { email: 'x@example.com', name: 'X', role: 'owner' });
    expect(badRole.status).toBe(400);
  });

  it('changes roles and removes members, but never the last admin', async () => {
    const members = (await admin.get(`${B2C}/users`)).body.items as { id: string; email: string }[];
    const adminId = members.find((m) => m.email === demo('admin').email)!.id;
    const viewerId = members.find((m) => m.email === demo('viewer').email)!.id;

    const demote = await admin.patch(`${B2C}/users/${adminId}`, { role: 'viewer' });
    expect(demote.status).toBe(409);
    expect(demote.body.detail).toContain('last admin');
    expect((await admin.delete(`${B2C}/users/${adminId}`)).status).toBe(409);

    const promoted = await admin.patch(`${B2C}/users/${viewerId}`, { role: 'admin' });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('admin');
    const viewer = await loginAs(api.url, 'viewer');
    expect((await viewer.get(`${B2C}/users`)).status).toBe(200);

    // With a second admin, the first may step down; then the other is the last one.
    expect((await viewer.patch(`${B2C}/users/${viewerId}`, { role: 'viewer' })).status).toBe(200);
    expect((await viewer.get(`${B2C}/users`)).status).toBe(403);

    expect((await admin.delete(`${B2C}/users/${viewerId}`)).status).toBe(204);
    expect((await viewer.get(`${B2C}/segments`)).status).toBe(404);
    expect((await admin.delete(`${B2C}/users/${viewerId}`)).status).toBe(404);
  });
});
