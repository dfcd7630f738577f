// Whether a segment can be sent through an export destination. The console uses this to offer only
// eligible segments; the worker uses it again at run time, and its messages end up in run errors,
// so they name the segment and say what to do.

import { SEGMENT_TYPES_BY_ENVIRONMENT, type EnvironmentKind, type SegmentType } from './environment.js';

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

/** "contact", "account or contact", "profile, account or contact". */
function joinWithOr(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** The run-time message for a segment of the wrong type. */
export function segmentTypeMessage(
  segmentName: string,
  segmentType: SegmentType,
  accepted: readonly SegmentType[],
): string {
  return (
    `The segment '${segmentName}' is not eligible for this export destination: it is ${withArticle(segmentType)} segment, ` +
    `and this destination accepts only ${joinWithOr(accepted)} segments. ` +
    `Choose ${withArticle(joinWithOr(accepted))} segment and try again.`
  );
}

/**
 * All the reasons a segment cannot be exported with this audience kind and mapping, or eligible.
 * Every reason is reported (not just the first) so the console can show them together.
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
      message: segmentTypeMessage(segment.name, segment.type, accepted),
      accepted: [...accepted],
    });
  }

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
  // Optional fields too: a mapping to a column that no longer exists would fail at run time.
  for (const [key, column] of Object.entries(input.mapping)) {
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
