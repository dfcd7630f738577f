import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConnectorError, PermanentError, RetryableError, joinInside, localExportRoot, resolveUnderExportRoot } from '@outport/connector-sdk';
import type { Destination, StagedFile } from './destination.js';

/**
 * A folder on a disk the worker can reach (local, NFS, SMB mount...), always under the operator's
 * local export root (the SDK's `OUTPORT_LOCAL_EXPORT_ROOT`): the folder setting resolves against
 * it, and every file operation checks again that its path, symbolic links followed, stays inside,
 * since a link can appear after the connection was tested.
 */
export class LocalFolder implements Destination {
  readonly description: string;
  /** The folder as configured, resolved against the export root (not yet checked). */
  private readonly root: string;

  constructor(rootPath: string) {
    this.root = resolve(localExportRoot() ?? '', rootPath);
    this.description = `the folder ${this.root}`;
  }

  async check(): Promise<void> {
    const root = await resolveUnderExportRoot(this.root);
    const info = await stat(root).catch((error: unknown) => {
      throw fileError(error, `open ${this.description}`);
    });
    if (!info.isDirectory()) throw new PermanentError(`${root} is not a folder.`);
    const probe = join(root, `.outport-probe-${randomUUID()}`);
    try {
      const handle = await open(probe, 'wx');
      await handle.close();
    } catch (error) {
      throw fileError(error, `write to ${this.description}`);
    }
    await rm(probe, { force: true });
  }

  stage(path: string, _contentType: string): StagedFile {
    return new StagedLocalFile(this.resolve(path), () => resolveUnderExportRoot(this.resolve(path)));
  }

  async write(path: string, content: string, contentType: string): Promise<void> {
    const file = this.stage(path, contentType);
    try {
      await file.append(Buffer.from(content, 'utf8'));
      await file.commit();
    } catch (error) {
      await file.abort();
      throw error;
    }
  }

  async list(folder: string): Promise<string[]> {
    const path = await resolveUnderExportRoot(this.resolve(folder));
    try {
      const entries = await readdir(path, { withFileTypes: true });
      return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw fileError(error, `list ${folder} in ${this.description}`);
    }
  }

  async remove(path: string): Promise<void> {
    await rm(await resolveUnderExportRoot(this.resolve(path)), { force: true }).catch((error: unknown) => {
      throw fileError(error, `delete ${path} in ${this.description}`);
    });
  }

  location(path: string): string {
    return pathToFileURL(this.resolve(path)).href;
  }

  /** A destination path under the folder; names that climb out of it are refused outright. */
  private resolve(path: string): string {
    return joinInside(this.root, path);
  }
}

/**
 * Written under a hidden temporary name in the target folder (same file system, so the final
 * rename is atomic) and renamed into place on commit.
 */
class StagedLocalFile implements StagedFile {
  private handle: FileHandle | undefined;
  private readonly temp: string;

  constructor(
    private readonly path: string,
    /** Checks the path is still under the export root, right before the folder is created. */
    private readonly checkPath: () => Promise<unknown>,
  ) {
    this.temp = join(dirname(path), `.${randomUUID()}.tmp`);
  }

  async append(chunk: Buffer): Promise<void> {
    if (!this.handle) await this.checkPath();
    try {
      if (!this.handle) {
        await mkdir(dirname(this.path), { recursive: true });
        this.handle = await open(this.temp, 'wx');
      }
      await this.handle.write(chunk);
    } catch (error) {
      throw fileError(error, `write ${this.path}`);
    }
  }

  async commit(): Promise<void> {
    try {
      if (!this.handle) await this.append(Buffer.alloc(0));
      // Flushed before the rename so a crash cannot leave a renamed but empty file.
      await this.handle!.sync();
      await this.handle!.close();
      this.handle = undefined;
      await rename(this.temp, this.path);
    } catch (error) {
      throw error instanceof ConnectorError ? error : fileError(error, `write ${this.path}`);
    }
  }

  async abort(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    await rm(this.temp, { force: true }).catch(() => undefined);
  }
}

/** A file-system failure as a sentence that says what could not be done and why. */
function fileError(error: unknown, action: string): ConnectorError {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return new PermanentError(`Could not ${action}: the folder does not exist.`, { cause: error });
    case 'ENOTDIR':
      return new PermanentError(`Could not ${action}: part of the path is a file, not a folder.`, { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new PermanentError(`Could not ${action}: permission denied. Give the Outport worker write access to the folder.`, { cause: error });
    case 'EROFS':
      return new PermanentError(`Could not ${action}: the file system is read-only.`, { cause: error });
    case 'ENOSPC':
    case 'EDQUOT':
      return new PermanentError(`Could not ${action}: the disk is full.`, { cause: error });
    case 'EBUSY':
    case 'EAGAIN':
    case 'EMFILE':
    case 'ENFILE':
    case 'ETIMEDOUT':
      return new RetryableError(`Could not ${action}: the file system is busy (${code}).`, { cause: error });
    default:
      return new PermanentError(`Could not ${action}: ${(error as Error).message}`, { cause: error });
  }
}
