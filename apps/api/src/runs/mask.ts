/** What stands in for personal data a caller may not see. */
export const MASKED = '[hidden]';

const EMAIL = /[^\s"'<>(),;:]+@[^\s"'<>(),;:]+/g;
// Phone numbers and other long digit runs (with the separators people write them with).
const DIGITS = /\+?\d[\d\s().-]{5,}\d/g;
// Refusals quote the refused value: `"bob@" is not a valid email address`.
const QUOTED = /"[^"]*"/g;

/**
 * A rejection reason without the identifiers it may carry: the record's key, quoted values,
 * email addresses and phone numbers. Targets echo the refused address in their messages
 * ("bob@example.com looks fake or invalid"), so masking the key column alone is not enough.
 */
export function maskIdentifiers(text: string, key: string | null | undefined): string {
  const masked = key ? text.replaceAll(key, MASKED) : text;
  return maskContactDetails(masked.replace(QUOTED, `"${MASKED}"`));
}

/** Email addresses and phone numbers (long digit runs) replaced: what alerts do to error texts they send out. */
export function maskContactDetails(text: string): string {
  return text.replace(EMAIL, MASKED).replace(DIGITS, MASKED);
}
