import { lstat, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PermanentError } from '../errors.js';

/**
 * The local export root: the one folder (with its subfolders) connectors that write to the server's
 * own disk may write to. A connection's folder setting is chosen by whoever creates the connection,
 * so without a root it could name any path the worker may write (its own code, other tenants'
 * exports, ~/.ssh). The host sets the root once per process, like the outbound-address policy.
 */

// Process-wide under a registry-wide symbol, so a connector with its own copy of the SDK sees it.
const STATE = Symbol.for('outport.localExportRoot');
type Holder = { [STATE]?: string };

/** Sets the process's export root (the host calls this at boot). */
export function configureLocalExportRoot(path: string): void {
  (globalThis as Holder)[STATE] = resolve(path);
}

/** Forgets what the host set: the root is read from the environment again. */
export function resetLocalExportRoot(): void {
  delete (globalThis as Holder)[STATE];
}

/**
 * The root in force: what the host set, else `OUTPORT_LOCAL_EXPORT_ROOT`, else `exports` in
 * `OUTPORT_DATA_DIR`; undefined when none is known, and then nothing local may be written.
 */
export function localExportRoot(): string | undefined {
  const set = (globalThis as Holder)[STATE];
  if (set) return set;
  const fromEnv = process.env.OUTPORT_LOCAL_EXPORT_ROOT?.trim();
  if (fromEnv) return resolve(fromEnv);
  const dataDir = process.env.OUTPORT_DATA_DIR?.trim();
  return dataDir ? resolve(dataDir, 'exports') : undefined;
}

/**
 * A folder setting as an absolute path under the export root: relative paths resolve against the
 * root, absolute ones must lie inside it. Refused with a PermanentError when the path leaves the
 * root by `..`, names another place, or goes through a symbolic link that leads out of it (checked
 * on the real path of the deepest part that exists). Call it again right before writing: links can
 * appear after a connection was tested.
 */
export async function resolveUnderExportRoot(path: string): Promise<string> {
  const root = localExportRoot();
  if (!root) {
    throw new PermanentError('No folder for local exports is configured. An operator sets it with OUTPORT_LOCAL_EXPORT_ROOT.');
  }
  const realRoot = await realpath(root).catch((error: NodeJS.ErrnoException) => {
    throw new PermanentError(
      error.code === 'ENOENT'
        ? `The folder for local exports, ${root}, does not exist. Create it, or set OUTPORT_LOCAL_EXPORT_ROOT to an existing folder.`
        : `The folder for local exports, ${root}, cannot be opened (${error.code ?? 'error'}).`,
    );
  });
  const target = resolve(root, path);
  if (!isInside(root, target) && !isInside(realRoot, target)) {
    throw new PermanentError(
      `${target} is outside the export folder ${root}. Local exports are written only there (OUTPORT_LOCAL_EXPORT_ROOT): give a folder inside it, or a path relative to it.`,
    );
  }
  await refuseLinksOut(target, realRoot, root);
  return target;
}

/** Walks up to the deepest existing part of `target`; its real path must stay under the real root. */
async function refuseLinksOut(target: string, realRoot: string, root: string): Promise<void> {
  const refused = () =>
    new PermanentError(`${target} goes through a symbolic link that leads outside the export folder ${root}. Local exports are written only inside it.`);
  for (let current = target; ; current = dirname(current)) {
    try {
      if (!isInside(realRoot, await realpath(current))) throw refused();
      return;
    } catch (error) {
      if (error instanceof PermanentError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return; // e.g. EACCES: the write itself will say so
      // A link whose target does not exist yet would be followed (and its target created) by mkdir.
      if ((await lstat(current).catch(() => undefined))?.isSymbolicLink()) throw refused();
    }
    if (dirname(current) === current) return;
  }
}

function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** `path` (relative, '/'-separated) joined under `folder`, refused if it climbs out of it. */
export function joinInside(folder: string, path: string): string {
  const joined = join(folder, ...path.split('/'));
  if (!isInside(folder, joined)) throw new PermanentError(`The path ${path} would leave the folder ${folder}.`);
  return joined;
}
