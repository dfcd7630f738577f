// Segment rule trees: validation against the base table's columns, normalisation of values to the
// column types, a readable description, and an in-memory evaluator. The evaluator is the reference the
// SQL compiler is tested against, so its semantics follow SQL:
// - text comparisons (equals, notEquals, contains, startsWith, inList) ignore case;
// - a null (missing) value matches only isEmpty: it does not match notEquals either, exactly as
//   `col <> 'x'` is not true for NULL in SQL;
// - isEmpty matches null or the empty string; between is inclusive; before/after are strict;
// - an empty `and` group matches everything and an empty `or` group nothing (validateRule still
//   reports empty groups, since they are almost always a mistake in the editor).

import { parseCell, type CellValue, type ColumnDefinition, type ColumnType } from './columns.js';

export const RULE_OPERATORS = [
  'equals',
  'notEquals',
  'contains',
  'startsWith',
  'greaterThan',
  'lessThan',
  'between',
  'inList',
  'isEmpty',
  'isNotEmpty',
  'before',
  'after',
] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

export type RuleValue = string | number | boolean;

export interface RuleCondition {
  kind: 'condition';
  /** A column of the base table, or `account.<column>` for a contact segment using its account's columns. */
  field: string;
  operator: RuleOperator;
  /** between: [min, max]; inList: an array; isEmpty/isNotEmpty: none; otherwise one value. */
  value?: RuleValue | RuleValue[];
}

export interface RuleGroup {
  kind: 'group';
  combinator: 'and' | 'or';
  rules: RuleNode[];
}

export type RuleNode = RuleCondition | RuleGroup;

export interface RuleScope {
  columns: ColumnDefinition[];
  /** The account's columns, when the segment is a contact segment. */
  accountColumns?: ColumnDefinition[];
}

export const ACCOUNT_FIELD_PREFIX = 'account.';
export const MAX_RULE_DEPTH = 8;

const EVERYONE: RuleOperator[] = ['equals', 'notEquals', 'inList', 'isEmpty', 'isNotEmpty'];
const TEXT: RuleOperator[] = [
  'equals',
  'notEquals',
  'contains',
  'startsWith',
  'inList',
  'isEmpty',
  'isNotEmpty',
];
const NUMBER: RuleOperator[] = [
  'equals',
  'notEquals',
  'greaterThan',
  'lessThan',
  'between',
  'inList',
  'isEmpty',
  'isNotEmpty',
];
const TEMPORAL: RuleOperator[] = [
  'equals',
  'notEquals',
  'greaterThan',
  'lessThan',
  'between',
  'inList',
  'isEmpty',
  'isNotEmpty',
  'before',
  'after',
];

/** Which operators the rule editor offers, and validateRule accepts, for each column type. */
export const OPERATORS_BY_TYPE: Record<ColumnType, RuleOperator[]> = {
  string: TEXT,
  email: TEXT,
  phone: TEXT,
  url: TEXT,
  number: NUMBER,
  date: TEMPORAL,
  datetime: TEMPORAL,
  boolean: EVERYONE.filter((op) => op !== 'inList'),
};

export const OPERATOR_LABELS: Record<RuleOperator, string> = {
  equals: 'equals',
  notEquals: 'does not equal',
  contains: 'contains',
  startsWith: 'starts with',
  greaterThan: 'greater than',
  lessThan: 'less than',
  between: 'is between',
  inList: 'is in',
  isEmpty: 'is empty',
  isNotEmpty: 'is not empty',
  before: 'is before',
  after: 'is after',
};

const NO_VALUE: ReadonlySet<RuleOperator> = new Set(['isEmpty', 'isNotEmpty']);
// contains/startsWith take a fragment ("@gmail.com"), which would not parse as the column's type.
const FRAGMENT: ReadonlySet<RuleOperator> = new Set(['contains', 'startsWith']);

function isOperator(value: unknown): value is RuleOperator {
  return typeof value === 'string' && (RULE_OPERATORS as readonly string[]).includes(value);
}

/** The column a field refers to, or a readable reason why there is none. */
export function resolveField(
  field: string,
  scope: RuleScope,
): { column: ColumnDefinition } | { problem: string } {
  if (field.startsWith(ACCOUNT_FIELD_PREFIX)) {
    const name = field.slice(ACCOUNT_FIELD_PREFIX.length);
    if (!scope.accountColumns)
      return { problem: `"${field}" refers to an account, but this segment's records have none` };
    const column = scope.accountColumns.find((c) => c.name === name);
    return column ? { column } : { problem: `unknown account column "${name}"` };
  }
  const column = scope.columns.find((c) => c.name === field);
  return column ? { column } : { problem: `unknown column "${field}"` };
}

/**
 * A rule value in the column's stored form. Date-time columns also accept a bare date, meaning midnight
 * UTC, because "signed up after 2024-01-01" is what people write.
 */
function parseRuleValue(
  type: ColumnType,
  raw: unknown,
): { ok: true; value: RuleValue } | { ok: false; reason: string } {
  if (raw === null || raw === undefined || raw === '') return { ok: false, reason: 'a value is required' };
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
    return { ok: false, reason: `${JSON.stringify(raw)} is not a single value` };
  }
  let parsed = parseCell(type, raw);
  if (!parsed.ok && type === 'datetime' && typeof raw === 'string') {
    const asDate = parseCell('date', raw);
    if (asDate.ok && asDate.value !== null)
      parsed = parseCell('datetime', `${String(asDate.value)}T00:00:00Z`);
  }
  if (!parsed.ok) return parsed;
  if (parsed.value === null) return { ok: false, reason: 'a value is required' };
  return { ok: true, value: parsed.value };
}

function compareForOrder(a: RuleValue, b: RuleValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

interface Visit {
  problems: string[];
}

function conditionValue(
  cond: RuleCondition,
  column: ColumnDefinition,
  at: string,
  visit: Visit,
): RuleValue | RuleValue[] | undefined {
  const { operator, value } = cond;
  const problem = (text: string): undefined => {
    visit.problems.push(`${at}${text}`);
    return undefined;
  };
  if (NO_VALUE.has(operator)) {
    return value === undefined || value === null
      ? undefined
      : problem(`${OPERATOR_LABELS[operator]} takes no value`);
  }
  const one = (raw: unknown, label = 'value'): RuleValue | undefined => {
    if (FRAGMENT.has(operator)) {
      if ((typeof raw === 'string' || typeof raw === 'number') && String(raw) !== '') return String(raw);
      return problem(`${label} must be some text`);
    }
    const parsed = parseRuleValue(column.type, raw);
    if (parsed.ok) return parsed.value;
    return problem(`${label} for ${column.type} column "${column.name}": ${parsed.reason}`);
  };

  if (operator === 'between') {
    if (!Array.isArray(value) || value.length !== 2) return problem('between needs two values, [min, max]');
    const min = one(value[0], 'minimum');
    const max = one(value[1], 'maximum');
    if (min === undefined || max === undefined) return undefined;
    if (compareForOrder(min, max) > 0)
      return problem(`the minimum ${formatValue(min)} is greater than the maximum ${formatValue(max)}`);
    return [min, max];
  }
  if (operator === 'inList') {
    if (!Array.isArray(value) || value.length === 0) return problem('is in needs a non-empty list of values');
    const items = value.map((item, i) => one(item, `list item ${i + 1}`));
    return items.every((item): item is RuleValue => item !== undefined) ? items : undefined;
  }
  if (Array.isArray(value)) return problem(`${OPERATOR_LABELS[operator]} takes a single value, not a list`);
  return one(value);
}

function visitNode(
  node: unknown,
  scope: RuleScope,
  path: string,
  depth: number,
  visit: Visit,
): RuleNode | undefined {
  const at = `${path || 'root'}: `;
  if (typeof node !== 'object' || node === null) {
    visit.problems.push(`${at}expected a condition or a group`);
    return undefined;
  }
  const candidate = node as Partial<RuleGroup> & Partial<RuleCondition> & { kind?: unknown };
  if (candidate.kind === 'group') {
    if (depth > MAX_RULE_DEPTH) {
      visit.problems.push(`${at}groups are nested more than ${MAX_RULE_DEPTH} levels deep`);
      return undefined;
    }
    const problemsBefore = visit.problems.length;
    if (candidate.combinator !== 'and' && candidate.combinator !== 'or') {
      visit.problems.push(`${at}combinator must be "and" or "or"`);
    }
    if (!Array.isArray(candidate.rules)) {
      visit.problems.push(`${at}a group needs a list of rules`);
      return undefined;
    }
    if (candidate.rules.length === 0)
      visit.problems.push(`${at}empty group: add a condition or remove the group`);
    const prefix = path ? `${path}.` : '';
    const rules = candidate.rules.map((child, i) =>
      visitNode(child, scope, `${prefix}rules[${i}]`, depth + 1, visit),
    );
    if (visit.problems.length > problemsBefore) return undefined;
    return { kind: 'group', combinator: candidate.combinator as 'and' | 'or', rules: rules as RuleNode[] };
  }
  if (candidate.kind !== 'condition') {
    visit.problems.push(`${at}kind must be "condition" or "group"`);
    return undefined;
  }
  if (typeof candidate.field !== 'string' || candidate.field === '') {
    visit.problems.push(`${at}a condition needs a field`);
    return undefined;
  }
  const resolved = resolveField(candidate.field, scope);
  if ('problem' in resolved) {
    visit.problems.push(`${at}${resolved.problem}`);
    return undefined;
  }
  const { column } = resolved;
  if (!isOperator(candidate.operator)) {
    visit.problems.push(`${at}unknown operator "${String(candidate.operator)}"`);
    return undefined;
  }
  if (!OPERATORS_BY_TYPE[column.type].includes(candidate.operator)) {
    visit.problems.push(
      `${at}operator "${candidate.operator}" cannot be used with ${column.type} column "${candidate.field}"`,
    );
    return undefined;
  }
  const cond = candidate as RuleCondition;
  const problemsBefore = visit.problems.length;
  const value = conditionValue(cond, column, at, visit);
  if (visit.problems.length > problemsBefore) return undefined;
  const out: RuleCondition = { kind: 'condition', field: cond.field, operator: cond.operator };
  if (value !== undefined) out.value = value;
  return out;
}

/** Problems with a rule tree, each prefixed with its path, e.g. `rules[1].rules[0]: unknown column "ctry"`. */
export function validateRule(rule: RuleNode, scope: RuleScope): string[] {
  const visit: Visit = { problems: [] };
  visitNode(rule, scope, '', 1, visit);
  return visit.problems;
}

/** The rule with every value in its column's stored form ('500' → 500, dates normalised). Throws if invalid. */
export function normalizeRule(rule: RuleNode, scope: RuleScope): RuleNode {
  const visit: Visit = { problems: [] };
  const normalized = visitNode(rule, scope, '', 1, visit);
  if (visit.problems.length > 0 || !normalized) {
    throw new Error(`Invalid segment rule:\n- ${visit.problems.join('\n- ')}`);
  }
  return normalized;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

const ISO_DATE_LIKE = /^\d{4}-\d{2}-\d{2}(?:T.*)?$/;

function fieldValue(
  field: string,
  record: Record<string, CellValue>,
  account: Record<string, CellValue> | null | undefined,
): CellValue {
  if (field.startsWith(ACCOUNT_FIELD_PREFIX))
    return account?.[field.slice(ACCOUNT_FIELD_PREFIX.length)] ?? null;
  return record[field] ?? null;
}

function fold(value: CellValue | RuleValue): string {
  return String(value).toLowerCase();
}

function sameValue(actual: CellValue, expected: RuleValue): boolean {
  if (actual === null) return false;
  if (typeof actual === 'string' && typeof expected === 'string') return fold(actual) === fold(expected);
  const order = orderOf(actual, expected);
  if (order !== null) return order === 0;
  return fold(actual) === fold(expected);
}

/** Numeric or chronological order of a stored value against a rule value; null when not comparable. */
function orderOf(actual: CellValue, expected: RuleValue): number | null {
  if (actual === null) return null;
  if (typeof actual === 'number') {
    const other =
      typeof expected === 'number'
        ? expected
        : typeof expected === 'string' && expected.trim() !== ''
          ? Number(expected)
          : NaN;
    return Number.isNaN(other) ? null : actual - other;
  }
  if (typeof actual === 'string' && typeof expected === 'string') {
    if (ISO_DATE_LIKE.test(actual) && ISO_DATE_LIKE.test(expected)) {
      const a = Date.parse(actual);
      const b = Date.parse(expected);
      if (!Number.isNaN(a) && !Number.isNaN(b)) return a - b;
    }
    return actual < expected ? -1 : actual > expected ? 1 : 0;
  }
  if (typeof actual === 'boolean' && typeof expected === 'boolean') return Number(actual) - Number(expected);
  return null;
}

function asList(value: RuleCondition['value']): RuleValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function evaluateCondition(
  cond: RuleCondition,
  record: Record<string, CellValue>,
  account: Record<string, CellValue> | null | undefined,
): boolean {
  const actual = fieldValue(cond.field, record, account);
  const [first, second] = asList(cond.value);
  switch (cond.operator) {
    case 'isEmpty':
      return actual === null || actual === '';
    case 'isNotEmpty':
      return actual !== null && actual !== '';
  }
  if (actual === null || first === undefined) return false;
  switch (cond.operator) {
    case 'equals':
      return sameValue(actual, first);
    case 'notEquals':
      return !sameValue(actual, first);
    case 'inList':
      return asList(cond.value).some((item) => sameValue(actual, item));
    case 'contains':
      return fold(actual).includes(fold(first));
    case 'startsWith':
      return fold(actual).startsWith(fold(first));
    case 'greaterThan':
    case 'after': {
      const order = orderOf(actual, first);
      return order !== null && order > 0;
    }
    case 'lessThan':
    case 'before': {
      const order = orderOf(actual, first);
      return order !== null && order < 0;
    }
    case 'between': {
      if (second === undefined) return false;
      const low = orderOf(actual, first);
      const high = orderOf(actual, second);
      return low !== null && high !== null && low >= 0 && high <= 0;
    }
  }
}

/**
 * Whether a record (and, for contact segments, its account) matches the rule. Expects a normalised
 * rule (see normalizeRule); semantics are described at the top of this module.
 */
export function evaluateRule(
  rule: RuleNode,
  record: Record<string, CellValue>,
  account?: Record<string, CellValue> | null,
): boolean {
  if (rule.kind === 'condition') return evaluateCondition(rule, record, account);
  return rule.combinator === 'and'
    ? rule.rules.every((child) => evaluateRule(child, record, account))
    : rule.rules.some((child) => evaluateRule(child, record, account));
}

// ---------------------------------------------------------------------------------------------
// Description

function formatValue(value: RuleValue): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

function describeCondition(cond: RuleCondition, labels: Record<string, string>): string {
  const field = labels[cond.field] ?? cond.field;
  const label = OPERATOR_LABELS[cond.operator] ?? cond.operator;
  const values = asList(cond.value);
  switch (cond.operator) {
    case 'isEmpty':
    case 'isNotEmpty':
      return `${field} ${label}`;
    case 'between':
      return `${field} ${label} ${formatValue(values[0] ?? '')} and ${formatValue(values[1] ?? '')}`;
    default:
      return `${field} ${label} ${values.map(formatValue).join(', ')}`;
  }
}

function describeNode(node: RuleNode, labels: Record<string, string>, nested: boolean): string {
  if (node.kind === 'condition') return describeCondition(node, labels);
  if (node.rules.length === 0) return node.combinator === 'and' ? 'all records' : 'no records';
  if (node.rules.length === 1) return describeNode(node.rules[0] as RuleNode, labels, nested);
  const text = node.rules.map((child) => describeNode(child, labels, true)).join(` ${node.combinator} `);
  return nested ? `(${text})` : text;
}

/**
 * Readable text, e.g. `country equals "FR" and (lifetimeValue greater than 500 or loyaltyTier is in
 * "gold", "platinum")`. `labels` maps fields to display names.
 */
export function describeRule(rule: RuleNode, labels: Record<string, string> = {}): string {
  return describeNode(rule, labels, false);
}

/** The distinct fields a rule uses, in order of first appearance. */
export function ruleFields(rule: RuleNode): string[] {
  const fields = new Set<string>();
  const walk = (node: RuleNode): void => {
    if (node.kind === 'condition') fields.add(node.field);
    else node.rules.forEach(walk);
  };
  walk(rule);
  return [...fields];
}

// ---------------------------------------------------------------------------------------------
// In words, for people (the console's Segments list): field names as words, dates as dates.

const OPERATOR_WORDS: Record<RuleOperator, string> = {
  equals: 'is',
  notEquals: 'is not',
  contains: 'contains',
  startsWith: 'starts with',
  greaterThan: 'is more than',
  lessThan: 'is less than',
  between: 'is between',
  inList: 'is one of',
  isEmpty: 'is empty',
  isNotEmpty: 'is known',
  before: 'is before',
  after: 'is after',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A column name as words: `lifetimeValue` → "lifetime value", `account.industry` → "account industry". */
export function fieldInWords(field: string): string {
  return field
    .split('.')
    .map((part) =>
      part
        .replace(/_/g, ' ')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .toLowerCase(),
    )
    .join(' ');
}

/** A rule value as people write it: 2,500; 1 Nov 2025; 1 Nov 2025, 14:30 UTC; yes; "FR". */
export function ruleValueInWords(value: RuleValue): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return value.toLocaleString('en-US', { maximumFractionDigits: 6 });
  const date = ISO_DATE_TIME.exec(value);
  if (date) {
    const [, year, month, day, hours, minutes, , zone] = date;
    const text = `${Number(day)} ${MONTHS[Number(month) - 1] ?? month} ${year}`;
    if (!hours || (hours === '00' && minutes === '00')) return text;
    return `${text}, ${hours}:${minutes}${zone === 'Z' ? ' UTC' : zone ? ` ${zone}` : ''}`;
  }
  return `"${value}"`;
}

function conditionInWords(cond: RuleCondition): string {
  const field = fieldInWords(cond.field);
  const words = OPERATOR_WORDS[cond.operator] ?? cond.operator;
  const values = asList(cond.value).map(ruleValueInWords);
  switch (cond.operator) {
    case 'isEmpty':
    case 'isNotEmpty':
      return `${field} ${words}`;
    case 'between':
      return `${field} ${words} ${values[0] ?? ''} and ${values[1] ?? ''}`;
    case 'inList':
      return `${field} ${words} ${values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}` : (values[0] ?? '')}`;
    default:
      return `${field} ${words} ${values.join(', ')}`;
  }
}

function nodeInWords(node: RuleNode, nested: boolean): string {
  if (node.kind === 'condition') return conditionInWords(node);
  if (node.rules.length === 0) return node.combinator === 'and' ? 'everyone' : 'no one';
  if (node.rules.length === 1) return nodeInWords(node.rules[0] as RuleNode, nested);
  const text = node.rules.map((child) => nodeInWords(child, true)).join(` ${node.combinator} `);
  return nested ? `(${text})` : text;
}

/**
 * The rule as a sentence for people, e.g. `loyalty tier is "platinum" or lifetime value is more
 * than 2,500`; `describeRule` keeps the column names for people who write rules.
 */
export function ruleInWords(rule: RuleNode): string {
  return nodeInWords(rule, false);
}
