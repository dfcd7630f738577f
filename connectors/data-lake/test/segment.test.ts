import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { idSuffix, type ExportItem, type SourceRecord } from '@outport/connector-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER_FIELDS } from '../src/manifest.js';
import { checkModelJson } from '../src/sandbox/index.js';
import { ENVIRONMENT_FOLDER, exportContext, localReader, parseCsv, runItems, type OutputReader } from './support.js';

const segment: ExportItem = { kind: 'segment', id: 's-1', name: 'High value / EU', segmentType: 'contact', memberCount: 3 };
const members: SourceRecord[] = [
  { key: 'c1', values: { key: 'c1', email: 'Ana@Example.com', firstName: 'Ana', lastName: 'Lopez, Jr.', score: 12.5, subscribed: true } },
  { key: 'c2', values: { key: 'c2', email: 'bo@example.com', country: 'Ísland', birthDate: '1990-02-03' } },
  { key: 'c3', values: { key: 'c3' } },
];

describe('a segment export', () => {
  let root: string;
  let reader: OutputReader;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'outport-lake-'));
    reader = localReader(root);
    const context = exportContext({ destination: 'local', rootPath: root }, {}, { audienceKind: 'members', exportName: 'Audiences' });
    const result = await runItems(context, [{ item: segment, records: members }]);
    expect(result.items[0]!.accepted).toBe(3);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('writes its members with the mapped attributes, one column per field of the audience kind', async () => {
    // The segment name's slash cannot be a path separator: it becomes _, and the cleaned name gets a
    // suffix from the segment's id so it cannot meet another segment's files.
    const [file, ...others] = (await reader.files()).filter((f) => f.endsWith('.csv'));
    expect(others).toEqual([]);
    const name = `High value _ EU_${idSuffix('s-1')}`;
    expect(file).toBe(`${ENVIRONMENT_FOLDER}/Audiences/${name}/2024/03/31/1405/${name}_1.csv`);
    const [header, ...rows] = parseCsv(await reader.read(file!));
    expect(header).toEqual(MEMBER_FIELDS.map((f) => f.key));
    const column = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => r[column('key')])).toEqual(['c1', 'c2', 'c3']);
    expect(rows[0]![column('lastName')]).toBe('Lopez, Jr.');
    expect(rows[0]![column('score')]).toBe('12.5');
    expect(rows[0]![column('subscribed')]).toBe('true');
    expect(rows[1]![column('country')]).toBe('Ísland');
    expect(rows[1]![column('birthDate')]).toBe('1990-02-03');
    expect(rows[2]!.filter((v) => v !== '')).toEqual(['c3']);
  });

  it('describes the segment as an entity in model.json', async () => {
    const model = JSON.parse(await reader.read(`${ENVIRONMENT_FOLDER}/Audiences/model.json`));
    expect(await checkModelJson(model)).toEqual([]);
    expect(model.entities).toHaveLength(1);
    expect(model.entities[0].name).toBe(`High value _ EU_${idSuffix('s-1')}`);
    expect(model.entities[0].annotations).toEqual([
      { name: 'outport:itemId', value: 's-1' },
      { name: 'outport:itemName', value: 'High value / EU' },
    ]);
    expect(model.entities[0].attributes.map((a: any) => a.name)).toEqual(MEMBER_FIELDS.map((f) => f.key));
    expect(model.entities[0].partitions).toHaveLength(1);
  });
});
