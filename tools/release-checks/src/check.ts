import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
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

export interface Release {
  version: string;
  commit: string;
}

/**
 * The package's last release: the highest version, at or below its current one, with a git tag
 * `<name>@<version>` (what `changeset publish` and `changeset tag` create when a version goes out).
 * A version only written into package.json (a scaffold's, or one `changeset version` set and nobody
 * published yet) is not a release. Null when the package was never released.
 */
export function lastRelease(root: string, pkg: Pick<PackageInfo, 'name' | 'version'>): Release | null {
  const prefix = `${pkg.name}@`;
  const tags = git(root, ['tag', '--list', `${prefix}*`]).split('\n').filter(Boolean);
  const versions = tags
    .map((tag) => tag.slice(prefix.length))
    .filter((version) => semver.valid(version) && semver.lte(version, pkg.version))
    .sort(semver.rcompare);
  const version = versions[0];
  if (!version) return null;
  return { version, commit: git(root, ['rev-list', '-n', '1', `${prefix}${version}`]) };
}

/** Whether `changeset version` wrote the package's current version into its changelog (a release on its way). */
function versionedInChangelog(root: string, pkg: PackageInfo): boolean {
  const file = join(root, pkg.dir, 'CHANGELOG.md');
  if (!existsSync(file)) return false;
  const heading = new RegExp(`^##\\s+${pkg.version.replace(/\./g, '\\.')}\\s*$`, 'm');
  return heading.test(readFileSync(file, 'utf8'));
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
    const bump = bumps.get(pkg.name);
    const release = lastRelease(root, pkg);
    // A version set by `changeset version` and not published yet: its changes are in its changelog.
    const versioned = (release === null || semver.gt(pkg.version, release.version)) && versionedInChangelog(root, pkg);
    if (!release) {
      if (!bump && !versioned) problems.push(`${pkg.name} has never been released and no changeset names it: run \`npm run changeset\`.`);
      continue; // Nothing released to stay compatible with.
    }
    const changed = changedFiles(root, release.commit, pkg.dir);
    if (changed.length > 0 && !bump && !versioned) {
      problems.push(`${pkg.name} changed since ${release.version} (${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', …' : ''}) but no changeset names it: run \`npm run changeset\`.`);
    }
    if (!pkg.connector) continue;
    let released: ManifestShape;
    try {
      released = JSON.parse(git(root, ['show', `${release.commit}:${pkg.dir}/manifest.json`])) as ManifestShape;
    } catch {
      continue; // No manifest was released with that version.
    }
    const currentFile = join(root, pkg.dir, 'manifest.json');
    if (!existsSync(currentFile)) continue;
    const current = JSON.parse(readFileSync(currentFile, 'utf8')) as ManifestShape;
    const breaking = breakingChanges(released, current);
    const major = bump === 'major' || semver.major(pkg.version) > semver.major(release.version);
    if (breaking.length > 0 && !major) {
      problems.push(`${pkg.name}: ${breaking.join('; ')} since ${release.version}. That breaks existing exports: it needs a major changeset.`);
    }
  }
  return problems;
}
