/**
 * Where a CDM folder is written. Paths are relative to the destination's root and always use '/'.
 * Both implementations make a file appear whole or not at all, so a reader (or a crash) never
 * leaves half a partition behind under its final name.
 */
export interface Destination {
  /** "the folder /data/exports", "container exports in storage account acme": for messages. */
  readonly description: string;
  /** Checks that the root exists and can be written to (and cleaned up after). */
  check(): Promise<void>;
  /** Starts a file that stays invisible until `commit`. */
  stage(path: string, contentType: string): StagedFile;
  /** Writes a small file in one step, replacing any previous version atomically. */
  write(path: string, content: string, contentType: string): Promise<void>;
  /** Names of the files directly inside `folder` (not in sub-folders); empty when it does not exist. */
  list(folder: string): Promise<string[]>;
  /** Deletes a file; a file that is already gone is fine. */
  remove(path: string): Promise<void>;
  /** The absolute location readers use for a file (a file: or https: URL). */
  location(path: string): string;
}

export interface StagedFile {
  append(chunk: Buffer): Promise<void>;
  /** Makes the file visible under its final name, replacing a previous one atomically. */
  commit(): Promise<void>;
  /** Drops what was staged; safe to call after a failed append. */
  abort(): Promise<void>;
}

export function joinPath(...parts: string[]): string {
  return parts.filter((part) => part !== '').join('/');
}
