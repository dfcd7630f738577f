import type { CellValue } from '@outport/connector-sdk';
import { isSha256Hex, type ExportRecord, type RejectedRecord } from '@outport/connector-sdk';
import { COMPANY, type AudienceKind } from './manifest.js';

/**
 * Turns records (already normalised and hashed by the SDK) into the elements LinkedIn's
 * `/dmpSegments/{id}/users` and `/companies` BATCH_CREATE calls take. Records LinkedIn would refuse
 * outright are rejected here with a reason instead of being sent.
 */

export type Action = 'ADD' | 'REMOVE';

export type Element = { ok: true; element: object } | { ok: false; rejected: RejectedRecord };

/** LinkedIn's schema caps the company page URL at 100 characters. */
const MAX_PAGE_URL_LENGTH = 100;

export function toElement(kind: AudienceKind, record: ExportRecord, action: Action): Element {
  return kind === COMPANY ? companyElement(record, action) : userElement(record, action);
}

function userElement({ key, values }: ExportRecord, action: Action): Element {
  const hash = text(values.email);
  // The SDK hashes emails before they reach us; anything else is refused rather than ever sent in
  // plain text.
  if (!hash || !isSha256Hex(hash)) {
    return {
      ok: false,
      rejected: {
        key,
        field: 'email',
        reason: 'The email was not hashed, and LinkedIn only receives hashed emails',
      },
    };
  }
  const userIds = [{ idType: 'SHA256_EMAIL', idValue: hash.toLowerCase() }];
  // Removal only needs the identifier; the extra attributes help LinkedIn match on the way in.
  if (action === 'REMOVE') return { ok: true, element: { action, userIds } };
  return {
    ok: true,
    element: dropEmpty({
      action,
      userIds,
      firstName: text(values.firstName),
      lastName: text(values.lastName),
      company: text(values.company),
      country: countryCode(values.country),
    }),
  };
}

function companyElement({ key, values }: ExportRecord, action: Action): Element {
  const element = dropEmpty({
    action,
    companyName: text(values.companyName),
    companyWebsiteDomain: text(values.companyWebsite),
    companyEmailDomain: text(values.emailDomain),
    companyPageUrl: text(values.linkedinPageUrl),
  });
  if (Object.keys(element).length === 1) {
    return {
      ok: false,
      rejected: {
        key,
        reason: 'The company has no name, website, email domain or LinkedIn page URL to match it by',
      },
    };
  }
  const pageUrl = element.companyPageUrl;
  if (pageUrl !== undefined && pageUrl.length > MAX_PAGE_URL_LENGTH) {
    return {
      ok: false,
      rejected: {
        key,
        field: 'linkedinPageUrl',
        reason: `The LinkedIn page URL is longer than LinkedIn's ${MAX_PAGE_URL_LENGTH} characters`,
      },
    };
  }
  return { ok: true, element };
}

/**
 * LinkedIn takes ISO 3166 alpha-2 codes. Country only helps matching, so a value that is not a
 * two-letter code is left out rather than costing the member their place in the audience.
 */
function countryCode(value: CellValue | undefined): string | undefined {
  const code = text(value);
  return code && /^[A-Za-z]{2}$/.test(code) ? code.toUpperCase() : undefined;
}

function text(value: CellValue | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const s = String(value).trim();
  return s ? s : undefined;
}

function dropEmpty<T extends Record<string, unknown>>(
  object: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
