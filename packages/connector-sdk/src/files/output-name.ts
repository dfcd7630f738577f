import { createHash } from 'node:crypto';

/**
 * How a segment, table or export name appears in what file targets write: folder names, file names,
 * blob names and the entity names of a CDM model.json. One rule for every connector, so the same
 * item has the same name on every target.
 *
 * Names are written as they are unless a reader would refuse or misread them. Then the offending
 * characters become `_`, and because two names can clean to the same text ("EU/VIP" and "EU_VIP"),
 * a cleaned name also gets a short suffix derived from the item's id ("EU_VIP_1f3a9c0b"). The
 * suffix depends on nothing but the item, so the name stays the same from run to run whatever else
 * the export holds, and names that needed no cleaning never get one.
 */

/**
 * Refused characters: control characters (C0, DEL, C1 and the Unicode line and paragraph
 * separators, which JSON schema patterns do not match with `.`), the characters Windows refuses in
 * file names (`\ / : * ? " < > |`), `.` (CDM entity names may not contain it, and it would blur
 * file extensions) and `#` and `%`, which readers that build URLs from paths often fail to escape.
 */
// eslint-disable-next-line no-control-regex
const REFUSED = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\\/:*?"<>|.#%]/g;

/** Device names Windows reserves whatever the case; a folder of that name cannot be created there. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/**
 * The longest a cleaned name may be, in UTF-8 bytes, before the suffix: file names are limited to
 * 255 bytes on common file systems, and connectors add partition numbers, dates and extensions.
 */
export const OUTPUT_NAME_MAX_BYTES = 100;

/** Hex digits of the suffix: 32 bits, ample to keep the few items of one export apart. */
const SUFFIX_LENGTH = 8;

export interface CleanedName {
  /** The name with refused characters replaced, trimmed and shortened as needed. */
  name: string;
  /** Whether that differs from the name as given (it then needs a suffix to stay unique). */
  changed: boolean;
}

/** A name reduced to what every file target and model.json accept, saying whether it changed. */
export function cleanName(name: string): CleanedName {
  let cleaned = truncateUtf8(name.replace(REFUSED, '_').trim(), OUTPUT_NAME_MAX_BYTES).trim();
  if (cleaned === '') cleaned = '_';
  return { name: cleaned, changed: cleaned !== name || RESERVED.test(cleaned) };
}

/**
 * The name an item (or an export) is written under: the name itself when it is clean, otherwise the
 * cleaned name plus `_` and a suffix derived from `id`, so names that clean alike stay apart.
 */
export function outputName(name: string, id: string): string {
  const cleaned = cleanName(name);
  return cleaned.changed ? `${cleaned.name}_${idSuffix(id)}` : cleaned.name;
}

/** The stable short suffix for an id: the first hex digits of its SHA-256. */
export function idSuffix(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex').slice(0, SUFFIX_LENGTH);
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, never splitting a character. */
function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}
