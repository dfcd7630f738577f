import { invalid } from './responses.js';

/**
 * Klaviyo's filter syntax, the part the sandbox serves: `equals(field,value)` and
 * `any(field,[value,…])`, joined by commas for "and"; strings in double (or single) quotes with
 * backslash escapes. Each endpoint states which fields and operators it allows.
 */
export interface Condition {
  operator: 'equals' | 'any';
  field: string;
  values: string[];
}

export function parseFilter(text: string, allowed: Record<string, readonly ('equals' | 'any')[]>): Condition[] {
  let at = 0;
  const fail = (why: string): never => {
    throw invalid(`Invalid filter provided: ${why}.`, { parameter: 'filter' });
  };
  const skipSpace = () => {
    while (text[at] === ' ') at++;
  };
  const word = () => {
    const match = /^[a-z_.-]+/i.exec(text.slice(at));
    if (!match) fail(`expected a name at ${at}`);
    at += match![0].length;
    return match![0];
  };
  const expect = (char: string) => {
    skipSpace();
    if (text[at] !== char) fail(`expected "${char}" at ${at}`);
    at++;
  };
  const string = (): string => {
    skipSpace();
    const quote = text[at];
    if (quote !== '"' && quote !== "'") fail(`expected a quoted string at ${at}`);
    at++;
    let out = '';
    for (;;) {
      const char = text[at++];
      if (char === undefined) fail('an unterminated string');
      if (char === '\\') {
        const next = text[at++];
        if (next === undefined) fail('an unterminated string');
        out += next;
      } else if (char === quote) return out;
      else out += char;
    }
  };

  const conditions: Condition[] = [];
  for (;;) {
    skipSpace();
    const operator = word();
    if (operator !== 'equals' && operator !== 'any') fail(`operator "${operator}" is not supported here`);
    expect('(');
    skipSpace();
    const field = word();
    if (!allowed[field]?.includes(operator as 'equals' | 'any')) fail(`"${operator}" on "${field}" is not allowed here`);
    expect(',');
    const values: string[] = [];
    if (operator === 'any') {
      expect('[');
      for (;;) {
        values.push(string());
        skipSpace();
        if (text[at] === ',') {
          at++;
          continue;
        }
        expect(']');
        break;
      }
    } else values.push(string());
    expect(')');
    conditions.push({ operator: operator as 'equals' | 'any', field, values });
    skipSpace();
    if (at >= text.length) return conditions;
    expect(',');
  }
}
