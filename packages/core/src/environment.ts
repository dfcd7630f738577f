// Environment kinds, segment types and roles: the vocabulary every other module builds on.

/** Fixed when an environment is created: B2C (people) or B2B (accounts and their contacts). */
export const ENVIRONMENT_KINDS = ['individuals', 'business'] as const;
export type EnvironmentKind = (typeof ENVIRONMENT_KINDS)[number];

/** A segment's type follows its base table (see segmentTypeForTable). */
export const SEGMENT_TYPES = ['profile', 'account', 'contact'] as const;
export type SegmentType = (typeof SEGMENT_TYPES)[number];

export const WELL_KNOWN_TABLES = { Customer: 'Customer', Account: 'Account', Contact: 'Contact' } as const;
export type WellKnownTable = (typeof WELL_KNOWN_TABLES)[keyof typeof WELL_KNOWN_TABLES];

/** Which segment types can exist in each environment kind. */
export const SEGMENT_TYPES_BY_ENVIRONMENT: Record<EnvironmentKind, readonly SegmentType[]> = {
  individuals: ['profile'],
  business: ['account', 'contact'],
};

const BASE_TABLES: Record<SegmentType, WellKnownTable> = {
  profile: WELL_KNOWN_TABLES.Customer,
  account: WELL_KNOWN_TABLES.Account,
  contact: WELL_KNOWN_TABLES.Contact,
};

/**
 * The segment type a segment over `tableName` would have, or null when segments cannot be built on
 * that table in this environment kind (other tables such as orders only feed rules and data-out exports).
 * Table names are matched exactly: `customer` is not the well-known `Customer` table.
 */
export function segmentTypeForTable(kind: EnvironmentKind, tableName: string): SegmentType | null {
  for (const type of SEGMENT_TYPES_BY_ENVIRONMENT[kind]) {
    if (BASE_TABLES[type] === tableName) return type;
  }
  return null;
}

export function baseTableForSegmentType(type: SegmentType): string {
  return BASE_TABLES[type];
}

export const SEGMENT_TYPE_LABELS: Record<SegmentType, string> = {
  profile: 'Profile',
  account: 'Account',
  contact: 'Contact',
};

/**
 * The product's names for the segment types, as the refusal of an ineligible segment says them
 * ("Please choose only segments of type ContactProfile"): the tables the seed product builds each
 * type of segment on. Contact segments are `ContactProfile` (the seed's refusal names it, and its
 * B2B contact table was called so); profile segments are built on the unified `CustomerProfile`;
 * account segments on the `Account` table.
 */
export const SEGMENT_TYPE_NAMES: Record<SegmentType, string> = {
  profile: 'CustomerProfile',
  account: 'Account',
  contact: 'ContactProfile',
};

export const ROLES = ['admin', 'contributor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  contributor: 'Contributor',
  viewer: 'Viewer',
};

export function isEnvironmentKind(value: unknown): value is EnvironmentKind {
  return typeof value === 'string' && (ENVIRONMENT_KINDS as readonly string[]).includes(value);
}

export function isSegmentType(value: unknown): value is SegmentType {
  return typeof value === 'string' && (SEGMENT_TYPES as readonly string[]).includes(value);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
