import { describe, it, expect } from 'vitest';
import type { CellValue, ColumnDefinition } from './columns.js';
import {
  describeRule,
  evaluateRule,
  fieldInWords,
  ruleInWords,
  ruleValueInWords,
  normalizeRule,
  OPERATORS_BY_TYPE,
  ruleFields,
  validateRule,
  type RuleCondition,
  type RuleGroup,
  type RuleNode,
  type RuleScope,
} from './rules.js';

const customerColumns: ColumnDefinition[] = [
  { name: 'customerId', type: 'string' },
  { name: 'country', type: 'string' },
  { name: 'email', type: 'email' },
  { name: 'lifetimeValue', type: 'number' },
  { name: 'loyaltyTier', type: 'string' },
  { name: 'optIn', type: 'boolean' },
  { name: 'birthDate', type: 'date' },
  { name: 'lastOrderAt', type: 'datetime' },
];
const scope: RuleScope = { columns: customerColumns };

const cond = (
  field: string,
  operator: RuleCondition['operator'],
  value?: RuleCondition['value'],
): RuleCondition =>
  value === undefined
    ? { kind: 'condition', field, operator }
    : { kind: 'condition', field, operator, value };
const and = (...rules: RuleNode[]): RuleGroup => ({ kind: 'group', combinator: 'and', rules });
const or = (...rules: RuleNode[]): RuleGroup => ({ kind: 'group', combinator: 'or', rules });

const frenchHighValue = and(
  cond('country', 'equals', 'FR'),
  or(cond('lifetimeValue', 'greaterThan', 500), cond('loyaltyTier', 'inList', ['gold', 'platinum'])),
);

describe('OPERATORS_BY_TYPE', () => {
  it('offers before/after only on dates and comparisons only on ordered types', () => {
    expect(OPERATORS_BY_TYPE.date).toContain('before');
    expect(OPERATORS_BY_TYPE.datetime).toContain('after');
    expect(OPERATORS_BY_TYPE.number).not.toContain('before');
    expect(OPERATORS_BY_TYPE.number).toContain('between');
    expect(OPERATORS_BY_TYPE.email).toContain('contains');
    expect(OPERATORS_BY_TYPE.string).not.toContain('greaterThan');
    expect(OPERATORS_BY_TYPE.boolean).toEqual(['equals', 'notEquals', 'isEmpty', 'isNotEmpty']);
  });
});

describe('validateRule', () => {
  it('accepts a valid rule', () => {
    expect(validateRule(frenchHighValue, scope)).toEqual([]);
  });

  it('points at the faulty condition with its path', () => {
    const rule = and(
      cond('country', 'equals', 'FR'),
      or(cond('ctry', 'equals', 'FR'), cond('optIn', 'contains', 'y')),
    );
    expect(validateRule(rule, scope)).toEqual([
      'rules[1].rules[0]: unknown column "ctry"',
      'rules[1].rules[1]: operator "contains" cannot be used with boolean column "optIn"',
    ]);
  });

  it('checks values against the column type', () => {
    expect(validateRule(and(cond('lifetimeValue', 'greaterThan', 'lots')), scope)).toEqual([
      'rules[0]: value for number column "lifetimeValue": "lots" is not a number',
    ]);
    expect(validateRule(and(cond('birthDate', 'before', '2024-02-30')), scope)).toEqual([
      'rules[0]: value for date column "birthDate": "2024-02-30" is not a valid calendar date',
    ]);
    expect(validateRule(and(cond('country', 'equals')), scope)).toEqual([
      'rules[0]: value for string column "country": a value is required',
    ]);
    expect(validateRule(and(cond('country', 'isEmpty', 'x')), scope)).toEqual([
      'rules[0]: is empty takes no value',
    ]);
  });

  it('checks the shape of between and inList values', () => {
    expect(validateRule(and(cond('lifetimeValue', 'between', 10)), scope)).toEqual([
      'rules[0]: between needs two values, [min, max]',
    ]);
    expect(validateRule(and(cond('lifetimeValue', 'between', [20, 10])), scope)).toEqual([
      'rules[0]: the minimum 20 is greater than the maximum 10',
    ]);
    expect(validateRule(and(cond('loyaltyTier', 'inList', [])), scope)).toEqual([
      'rules[0]: is in needs a non-empty list of values',
    ]);
    expect(validateRule(and(cond('lifetimeValue', 'inList', [1, 'x'])), scope)).toEqual([
      'rules[0]: list item 2 for number column "lifetimeValue": "x" is not a number',
    ]);
    expect(validateRule(and(cond('country', 'equals', ['FR', 'DE'])), scope)).toEqual([
      'rules[0]: equals takes a single value, not a list',
    ]);
  });

  it('accepts text fragments for contains on emails', () => {
    expect(validateRule(and(cond('email', 'contains', '@gmail.')), scope)).toEqual([]);
    expect(validateRule(and(cond('email', 'equals', '@gmail.')), scope)).toHaveLength(1);
  });

  it('reports empty groups and excessive nesting', () => {
    expect(validateRule(and(), scope)).toEqual(['root: empty group: add a condition or remove the group']);
    expect(validateRule(and(cond('country', 'isEmpty'), or()), scope)).toEqual([
      'rules[1]: empty group: add a condition or remove the group',
    ]);
    let deep: RuleNode = cond('country', 'isEmpty');
    for (let i = 0; i < 8; i++) deep = and(deep);
    expect(validateRule(deep, scope)).toEqual([]);
    expect(validateRule(and(deep), scope)).toEqual([
      'rules[0].rules[0].rules[0].rules[0].rules[0].rules[0].rules[0].rules[0]: groups are nested more than 8 levels deep',
    ]);
  });

  it('resolves account fields only for segments that have an account', () => {
    const accountRule = and(cond('account.industry', 'equals', 'Retail'));
    expect(validateRule(accountRule, scope)).toEqual([
      'rules[0]: "account.industry" refers to an account, but this segment\'s records have none',
    ]);
    const contactScope: RuleScope = {
      columns: [{ name: 'email', type: 'email' }],
      accountColumns: [{ name: 'industry', type: 'string' }],
    };
    expect(validateRule(accountRule, contactScope)).toEqual([]);
    expect(validateRule(and(cond('account.size', 'equals', 'x')), contactScope)).toEqual([
      'rules[0]: unknown account column "size"',
    ]);
  });

  it('survives malformed JSON from the API', () => {
    const junk = {
      kind: 'group',
      combinator: 'xor',
      rules: [null, { kind: 'condition', field: 'country', operator: 'like' }],
    };
    expect(validateRule(junk as unknown as RuleNode, scope)).toEqual([
      'root: combinator must be "and" or "or"',
      'rules[0]: expected a condition or a group',
      'rules[1]: unknown operator "like"',
    ]);
  });
});

describe('normalizeRule', () => {
  it('converts values to the column types', () => {
    const rule = and(
      cond('lifetimeValue', 'between', ['100', '500.5']),
      cond('optIn', 'equals', 'yes'),
      cond('lastOrderAt', 'after', '2024-06-01'),
      cond('email', 'equals', 'Jane@Example.COM'),
    );
    expect(normalizeRule(rule, scope)).toEqual(
      and(
        cond('lifetimeValue', 'between', [100, 500.5]),
        cond('optIn', 'equals', true),
        cond('lastOrderAt', 'after', '2024-06-01T00:00:00.000Z'),
        cond('email', 'equals', 'Jane@example.com'),
      ),
    );
  });

  it('throws with the list of problems when the rule is invalid', () => {
    expect(() => normalizeRule(and(cond('ctry', 'equals', 'FR')), scope)).toThrow(
      'Invalid segment rule:\n- rules[0]: unknown column "ctry"',
    );
  });
});

describe('evaluateRule', () => {
  const jane: Record<string, CellValue> = {
    customerId: 'c1',
    country: 'fr',
    email: 'jane@example.com',
    lifetimeValue: 320,
    loyaltyTier: 'Gold',
    optIn: true,
    birthDate: '1990-05-17',
    lastOrderAt: '2024-06-01T10:00:00.000Z',
  };
  const blank: Record<string, CellValue> = {
    customerId: 'c2',
    country: null,
    loyaltyTier: '',
    lifetimeValue: null,
  };

  it('matches the example segment case-insensitively', () => {
    expect(evaluateRule(frenchHighValue, jane)).toBe(true);
    expect(evaluateRule(frenchHighValue, { ...jane, loyaltyTier: 'silver' })).toBe(false);
    expect(evaluateRule(frenchHighValue, { ...jane, loyaltyTier: 'silver', lifetimeValue: 501 })).toBe(true);
  });

  it('never matches a missing value, not even with notEquals (SQL semantics)', () => {
    expect(evaluateRule(cond('country', 'equals', 'FR'), blank)).toBe(false);
    expect(evaluateRule(cond('country', 'notEquals', 'FR'), blank)).toBe(false);
    expect(evaluateRule(cond('country', 'inList', ['FR']), blank)).toBe(false);
    expect(evaluateRule(cond('lifetimeValue', 'lessThan', 10), blank)).toBe(false);
    expect(evaluateRule(cond('country', 'notEquals', 'FR'), { country: 'DE' })).toBe(true);
    expect(evaluateRule(cond('country', 'notEquals', 'FR'), jane)).toBe(false);
  });

  it('treats null and the empty string as empty', () => {
    expect(evaluateRule(cond('country', 'isEmpty'), blank)).toBe(true);
    expect(evaluateRule(cond('loyaltyTier', 'isEmpty'), blank)).toBe(true);
    expect(evaluateRule(cond('email', 'isEmpty'), blank)).toBe(true);
    expect(evaluateRule(cond('email', 'isNotEmpty'), jane)).toBe(true);
    expect(evaluateRule(cond('loyaltyTier', 'isNotEmpty'), blank)).toBe(false);
  });

  it('handles text operators without regard to case', () => {
    expect(evaluateRule(cond('email', 'contains', 'EXAMPLE'), jane)).toBe(true);
    expect(evaluateRule(cond('email', 'startsWith', 'Jane@'), jane)).toBe(true);
    expect(evaluateRule(cond('email', 'startsWith', 'example'), jane)).toBe(false);
  });

  it('includes both bounds of between', () => {
    expect(evaluateRule(cond('lifetimeValue', 'between', [320, 400]), jane)).toBe(true);
    expect(evaluateRule(cond('lifetimeValue', 'between', [100, 320]), jane)).toBe(true);
    expect(evaluateRule(cond('lifetimeValue', 'between', [321, 400]), jane)).toBe(false);
  });

  it('compares dates strictly and chronologically', () => {
    expect(evaluateRule(cond('birthDate', 'before', '1990-05-17'), jane)).toBe(false);
    expect(evaluateRule(cond('birthDate', 'before', '1990-05-18'), jane)).toBe(true);
    expect(evaluateRule(cond('birthDate', 'after', '1990-05-16'), jane)).toBe(true);
    expect(evaluateRule(cond('lastOrderAt', 'after', '2024-06-01T00:00:00.000Z'), jane)).toBe(true);
    expect(evaluateRule(cond('lastOrderAt', 'before', '2024-06-01T09:59:59.999Z'), jane)).toBe(false);
  });

  it('matches booleans exactly', () => {
    expect(evaluateRule(cond('optIn', 'equals', true), jane)).toBe(true);
    expect(evaluateRule(cond('optIn', 'notEquals', true), jane)).toBe(false);
    expect(evaluateRule(cond('optIn', 'equals', false), { optIn: false })).toBe(true);
  });

  it('treats an empty and-group as everything and an empty or-group as nothing', () => {
    expect(evaluateRule(and(), jane)).toBe(true);
    expect(evaluateRule(or(), jane)).toBe(false);
  });

  it("reads account fields from the contact's account", () => {
    const rule = and(cond('email', 'isNotEmpty'), cond('account.industry', 'equals', 'retail'));
    expect(evaluateRule(rule, { email: 'a@b.co' }, { industry: 'Retail' })).toBe(true);
    expect(evaluateRule(rule, { email: 'a@b.co' }, { industry: 'Banking' })).toBe(false);
    expect(evaluateRule(rule, { email: 'a@b.co' }, null)).toBe(false);
  });

  it('agrees with normalised rules built from text input', () => {
    const rule = normalizeRule(
      and(cond('lifetimeValue', 'greaterThan', '300'), cond('optIn', 'equals', 'yes')),
      scope,
    );
    expect(evaluateRule(rule, jane)).toBe(true);
    expect(evaluateRule(rule, { ...jane, lifetimeValue: 300 })).toBe(false);
  });
});

describe('describeRule', () => {
  it('reads like a sentence, with nested groups in parentheses', () => {
    expect(describeRule(frenchHighValue)).toBe(
      'country equals "FR" and (lifetimeValue greater than 500 or loyaltyTier is in "gold", "platinum")',
    );
  });

  it('describes every operator shape', () => {
    expect(describeRule(cond('lifetimeValue', 'between', [10, 20]))).toBe(
      'lifetimeValue is between 10 and 20',
    );
    expect(describeRule(cond('email', 'isEmpty'))).toBe('email is empty');
    expect(describeRule(cond('country', 'notEquals', 'FR'))).toBe('country does not equal "FR"');
    expect(describeRule(cond('birthDate', 'before', '2000-01-01'))).toBe('birthDate is before "2000-01-01"');
    expect(describeRule(cond('optIn', 'equals', true))).toBe('optIn equals true');
  });

  it('uses display labels when given', () => {
    expect(
      describeRule(and(cond('lifetimeValue', 'greaterThan', 500)), { lifetimeValue: 'Lifetime value' }),
    ).toBe('Lifetime value greater than 500');
  });
});

describe('ruleFields', () => {
  it('lists each field once', () => {
    const rule = and(
      cond('country', 'equals', 'FR'),
      or(cond('country', 'equals', 'DE'), cond('account.industry', 'isEmpty')),
    );
    expect(ruleFields(rule)).toEqual(['country', 'account.industry']);
  });
});

describe('ruleInWords', () => {
  it('reads field names as words, dates as dates, numbers with separators and booleans as yes or no', () => {
    const rule: RuleNode = {
      kind: 'group',
      combinator: 'and',
      rules: [
        { kind: 'condition', field: 'lifetimeValue', operator: 'greaterThan', value: 2500 },
        { kind: 'condition', field: 'lastPurchaseAt', operator: 'before', value: '2025-11-01T00:00:00.000Z' },
        { kind: 'condition', field: 'emailOptIn', operator: 'equals', value: true },
        {
          kind: 'group',
          combinator: 'or',
          rules: [
            { kind: 'condition', field: 'account.industry', operator: 'inList', value: ['Energy', 'Chemicals', 'Logistics'] },
            { kind: 'condition', field: 'signupDate', operator: 'between', value: ['2026-01-01', '2026-03-31'] },
          ],
        },
      ],
    };
    expect(ruleInWords(rule)).toBe(
      'lifetime value is more than 2,500 and last purchase at is before 1 Nov 2025 and email opt in is yes and ' +
        '(account industry is one of "Energy", "Chemicals" or "Logistics" or signup date is between 1 Jan 2026 and 31 Mar 2026)',
    );
  });

  it('keeps a time that is not midnight, and says "is known" for isNotEmpty', () => {
    expect(ruleValueInWords('2026-08-02T14:30:00Z')).toBe('2 Aug 2026, 14:30 UTC');
    expect(ruleInWords({ kind: 'condition', field: 'email', operator: 'isNotEmpty' })).toBe('email is known');
    expect(fieldInWords('linkedinURL')).toBe('linkedin url');
  });
});
