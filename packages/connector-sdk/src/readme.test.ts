import { describe, expect, it } from 'vitest';
import { ManifestSchema } from './manifest.js';
import { markedSections, renderReadme } from './readme.js';

const manifest = ManifestSchema.parse({
  id: 'acme',
  name: 'Acme',
  category: 'advertising',
  description: 'x',
  version: '1.0.0',
  sdk: '^0.2.0',
  exportTypes: ['segment'],
  audienceKinds: [
    {
      id: 'contact',
      label: 'People',
      accepts: { individuals: ['profile'], business: ['contact'] },
      fields: [
        { key: 'email', label: 'Email', type: 'email', required: true, identifier: true, normalize: 'email', hash: 'sha256' },
        { key: 'firstName', label: 'First | name', type: 'string', normalize: 'name', extra: true },
      ],
    },
  ],
  connection: { settings: [{ key: 'apiKey', label: 'API key', required: true, secret: true }] },
  limits: { membersPerSegment: { min: 300 }, recordsPerRequest: 10_000, requestsPerInterval: [{ requests: 10, intervalMs: 1_000 }, { requests: 150, intervalMs: 60_000 }], operations: { remove: { recordsPerRequest: 1_000 } } },
});

describe('README tables', () => {
  const readme = ['# Acme', '', 'Words of the author.', '', '<!-- outport:fields -->', 'stale', '<!-- /outport:fields -->', '', '<!-- outport:limits -->', '<!-- /outport:limits -->', ''].join('\n');

  it('regenerates the marked sections from the manifest and leaves the rest alone', () => {
    const text = renderReadme(readme, manifest);
    expect(markedSections(text)).toEqual(['fields', 'limits']);
    expect(text).toContain('Words of the author.');
    expect(text).not.toContain('stale');
    expect(text).toContain('| `email` | Email | email | yes | yes | email (trim, lower-case) | SHA-256 |');
    expect(text).toContain('| `firstName` | First \\| name | string | no (extra) | no | name (lower-case, no punctuation) | none |');
    expect(text).toContain('| members per segment, at least | 300 |');
    expect(text).toContain('| requests | 10 per second and 150 per minute |');
    expect(text).toContain('| records per request (remove) | 1,000 |');
    // Rendering is stable: a current README renders to itself, which is what --check compares.
    expect(renderReadme(text, manifest)).toBe(text);
    expect(renderReadme('No markers here.', manifest)).toBe('No markers here.');
  });

  it('generates the settings and options tables, with defaults, choices and the condition a setting is shown on', () => {
    const withOptions = ManifestSchema.parse({
      ...manifest,
      connection: {
        settings: [
          { key: 'region', label: 'Region', type: 'select', required: true, default: 'eu', options: [{ value: 'eu', label: 'EU' }, { value: 'us', label: 'US' }] },
          { key: 'bucket', label: 'Bucket', visibleWhen: { key: 'region', equals: ['eu', 'us'] }, description: 'Must | exist.' },
          { key: 'apiKey', label: 'API key', required: true, secret: true },
        ],
      },
      exportOptions: [
        { key: 'listPrefix', label: 'List name prefix', default: 'Outport: ', description: 'Put before the segment name.' },
        { key: 'delimiter', label: 'Delimiter', type: 'select', default: '\t', options: [{ value: '\t', label: 'Tab' }, { value: '|', label: 'Pipe' }] },
        { key: 'prefix', label: 'File name prefix', default: '' },
      ],
      limits: { ...manifest.limits, requestsPerInterval: [{ requests: 10, intervalMs: 1_000 }, { requests: 150, intervalMs: 86_400_000 }] },
    });
    const text = renderReadme(['<!-- outport:settings -->', '<!-- /outport:settings -->', '<!-- outport:options -->', '<!-- /outport:options -->', '<!-- outport:limits -->', '<!-- /outport:limits -->'].join('\n'), withOptions);
    expect(markedSections(text)).toEqual(['settings', 'options', 'limits']);
    expect(text).toContain('| `region` | Region | select | yes | default `eu`; one of `eu`, `us` |');
    expect(text).toContain('| `bucket` | Bucket | string | no | only when `region` is `eu` or `us`; Must \\| exist. |');
    expect(text).toContain('| `apiKey` | API key | string | yes | secret: stored encrypted, never returned |');
    expect(text).toContain('<!-- outport:options -->\n| key | label | type | required | notes |\n| --- | --- | --- | --- | --- |\n| `listPrefix` | List name prefix | string | no | default `Outport: `; Put before the segment name. |\n');
    expect(text).toContain('| `delimiter` | Delimiter | select | no | default `\\t`; one of `\\t`, `\\|` |');
    expect(text).toContain('| `prefix` | File name prefix | string | no | default empty |\n<!-- /outport:options -->');
    expect(text).toContain('| requests | 10 per second and 150 per day |');
    expect(renderReadme('<!-- outport:options -->\n<!-- /outport:options -->', { ...withOptions, exportOptions: [] })).toBe('<!-- outport:options -->\nAn export needs no options.\n<!-- /outport:options -->');
  });
});
