/**
 * The sandbox's in-memory LinkedIn: DMP segments of one ad account and the members in them. Kept
 * apart from the HTTP layer so the rules (what LinkedIn accepts per element, what counts as the
 * same member) read in one place.
 */

export type SegmentType = 'USER' | 'COMPANY';

export interface CompanyMember {
  companyName?: string;
  companyWebsiteDomain?: string;
  companyEmailDomain?: string;
  companyPageUrl?: string;
  organizationUrn?: string;
}

export interface UserAttributes {
  firstName?: string;
  lastName?: string;
  company?: string;
  country?: string;
}

export interface StoredSegment {
  id: string;
  name: string;
  type: SegmentType;
  account: string;
  sourceSegmentId: string;
  sourcePlatform: string;
  accessPolicy: string;
  createdAt: number;
  /** USER segments: SHA-256 email hash → the attributes last sent with it. */
  users: Map<string, UserAttributes>;
  /** COMPANY segments: identity (see companyKey) → the company as last sent. */
  companies: Map<string, CompanyMember>;
}

/** What a per-element answer says: LinkedIn's `{status}` or `{status, error}`. */
export interface ElementOutcome {
  status: number;
  error?: { status: number; message: string };
}

const SHA256_HEX = /^[a-f0-9]{64}$/;
const ID_TYPES = new Set(['SHA256_EMAIL', 'SHA512_EMAIL', 'GOOGLE_AID']);
const COMPANY_IDENTIFIERS = [
  'companyName',
  'companyWebsiteDomain',
  'companyEmailDomain',
  'companyPageUrl',
  'organizationUrn',
] as const;

export class LinkedInState {
  readonly segments = new Map<string, StoredSegment>();
  readonly rejectedHashes = new Set<string>();
  readonly rejectedCompanies = new Set<string>();
  private nextId = 19_000_001;

  createSegment(
    input: Omit<StoredSegment, 'id' | 'createdAt' | 'users' | 'companies'>,
    now: number,
  ): StoredSegment {
    const segment: StoredSegment = {
      ...input,
      id: String(this.nextId++),
      createdAt: now,
      users: new Map(),
      companies: new Map(),
    };
    this.segments.set(segment.id, segment);
    return segment;
  }

  /** A segment by its LinkedIn id, its name or its source segment id. */
  find(ref: string): StoredSegment | undefined {
    return (
      this.segments.get(ref) ??
      [...this.segments.values()].find((s) => s.name === ref || s.sourceSegmentId === ref)
    );
  }

  applyUser(segment: StoredSegment, element: unknown): ElementOutcome {
    if (!isObject(element)) return refuse('Each element must be an object');
    const action = element.action;
    if (action !== 'ADD' && action !== 'REMOVE')
      return refuse(`action must be ADD or REMOVE, not ${JSON.stringify(action)}`);
    const ids = element.userIds;
    if (!Array.isArray(ids) || ids.length === 0) return refuse('userIds must list at least one identifier');
    let hash: string | undefined;
    for (const id of ids as unknown[]) {
      if (!isObject(id) || typeof id.idType !== 'string' || typeof id.idValue !== 'string')
        return refuse('Each userId needs an idType and an idValue');
      if (!ID_TYPES.has(id.idType)) return refuse(`Unknown idType ${id.idType}`);
      if (id.idType === 'SHA256_EMAIL') {
        if (!SHA256_HEX.test(id.idValue)) return refuse('SHA256_EMAIL must be 64 lower-case hex characters');
        hash = id.idValue;
      }
    }
    if (!hash) return refuse('This sandbox only stores members identified by SHA256_EMAIL');
    if (this.rejectedHashes.has(hash)) return refuse('The member could not be processed');
    if (action === 'REMOVE') segment.users.delete(hash);
    else segment.users.set(hash, pick(element, ['firstName', 'lastName', 'company', 'country']));
    // LinkedIn answers 201 for adds and removes alike, and for re-adding a member it already has.
    return { status: 201 };
  }

  applyCompany(segment: StoredSegment, element: unknown): ElementOutcome {
    if (!isObject(element)) return refuse('Each element must be an object');
    const action = element.action;
    if (action !== 'ADD' && action !== 'REMOVE')
      return refuse(`action must be ADD or REMOVE, not ${JSON.stringify(action)}`);
    const identifiers = pick(element, COMPANY_IDENTIFIERS);
    const company: CompanyMember = identifiers;
    const values = Object.values(identifiers);
    if (values.length === 0)
      return refuse(`A company needs at least one of ${COMPANY_IDENTIFIERS.join(', ')}`);
    if ((company.companyPageUrl?.length ?? 0) > 100)
      return refuse('companyPageUrl is longer than 100 characters');
    if (typeof element.country === 'string' && !/^[A-Z]{2}$/.test(element.country))
      return refuse('country must be an ISO 3166 alpha-2 code');
    if (values.some((v) => this.rejectedCompanies.has(v)))
      return refuse('The company could not be processed');
    const key = companyKey(company);
    if (action === 'REMOVE') segment.companies.delete(key);
    else segment.companies.set(key, company);
    return { status: 201 };
  }
}

/** Two elements name the same company when they carry the same identifiers (case aside). */
function companyKey(company: CompanyMember): string {
  return JSON.stringify(COMPANY_IDENTIFIERS.map((k) => company[k]?.toLowerCase() ?? null));
}

function refuse(message: string): ElementOutcome {
  return { status: 400, error: { status: 400, message } };
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = source[key];
    if (typeof value === 'string' && value) out[key] = value;
  }
  return out;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
