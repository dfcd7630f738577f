import { describe, expect, it } from 'vitest';
import { CsvEncoder, escapeFormula, plainNumber } from './csv.js';

describe('CSV encoding', () => {
  it('writes RFC 4180 records with CRLF, quoting only what needs it', () => {
    const csv = new CsvEncoder();
    expect(csv.row(['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r', '', null, undefined, true, false, 42])).toBe(
      'plain,"a,b","say ""hi""","two\nlines","cr\r",,,,true,false,42\r\n',
    );
  });

  it('quotes for the chosen delimiter only', () => {
    expect(new CsvEncoder({ delimiter: ';' }).row(['a,b', 'a;b'])).toBe('a,b;"a;b"\r\n');
    expect(new CsvEncoder({ delimiter: '\t' }).row(['a b', 'a\tb'])).toBe('a b\t"a\tb"\r\n');
    expect(new CsvEncoder({ delimiter: '|' }).row(['a|b', 'c'])).toBe('"a|b"|c\r\n');
    expect(() => new CsvEncoder({ delimiter: '"' })).toThrow(/delimiter/);
    expect(() => new CsvEncoder({ delimiter: ',,' })).toThrow(/delimiter/);
  });

  it('writes numbers in plain decimal notation, exactly', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [-0, '0'],
      [42, '42'],
      [-3.25, '-3.25'],
      [1e-7, '0.0000001'],
      [-1.5e-7, '-0.00000015'],
      [1.2345e-10, '0.00000000012345'],
      [1e21, '1000000000000000000000'],
      [-1.2345e22, '-12345000000000000000000'],
      [123456789012345680000, '123456789012345680000'],
      [5e-324, `0.${'0'.repeat(323)}5`],
    ];
    for (const [value, text] of cases) {
      expect(plainNumber(value)).toBe(text);
      expect(Number(text)).toBe(value === 0 ? 0 : value);
    }
    expect(plainNumber(Number.MAX_VALUE)).toMatch(/^17976931348623157\d{292}$/);
    expect(new CsvEncoder().row([1e-7, 1e21])).toBe('0.0000001,1000000000000000000000\r\n');
  });

  it('leaves formulas alone unless asked', () => {
    expect(new CsvEncoder().row(['=1+2', '@SUM(A1)'])).toBe('=1+2,@SUM(A1)\r\n');
  });

  it('prefixes text that starts like a formula with a quote when asked (OWASP CSV injection)', () => {
    const csv = new CsvEncoder({ escapeFormulas: true });
    expect(csv.row(['=1+2', '+33612345678', '-2', '@SUM(A1)', '\t=x', '\r=x', '\n=x', 'a=b', 'safe', ''])).toBe(
      `'=1+2,'+33612345678,'-2,'@SUM(A1),'\t=x,"'\r=x","'\n=x",a=b,safe,\r\n`,
    );
    // OWASP's own examples: the quote goes first, the field is then quoted as RFC 4180 requires.
    expect(csv.field('=1+2";=1+2')).toBe(`"'=1+2"";=1+2"`);
    expect(csv.field(`=1+2'" ;,=1+2`)).toBe(`"'=1+2'"" ;,=1+2"`);
    // Numbers and booleans are values, not formulas.
    expect(csv.row([-5, -1e-7, true])).toBe('-5,-0.0000001,true\r\n');
    expect(new CsvEncoder({ delimiter: '\t', escapeFormulas: true }).field('\tx')).toBe(`"'\tx"`);
  });

  it('escapes only the first character', () => {
    expect(escapeFormula('==')).toBe("'==");
    expect(escapeFormula(' =1')).toBe(' =1');
    expect(escapeFormula('')).toBe('');
  });
});
