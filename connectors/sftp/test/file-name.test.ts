import { idSuffix } from '@outport/connector-sdk';
import { describe, expect, it } from 'vitest';
import { exportFileName } from '../src/file-name.js';

// CSV encoding is the SDK's (CsvEncoder, tested there); what is this connector's own is the names.
describe('file names', () => {
  const startedAt = new Date(Date.UTC(2025, 0, 2, 3, 4, 59));

  it('are <prefix><item name>_<yyyyMMddHHmm>.csv[.gz] in UTC', () => {
    expect(exportFileName('acme_', { name: 'High value', id: 's-1' }, startedAt, false)).toBe('acme_High value_202501020304.csv');
    expect(exportFileName('', { name: 'Orders', id: 't-1' }, startedAt, true)).toBe('Orders_202501020304.csv.gz');
  });

  it('never let an item name reach into another folder, and keep cleaned names apart by id', () => {
    expect(exportFileName('', { name: '../etc/passwd', id: 's-2' }, startedAt, false)).toBe(`___etc_passwd_${idSuffix('s-2')}_202501020304.csv`);
    expect(exportFileName('', { name: 'EU/VIP', id: 's-3' }, startedAt, false)).not.toBe(exportFileName('', { name: 'EU_VIP', id: 's-4' }, startedAt, false));
  });

  it('keep the prefix as typed, except path separators', () => {
    expect(exportFileName('acme.v2/', { name: 'Orders', id: 't-1' }, startedAt, false)).toBe('acme.v2_Orders_202501020304.csv');
  });
});
