import { createHash } from 'node:crypto';

/**
 * The sandbox's in-memory LinkedIn: DMP segments of one ad account and the members in them. Kept
 * apart from the HTTP layer so the rules (what LinkedIn accepts per element, what counts as the
 * same member, what a segment reports about itself) read in one place.
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
  title?: string;
  company?: string;
  country?: string;
}

interface Held<T> {
  value: T;
  /** Whether LinkedIn found a member (or a company Page) for it. */
  matched: boolean;
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
  lastModified: number;
  /** USER segments: member identity (the SHA-256 email hash when given) → the attributes last sent with it. */
  users: Map<string, Held<UserAttributes>>;
  /** COMPANY segments: identity (see companyKey) → the company as last sent. */
  companies: Map<string, Held<CompanyMember>>;
  /** Every ADD received, for LinkedIn's rolling seven-day `inputCount` and `matchedCount`. */
  inputs: { at: number; matched: boolean }[];
}

/** What a per-element answer says: LinkedIn's `{status}` or `{status, error}`. */
export interface ElementOutcome {
  status: number;
  error?: { status: number; message: string };
}

/** How the sandbox's LinkedIn matches and sizes audiences (see LinkedInSandboxOptions). */
export interface MatchingRules {
  matchRate: number;
  membersPerCompany: number;
}

/** The identifier types LinkedIn documents for `/dmpSegments/{id}/users`. */
export const USER_ID_TYPES = ['SHA256_EMAIL', 'SHA512_EMAIL', 'GOOGLE_AID'] as const;
/** The fields LinkedIn documents for a `/users` element. */
export const USER_FIELDS = ['action', 'userIds', 'firstName', 'lastName', 'title', 'company', 'country'] as const;
const USER_ID_FIELDS = ['idType', 'idValue'];
/** The fields that identify a company; an element needs at least one. */
export const COMPANY_IDENTIFIERS = [
  'companyName',
  'companyWebsiteDomain',
  'companyEmailDomain',
  'companyPageUrl',
  'organizationUrn',
] as const;
/** The fields LinkedIn documents for a `/companies` element. */
export const COMPANY_FIELDS = [
  'action',
  ...COMPANY_IDENTIFIERS,
  'industries',
  'city',
  'state',
  'country',
  'postalCode',
  'stockSymbol',
] as const;

const HEX_LENGTH: Record<string, number> = { SHA256_EMAIL: 64, SHA512_EMAIL: 128 };
const SEVEN_DAYS_MS = 7 * 24 * 3_600_000;

export class LinkedInState {
  readonly segments = new Map<string, StoredSegment>();
  readonly rejectedHashes = new Set<string>();
  readonly rejectedCompanies = new Set<string>();
  private nextId = 19_000_001;

  constructor(private readonly rules: MatchingRules) {}

  createSegment(
    input: Omit<StoredSegment, 'id' | 'createdAt' | 'lastModified' | 'users' | 'companies' | 'inputs'>,
    now: number,
  ): StoredSegment {
    const segment: StoredSegment = {
      ...input,
      id: String(this.nextId++),
      createdAt: now,
      lastModified: now,
      users: new Map(),
      companies: new Map(),
      inputs: [],
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

  /**
   * What Rest.li's input validation says about a batch before anything in it is applied: fields
   * and identifier types the schema does not have. LinkedIn fails the whole BATCH_CREATE with 422
   * for them; `undefined` when the batch is well formed.
   */
  validate(type: SegmentType, elements: unknown[]): string | undefined {
    const problems: string[] = [];
    elements.forEach((element, index) => {
      if (!isObject(element)) return;
      const messages: string[] = [];
      const allowed: readonly string[] = type === 'USER' ? USER_FIELDS : COMPANY_FIELDS;
      for (const field of Object.keys(element)) {
        if (!allowed.includes(field)) messages.push(unrecognized(`/${field}`));
      }
      if (type === 'USER' && Array.isArray(element.userIds)) {
        (element.userIds as unknown[]).forEach((id, i) => {
          if (!isObject(id)) return;
          for (const field of Object.keys(id)) {
            if (!USER_ID_FIELDS.includes(field)) messages.push(unrecognized(`/userIds/${i}/${field}`));
          }
          if (typeof id.idType === 'string' && !(USER_ID_TYPES as readonly string[]).includes(id.idType)) {
            messages.push(`ERROR :: /userIds/${i}/idType :: ${JSON.stringify(id.idType)} is not an enum symbol\n`);
          }
        });
      }
      if (messages.length > 0) problems.push(`Index: ${index}, [${messages.join(', ')}]`);
    });
    return problems.length > 0 ? problems.join('') : undefined;
  }

  applyUser(segment: StoredSegment, element: unknown, now: number): ElementOutcome {
    if (!isObject(element)) return refuse('Each element must be an object');
    const action = element.action;
    if (action !== 'ADD' && action !== 'REMOVE')
      return refuse(`action must be ADD or REMOVE, not ${JSON.stringify(action)}`);
    const ids = element.userIds;
    if (!Array.isArray(ids) || ids.length === 0) return refuse('userIds must list at least one identifier');
    const given = new Map<string, string>();
    for (const id of ids as unknown[]) {
      if (!isObject(id) || typeof id.idType !== 'string' || typeof id.idValue !== 'string' || !id.idValue)
        return refuse('Each userId needs an idType and an idValue');
      const length = HEX_LENGTH[id.idType];
      if (length && !new RegExp(`^[a-f0-9]{${length}}$`).test(id.idValue))
        return refuse(`${id.idType} must be ${length} lower-case hex characters`);
      given.set(id.idType, id.idValue);
    }
    // One member, however many of its identifiers are sent; the SHA-256 email hash names it when there.
    const [idType, idValue] = [...given].sort(([a], [b]) => idOrder(a) - idOrder(b))[0]!;
    const key = idType === 'SHA256_EMAIL' ? idValue : `${idType}:${idValue}`;
    if ([...given.values()].some((v) => this.rejectedHashes.has(v))) return refuse('The member could not be processed');
    if (action === 'REMOVE') segment.users.delete(key);
    else {
      const matched = matches(key, this.rules.matchRate);
      segment.users.set(key, { value: pick(element, ['firstName', 'lastName', 'title', 'company', 'country']), matched });
      segment.inputs.push({ at: now, matched });
    }
    segment.lastModified = now;
    // LinkedIn answers 201 for adds and removes alike, and for re-adding a member it already has.
    return { status: 201 };
  }

  applyCompany(segment: StoredSegment, element: unknown, now: number): ElementOutcome {
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
    else {
      const matched = matches(key, this.rules.matchRate);
      segment.companies.set(key, { value: company, matched });
      segment.inputs.push({ at: now, matched });
    }
    segment.lastModified = now;
    return { status: 201 };
  }

  /**
   * What LinkedIn reports on a segment's size: `audienceSize`, the members it can target now (the
   * matched members held; for a company segment, the members at the matched companies), and over
   * the last seven days the entries received (`inputCount`) and how many of them matched
   * (`matchedCount`).
   */
  counts(segment: StoredSegment, now: number) {
    const recent = segment.inputs.filter((input) => now - input.at < SEVEN_DAYS_MS);
    const matchedHeld =
      segment.type === 'USER'
        ? [...segment.users.values()].filter((u) => u.matched).length
        : [...segment.companies.values()].filter((c) => c.matched).length;
    return {
      audienceSize: segment.type === 'USER' ? matchedHeld : matchedHeld * this.rules.membersPerCompany,
      matchedCount: recent.filter((input) => input.matched).length,
      inputCount: recent.length,
    };
  }
}

/**
 * Whether an identifier matches, decided from its hash so that the same identifier always gets the
 * same answer (a rerun, another sandbox) and about `rate` of many distinct ones match.
 */
function matches(identity: string, rate: number): boolean {
  const digest = createHash('sha256').update(`linkedin-sandbox-match:${identity}`).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000 < rate;
}

function idOrder(idType: string): number {
  const order = (USER_ID_TYPES as readonly string[]).indexOf(idType);
  return order < 0 ? USER_ID_TYPES.length : order;
}

function unrecognized(path: string): string {
  return `ERROR :: ${path} :: unrecognized field found but not allowed\n`;
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
