import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pendingBumps, type Bump } from './changesets.js';
import { breakingChanges, type ManifestShape } from './manifest-diff.js';

interface PackageInfo {
  dir: string;
  name: string;
  version: string;
  connector: boolean;
}

function git(root: string, args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function publishablePackages(root: string): PackageInfo[] {
  const out: PackageInfo[] = [];
  for (const group of ['packages', 'connectors']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const file = join(dir, name, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name: string; version: string; private?: boolean; outport?: { connector?: boolean } };
      if (pkg.private) continue;
      out.push({ dir: `${group}/${name}`, name: pkg.name, version: pkg.version, connector: Boolean(pkg.outport?.connector) });
    }
  }
  return out;
}

/**
 * The commit that released the package's current version: the first commit in which its
 * package.json carries that version. Null when the package is not committed yet.
 */
export function releaseCommit(root: string, pkg: PackageInfo): string | null {
  const commits = git(root, ['log', '--format=%H', '--reverse', '--', `${pkg.dir}/package.json`]).split('\n').filter(Boolean);
  for (const commit of commits) {
    try {
      const version = (JSON.parse(git(root, ['show', `${commit}:${pkg.dir}/package.json`])) as { version?: string }).version;
      if (version === pkg.version) return commit;
    } catch {
      // The file did not exist at that commit (it was moved); keep looking.
    }
  }
  return null;
}

function changedFiles(root: string, base: string, dir: string): string[] {
  const tracked = git(root, ['diff', '--name-only', base, '--', dir]).split('\n');
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard', '--', dir]).split('\n');
  // The changelog is written by the release itself.
  return [...tracked, ...untracked].filter((f) => f && !f.endsWith('CHANGELOG.md'));
}

function pendingChangesets(root: string): Map<string, Bump> {
  const dir = join(root, '.changeset');
  if (!existsSync(dir)) return new Map();
  const texts = readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((f) => readFileSync(join(dir, f), 'utf8'));
  return pendingBumps(texts);
}

/** Returns the problems found; an empty list means the release state is consistent. */
export function checkRepository(root: string): string[] {
  const problems: string[] = [];
  const bumps = pendingChangesets(root);
  for (const pkg of publishablePackages(root)) {
    const base = releaseCommit(root, pkg);
    if (!base) {
      if (!bumps.has(pkg.name)) problems.push(`${pkg.name} is new but no changeset names it: run \`npm run changeset\`.`);
      continue;
    }
    const changed = changedFiles(root, base, pkg.dir);
    if (changed.length > 0 && !bumps.has(pkg.name)) {
      problems.push(`${pkg.name} changed since ${pkg.version} (${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', …' : ''}) but no changeset names it: run \`npm run changeset\`.`);
    }
    if (!pkg.connector) continue;
    let released: ManifestShape;
    try {
      released = JSON.parse(git(root, ['show', `${base}:${pkg.dir}/manifest.json`])) as ManifestShape;
    } catch {
      continue; // No manifest was released with this version.
    }
    const currentFile = join(root, pkg.dir, 'manifest.json');
    if (!existsSync(currentFile)) continue;
    const current = JSON.parse(readFileSync(currentFile, 'utf8')) as ManifestShape;
    const breaking = breakingChanges(released, current);
    if (breaking.length > 0 && bumps.get(pkg.name) !== 'major') {
      problems.push(`${pkg.name}: ${breaking.join('; ')} since ${pkg.version}. That breaks existing exports: it needs a major changeset.`);
    }
  }
  return problems;
}
