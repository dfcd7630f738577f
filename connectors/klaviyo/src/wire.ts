/**
 * Klaviyo's API as the connector and its sandbox speak it: the revision, the documented limits and
 * the wire shapes. Sources: Klaviyo's OpenAPI document for revision 2026-07-15
 * (github.com/klaviyo/openapi, `openapi/stable/apis/*.json`), the API reference and the "Rate limits,
 * status codes, and errors" guide on developers.klaviyo.com. README.md ("Klaviyo's API") cites each.
 */

/**
 * The API revision sent with every request (Klaviyo requires the `revision` header). 2026-07-15 is
 * the revision `klaviyo-api` 23.0.0, the official client this connector uses, is generated for, and
 * the newest in Klaviyo's published OpenAPI repository; revisions are stable for a year and
 * supported for two. test/official-client.test.ts fails when the installed client pins another one.
 */
export const KLAVIYO_REVISION = '2026-07-15';

export const KLAVIYO_API_URL = 'https://a.klaviyo.com';

/** "Accepts up to 10,000 profiles per request" (Bulk Import Profiles). */
export const MAX_PROFILES_PER_JOB = 10_000;
/** "The maximum allowed payload size is 5MB", read as 5,000,000 bytes (the stricter reading). */
export const MAX_JOB_PAYLOAD_BYTES = 5_000_000;
/** "This endpoint accepts a maximum of 1000 profiles per call" (Remove Profiles from List). */
export const MAX_PROFILES_PER_REMOVAL = 1_000;
/** `page[size]` of the import-errors and list-members listings: "Default: 20. Min: 1. Max: 100." */
export const MAX_PAGE_SIZE = 100;

/** Where the profiles of an import job sit in its body, for the JSON Pointers of import errors. */
export const IMPORT_PROFILES_POINTER = '/data/attributes/profiles/data';

/** A bulk import job's `status` (PostProfileImportJobResponse). */
export const JOB_STATUSES = ['queued', 'processing', 'complete', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

const window = (requests: number, intervalMs: number) => ({ requests, intervalMs });

/**
 * Klaviyo's rate limits: per account and per endpoint, a burst (1 s) and a steady (1 min) window
 * at once; each endpoint's reference states its own.
 */
export const RATE = {
  /** Bulk import, import job and import errors, list removal, list creation: "Burst: 10/s, Steady: 150/m". */
  M: [window(10, 1_000), window(150, 60_000)],
  /** Get Lists, Get Profiles for List: "Burst: 75/s, Steady: 750/m". */
  L: [window(75, 1_000), window(750, 60_000)],
  /** Get Accounts, and Get List with `additional-fields[list]=profile_count`: "Burst: 1/s, Steady: 15/m". */
  XS: [window(1, 1_000), window(15, 60_000)],
  /** Create List's third window: "Daily: 150/d". */
  DAILY_LISTS: window(150, 86_400_000),
};

/** A profile as the bulk import takes it (`ProfileUpsertQueryResourceObject.attributes`), the fields the connector sends. */
export interface ProfileAttributes {
  email?: string;
  phone_number?: string;
  first_name?: string;
  last_name?: string;
  organization?: string;
}

/** A JSON:API error as Klaviyo sends it; `status` is a number in Klaviyo's bodies. */
export interface KlaviyoError {
  id: string;
  status: number;
  code: string;
  title: string;
  detail: string;
  source?: { pointer?: string; parameter?: string };
  links?: Record<string, string>;
  meta?: Record<string, unknown>;
}
