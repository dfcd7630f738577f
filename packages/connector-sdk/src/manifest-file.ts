import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectorDefinition } from './define.js';
import { parseManifest, type ConnectorManifest } from './manifest.js';

interface PackageJson {
  name: string;
  version: string;
  main?: string;
  outport?: { connector?: boolean };
}

export function readPackageJson(packageDir: string): PackageJson {
  return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as PackageJson;
}

/** The manifest of a connector definition, with its version taken from the package. */
export function buildManifest(definition: ConnectorDefinition, packageDir: string): ConnectorManifest {
  const pkg = readPackageJson(packageDir);
  const parsed = parseManifest({ ...definition.manifest, version: pkg.version });
  if (!parsed.ok) throw new Error(`The manifest of ${pkg.name} is not valid:\n- ${parsed.problems.join('\n- ')}`);
  return parsed.manifest;
}

/** manifest.json as it is checked in: stable key order, two-space indent, final newline. */
export function manifestFileText(manifest: ConnectorManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
