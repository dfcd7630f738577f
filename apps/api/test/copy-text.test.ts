import { describe, expect, it } from 'vitest';
import { copyTextRows } from '../src/runs/copy-text.js';

async function rows(...chunks: Buffer[]): Promise<(string | null)[][]> {
  const out = [];
  for await (const rows of copyTextRows(
    (async function* () {
      for (const chunk of chunks) yield await Promise.resolve(chunk);
    })(),
  ))
    out.push(...rows);
  return out;
}

describe('COPY text format rows', () => {
  it('reads nulls, escapes and empty values', async () => {
    const text = 'a\t\\N\t\n' + 'b\tline\\nbreak\\ttab\\\\slash\t\\\\N\n' + 'c\t\\101\\x42\t\\r\n';
    expect(await rows(Buffer.from(text))).toEqual([
      ['a', null, ''],
      ['b', 'line\nbreak\ttab\\slash', '\\N'],
      ['c', 'AB', '\r'],
    ]);
  });

  it('joins rows and characters split across chunks', async () => {
    const bytes = Buffer.from('k1\tünï\nk2\t日本\n', 'utf8');
    // Cut inside "ü" (two bytes) and inside "日" (three bytes), and between a row and its newline.
    const cuts = [4, 13, 18];
    const chunks = [0, ...cuts].map((from, i) => bytes.subarray(from, cuts[i] ?? bytes.length));
    expect(await rows(...chunks)).toEqual([
      ['k1', 'ünï'],
      ['k2', '日本'],
    ]);
  });
});
