import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stableJson } from '../src/common/stable-json.js';
import { loadConfig } from '../src/config/config.js';
import { migrate, openOrm } from '../src/database/orm.js';
import { createApp, openApiDocument } from '../src/server.js';
import { databaseTargets } from './harness.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

describe.each(databaseTargets())('migrations on $name', (target) => {
  it('create exactly the schema the entities describe, and are idempotent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outport-migrations-'));
    const database = await target.create(dir);
    const orm = await openOrm(loadConfig({ OUTPORT_DATA_DIR: dir, DATABASE_URL: database.url }).database);
    try {
      expect((await migrate(orm)).length).toBeGreaterThan(0);
      expect(await migrate(orm)).toEqual([]);
      // Nothing left to change: the checked-in migrations match the entities on this database.
      expect((await orm.schema.getUpdateSchemaSQL({ wrap: false })).trim()).toBe('');
    } finally {
      await orm.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('OpenAPI document', () => {
  it('is checked in and matches the code (run `npm run openapi` when this fails)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outport-openapi-'));
    const orm = await openOrm({ driver: 'sqlite', path: ':memory:' });
    const app = await createApp(loadConfig({ OUTPORT_DATA_DIR: dir, LOG_LEVEL: 'error' }), orm);
    const generated = stableJson(openApiDocument(app));
    await app.close();
    rmSync(dir, { recursive: true, force: true });
    const checkedIn = readFileSync(join(import.meta.dirname, '..', 'openapi.json'), 'utf8');
    expect(generated === checkedIn).toBe(true);
  });
});
