import { describe, it, expect } from 'vitest';
import {
  can,
  canUseConnection,
  decideExportAction,
  EXPORT_ACTIONS,
  connectionAccess,
  ENVIRONMENT_ACTIONS,
  exportPermission,
  type Actor,
  type ConnectionSharing,
} from './permissions.js';

const admin: Actor = { userId: 'u-admin', role: 'admin' };
const alice: Actor = { userId: 'u-alice', role: 'contributor' };
const bob: Actor = { userId: 'u-bob', role: 'contributor' };
const viewer: Actor = { userId: 'u-vic', role: 'viewer' };
const contributorKey: Actor = { userId: null, role: 'contributor' };

const adminsOnly: ConnectionSharing = { mode: 'admins' };
const allContributors: ConnectionSharing = { mode: 'contributors' };
const aliceOnly: ConnectionSharing = { mode: 'users', userIds: ['u-alice'] };

describe('can', () => {
  it('lets admins do everything', () => {
    expect(ENVIRONMENT_ACTIONS.every((a) => can(admin, a))).toBe(true);
  });

  it('lets contributors build and export but not manage connections, users or keys', () => {
    expect(can(alice, 'segments.write')).toBe(true);
    expect(can(alice, 'exports.create')).toBe(true);
    expect(can(alice, 'system.configure')).toBe(true);
    expect(can(alice, 'connections.manage')).toBe(false);
    expect(can(alice, 'users.manage')).toBe(false);
    expect(can(alice, 'apiKeys.manage')).toBe(false);
    expect(can(alice, 'alerts.manage')).toBe(false);
  });

  it('lets only admins manage alert channels', () => {
    expect(can(admin, 'alerts.manage')).toBe(true);
    expect(can(viewer, 'alerts.manage')).toBe(false);
    expect(can(contributorKey, 'alerts.manage')).toBe(false);
    expect(can({ userId: null, role: 'admin' }, 'alerts.manage')).toBe(true);
  });

  it('lets viewers only view', () => {
    expect(ENVIRONMENT_ACTIONS.filter((a) => can(viewer, a))).toEqual(['environment.view']);
  });

  it('applies the same rules to API keys', () => {
    expect(can(contributorKey, 'segments.refresh')).toBe(true);
    expect(can({ userId: null, role: 'viewer' }, 'tables.write')).toBe(false);
  });
});

describe('canUseConnection', () => {
  it('keeps a connection to admins by default', () => {
    expect(canUseConnection(admin, adminsOnly)).toBe(true);
    expect(canUseConnection(alice, adminsOnly)).toBe(false);
  });

  it('shares with all contributors or with chosen users', () => {
    expect(canUseConnection(bob, allContributors)).toBe(true);
    expect(canUseConnection(alice, aliceOnly)).toBe(true);
    expect(canUseConnection(bob, aliceOnly)).toBe(false);
    expect(canUseConnection(contributorKey, aliceOnly)).toBe(false);
    expect(canUseConnection(contributorKey, allContributors)).toBe(true);
  });

  it('never lets viewers use a connection, even when named', () => {
    expect(canUseConnection(viewer, { mode: 'users', userIds: ['u-vic'] })).toBe(false);
    expect(canUseConnection(viewer, allContributors)).toBe(false);
  });
});

describe('connectionAccess', () => {
  it('shows name and type to everyone but settings and management only to admins', () => {
    expect(connectionAccess(admin, adminsOnly)).toEqual({
      see: true,
      seeSettings: true,
      use: true,
      manage: true,
    });
    expect(connectionAccess(alice, aliceOnly)).toEqual({
      see: true,
      seeSettings: false,
      use: true,
      manage: false,
    });
    expect(connectionAccess(bob, aliceOnly)).toEqual({
      see: true,
      seeSettings: false,
      use: false,
      manage: false,
    });
    expect(connectionAccess(viewer, allContributors)).toEqual({
      see: true,
      seeSettings: false,
      use: false,
      manage: false,
    });
  });
});

describe('exportPermission', () => {
  it('gives contributors edit rights only on exports whose connection they may use', () => {
    expect(exportPermission(admin, adminsOnly)).toBe('edit');
    expect(exportPermission(alice, aliceOnly)).toBe('edit');
    expect(exportPermission(bob, aliceOnly)).toBe('view');
    expect(exportPermission(bob, allContributors)).toBe('edit');
    expect(exportPermission(viewer, allContributors)).toBe('view');
  });

  it('lets only admins edit an export whose connection was detached', () => {
    expect(exportPermission(admin, null)).toBe('edit');
    expect(exportPermission(alice, null)).toBe('view');
  });
});

describe('decideExportAction', () => {
  const ctx = (sharing: ConnectionSharing | null) => ({ exportName: 'Newsletter', connectionSharing: sharing });

  it('lets every role view', () => {
    for (const actor of [admin, alice, viewer, contributorKey]) expect(decideExportAction(actor, 'view', ctx(adminsOnly)).allowed).toBe(true);
  });

  it('needs edit permission for every other action, whatever the action', () => {
    for (const action of EXPORT_ACTIONS.filter((a) => a !== 'view')) {
      expect(decideExportAction(admin, action, ctx(adminsOnly)).allowed, action).toBe(true);
      expect(decideExportAction(alice, action, ctx(aliceOnly)).allowed, action).toBe(true);
      expect(decideExportAction(bob, action, ctx(aliceOnly)).allowed, action).toBe(false);
      expect(decideExportAction(alice, action, ctx(adminsOnly)).allowed, action).toBe(false);
      expect(decideExportAction(viewer, action, ctx(allContributors)).allowed, action).toBe(false);
      expect(decideExportAction(contributorKey, action, ctx(aliceOnly)).allowed, action).toBe(false);
    }
  });

  it('says why in words', () => {
    expect(decideExportAction(bob, 'run', ctx(aliceOnly))).toEqual({ allowed: false, reason: 'You can view "Newsletter" but not change or run it: its connection is not shared with you.' });
    expect(decideExportAction(viewer, 'run', ctx(allContributors))).toMatchObject({ reason: expect.stringContaining('(viewer)') });
    expect(decideExportAction(alice, 'run', ctx(null))).toMatchObject({ reason: expect.stringContaining('only admins') });
  });

  it('checks the new connection when attaching one', () => {
    const target = { name: 'Ads (admins)', sharing: adminsOnly };
    expect(decideExportAction(alice, 'attach', { ...ctx(allContributors), target }).allowed).toBe(false);
    expect(decideExportAction(alice, 'attach', { ...ctx(allContributors), target: { name: 'Shared', sharing: allContributors } }).allowed).toBe(true);
    expect(decideExportAction(admin, 'attach', { ...ctx(null), target }).allowed).toBe(true);
  });
});
