import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectorDefinition } from './define.js';
import { parseManifest, type ConnectorManifest } from './manifest.js';

interface PackageJson {
  name: string;
  version: string;
  main?: string;
  outport?: { connector?: boolean };
  peerDependencies?: Record<string, string>;
}

export const SDK_PACKAGE = '@outport/connector-sdk';

export function readPackageJson(packageDir: string): PackageJson {
  return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as PackageJson;
}

/**
 * The SDK range a connector package supports: its peer dependency on the SDK. It is the one place
 * the range is written, so a release (`changeset version`) that moves the SDK updates it and the
 * next build carries it into manifest.json.
 */
export function sdkRangeOf(pkg: PackageJson): string {
  const range = pkg.peerDependencies?.[SDK_PACKAGE];
  if (!range) throw new Error(`${pkg.name} has no peer dependency on ${SDK_PACKAGE}: add "peerDependencies": { "${SDK_PACKAGE}": "^<version>" } to its package.json.`);
  return range;
}

/** The manifest of a connector definition, with its version and SDK range taken from the package. */
export function buildManifest(definition: ConnectorDefinition, packageDir: string): ConnectorManifest {
  const pkg = readPackageJson(packageDir);
  const sdk = sdkRangeOf(pkg);
  // A definition written in JavaScript may still carry a range of its own: it must agree.
  const stated = (definition.manifest as { sdk?: unknown }).sdk;
  if (stated !== undefined && stated !== sdk) {
    throw new Error(`The manifest of ${pkg.name} states SDK range ${JSON.stringify(stated)}, but its peer dependency says ${sdk}: remove \`sdk\` from the definition; the peer dependency is the one source.`);
  }
  const parsed = parseManifest({ ...definition.manifest, version: pkg.version, sdk });
  if (!parsed.ok) throw new Error(`The manifest of ${pkg.name} is not valid:\n- ${parsed.problems.join('\n- ')}`);
  return parsed.manifest;
}

/** manifest.json as it is checked in: stable key order, two-space indent, final newline. */
export function manifestFileText(manifest: ConnectorManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
