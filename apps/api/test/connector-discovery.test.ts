import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SDK_VERSION } from '@outport/connector-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Connector packages outside the repository, as a partner develops them: in a folder of their own
 * with no node_modules, found through OUTPORT_CONNECTOR_PATHS naming their parent folder.
 */
const outside = mkdtempSync(join(tmpdir(), 'outport-partner-connectors-'));

function connectorPackage(folder: string, id: string, code: string, extra: { manifest?: string; packageJson?: string } = {}): void {
  const dir = join(outside, folder);
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), extra.packageJson ?? JSON.stringify({ name: `@partner/connector-${id}`, version: '1.0.0', outport: { connector: true }, peerDependencies: { '@outport/connector-sdk': `^${SDK_VERSION}` } }));
  const manifest = { id, name: `Partner ${id}`, category: 'other', description: 'A partner connector.', version: '1.0.0', sdk: `^${SDK_VERSION}`, exportTypes: ['data-out'] };
  writeFileSync(join(dir, 'manifest.json'), extra.manifest ?? JSON.stringify(manifest));
  writeFileSync(join(dir, 'dist', 'index.js'), code);
}

/**
 * Runs the built registry in a plain Node process, as the API runs it (vitest's own module loader
 * would resolve the SDK for the connector and hide what Node does), and reports what it found.
 */
function discover(paths: string[]): { ids: string[]; refused: { packageName: string; reason: string }[]; loads: Record<string, string>; log: string } {
  const registry = pathToFileURL(join(import.meta.dirname, '..', 'dist', 'connectors', 'connector-registry.js')).href;
  const script = `
    const { ConnectorRegistry } = await import(${JSON.stringify(registry)});
    const registry = new ConnectorRegistry({ connectorAllowList: null, connectorPaths: ${JSON.stringify(paths)} });
    const loads = {};
    for (const { manifest } of registry.list().filter((c) => c.packageName.startsWith('@partner/'))) {
      try {
        const connector = await registry.load(manifest.id);
        await connector.testConnection({ settings: {}, secrets: {}, signal: new AbortController().signal, logger: console });
        loads[manifest.id] = 'connected';
      } catch (error) {
        loads[manifest.id] = (error.kind ? error.kind + ': ' : '') + error.message;
      }
    }
    console.log('RESULT ' + JSON.stringify({ ids: registry.list().map((c) => c.manifest.id), refused: registry.refused, loads }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  const output = `${run.stdout}${run.stderr}`;
  const result = /^RESULT (.*)$/m.exec(output);
  if (!result) throw new Error(`the registry did not report:\n${output}`);
  return { ...(JSON.parse(result[1]!) as { ids: string[]; refused: { packageName: string; reason: string }[]; loads: Record<string, string> }), log: output };
}

beforeAll(() => {
  // Imports the host's SDK although nothing is installed beside it.
  connectorPackage(
    'acme',
    'acme',
    `import { AuthError, defineConnector } from '@outport/connector-sdk';
     export default defineConnector({
       manifest: {},
       async testConnection() { throw new AuthError('Acme refused the key'); },
       createExporter() { return { async *exportItem() {} }; },
     });`,
  );
  connectorPackage('needs-more', 'needs-more', `import 'left-pad-never-installed';\nexport default {};`);
  connectorPackage('bad-manifest', 'bad-manifest', 'export default {};', { manifest: '{ "id": ' });
  connectorPackage('not-json', 'not-json', 'export default {};', { packageJson: '{ name: ' });
  mkdirSync(join(outside, 'notes'));
});
afterAll(() => rmSync(outside, { recursive: true, force: true }));

describe('connector discovery through OUTPORT_CONNECTOR_PATHS', () => {
  it('scans a parent folder of connector packages and loads one from outside the repository with the host SDK', () => {
    const found = discover([outside]);
    expect(found.ids).toEqual(expect.arrayContaining(['acme', 'needs-more', 'mailchimp']));
    // The host's SDK: its AuthError, recognised as one.
    expect(found.loads.acme).toBe('auth: Acme refused the key');
  });

  it('logs what went wrong with the real cause', () => {
    const found = discover([outside, join(outside, 'missing')]);
    expect(found.refused).toEqual([{ packageName: '@partner/connector-bad-manifest', reason: expect.stringMatching(/^its manifest\.json is not valid JSON \(.+\)$/) }]);
    expect(found.loads['needs-more']).toMatch(/^The Partner needs-more connector could not be loaded: ERR_MODULE_NOT_FOUND: Cannot find package 'left-pad-never-installed'/);
    for (const line of [
      /Skipping .*not-json: its package\.json is not valid JSON \(.+\)/,
      /OUTPORT_CONNECTOR_PATHS names .*missing, which is not a folder/,
      /Refusing connector @partner\/connector-bad-manifest in .*bad-manifest: its manifest\.json is not valid JSON/,
      /Could not load connector @partner\/connector-needs-more from .*needs-more\/dist\/index\.js: ERR_MODULE_NOT_FOUND: Cannot find package 'left-pad-never-installed'/,
    ]) {
      expect(found.log).toMatch(line);
    }
  });
});
