import { describe, expect, it } from 'vitest';
import { CsvEncoder } from '../src/csv.js';
import { exportFileName } from '../src/file-name.js';

describe('CSV rows', () => {
  it('quotes only fields holding the delimiter, a quote or a line break, doubling quotes', () => {
    const csv = new CsvEncoder(';');
    expect(csv.row(['a', 'b;c', 'say "x"', 'l1\nl2', 'comma,ok', null, 3.5, false])).toBe('a;"b;c";"say ""x""";"l1\nl2";comma,ok;;3.5;false\r\n');
  });

  it('treats a tab delimiter like any other', () => {
    expect(new CsvEncoder('\t').row(['a\tb', 'c'])).toBe('"a\tb"\tc\r\n');
  });
});

describe('file names', () => {
  const startedAt = new Date(Date.UTC(2025, 0, 2, 3, 4, 59));

  it('are <prefix><item name>_<yyyyMMddHHmm>.csv[.gz] in UTC', () => {
    expect(exportFileName('acme_', 'High value', startedAt, false)).toBe('acme_High value_202501020304.csv');
    expect(exportFileName('', 'Orders', startedAt, true)).toBe('Orders_202501020304.csv.gz');
  });

  it('never let an item name reach into another folder', () => {
    expect(exportFileName('', '../etc/passwd', startedAt, false)).toBe('.._etc_passwd_202501020304.csv');
  });
});
