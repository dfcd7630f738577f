/** "Northwind Outfitters": a B2C apparel brand (individuals environment). */
import { asciiSlug, daysBeforeReference, DAY_MS, isoDate, isoDateTime, padId, REFERENCE_TIME, round2, scaled } from './format.js';
import { Rng, SeenBitmap, type Weighted } from './random.js';
import { COUNTRIES, CONSUMER_COUNTRY_WEIGHTS, FIRST_NAMES, LAST_NAMES, type Country, type CountryCode } from './reference.js';
import { all, any, where } from './rules.js';
import type { DemoEnvironment, DemoRow, DemoSegment, DemoTable } from './types.js';

export const CUSTOMER_ROWS = 50_000;
export const STORE_ROWS = 40;

type LoyaltyTier = 'bronze' | 'silver' | 'gold' | 'platinum';

const TIER_WEIGHTS: Weighted<LoyaltyTier> = [
  ['bronze', 55],
  ['silver', 28],
  ['gold', 13],
  ['platinum', 4],
];

/** Median lifetime value (in the store currency) per tier; log-normal around it. */
const TIER_MEDIAN_VALUE: Record<LoyaltyTier, number> = { bronze: 110, silver: 420, gold: 1100, platinum: 3200 };

type EmailPattern = (first: string, last: string, rng: Rng) => string;

const EMAIL_PATTERNS: Weighted<EmailPattern> = [
  [(f, l) => `${f}.${l}`, 38],
  [(f, l) => `${f}${l}`, 10],
  [(f, l) => `${f.charAt(0)}${l}`, 12],
  [(f, l) => `${f}_${l}`, 6],
  [(f, l, rng) => `${f}.${l}${rng.int(1, 99)}`, 12],
  [(f, _l, rng) => `${f}${rng.int(60, 99)}`, 6],
  [(f, l, rng) => `${f}${l.charAt(0)}${rng.int(1970, 2008)}`, 8],
  [(f, l) => `${l}.${f}`, 8],
];

/** Pick a city; Montreal and friends override the country's name locale. */
function personIn(rng: Rng, country: Country) {
  const city = rng.weighted(country.cities.map((c) => [c, c.weight] as const));
  const locale = city.locale ?? country.locale;
  return {
    city,
    firstName: rng.pick(FIRST_NAMES[locale]),
    lastName: rng.pick(LAST_NAMES[locale]),
  };
}

function customerRow(seed: number, index: number, seen: SeenBitmap): DemoRow {
  const rng = Rng.forRow(seed, 'customer', index);
  const countryCode: CountryCode = rng.weighted(CONSUMER_COUNTRY_WEIGHTS);
  const country = COUNTRIES[countryCode];
  const { city, firstName, lastName } = personIn(rng, country);

  const age = Math.min(90, Math.round(18 + rng.logNormal(19, 0.45))); // median ≈ 37
  const dateOfBirth = isoDate(daysBeforeReference(age * 365.25 + rng.int(0, 364)));

  // Signups grow over time: more recent customers than old ones (6 years back at most).
  const signupDaysAgo = Math.floor(6 * 365 * rng.float() ** 1.35) + 1;
  const signupTime = daysBeforeReference(signupDaysAgo);

  const loyaltyTier = rng.weighted(TIER_WEIGHTS);
  const neverPurchased = loyaltyTier === 'bronze' && rng.chance(0.145);
  let lifetimeValue = 0;
  let ordersCount = 0;
  let lastPurchaseAt: string | null = null;
  if (!neverPurchased) {
    lifetimeValue = round2(Math.max(12, rng.logNormal(TIER_MEDIAN_VALUE[loyaltyTier], 0.7)));
    const basket = rng.logNormal(78, 0.35);
    ordersCount = Math.max(1, Math.round(lifetimeValue / basket));
    const recencyDays = Math.min(signupDaysAgo - 0.1, rng.logNormal(110, 1.05));
    const purchaseTime = REFERENCE_TIME - recencyDays * DAY_MS;
    lastPurchaseAt = isoDateTime(Math.max(signupTime, purchaseTime));
  }

  const phone = rng.chance(0.1) ? null : country.phone(rng, city);
  const emailOptIn = rng.chance(0.7);

  const first = asciiSlug(firstName);
  const last = asciiSlug(lastName);
  const domain = rng.weighted(country.emailDomains);
  let local = rng.weighted(EMAIL_PATTERNS)(first, last, rng);
  let email = `${local}@${domain}`;
  // Keep e-mails unique while streaming: on a (possible) clash add digits, as people do.
  for (let attempt = 0; !seen.claim(email); attempt++) {
    local = `${local}${attempt < 3 ? rng.int(1, 9) : rng.int(10, 999)}`;
    email = `${local}@${domain}`;
  }

  return {
    customerId: padId('C', index, 6),
    email,
    firstName,
    lastName,
    phone,
    city: city.name,
    country: countryCode,
    dateOfBirth,
    signupDate: isoDate(signupTime),
    lifetimeValue,
    ordersCount,
    loyaltyTier,
    emailOptIn,
    lastPurchaseAt,
  };
}

function customerTable(seed: number, scale: number): DemoTable {
  const rowCount = scaled(CUSTOMER_ROWS, scale);
  return {
    name: 'Customer',
    keyColumn: 'customerId',
    rowCount,
    columns: [
      { name: 'customerId', type: 'string', nullable: false },
      { name: 'email', type: 'email', nullable: false },
      { name: 'firstName', type: 'string', nullable: false },
      { name: 'lastName', type: 'string', nullable: false },
      { name: 'phone', type: 'phone', nullable: true },
      { name: 'city', type: 'string', nullable: false },
      { name: 'country', type: 'string', nullable: false },
      { name: 'dateOfBirth', type: 'date', nullable: false },
      { name: 'signupDate', type: 'date', nullable: false },
      { name: 'lifetimeValue', type: 'number', nullable: false },
      { name: 'ordersCount', type: 'number', nullable: false },
      { name: 'loyaltyTier', type: 'string', nullable: false },
      { name: 'emailOptIn', type: 'boolean', nullable: false },
      { name: 'lastPurchaseAt', type: 'datetime', nullable: true },
    ],
    *rows() {
      const seen = new SeenBitmap();
      for (let i = 0; i < rowCount; i++) yield customerRow(seed, i, seen);
    },
  };
}

const STORE_KINDS = ['Flagship', 'Central', 'Station', 'Riverside', 'Old Town', 'Outlet', 'Mall', 'Harbour'];

function storeTable(seed: number, scale: number): DemoTable {
  const rowCount = scaled(STORE_ROWS, scale);
  return {
    name: 'Store',
    keyColumn: 'storeId',
    rowCount,
    columns: [
      { name: 'storeId', type: 'string', nullable: false },
      { name: 'name', type: 'string', nullable: false },
      { name: 'city', type: 'string', nullable: false },
      { name: 'country', type: 'string', nullable: false },
      { name: 'openedOn', type: 'date', nullable: false },
    ],
    *rows() {
      const perCity = new Map<string, number>();
      for (let i = 0; i < rowCount; i++) {
        const rng = Rng.forRow(seed, 'store', i);
        const countryCode = rng.weighted(CONSUMER_COUNTRY_WEIGHTS);
        const country = COUNTRIES[countryCode];
        const city = rng.weighted(country.cities.map((c) => [c, c.weight] as const));
        const n = perCity.get(city.name) ?? 0;
        perCity.set(city.name, n + 1);
        const kind = STORE_KINDS[n] ?? String(n + 1);
        yield {
          storeId: padId('S', i, 3),
          name: `Northwind ${city.name} ${kind}`,
          city: city.name,
          country: countryCode,
          openedOn: isoDate(daysBeforeReference(rng.int(60, 22 * 365))),
        };
      }
    },
  };
}

/** Segment rules are fixed; their sizes at scale 1 with the default seed are listed in the README. */
/** Built fresh on every call, so callers may mutate what they get. */
function consumerSegments(): DemoSegment[] {
  return [
    {
      name: 'VIP customers',
      description: 'Platinum members and anyone who has spent more than 2,500 in total.',
      baseTable: 'Customer',
      rule: any(where('loyaltyTier', 'equals', 'platinum'), where('lifetimeValue', 'greaterThan', 2500)),
    },
    {
      name: 'French newsletter subscribers',
      description: 'Customers in France who accepted marketing e-mails.',
      baseTable: 'Customer',
      rule: all(where('country', 'equals', 'FR'), where('emailOptIn', 'equals', true)),
    },
    {
      name: 'Lapsed buyers',
      description: 'Repeat buyers (more than one order) with no purchase in the 12 months before 2026-11-01.',
      baseTable: 'Customer',
      rule: all(where('ordersCount', 'greaterThan', 1), where('lastPurchaseAt', 'before', '2025-11-01')),
    },
    {
      name: 'Gold members in Berlin',
      description: 'Gold loyalty members living in Berlin: a small, local audience (below most ad-network minimums).',
      baseTable: 'Customer',
      rule: all(where('loyaltyTier', 'equals', 'gold'), where('city', 'equals', 'Berlin')),
    },
    {
      name: 'New customers (last 90 days)',
      description: 'Customers who signed up in the 90 days before 2026-11-01.',
      baseTable: 'Customer',
      rule: where('signupDate', 'after', '2026-08-02'),
    },
    {
      name: 'All opted-in customers',
      description: 'Every customer who accepted marketing e-mails, with a known e-mail address.',
      baseTable: 'Customer',
      rule: all(where('emailOptIn', 'equals', true), where('email', 'isNotEmpty')),
    },
  ];
}

export function consumerBrand(seed: number, scale: number): DemoEnvironment {
  return {
    slug: 'consumer-brand',
    name: 'Northwind Outfitters',
    kind: 'individuals',
    tables: [customerTable(seed, scale), storeTable(seed, scale)],
    segments: consumerSegments(),
  };
}
