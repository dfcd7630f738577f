import { readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

/**
 * The sandbox's disk: a real folder that the SFTP server exposes as `/`, with a simulated quota and
 * read-only folders. Settings are mutable so one running server can play several scenarios.
 */
export class Volume {
  quotaBytes: number | undefined;
  readOnlyPaths: string[];

  constructor(
    readonly root: string,
    options: { quotaBytes?: number; readOnlyPaths?: string[] } = {},
  ) {
    this.quotaBytes = options.quotaBytes;
    this.readOnlyPaths = (options.readOnlyPaths ?? []).map((p) => this.virtualPath(p));
  }

  /** The SFTP path as the server reports it: absolute, normalised, never above `/`. */
  virtualPath(path: string): string {
    return posix.resolve('/', path);
  }

  /** Where an SFTP path lives on the local disk. `..` cannot climb out of the root. */
  realPath(path: string): string {
    return join(this.root, this.virtualPath(path));
  }

  isReadOnly(path: string): boolean {
    const target = this.virtualPath(path);
    return this.readOnlyPaths.some((ro) => target === ro || target.startsWith(ro === '/' ? '/' : `${ro}/`));
  }

  /** Bytes stored under the root, summed on demand: sandbox folders are small. */
  usedBytes(): number {
    const walk = (dir: string): number => {
      let total = 0;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) total += walk(full);
        else if (entry.isFile()) total += statSync(full).size;
      }
      return total;
    };
    return walk(this.root);
  }

  /** Whether growing the stored data by `bytes` stays within the quota. */
  hasRoomFor(bytes: number): boolean {
    return this.quotaBytes === undefined || bytes <= 0 || this.usedBytes() + bytes <= this.quotaBytes;
  }
}
