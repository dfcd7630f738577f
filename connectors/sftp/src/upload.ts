import { once } from 'node:events';
import { posix } from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { ConnectorError, PermanentError } from '@outport/connector-sdk';
import { isNoSuchFile, sftpFailure } from './errors.js';
import type { SftpSession } from './session.js';

/** Text is gathered into chunks about this big before it is written: SFTP WRITEs of single rows
 *  would each cost a round trip. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Streams one file to a `.part` file beside it and renames it to `<path>` once complete, so readers on the
 * server never see a half-written file. Memory stays flat whatever the file's size: text goes
 * through gzip (when asked) into the SFTP write stream, and `write` waits while the server catches up.
 */
export class AtomicUpload {
  private pending = '';
  private handle: Buffer | null;
  private readonly done: Promise<void>;

  private constructor(
    private readonly session: SftpSession,
    readonly path: string,
    readonly partPath: string,
    handle: Buffer,
    private readonly head: Writable,
    done: Promise<void>,
  ) {
    this.handle = handle;
    this.done = done;
    // Failures are reported by the next write or commit; this keeps them from being unhandled.
    this.done.catch(() => undefined);
  }

  /** `partPath` is where the file is written until it is complete (`<path>.part` unless given). */
  static async start(session: SftpSession, path: string, gzip: boolean, partPath = `${path}.part`): Promise<AtomicUpload> {
    const handle = await session.openForWrite(partPath).catch((error: unknown) => {
      if (isNoSuchFile(error)) {
        throw new PermanentError(`The folder ${posix.dirname(path)} does not exist on the SFTP server (could not create ${partPath}).`, { cause: error });
      }
      throw error;
    });
    const remote = session.writeStream(handle);
    // A dropped connection fails pending writes but stalls later ones, hence the race with `lost`.
    if (!gzip) return new AtomicUpload(session, path, partPath, handle, remote, Promise.race([finished(remote), session.lost]));
    const compress = createGzip();
    return new AtomicUpload(session, path, partPath, handle, compress, Promise.race([pipeline(compress, remote), session.lost]));
  }

  async write(text: string): Promise<void> {
    this.pending += text;
    if (this.pending.length >= CHUNK_CHARS) await this.flush();
  }

  /** Bytes already encoded (the byte path of data-out tables), after any text written before them. */
  async writeBytes(bytes: Buffer): Promise<void> {
    await this.flush();
    await this.send(bytes);
  }

  /** Finishes the file, closes it and moves it into place (replacing an earlier file of that name). */
  async commit(): Promise<void> {
    await this.flush();
    this.head.end();
    await this.done.catch((error: unknown) => {
      throw sftpFailure(error, 'write', this.partPath);
    });
    await this.closeHandle();
    await this.moveIntoPlace();
  }

  /** Best effort after a failure: stop writing and remove the partial file. */
  async abort(): Promise<void> {
    this.head.destroy();
    await this.closeHandle().catch(() => undefined);
    await this.session.remove(this.partPath).catch(() => undefined);
  }

  private async flush(): Promise<void> {
    if (!this.pending) return;
    const chunk = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    await this.send(chunk);
  }

  private async send(chunk: Buffer): Promise<void> {
    try {
      // Backpressure: wait for the stream to drain, or for the upload to fail.
      if (!this.head.write(chunk)) await Promise.race([once(this.head, 'drain'), this.done]);
    } catch (error) {
      throw error instanceof ConnectorError ? error : sftpFailure(error, 'write', this.partPath);
    }
  }

  private async closeHandle(): Promise<void> {
    if (!this.handle) return;
    const handle = this.handle;
    this.handle = null;
    await this.session.closeHandle(handle, this.partPath);
  }

  /**
   * Plain SFTP v3 RENAME will not replace an existing file, so a re-run within the same minute
   * (same file name) uses OpenSSH's atomic posix-rename where offered, or else removes the old
   * file first.
   */
  private async moveIntoPlace(): Promise<void> {
    if (await this.session.replaceAtomically(this.partPath, this.path)) return;
    try {
      await this.session.rename(this.partPath, this.path);
    } catch (error) {
      if (!(await this.session.exists(this.path))) throw error;
      await this.session.remove(this.path);
      await this.session.rename(this.partPath, this.path);
    }
  }
}
