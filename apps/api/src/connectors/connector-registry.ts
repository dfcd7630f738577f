import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { parseManifest, SDK_VERSION, type ConnectorDefinition, type ConnectorManifest } from '@outport/connector-sdk';
import semver from 'semver';
import { CONFIG } from '../config/config.module.js';
import type { Config } from '../config/config.js';

export interface InstalledConnector {
  packageName: string;
  packageDir: string;
  manifest: ConnectorManifest;
}

interface PackageJson {
  name?: string;
  version?: string;
  outport?: { connector?: boolean };
}

/** node_modules folders from the API package up to the file-system root, like Node's resolution. */
function nodeModulesDirs(): string[] {
  const dirs: string[] = [];
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules');
    if (existsSync(candidate)) dirs.push(candidate);
    const parent = dirname(dir);
    if (parent === dir) return dirs;
    dir = parent;
  }
}

function packageDirs(nodeModules: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const path = join(nodeModules, entry);
    if (entry.startsWith('@')) {
      for (const scoped of readdirSync(path)) out.push(join(path, scoped));
    } else {
      out.push(path);
    }
  }
  return out;
}

/**
 * Finds connector packages by discovery: installed packages whose package.json says
 * `"outport": { "connector": true }` (optionally narrowed by OUTPORT_CONNECTORS). Each manifest is
 * validated and its SDK range checked at boot, without running connector code; code is loaded only
 * when a connection is tested or an export runs.
 */
@Injectable()
export class ConnectorRegistry {
  private readonly logger = new Logger('Connectors');
  private readonly connectors = new Map<string, InstalledConnector>();
  private readonly loaded = new Map<string, Promise<ConnectorDefinition>>();
  /** Packages that were found but refused, with the reason (shown at boot). */
  readonly refused: { packageName: string; reason: string }[] = [];

  constructor(@Inject(CONFIG) config: Config) {
    this.discover(config.connectorAllowList, config.connectorPaths);
  }

  list(): InstalledConnector[] {
    return [...this.connectors.values()].sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
  }

  get(id: string): InstalledConnector | undefined {
    return this.connectors.get(id);
  }

  /** The connector's code, imported on first use. */
  load(id: string): Promise<ConnectorDefinition> {
    const installed = this.connectors.get(id);
    if (!installed) return Promise.reject(new Error(`Connector ${id} is not installed`));
    let definition = this.loaded.get(id);
    if (!definition) {
      definition = import(pathToFileURL(join(installed.packageDir, 'dist', 'index.js')).href).then((module: { default?: ConnectorDefinition }) => {
        if (!module.default) throw new Error(`${installed.packageName} has no default export`);
        return module.default;
      });
      this.loaded.set(id, definition);
    }
    return definition;
  }

  private discover(allowList: string[] | null, extraPaths: string[]): void {
    const seen = new Set<string>();
    const candidates = [...extraPaths.map((p) => resolve(p)), ...nodeModulesDirs().flatMap(packageDirs)];
    for (const dir of candidates) {
      const pkgFile = join(dir, 'package.json');
      if (!existsSync(pkgFile)) continue;
      let pkg: PackageJson;
      try {
        pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as PackageJson;
      } catch {
        continue;
      }
      if (!pkg.outport?.connector || !pkg.name || seen.has(pkg.name)) continue;
      seen.add(pkg.name);
      if (allowList && !allowList.includes(pkg.name)) continue;
      this.register(pkg.name, dir);
    }
    const names = this.list().map((c) => `${c.manifest.id}@${c.manifest.version}`);
    this.logger.log(names.length ? `Connectors: ${names.join(', ')}` : 'No connectors installed');
  }

  private register(packageName: string, packageDir: string): void {
    const refuse = (reason: string) => {
      this.refused.push({ packageName, reason });
      this.logger.error(`Refusing connector ${packageName}: ${reason}`);
    };
    const file = join(packageDir, 'manifest.json');
    if (!existsSync(file)) return refuse('it has no manifest.json (build it first)');
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      return refuse('its manifest.json is not valid JSON');
    }
    const parsed = parseManifest(raw);
    if (!parsed.ok) return refuse(`its manifest is not valid: ${parsed.problems.join('; ')}`);
    const { manifest } = parsed;
    if (!semver.validRange(manifest.sdk) || !semver.satisfies(SDK_VERSION, manifest.sdk)) {
      return refuse(`version ${manifest.version} needs connector SDK ${manifest.sdk}, but this Outport has SDK ${SDK_VERSION}`);
    }
    const existing = this.connectors.get(manifest.id);
    if (existing) return refuse(`its id "${manifest.id}" is already used by ${existing.packageName}`);
    this.connectors.set(manifest.id, { packageName, packageDir, manifest });
  }
}
