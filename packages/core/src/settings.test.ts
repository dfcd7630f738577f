import { describe, expect, it } from 'vitest';
import { settingApplies } from './settings.js';

const declared = [
  { key: 'destination', default: 'azure-blob' },
  { key: 'rootPath' },
  { key: 'accountName', visibleWhen: { key: 'destination', equals: 'azure-blob' } },
  { key: 'blobEndpoint', visibleWhen: { key: 'accountName', equals: ['devstoreaccount1'] } },
  { key: 'port', default: 587 },
  { key: 'legacy', visibleWhen: { key: 'port', equals: [25, 587] } },
];
const setting = (key: string) => declared.find((s) => s.key === key)!;

describe('settingApplies', () => {
  it('applies a setting without a condition always', () => {
    expect(settingApplies(setting('rootPath'), declared, {})).toBe(true);
  });

  it('reads the other setting’s value, or its default when it has none', () => {
    expect(settingApplies(setting('accountName'), declared, { destination: 'azure-blob' })).toBe(true);
    expect(settingApplies(setting('accountName'), declared, { destination: 'local' })).toBe(false);
    expect(settingApplies(setting('accountName'), declared, {})).toBe(true);
    expect(settingApplies(setting('accountName'), declared, { destination: '' })).toBe(true);
  });

  it('compares as text, against any of several values', () => {
    expect(settingApplies(setting('legacy'), declared, { port: '25' })).toBe(true);
    expect(settingApplies(setting('legacy'), declared, { port: 465 })).toBe(false);
  });

  it('does not apply when the setting it depends on does not apply, or is unknown', () => {
    expect(
      settingApplies(setting('blobEndpoint'), declared, {
        destination: 'azure-blob',
        accountName: 'devstoreaccount1',
      }),
    ).toBe(true);
    expect(
      settingApplies(setting('blobEndpoint'), declared, {
        destination: 'local',
        accountName: 'devstoreaccount1',
      }),
    ).toBe(false);
    expect(
      settingApplies({ key: 'x', visibleWhen: { key: 'nope', equals: 'a' } }, declared, { nope: 'a' }),
    ).toBe(false);
  });

  it('survives a loop of conditions', () => {
    const loop = [
      { key: 'a', visibleWhen: { key: 'b', equals: '1' } },
      { key: 'b', visibleWhen: { key: 'a', equals: '1' } },
    ];
    expect(settingApplies(loop[0]!, loop, { a: '1', b: '1' })).toBe(false);
  });
});
