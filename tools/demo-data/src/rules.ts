import type { RuleCondition, RuleGroup, RuleNode } from '@outport/core';

/** Small builders so segment rules read like sentences. */
export function where(
  field: string,
  operator: RuleCondition['operator'],
  value?: RuleCondition['value'],
): RuleCondition {
  return value === undefined ? { kind: 'condition', field, operator } : { kind: 'condition', field, operator, value };
}

export function all(...rules: RuleNode[]): RuleGroup {
  return { kind: 'group', combinator: 'and', rules };
}

export function any(...rules: RuleNode[]): RuleGroup {
  return { kind: 'group', combinator: 'or', rules };
}
