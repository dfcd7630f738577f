import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
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

const SDK_PACKAGE = '@outport/connector-sdk';

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

/** The package folders in a folder: its children, and the children of its `@scope` folders. */
function packageDirs(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(folder)) {
    if (entry.startsWith('.')) continue;
    const path = join(folder, entry);
    if (entry.startsWith('@')) {
      if (isDirectory(path)) for (const scoped of readdirSync(path)) out.push(join(path, scoped));
    } else {
      out.push(path);
    }
  }
  return out;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}

/**
 * Connector code imports the SDK as a peer dependency: the host provides it. Package folders named
 * here resolve `@outport/connector-sdk` (and its subpaths) from the host, so a connector developed
 * outside the repository (OUTPORT_CONNECTOR_PATHS) loads without an install of its own, and every
 * connector shares the host's one copy of the SDK.
 */
const peerHosted = new Set<string>();
let hooksRegistered = false;

function resolveSdkFromHost(packageDir: string): void {
  // Modules are known by their real path: a package reached through a symbolic link is matched too.
  peerHosted.add(pathToFileURL(realpathSync(packageDir) + sep).href);
  if (hooksRegistered || typeof registerHooks !== 'function') return;
  hooksRegistered = true;
  const host = import.meta.url;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const parent = context.parentURL;
      const sdk = specifier === SDK_PACKAGE || specifier.startsWith(`${SDK_PACKAGE}/`);
      if (sdk && parent && [...peerHosted].some((dir) => parent.startsWith(dir))) return nextResolve(specifier, { ...context, parentURL: host });
      return nextResolve(specifier, context);
    },
  });
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

  /** The connector's code, imported on first use; a failure is logged with its cause and tried again next time. */
  load(id: string): Promise<ConnectorDefinition> {
    const installed = this.connectors.get(id);
    if (!installed) return Promise.reject(new Error(`Connector ${id} is not installed`));
    let definition = this.loaded.get(id);
    if (!definition) {
      const entry = join(installed.packageDir, 'dist', 'index.js');
      definition = import(pathToFileURL(entry).href).then(
        (module: { default?: ConnectorDefinition }) => {
          if (!module.default) throw new Error(`${installed.packageName} has no default export in ${entry}`);
          return module.default;
        },
        (error: unknown) => {
          // An import error names files and packages, never settings: its words are the cause.
          this.logger.error(`Could not load connector ${installed.packageName} from ${entry}: ${reason(error)}`);
          throw new Error(`The ${installed.manifest.name} connector could not be loaded: ${reason(error)}`, { cause: error });
        },
      );
      definition.catch(() => this.loaded.delete(id));
      this.loaded.set(id, definition);
    }
    return definition;
  }

  private discover(allowList: string[] | null, extraPaths: string[]): void {
    const seen = new Set<string>();
    for (const { dir, explicit } of [...this.extraCandidates(extraPaths), ...nodeModulesDirs().flatMap((nm) => packageDirs(nm).map((dir) => ({ dir, explicit: false })))]) {
      const pkgFile = join(dir, 'package.json');
      if (!existsSync(pkgFile)) continue;
      let pkg: PackageJson;
      try {
        pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as PackageJson;
      } catch (error) {
        // Only folders the operator named are worth a word; node_modules holds all sorts.
        if (explicit) this.logger.error(`Skipping ${dir}: its package.json is not valid JSON (${reason(error)})`);
        continue;
      }
      if (!pkg.outport?.connector || !pkg.name) {
        if (explicit && pkg.name) this.logger.warn(`Skipping ${pkg.name} in ${dir}: its package.json does not say "outport": { "connector": true }`);
        continue;
      }
      if (seen.has(pkg.name)) continue;
      seen.add(pkg.name);
      if (allowList && !allowList.includes(pkg.name)) continue;
      this.register(pkg.name, dir);
    }
    const names = this.list().map((c) => `${c.manifest.id}@${c.manifest.version}`);
    this.logger.log(names.length ? `Connectors: ${names.join(', ')}` : 'No connectors installed');
  }

  /**
   * The package folders OUTPORT_CONNECTOR_PATHS names: a connector package itself, or a folder of
   * them (like the repository's connectors/), whose children (and @scope children) are looked at.
   */
  private extraCandidates(paths: string[]): { dir: string; explicit: true }[] {
    const out: { dir: string; explicit: true }[] = [];
    for (const path of paths.map((p) => resolve(p))) {
      if (!isDirectory(path)) {
        this.logger.error(`OUTPORT_CONNECTOR_PATHS names ${path}, which is not a folder`);
        continue;
      }
      if (existsSync(join(path, 'package.json'))) {
        out.push({ dir: path, explicit: true });
        continue;
      }
      const children = packageDirs(path).filter((dir) => existsSync(join(dir, 'package.json')));
      if (children.length === 0) this.logger.warn(`OUTPORT_CONNECTOR_PATHS names ${path}, which holds no package (no package.json in it or in its folders)`);
      out.push(...children.map((dir) => ({ dir, explicit: true as const })));
    }
    return out;
  }

  private register(packageName: string, packageDir: string): void {
    const refuse = (why: string) => {
      this.refused.push({ packageName, reason: why });
      this.logger.error(`Refusing connector ${packageName} in ${packageDir}: ${why}`);
    };
    const file = join(packageDir, 'manifest.json');
    if (!existsSync(file)) return refuse('it has no manifest.json (build it first)');
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      return refuse(`its manifest.json is not valid JSON (${reason(error)})`);
    }
    const parsed = parseManifest(raw);
    if (!parsed.ok) return refuse(`its manifest is not valid: ${parsed.problems.join('; ')}`);
    const { manifest } = parsed;
    if (!semver.validRange(manifest.sdk) || !semver.satisfies(SDK_VERSION, manifest.sdk)) {
      return refuse(`version ${manifest.version} needs connector SDK ${manifest.sdk}, but this Outport has SDK ${SDK_VERSION}`);
    }
    const existing = this.connectors.get(manifest.id);
    if (existing) return refuse(`its id "${manifest.id}" is already used by ${existing.packageName}`);
    if (!existsSync(join(packageDir, 'dist', 'index.js'))) this.logger.warn(`Connector ${packageName} has no dist/index.js yet: build it before a connection uses it`);
    resolveSdkFromHost(packageDir);
    this.connectors.set(manifest.id, { packageName, packageDir, manifest });
  }
}
