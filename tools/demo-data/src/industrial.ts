/** "Contoso Industrial": a B2B supplier of industrial equipment (business environment). */
import { asciiSlug, daysBeforeReference, DAY_MS, isoDateTime, padId, REFERENCE_TIME, scaled } from './format.js';
import { permute, Rng, type Weighted } from './random.js';
import {
  BUSINESS_COUNTRY_WEIGHTS,
  COMPANY_HEADS,
  COMPANY_TAILS,
  COMPANY_TLD,
  COUNTRIES,
  FIRST_NAMES,
  INDUSTRIES,
  INDUSTRY_NOUNS,
  JOB_TITLES,
  LAST_NAMES,
  LEGAL_FORMS,
  type CountryCode,
  type Industry,
  type Seniority,
} from './reference.js';
import { all, where } from './rules.js';
import type { DemoEnvironment, DemoRow, DemoSegment, DemoTable } from './types.js';

export const ACCOUNT_ROWS = 5_000;
export const CONTACT_ROWS = 25_000;
export const MAX_CONTACTS_PER_ACCOUNT = 12;

/** Every (company head, tail, industry noun) combination, so names and domains are unique by construction. */
const NOUNS: readonly (readonly [string, Industry])[] = INDUSTRIES.flatMap((industry) =>
  INDUSTRY_NOUNS[industry].map((noun) => [noun, industry] as const),
);
const NAME_SPACE = COMPANY_HEADS.length * COMPANY_TAILS.length * NOUNS.length;

/** Revenue per employee (USD), by industry. */
const REVENUE_PER_EMPLOYEE: Record<Industry, number> = {
  Manufacturing: 210_000,
  Logistics: 160_000,
  Energy: 520_000,
  Construction: 190_000,
  Automotive: 280_000,
  Chemicals: 450_000,
  'Food & Beverage': 230_000,
  Aerospace: 300_000,
};

type Tier = 'strategic' | 'key' | 'standard';

export interface AccountFacts {
  accountId: string;
  name: string;
  domain: string;
  industry: Industry;
  country: CountryCode;
  employees: number;
  annualRevenue: number;
  tier: Tier;
  row: DemoRow;
}

function tierFor(rng: Rng, employees: number): Tier {
  const weights: Weighted<Tier> =
    employees >= 2000
      ? [['strategic', 70], ['key', 25], ['standard', 5]]
      : employees >= 700
        ? [['strategic', 18], ['key', 52], ['standard', 30]]
        : employees >= 200
          ? [['strategic', 3], ['key', 27], ['standard', 70]]
          : [['key', 6], ['standard', 94]];
  return rng.weighted(weights);
}

function roundEmployees(value: number): number {
  if (value < 100) return Math.round(value);
  if (value < 1000) return Math.round(value / 5) * 5;
  return Math.round(value / 50) * 50;
}

export function accountAt(seed: number, index: number): AccountFacts {
  const rng = Rng.forRow(seed, 'account', index);
  const combination = permute(index % NAME_SPACE, NAME_SPACE, seed);
  const round = Math.floor(index / NAME_SPACE);
  const nounEntry = NOUNS[combination % NOUNS.length];
  if (!nounEntry) throw new Error('noun index out of range');
  const [noun, industry] = nounEntry;
  const compound = Math.floor(combination / NOUNS.length);
  const head = COMPANY_HEADS[compound % COMPANY_HEADS.length] ?? 'North';
  const tail = COMPANY_TAILS[Math.floor(compound / COMPANY_HEADS.length)] ?? 'gate';
  const brand = `${head}${tail}`;

  const country = rng.weighted(BUSINESS_COUNTRY_WEIGHTS);
  const legalForm = rng.pick(LEGAL_FORMS[country]);
  const tld = rng.weighted(COMPANY_TLD[country]);
  const base = asciiSlug(`${brand} ${noun}`) + (round > 0 ? String(round + 1) : '');
  const domain = `${base}.${tld}`;
  const slug = asciiSlug(`${brand} ${noun}`, '-') + (round > 0 ? `-${round + 1}` : '');
  const name = `${brand} ${noun} ${legalForm}`;

  const employees = roundEmployees(Math.min(150_000, Math.max(8, rng.logNormal(260, 1.3))));
  const annualRevenue =
    Math.round((employees * REVENUE_PER_EMPLOYEE[industry] * rng.logNormal(1, 0.3)) / 100_000) * 100_000;
  const tier = tierFor(rng, employees);
  const linkedinUrl = rng.chance(0.15) ? null : `https://www.linkedin.com/company/${slug}`;
  const createdAt = isoDateTime(daysBeforeReference(rng.float() * 8 * 365 + 1) + rng.int(0, DAY_MS - 1));

  const accountId = padId('A', index, 5);
  return {
    accountId,
    name,
    domain,
    industry,
    country,
    employees,
    annualRevenue,
    tier,
    row: {
      accountId,
      name,
      domain,
      website: `https://www.${domain}`,
      industry,
      country,
      employees,
      annualRevenue,
      tier,
      linkedinUrl,
      createdAt,
    },
  };
}

/**
 * Contacts per account: 1..12, larger companies have more, and the total is exactly
 * `contactCount`. One byte per account.
 */
export function contactsPerAccount(seed: number, accountCount: number, contactCount: number): Uint8Array {
  const counts = new Uint8Array(accountCount);
  let total = 0;
  for (let a = 0; a < accountCount; a++) {
    const { employees, tier } = accountAt(seed, a);
    const rng = Rng.forRow(seed, 'contact-count', a);
    const sizeBoost = Math.log10(Math.max(10, employees)) - 1; // 0 (10 people) … ~4
    const tierBoost = tier === 'strategic' ? 2 : tier === 'key' ? 1 : 0;
    const n = Math.round(rng.logNormal(2.3 + sizeBoost + tierBoost, 0.55));
    counts[a] = Math.min(MAX_CONTACTS_PER_ACCOUNT, Math.max(1, n));
    total += counts[a] ?? 0;
  }
  // Nudge counts up or down, walking accounts in a scrambled order, until the total matches.
  const step = 7919;
  for (let k = 0; total !== contactCount; k++) {
    const a = (k * step) % accountCount;
    const current = counts[a] ?? 1;
    if (total < contactCount && current < MAX_CONTACTS_PER_ACCOUNT) {
      counts[a] = current + 1;
      total++;
    } else if (total > contactCount && current > 1) {
      counts[a] = current - 1;
      total--;
    }
  }
  return counts;
}

const SENIORITY_WEIGHTS: Weighted<Seniority> = [
  ['c-level', 6],
  ['vp', 9],
  ['director', 17],
  ['manager', 30],
  ['staff', 38],
];

function contactRow(seed: number, index: number, account: AccountFacts, takenLocals: Set<string>): DemoRow {
  const rng = Rng.forRow(seed, 'contact', index);
  const countryCode: CountryCode = rng.chance(0.9) ? account.country : rng.weighted(BUSINESS_COUNTRY_WEIGHTS);
  const country = COUNTRIES[countryCode];
  const locale = country.locale;
  const firstName = rng.pick(FIRST_NAMES[locale]);
  const lastName = rng.pick(LAST_NAMES[locale]);
  const seniority = rng.weighted(SENIORITY_WEIGHTS);
  const jobTitle = rng.pick(JOB_TITLES[seniority]);

  const first = asciiSlug(firstName);
  const last = asciiSlug(lastName);
  let local = rng.weighted<string>([
    [`${first}.${last}`, 70],
    [`${first.charAt(0)}.${last}`, 12],
    [`${first.charAt(0)}${last}`, 12],
    [`${first}${last.charAt(0)}`, 6],
  ]);
  for (let n = 2; takenLocals.has(local); n++) local = `${local.replace(/\d+$/, '')}${n}`;
  takenLocals.add(local);

  const city = rng.weighted(country.cities.map((c) => [c, c.weight] as const));
  const phone = rng.chance(0.3) ? null : country.phone(rng, city);
  const emailOptIn = rng.chance(seniority === 'c-level' ? 0.45 : 0.62);
  const lastActivityAt = rng.chance(0.25)
    ? null
    : isoDateTime(REFERENCE_TIME - Math.min(730, rng.logNormal(45, 1.1)) * DAY_MS);

  return {
    contactId: padId('P', index, 6),
    accountId: account.accountId,
    email: `${local}@${account.domain}`,
    firstName,
    lastName,
    jobTitle,
    seniority,
    phone,
    country: countryCode,
    emailOptIn,
    lastActivityAt,
  };
}

function accountTable(seed: number, accountCount: number): DemoTable {
  return {
    name: 'Account',
    keyColumn: 'accountId',
    rowCount: accountCount,
    columns: [
      { name: 'accountId', type: 'string', nullable: false },
      { name: 'name', type: 'string', nullable: false },
      { name: 'domain', type: 'string', nullable: false },
      { name: 'website', type: 'url', nullable: false },
      { name: 'industry', type: 'string', nullable: false },
      { name: 'country', type: 'string', nullable: false },
      { name: 'employees', type: 'number', nullable: false },
      { name: 'annualRevenue', type: 'number', nullable: false },
      { name: 'tier', type: 'string', nullable: false },
      { name: 'linkedinUrl', type: 'url', nullable: true },
      { name: 'createdAt', type: 'datetime', nullable: false },
    ],
    *rows() {
      for (let i = 0; i < accountCount; i++) yield accountAt(seed, i).row;
    },
  };
}

function contactTable(seed: number, accountCount: number, contactCount: number): DemoTable {
  let counts: Uint8Array | undefined;
  return {
    name: 'Contact',
    keyColumn: 'contactId',
    rowCount: contactCount,
    columns: [
      { name: 'contactId', type: 'string', nullable: false },
      { name: 'accountId', type: 'string', nullable: false },
      { name: 'email', type: 'email', nullable: false },
      { name: 'firstName', type: 'string', nullable: false },
      { name: 'lastName', type: 'string', nullable: false },
      { name: 'jobTitle', type: 'string', nullable: false },
      { name: 'seniority', type: 'string', nullable: false },
      { name: 'phone', type: 'phone', nullable: true },
      { name: 'country', type: 'string', nullable: false },
      { name: 'emailOptIn', type: 'boolean', nullable: false },
      { name: 'lastActivityAt', type: 'datetime', nullable: true },
    ],
    *rows() {
      counts ??= contactsPerAccount(seed, accountCount, contactCount);
      let index = 0;
      for (let a = 0; a < accountCount; a++) {
        const account = accountAt(seed, a);
        const taken = new Set<string>();
        const n = counts[a] ?? 0;
        for (let j = 0; j < n; j++) yield contactRow(seed, index++, account, taken);
      }
    },
  };
}

const DECISION_MAKERS = ['c-level', 'vp', 'director'];

/** Built fresh on every call, so callers may mutate what they get. */
function industrialSegments(): DemoSegment[] {
  return [
    {
      name: 'Key manufacturing accounts',
      description: 'Strategic and key accounts in manufacturing, automotive and aerospace.',
      baseTable: 'Account',
      rule: all(
        where('tier', 'inList', ['strategic', 'key']),
        where('industry', 'inList', ['Manufacturing', 'Automotive', 'Aerospace']),
      ),
    },
    {
      name: 'Large energy and chemicals accounts',
      description: 'Energy and chemicals companies with more than 250 employees.',
      baseTable: 'Account',
      rule: all(where('industry', 'inList', ['Energy', 'Chemicals']), where('employees', 'greaterThan', 250)),
    },
    {
      name: 'Decision makers',
      description: 'Contacts at C-level, VP or director seniority.',
      baseTable: 'Contact',
      rule: where('seniority', 'inList', [...DECISION_MAKERS]),
    },
    {
      name: 'Decision makers at strategic accounts',
      description: 'C-level, VP and director contacts whose account is a strategic account.',
      baseTable: 'Contact',
      rule: all(where('seniority', 'inList', [...DECISION_MAKERS]), where('account.tier', 'equals', 'strategic')),
    },
    {
      name: 'Opted-in logistics contacts',
      description: 'Contacts who accepted marketing e-mails, at accounts in the logistics industry.',
      baseTable: 'Contact',
      rule: all(where('emailOptIn', 'equals', true), where('account.industry', 'equals', 'Logistics')),
    },
    {
      name: 'Recently active buyers',
      description: 'Procurement staff (buyers, purchasing, procurement) active in the 90 days before 2026-11-01.',
      baseTable: 'Contact',
      rule: all(
        {
          kind: 'group',
          combinator: 'or',
          rules: [
            where('jobTitle', 'contains', 'buyer'),
            where('jobTitle', 'contains', 'procurement'),
            where('jobTitle', 'contains', 'purchasing'),
          ],
        },
        where('lastActivityAt', 'after', '2026-08-02'),
      ),
    },
  ];
}

export function industrialSupplier(seed: number, scale: number): DemoEnvironment {
  const accountCount = scaled(ACCOUNT_ROWS, scale);
  const contactCount = Math.min(
    accountCount * MAX_CONTACTS_PER_ACCOUNT,
    Math.max(accountCount, scaled(CONTACT_ROWS, scale)),
  );
  return {
    slug: 'industrial-supplier',
    name: 'Contoso Industrial',
    kind: 'business',
    tables: [accountTable(seed, accountCount), contactTable(seed, accountCount, contactCount)],
    segments: industrialSegments(),
  };
}
