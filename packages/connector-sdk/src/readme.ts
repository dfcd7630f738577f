import { windowsOf, type ConnectorManifest, type RequestWindow, type SettingManifest } from './manifest.js';

/**
 * The tables of a connector's README that restate its manifest (connection settings, export
 * options, fields, limits) are generated from it, between marker comments, so they cannot drift
 * from what the connector declares:
 *
 * ```md
 * <!-- outport:fields -->
 * (generated)
 * <!-- /outport:fields -->
 * ```
 *
 * Sections: `settings`, `options`, `fields`, `limits`. Text outside the markers is the author's.
 * `outport-connector manifest` rewrites them with manifest.json; `--check` (and the conformance
 * kit) fail when they are stale.
 */

export const README_SECTIONS = ['settings', 'options', 'fields', 'limits'] as const;
export type ReadmeSection = (typeof README_SECTIONS)[number];

const n = (value: number) => value.toLocaleString('en-US');
const yes = (value: boolean) => (value ? 'yes' : 'no');
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

/** A value as code; a tab or line break written as its escape (`\t`), so the table shows it. */
function code(value: string | number | boolean): string {
  const text = String(value).replace(/[\t\r\n]/g, (c) => JSON.stringify(c).slice(1, -1));
  return `\`${text}\``;
}

/** `destination` is `local`; `mode` is `a` or `b`. */
function shownWhen(condition: NonNullable<SettingManifest['visibleWhen']>): string {
  const values = (Array.isArray(condition.equals) ? condition.equals : [condition.equals]).map(code);
  return `\`${condition.key}\` is ${values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values.at(-1)!}` : values[0]!}`;
}

function settingsTable(settings: SettingManifest[], empty: string): string {
  if (settings.length === 0) return empty;
  const rows = settings.map((s) => {
    const notes = [s.secret ? 'secret: stored encrypted, never returned' : '', s.visibleWhen ? `only when ${shownWhen(s.visibleWhen)}` : '', s.default !== undefined ? `default ${s.default === '' ? 'empty' : code(s.default)}` : '', s.options ? `one of ${s.options.map((o) => code(o.value)).join(', ')}` : '', s.description ?? '']
      .filter(Boolean)
      .join('; ');
    return `| \`${s.key}\` | ${cell(s.label)} | ${s.type} | ${yes(s.required)} | ${cell(notes)} |`;
  });
  return ['| key | label | type | required | notes |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

const NORMALIZATION_WORDS: Record<string, string> = {
  none: 'none',
  trim: 'trim',
  email: 'email (trim, lower-case)',
  phone: 'phone (E.164 digits)',
  name: 'name (lower-case, no punctuation)',
  lowercase: 'lower-case',
  domain: 'domain (host name)',
  url: 'URL (https:// added)',
};

function fieldsText(manifest: ConnectorManifest): string {
  if (manifest.audienceKinds.length === 0) return 'This connector sends tables whole (data-out); it maps no fields.';
  return manifest.audienceKinds
    .map((kind) => {
      const accepts = Object.entries(kind.accepts)
        .map(([environment, types]) => `${environment}: ${(types ?? []).join(', ')}`)
        .join('; ');
      const rows = kind.fields.map(
        (f) =>
          `| \`${f.key}\` | ${cell(f.label)} | ${f.type} | ${f.required ? 'yes' : f.extra ? 'no (extra)' : 'no'} | ${yes(f.identifier)} | ${NORMALIZATION_WORDS[f.normalize] ?? f.normalize} | ${f.hash === 'sha256' ? 'SHA-256' : 'none'} |`,
      );
      return [
        `Audience kind \`${kind.id}\` (${cell(kind.label)}), accepting ${accepts}:`,
        '',
        '| key | label | type | required | identifier | normalisation | hashing |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        ...rows,
      ].join('\n');
    })
    .join('\n\n');
}

export function describeWindow(window: RequestWindow): string {
  const { requests, intervalMs } = window;
  if (intervalMs === 1000) return `${n(requests)} per second`;
  if (intervalMs === 60_000) return `${n(requests)} per minute`;
  if (intervalMs === 3_600_000) return `${n(requests)} per hour`;
  if (intervalMs === 86_400_000) return `${n(requests)} per day`;
  if (intervalMs % 1000 === 0) return `${n(requests)} per ${n(intervalMs / 1000)} seconds`;
  return `${n(requests)} per ${n(intervalMs)} ms`;
}

function limitsTable(manifest: ConnectorManifest): string {
  const { limits } = manifest;
  const rows: [string, string][] = [];
  if (limits.membersPerSegment.min !== undefined) rows.push(['members per segment, at least', n(limits.membersPerSegment.min)]);
  if (limits.membersPerSegment.max !== undefined) rows.push(['members per segment, at most', n(limits.membersPerSegment.max)]);
  if (limits.membersPerExport.max !== undefined) rows.push(['members per export, at most', n(limits.membersPerExport.max)]);
  if (limits.recordsPerRequest !== undefined) rows.push(['records per request', n(limits.recordsPerRequest)]);
  if (limits.bytesPerRequest !== undefined) rows.push(['bytes per request', n(limits.bytesPerRequest)]);
  const windows = windowsOf(limits.requestsPerInterval);
  if (windows.length) rows.push(['requests', windows.map(describeWindow).join(' and ')]);
  rows.push(['concurrent requests', n(limits.concurrentRequests)]);
  for (const [operation, own] of Object.entries(limits.operations ?? {})) {
    if (own.recordsPerRequest !== undefined) rows.push([`records per request (${operation})`, n(own.recordsPerRequest)]);
    if (own.bytesPerRequest !== undefined) rows.push([`bytes per request (${operation})`, n(own.bytesPerRequest)]);
    const ownWindows = windowsOf(own.requestsPerInterval);
    if (ownWindows.length) rows.push([`requests (${operation}, a budget of its own)`, ownWindows.map(describeWindow).join(' and ')]);
    if (own.concurrentRequests !== undefined) rows.push([`concurrent requests (${operation})`, n(own.concurrentRequests)]);
  }
  return ['| limit | value |', '| --- | --- |', ...rows.map(([limit, value]) => `| ${limit} | ${value} |`)].join('\n');
}

/** The generated text of one section. */
export function readmeSection(manifest: ConnectorManifest, section: ReadmeSection): string {
  switch (section) {
    case 'settings':
      return settingsTable(manifest.connection.settings, 'A connection needs no settings.');
    case 'options':
      return settingsTable(manifest.exportOptions, 'An export needs no options.');
    case 'fields':
      return fieldsText(manifest);
    case 'limits':
      return limitsTable(manifest);
  }
}

const MARKER = /<!-- outport:([a-z]+) -->\n[\s\S]*?<!-- \/outport:\1 -->/g;

/** The README with every marked section regenerated; sections it does not mark are left out. */
export function renderReadme(text: string, manifest: ConnectorManifest): string {
  return text.replace(MARKER, (whole, name: string) => {
    if (!(README_SECTIONS as readonly string[]).includes(name)) return whole;
    return `<!-- outport:${name} -->\n${readmeSection(manifest, name as ReadmeSection)}\n<!-- /outport:${name} -->`;
  });
}

/** The sections a README marks. */
export function markedSections(text: string): ReadmeSection[] {
  return [...text.matchAll(MARKER)].map((m) => m[1] as ReadmeSection).filter((name) => (README_SECTIONS as readonly string[]).includes(name));
}
