import { describe, expect, it } from 'vitest';
import { cleanName, idSuffix, outputName, OUTPUT_NAME_MAX_BYTES } from './output-name.js';

// The entity-name pattern of Microsoft's model.json schema (docs/schema/modeljsonschema.json).
const CDM_ENTITY_NAME = /^[^\s]([^."]*[^\s])?$/;

describe('output names', () => {
  it('keeps a clean name as it is, without a suffix', () => {
    for (const name of ['Customer', 'EU_VIP', 'High value customers', 'Zoë 東京 🚀', 'a-b (c) & d', 'Kunden+Abo']) {
      expect(outputName(name, 'id-1')).toBe(name);
    }
  });

  it('gives names that clean alike distinct names, each stable across calls', () => {
    const names = ['EU/VIP', 'EU_VIP', 'EU:VIP', 'EU.VIP', 'EU\\VIP', 'EU?VIP', 'EU"VIP'];
    const written = names.map((name, i) => outputName(name, `segment-${i}`));
    expect(new Set(written).size).toBe(names.length);
    expect(written[0]).toBe(`EU_VIP_${idSuffix('segment-0')}`);
    expect(written[1]).toBe('EU_VIP');
    expect(written[0]).toMatch(/^EU_VIP_[0-9a-f]{8}$/);
    expect(names.map((name, i) => outputName(name, `segment-${i}`))).toEqual(written);
  });

  it('derives the suffix from the id alone', () => {
    expect(outputName('EU/VIP', 'abc')).toBe(outputName('EU/VIP', 'abc'));
    expect(outputName('EU/VIP', 'abc')).not.toBe(outputName('EU/VIP', 'abd'));
    expect(idSuffix('abc')).toBe('ba7816bf'); // SHA-256("abc") starts ba7816bf
  });

  it('replaces path, Windows, URL and control characters and trims blanks', () => {
    expect(cleanName('a/b\\c:d*e?f"g<h>i|j.k#l%m')).toEqual({ name: 'a_b_c_d_e_f_g_h_i_j_k_l_m', changed: true });
    expect(cleanName('tab\there\nnew\u2028line\u007f\u0085')).toEqual({ name: 'tab_here_new_line__', changed: true });
    expect(cleanName('  padded  ')).toEqual({ name: 'padded', changed: true });
    expect(cleanName('...')).toEqual({ name: '___', changed: true });
    expect(cleanName('   ')).toEqual({ name: '_', changed: true });
  });

  it('treats device names Windows reserves as needing a suffix', () => {
    expect(outputName('CON', 'x')).toBe(`CON_${idSuffix('x')}`);
    expect(outputName('lpt1', 'x')).toBe(`lpt1_${idSuffix('x')}`);
    expect(outputName('CONSOLE', 'x')).toBe('CONSOLE');
  });

  it('shortens long names on a character boundary, within the byte budget', () => {
    const long = '東'.repeat(60); // 180 bytes
    const cleaned = cleanName(long);
    expect(cleaned.changed).toBe(true);
    expect(Buffer.byteLength(cleaned.name)).toBeLessThanOrEqual(OUTPUT_NAME_MAX_BYTES);
    expect(cleaned.name).toBe('東'.repeat(33));
    expect(outputName(long, 'x')).toBe(`${'東'.repeat(33)}_${idSuffix('x')}`);
    expect(cleanName('🚀'.repeat(30)).name).toBe('🚀'.repeat(25));
  });

  it('always yields a name Microsoft’s model.json schema accepts as an entity name', () => {
    for (const name of ['EU/VIP', 'v1.2 "beta"', ' lead', 'trail ', '.', '"', 'a\u2029b', '\u00a0nbsp\u00a0', 'x'.repeat(300)]) {
      const written = outputName(name, 'id');
      expect(written, name).toMatch(CDM_ENTITY_NAME);
      expect(written.length).toBeLessThanOrEqual(256);
    }
  });
});
