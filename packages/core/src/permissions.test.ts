import { describe, it, expect } from 'vitest';
import {
  can,
  canUseConnection,
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
