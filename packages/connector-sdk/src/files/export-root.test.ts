import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PermanentError } from '../errors.js';
import { configureLocalExportRoot, joinInside, localExportRoot, resetLocalExportRoot, resolveUnderExportRoot } from './export-root.js';

let base: string;
let root: string;
let outside: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'outport-export-root-'));
  root = join(base, 'exports');
  outside = join(base, 'elsewhere');
  mkdirSync(join(root, 'lake'), { recursive: true });
  mkdirSync(outside);
  symlinkSync(outside, join(root, 'out-link'));
  symlinkSync(join(root, 'lake'), join(root, 'in-link'));
  symlinkSync(join(base, 'missing'), join(root, 'dangling'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));
afterEach(() => {
  resetLocalExportRoot();
  vi.unstubAllEnvs();
});

const refusal = (path: string) => resolveUnderExportRoot(path).then(() => undefined, (error: unknown) => error as Error);

describe('resolveUnderExportRoot', () => {
  it('resolves relative folders against the root and accepts absolute ones inside it', async () => {
    configureLocalExportRoot(root);
    expect(await resolveUnderExportRoot('lake')).toBe(join(root, 'lake'));
    expect(await resolveUnderExportRoot('lake/2026/new')).toBe(join(root, 'lake', '2026', 'new'));
    expect(await resolveUnderExportRoot(join(root, 'lake'))).toBe(join(root, 'lake'));
    expect(await resolveUnderExportRoot('.')).toBe(root);
    expect(await resolveUnderExportRoot('in-link/sub')).toBe(join(root, 'in-link', 'sub'));
  });

  it('refuses .. escapes and absolute paths elsewhere', async () => {
    configureLocalExportRoot(root);
    for (const path of ['..', '../elsewhere', 'lake/../../elsewhere', outside, '/etc']) {
      const error = await refusal(path);
      expect(error, path).toBeInstanceOf(PermanentError);
      expect(error!.message, path).toMatch(/is outside the export folder .*OUTPORT_LOCAL_EXPORT_ROOT/);
    }
  });

  it('refuses symbolic links that lead out of the root, existing or dangling', async () => {
    configureLocalExportRoot(root);
    for (const path of ['out-link', 'out-link/sub/deeper', 'dangling', 'dangling/sub']) {
      const error = await refusal(path);
      expect(error, path).toBeInstanceOf(PermanentError);
      expect(error!.message, path).toMatch(/goes through a symbolic link that leads outside the export folder/);
    }
  });

  it('says when no root is configured or it does not exist', async () => {
    vi.stubEnv('OUTPORT_LOCAL_EXPORT_ROOT', '');
    vi.stubEnv('OUTPORT_DATA_DIR', '');
    expect((await refusal('lake'))!.message).toMatch(/^No folder for local exports is configured/);
    configureLocalExportRoot(join(base, 'nope'));
    expect((await refusal('lake'))!.message).toMatch(/does not exist\. Create it, or set OUTPORT_LOCAL_EXPORT_ROOT/);
  });

  it('reads the environment when the host set nothing', () => {
    vi.stubEnv('OUTPORT_LOCAL_EXPORT_ROOT', root);
    expect(localExportRoot()).toBe(root);
    vi.stubEnv('OUTPORT_LOCAL_EXPORT_ROOT', '');
    vi.stubEnv('OUTPORT_DATA_DIR', base);
    expect(localExportRoot()).toBe(join(base, 'exports'));
  });
});

describe('joinInside', () => {
  it('joins a relative path and refuses one that climbs out', () => {
    expect(joinInside('/data/exports/lake', 'Customer/part-1.csv')).toBe('/data/exports/lake/Customer/part-1.csv');
    expect(() => joinInside('/data/exports/lake', '../../secrets')).toThrow(PermanentError);
  });
});
