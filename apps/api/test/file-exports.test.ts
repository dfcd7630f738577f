import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkModelJson, startDataLakeSandbox, type DataLakeSandbox } from '@outport/connector-data-lake/sandbox';
import { DEMO_USERS } from '@outport/demo-data';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, Session, startApi, waitForRun, type TestApi } from './harness.js';

/**
 * Issue 9's "done when": a data-out export of the demo tables, and an export of two segments whose
 * names clean to the same text (EU/VIP and EU_VIP), run through the API to a local folder and to
 * stock Azurite, give CDM folders whose model.json passes Microsoft's schema and whose partitions
 * hold every row and every member.
 */

const admin = DEMO_USERS.find((u) => u.role === 'admin')!;
const ENV = '/environments/consumer-brand';
const EU = ['DE', 'FR', 'ES', 'IT', 'NL', 'BE', 'AT', 'PT', 'IE', 'SE', 'DK', 'FI', 'PL'];
const MEMBER_MAPPING = {
  key: 'customerId',
  email: 'email',
  firstName: 'firstName',
  lastName: 'lastName',
  phone: 'phone',
  country: 'country',
  birthDate: 'dateOfBirth',
  score: 'lifetimeValue',
  subscribed: 'emailOptIn',
  updatedAt: 'lastPurchaseAt',
};

/** Reads what a destination holds, whatever it is: file paths relative to its root. */
interface Reader {
  files(): Promise<string[]>;
  read(path: string): Promise<string>;
  pathOf(location: string): string;
}

function localReader(root: string): Reader {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  return {
    files: () => Promise.resolve(walk(root).map((f) => relative(root, f).split('\\').join('/'))),
    read: (path) => Promise.resolve(readFileSync(join(root, path), 'utf8')),
    pathOf: (location) => relative(root, fileURLToPath(location)).split('\\').join('/'),
  };
}

function blobReader(sandbox: DataLakeSandbox, container: string): Reader {
  const base = `${sandbox.blobEndpoint}/${container}/`;
  return {
    files: () => sandbox.list(container),
    read: (path) => sandbox.readText(container, path),
    pathOf: (location) => decodeURIComponent(location.slice(base.length)),
  };
}

describe.each(databaseTargets())('file exports through the API on $name', (target) => {
  let api: TestApi;
  let s: Session;
  let azurite: DataLakeSandbox;
  let segments: { id: string; name: string; memberCount: number }[];
  let tables: { name: string; recordCount: number }[];

  beforeAll(async () => {
    api = await startApi(target);
    mkdirSync(join(api.config.localExportRoot, 'lake'), { recursive: true });
    await api.loadDemo(0.02);
    azurite = await startDataLakeSandbox({ containers: ['lake'] });
    s = new Session(api.url);
    await s.login(admin.email, admin.password);

    const vip = { kind: 'group', combinator: 'or', rules: [{ kind: 'condition', field: 'loyaltyTier', operator: 'equals', value: 'platinum' }, { kind: 'condition', field: 'lifetimeValue', operator: 'greaterThan', value: 2500 }] };
    const rules = {
      'EU/VIP': { kind: 'group', combinator: 'and', rules: [{ kind: 'condition', field: 'country', operator: 'inList', value: EU }, vip] },
      EU_VIP: { kind: 'group', combinator: 'and', rules: [{ kind: 'condition', field: 'country', operator: 'inList', value: ['DE', 'FR'] }, vip] },
    };
    segments = [];
    for (const [name, rule] of Object.entries(rules)) {
      const created = await s.post(`${ENV}/segments`, { name, baseTable: 'Customer', rule });
      expect(created.status).toBe(201);
      const refreshed = await s.post(`${ENV}/segments/${created.body.id}/refresh`);
      segments.push({ id: created.body.id, name, memberCount: refreshed.body.memberCount });
    }
    // Two real audiences of different sizes, so a file holding one of them in place of the other shows.
    expect(segments[0]!.memberCount).toBeGreaterThan(segments[1]!.memberCount);
    expect(segments[1]!.memberCount).toBeGreaterThan(0);
    tables = (await s.get(`${ENV}/tables`)).body.items;
  });
  afterAll(async () => {
    await azurite?.close();
    await api?.close();
  });

  async function memberKeys(segmentId: string): Promise<string[]> {
    const keys: string[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = (await s.get(`${ENV}/segments/${segmentId}/members?limit=200&offset=${offset}`)).body;
      keys.push(...page.items);
      if (keys.length >= page.total) return keys;
    }
  }

  /** Runs an export to its end and returns its folder's model.json, checked against Microsoft's schema. */
  async function runToModel(reader: Reader, exportId: string, exportName: string): Promise<any> {
    const run = await waitForRun(s, ENV, (await s.post(`${ENV}/exports/${exportId}/run`, {})).body.id);
    expect(run.status, JSON.stringify(run.tasks)).toBe('succeeded');
    const path = (await reader.files()).find((f) => `/${f}`.endsWith(`/${exportName}/model.json`));
    expect(path, `${exportName}/model.json`).toBeDefined();
    const model = JSON.parse(await reader.read(path!));
    expect(await checkModelJson(model)).toEqual([]);
    return model;
  }

  /** Every data row of an entity's partitions, as header → value records. */
  async function entityRows(reader: Reader, entity: any): Promise<Record<string, string>[]> {
    const rows: Record<string, string>[] = [];
    for (const partition of entity.partitions) rows.push(...parse<Record<string, string>>(await reader.read(reader.pathOf(partition.location)), { columns: true }));
    return rows;
  }

  const destinations = [
    { name: 'a local folder', connection: () => ({ settings: { destination: 'local', rootPath: 'lake' }, secrets: {} }), reader: () => localReader(join(api.config.localExportRoot, 'lake')) },
    {
      name: 'stock Azurite',
      connection: () => ({ settings: { destination: 'azure-blob', accountName: azurite.accountName, container: 'lake', blobEndpoint: azurite.blobEndpoint }, secrets: { accountKey: azurite.accountKey } }),
      reader: () => blobReader(azurite, 'lake'),
    },
  ];

  it.each(destinations)('writes the demo tables and the EU/VIP and EU_VIP segments whole to $name', async (destination) => {
    const reader = destination.reader();
    const connection = await s.post(`${ENV}/connections`, { name: `Lake (${destination.name})`, connectorId: 'data-lake', ...destination.connection() });
    expect(connection.status, JSON.stringify(connection.body)).toBe(201);

    const dataOutName = `Tables to ${destination.name}`;
    const dataOut = await s.post(`${ENV}/exports`, { name: dataOutName, type: 'data-out', connectionId: connection.body.id, tableIds: tables.map((t) => t.name) });
    expect(dataOut.status, JSON.stringify(dataOut.body)).toBe(201);
    const tableModel = await runToModel(reader, dataOut.body.id, dataOutName);
    expect(tableModel.entities.map((e: any) => e.name).sort()).toEqual(tables.map((t) => t.name).sort());
    for (const table of tables) {
      const rows = await entityRows(reader, tableModel.entities.find((e: any) => e.name === table.name));
      expect(rows, table.name).toHaveLength(table.recordCount);
    }
    const customer = tableModel.entities.find((e: any) => e.name === 'Customer');
    expect(Object.fromEntries(customer.attributes.map((a: any) => [a.name, a.dataType]))).toMatchObject({ ordersCount: 'int64', lifetimeValue: 'double', dateOfBirth: 'date', lastPurchaseAt: 'dateTime' });

    const segmentName = `EU audiences to ${destination.name}`;
    const segmentExport = await s.post(`${ENV}/exports`, {
      name: segmentName,
      type: 'segment',
      connectionId: connection.body.id,
      audienceKind: 'members',
      segmentIds: segments.map((x) => x.id),
      mapping: MEMBER_MAPPING,
    });
    expect(segmentExport.status, JSON.stringify(segmentExport.body)).toBe(201);
    const segmentModel = await runToModel(reader, segmentExport.body.id, segmentName);
    expect(segmentModel.entities).toHaveLength(2);
    const locations = segmentModel.entities.flatMap((e: any) => e.partitions.map((p: any) => p.location));
    expect(new Set(locations).size).toBe(locations.length);
    for (const segment of segments) {
      const entity = segmentModel.entities.find((e: any) => e.annotations.some((a: any) => a.name === 'outport:itemId' && a.value === segment.id));
      expect(entity.name).toMatch(segment.name === 'EU_VIP' ? /^EU_VIP$/ : /^EU_VIP_[0-9a-f]{8}$/);
      const rows = await entityRows(reader, entity);
      expect(rows.map((r) => r.key).sort(), segment.name).toEqual((await memberKeys(segment.id)).sort());
      expect(rows).toHaveLength(segment.memberCount);
    }
  });
});
