// Whether a segment can be sent through an export destination. The console uses this to offer only
// eligible segments; the worker uses it again at run time, and its messages end up in run errors,
// so they name the segment and say what to do.

import { SEGMENT_TYPE_NAMES, SEGMENT_TYPES_BY_ENVIRONMENT, type EnvironmentKind, type SegmentType } from './environment.js';

/** One way a connector can receive segments (e.g. LinkedIn "contact" vs "company" audiences). */
export interface AudienceKind {
  id: string;
  label: string;
  /** Segment types accepted per environment kind; a missing or empty entry means none. */
  accepts: Partial<Record<EnvironmentKind, SegmentType[]>>;
}

export interface ConnectorFieldRef {
  key: string;
  label: string;
  required: boolean;
}

export interface EligibilityInput {
  environmentKind: EnvironmentKind;
  segment: { name: string; type: SegmentType };
  audienceKind: AudienceKind;
  fields: ConnectorFieldRef[];
  /** Connector field key → column name of the segment's table. */
  mapping: Record<string, string | undefined>;
  /** Columns available on the segment's table. Matched exactly (case-sensitive). */
  columns: string[];
}

export type IneligibilityReason =
  | { code: 'segment-type'; message: string; accepted: SegmentType[] }
  | { code: 'unmapped-field'; field: string; message: string }
  | { code: 'unknown-column'; field: string; column: string; message: string }
  | { code: 'environment-kind'; message: string };

export type EligibilityResult = { eligible: true } | { eligible: false; reasons: IneligibilityReason[] };

function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

/** "ContactProfile", "Account or ContactProfile", "CustomerProfile, Account or ContactProfile". */
function joinWithOr(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/**
 * The refusal of a segment of a type the destination does not take, in the seed product's words,
 * when saving an export and when a run meets such a segment: "The following segment is not
 * eligible for this export destination: '<segment name>'. Please choose only segments of type
 * <type> and try again.", with the product's name of the accepted type (SEGMENT_TYPE_NAMES).
 */
export function segmentTypeMessage(segmentName: string, accepted: readonly SegmentType[]): string {
  const types = joinWithOr(accepted.map((type) => SEGMENT_TYPE_NAMES[type]));
  return `The following segment is not eligible for this export destination: '${segmentName}'. Please choose only segments of type ${types} and try again.`;
}

/**
 * All the reasons a segment cannot be exported with this audience kind and mapping, or eligible.
 * Every reason is reported (not just the first) so the console can show them together, except
 * that a segment of a type the destination does not take is not also checked against its table's
 * columns (choosing another segment is the fix, and the refusal says so in the seed's words).
 */
export function checkEligibility(input: EligibilityInput): EligibilityResult {
  const { environmentKind, segment, audienceKind } = input;
  const reasons: IneligibilityReason[] = [];
  const accepted = audienceKind.accepts[environmentKind] ?? [];

  if (!SEGMENT_TYPES_BY_ENVIRONMENT[environmentKind].includes(segment.type)) {
    reasons.push({
      code: 'environment-kind',
      message: `The segment '${segment.name}' is ${withArticle(segment.type)} segment, which does not exist in ${withArticle(environmentKind)} environment.`,
    });
  } else if (accepted.length === 0) {
    reasons.push({
      code: 'environment-kind',
      message: `This export destination (${audienceKind.label}) does not accept segments from ${withArticle(environmentKind)} environment.`,
    });
  } else if (!accepted.includes(segment.type)) {
    reasons.push({
      code: 'segment-type',
      message: segmentTypeMessage(segment.name, accepted),
      accepted: [...accepted],
    });
  }

  const typeRefused = reasons.length > 0;
  const available = new Set(input.columns);
  const labels = new Map(input.fields.map((f) => [f.key, f.label]));
  for (const field of input.fields) {
    const column = input.mapping[field.key];
    if (field.required && (column === undefined || column === '')) {
      reasons.push({
        code: 'unmapped-field',
        field: field.key,
        message: `The required field '${field.label}' is not mapped to a column of segment '${segment.name}'.`,
      });
    }
  }
  // Optional fields too: a mapping to a column that no longer exists would fail at run time. A
  // segment the destination cannot take is refused for that alone: its table's columns are moot.
  for (const [key, column] of typeRefused ? [] : Object.entries(input.mapping)) {
    if (column === undefined || column === '' || available.has(column)) continue;
    const label = labels.get(key) ?? key;
    reasons.push({
      code: 'unknown-column',
      field: key,
      column,
      message: `The field '${label}' is mapped to column '${column}', which does not exist on the table of segment '${segment.name}'.`,
    });
  }

  return reasons.length === 0 ? { eligible: true } : { eligible: false, reasons };
}
