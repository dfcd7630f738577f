import type { ColumnDefinition, ColumnType, RuleCondition, RuleNode, RuleValue } from '@outport/core';
import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from '../database/orm.js';
import { isTextType, toDb } from '../records/sql-types.js';

export interface RuleSqlContext {
  dialect: Dialect;
  /** Columns of the base table, queried as alias `r`. */
  columns: ColumnDefinition[];
  /** For contact segments: the account's columns, queried as alias `a`. */
  accountColumns?: ColumnDefinition[];
}

type Sql = RawBuilder<unknown>;

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Compiles a (validated, normalised) rule tree to a SQL condition over `r` (and `a`), so segment
 * refresh runs in the database. The semantics match core's evaluateRule, which the tests cross-check:
 * text compares case-insensitively, and NULL never satisfies a comparison.
 */
export function compileRule(rule: RuleNode, ctx: RuleSqlContext): Sql {
  if (rule.kind === 'group') {
    if (rule.rules.length === 0) return rule.combinator === 'and' ? sql`1 = 1` : sql`1 = 0`;
    const parts = rule.rules.map((child) => compileRule(child, ctx));
    return sql`(${sql.join(parts, rule.combinator === 'and' ? sql` and ` : sql` or `)})`;
  }
  return compileCondition(rule, ctx);
}

function resolve(field: string, ctx: RuleSqlContext): { ref: Sql; type: ColumnType } {
  const [alias, name, columns] = field.startsWith('account.')
    ? (['a', field.slice('account.'.length), ctx.accountColumns ?? []] as const)
    : (['r', field, ctx.columns] as const);
  const column = columns.find((c) => c.name === name);
  if (!column) throw new Error(`Unknown rule field "${field}"`);
  return { ref: sql.ref(`${alias}.${column.name}`), type: column.type };
}

function compileCondition(condition: RuleCondition, ctx: RuleSqlContext): Sql {
  const { ref, type } = resolve(condition.field, ctx);
  const text = isTextType(type);
  const value = (v: RuleValue | undefined): Sql => {
    if (v === undefined) throw new Error(`Operator ${condition.operator} on ${condition.field} needs a value`);
    return sql.val(toDb(ctx.dialect, text && typeof v === 'string' ? v.toLowerCase() : v));
  };
  const single = Array.isArray(condition.value) ? condition.value[0] : condition.value;
  const list = Array.isArray(condition.value) ? condition.value : condition.value === undefined ? [] : [condition.value];
  const subject = text ? sql`lower(${ref})` : ref;

  switch (condition.operator) {
    case 'equals':
      return sql`${subject} = ${value(single)}`;
    case 'notEquals':
      return sql`${subject} <> ${value(single)}`;
    case 'contains':
      return sql`lower(${ref}) like ${`%${escapeLike(String(single).toLowerCase())}%`} escape '\\'`;
    case 'startsWith':
      return sql`lower(${ref}) like ${`${escapeLike(String(single).toLowerCase())}%`} escape '\\'`;
    case 'greaterThan':
    case 'after':
      return sql`${ref} > ${value(single)}`;
    case 'lessThan':
    case 'before':
      return sql`${ref} < ${value(single)}`;
    case 'between':
      return sql`${ref} between ${value(list[0])} and ${value(list[1])}`;
    case 'inList':
      if (list.length === 0) return sql`1 = 0`;
      return sql`${subject} in (${sql.join(list.map((v) => value(v)))})`;
    case 'isEmpty':
      return text ? sql`(${ref} is null or ${ref} = '')` : sql`${ref} is null`;
    case 'isNotEmpty':
      return text ? sql`(${ref} is not null and ${ref} <> '')` : sql`${ref} is not null`;
  }
}
