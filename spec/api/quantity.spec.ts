import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, isRight, left, right } from 'fp-ts/lib/Either.js';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { describe, expect, it } from 'vitest';
import type { Quantity, QuantityFormat } from '../../src/api/quantity.js';
import { add, cmp, formatQuantity, isZero, parseBytes, parseCpuMillis, parseQuantity, QuantityString, quantityFromMilli, sub, toMilliNumber, toUnitsCeil } from '../../src/api/quantity.js';

const ERR_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const ERR_SUFFIX = "unable to parse quantity's suffix";

const parsed = (s: string | number): Quantity => {
  const q = parseQuantity(s);
  if (isLeft(q)) throw new Error(`${s}: ${q.left}`);
  return q.right;
};
const milliOf = (s: string | number): bigint => parsed(s).milli;
const canonical = (s: string | number): string => formatQuantity(parsed(s));
const Ki = 1024n;

describe('parseQuantity', () => {
  // upstream quantity_test.go TestQuantityParse, values scaled to milli (x1000).
  const table: readonly [string, bigint, QuantityFormat][] = [
    ['0', 0n, 'DecimalSI'],
    ['0n', 0n, 'DecimalSI'],
    ['0m', 0n, 'DecimalSI'],
    ['0Ki', 0n, 'BinarySI'],
    ['0Ti', 0n, 'BinarySI'],
    ['1', 1000n, 'DecimalSI'],
    ['1Ki', Ki * 1000n, 'BinarySI'],
    ['7Mi', 7n * Ki ** 2n * 1000n, 'BinarySI'],
    ['3Ei', 3n * Ki ** 6n * 1000n, 'BinarySI'],
    ['5n', 1n, 'DecimalSI'],
    ['4u', 1n, 'DecimalSI'],
    ['3m', 3n, 'DecimalSI'],
    ['50k', 50_000_000n, 'DecimalSI'],
    ['300T', 300n * 10n ** 15n, 'DecimalSI'],
    ['1E', 10n ** 21n, 'DecimalSI'],
    ['12E', 12n * 10n ** 21n, 'DecimalSI'],
    ['1E-3', 1n, 'DecimalExponent'],
    ['1e3', 1_000_000n, 'DecimalExponent'],
    ['1E18', 10n ** 21n, 'DecimalExponent'],
    ['1.3E+6', 1_300_000_000n, 'DecimalExponent'],
    ['100.035k', 100_035_000n, 'DecimalSI'],
    ['0.0005k', 500n, 'DecimalSI'],
    ['0.5e-2', 5n, 'DecimalExponent'],
    ['7.123456M', 7_123_456_000n, 'DecimalSI'],
    ['1.01E', 101n * 10n ** 19n, 'DecimalSI'],
    ['100.035Ki', 102_435_840n, 'BinarySI'],
    ['0.5Mi', 524_288_000n, 'BinarySI'],
    ['0.05Gi', 53_687_091_200n, 'BinarySI'],
    ['9Ei', ((1n << 63n) - 1n) * 1000n, 'BinarySI'],
    ['9223372036854775807Ki', ((1n << 63n) - 1n) * 1000n, 'BinarySI'],
    ['.001', 1n, 'DecimalSI'],
    ['.0001k', 100n, 'DecimalSI'],
    ['1.', 1000n, 'DecimalSI'],
    ['1.G', 10n ** 12n, 'DecimalSI'],
  ];
  it.each(table)('Given %s When parsed Then it is %s milli in %s', (input, milli, format) => {
    expect(parseQuantity(input)).toEqual(right({ milli, format }));
    expect(parseQuantity(`+${input}`)).toEqual(right({ milli, format }));
    expect(parseQuantity(`-${input}`)).toEqual(right({ milli: -milli, format }));
  });

  it.each([
    ['3.001n', 1n],
    ['0.0000000001', 1n],
    ['0.9n', 1n],
    ['1.1E-9', 1n],
    ['0.0001', 1n],
    ['1.0001m', 2n],
    ['1e-99999', 1n],
  ])('Given %s finer than a milli When parsed Then it rounds up to %s milli, as MilliValue does', (input, milli) => {
    expect(milliOf(input)).toBe(milli);
    expect(milliOf(`-${input}`)).toBe(-milli);
  });

  it('Given a BinarySI amount strictly between 0 and 1 When parsed Then it becomes DecimalSI, as upstream', () => {
    expect(parseQuantity('0.000000000001Ki')).toEqual(right({ milli: 1n, format: 'DecimalSI' }));
    expect(parseQuantity('0.5Ki')).toEqual(right({ milli: 512_000n, format: 'BinarySI' }));
  });

  it("Given upstream's scanner quirks When parsed Then '.', '+', '-' and '-.' are zero", () => {
    for (const s of ['.', '+', '-', '-.', '00', '-000']) expect(milliOf(s)).toBe(0n);
  });

  it.each([
    ['', ERR_FORMAT],
    ['1.1.M', ERR_FORMAT],
    ['1+1.0M', ERR_FORMAT],
    ['0.1am', ERR_FORMAT],
    ['aoeu', ERR_FORMAT],
    [' 1', ERR_FORMAT],
    ['1 ', ERR_FORMAT],
    ['0.1mi', ERR_SUFFIX],
    ['.5i', ERR_SUFFIX],
    ['1i', ERR_SUFFIX],
    ['-3.01i', ERR_SUFFIX],
    ['-3.01e-', ERR_SUFFIX],
    ['1e', ERR_SUFFIX],
    ['1KiB', ERR_FORMAT],
    ['1e99999999999999999999', ERR_SUFFIX],
    ['1e1001', 'quantity is too large: exponent 1001 is above 1000'],
  ])('Given %j When parsed Then it is refused with upstream wording', (input, message) => {
    expect(parseQuantity(input)).toEqual(left(message));
  });

  it('Given numbers When parsed Then they read as their JavaScript text, as JSON numbers reach upstream', () => {
    expect(parseQuantity(0.5)).toEqual(right({ milli: 500n, format: 'DecimalSI' }));
    expect(parseQuantity(2)).toEqual(right({ milli: 2000n, format: 'DecimalSI' }));
    expect(parseQuantity(1e21)).toEqual(right({ milli: 10n ** 24n, format: 'DecimalExponent' }));
    expect(parseQuantity(0)).toEqual(right({ milli: 0n, format: 'DecimalSI' }));
    expect(isLeft(parseQuantity(Number.NaN))).toBe(true);
    expect(isLeft(parseQuantity(Number.POSITIVE_INFINITY))).toBe(true);
  });

  it('Given a zero with a large exponent When parsed Then it is zero, not too large', () => {
    expect(milliOf('0e2000')).toBe(0n);
  });
});

describe('formatQuantity', () => {
  // upstream TestQuantityString and TestQuantityParseEmit (sub-milli rows excepted: we keep milli).
  const table: readonly [string, string][] = [
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['300Mi', '300Mi'],
    ['307200Ki', '300Mi'],
    ['6Ki', '6Ki'],
    ['1025024Mi', '1001Gi'],
    ['1024Gi', '1Ti'],
    ['1Ki', '1Ki'],
    ['1000M', '1G'],
    ['0.001T', '1G'],
    ['1000000k', '1G'],
    ['1000000000', '1G'],
    ['1000u', '1m'],
    ['80m', '80m'],
    ['1.08', '1080m'],
    ['1080m', '1080m'],
    ['300M', '300M'],
    ['1234567M', '1234567M'],
    ['3k', '3k'],
    ['1025', '1025'],
    ['0', '0'],
    ['00', '0'],
    ['0Gi', '0'],
    ['.001e12', '1e9'],
    ['0.001e0', '1e-3'],
    ['80e-3', '80e-3'],
    ['300e6', '300e6'],
    ['1e3', '1e3'],
    ['1000e0', '1e3'],
    ['1.5e3', '1500'],
    ['.001Ki', '1024m'],
    ['100m', '100m'],
    ['1500m', '1500m'],
    ['1.5', '1500m'],
    ['2Gi', '2Gi'],
    ['1536Mi', '1536Mi'],
    ['1.5Gi', '1536Mi'],
    ['0.5Gi', '512Mi'],
    ['1.5Ki', '1536'],
    ['0.5Ki', '512'],
    ['1024.5Ki', '1049088'],
    ['1000', '1k'],
    ['1100', '1100'],
    ['5', '5'],
    ['0.5', '500m'],
    ['1n', '1m'],
    ['1000E', '1000E'],
    ['1e21', '1e21'],
    ['9Ei', '9223372036854775807'],
    ['8Ei', '9223372036854775807'],
    ['7Ei', '7Ei'],
    ['-1Ki', '-1Ki'],
    ['-1.5', '-1500m'],
    ['-512Ki', '-512Ki'],
    ['-0.5Ki', '-512'],
  ];
  it.each(table)('Given %s When printed Then it reads %s', (input, expected) => {
    expect(canonical(input)).toBe(expected);
  });

  it('Given a BinarySI value that is not a whole number of units When printed Then it falls back to DecimalSI', () => {
    expect(formatQuantity(quantityFromMilli(1_048_576_500n, 'BinarySI'))).toBe('1048576500m');
    expect(formatQuantity(quantityFromMilli(500n, 'BinarySI'))).toBe('500m');
  });

  it('Given a BinarySI sum past the 2^63-1 cap When printed Then it is DecimalSI, so it parses back uncapped', () => {
    const big = add(parsed('7Ei'), parsed('7Ei'));
    expect(formatQuantity(big)).toBe(`${14n * Ki ** 6n}`);
    expect(milliOf(formatQuantity(big))).toBe(big.milli);
  });

  it('Given values past the largest suffix When printed Then the largest suffix is kept', () => {
    expect(formatQuantity(quantityFromMilli(Ki ** 6n * 1000n * 1000n, 'DecimalSI'))).toBe('1152921504606846976k');
    expect(formatQuantity(quantityFromMilli(Ki ** 6n * 7n * 1000n, 'BinarySI'))).toBe('7Ei');
    expect(formatQuantity(quantityFromMilli(10n ** 24n, 'DecimalSI'))).toBe('1000E');
  });
});

describe('arithmetic', () => {
  it('Given a zero and a value When added or subtracted Then the value keeps its suffix (upstream AddZeroPreservesSuffix)', () => {
    const zero = parsed('0');
    for (const s of ['100m', '1Gi']) {
      expect(formatQuantity(add(parsed(s), zero))).toBe(s);
      expect(formatQuantity(add(zero, parsed(s)))).toBe(s);
      expect(formatQuantity(sub(parsed(s), zero))).toBe(s);
      expect(formatQuantity(sub(zero, parsed(s)))).toBe(`-${s}`);
    }
  });

  it('Given two quantities When added Then the result keeps the first one format', () => {
    expect(formatQuantity(add(parsed('1Gi'), parsed('512Mi')))).toBe('1536Mi');
    expect(formatQuantity(add(parsed('1'), parsed('1Ki')))).toBe('1025');
    expect(formatQuantity(sub(parsed('1Gi'), parsed('1Gi')))).toBe('0');
  });

  it('Given quantities in different suffixes When compared Then their values decide', () => {
    expect(cmp(parsed('1Gi'), parsed('1G'))).toBe(1);
    expect(cmp(parsed('1000m'), parsed('1'))).toBe(0);
    expect(cmp(parsed('-1'), parsed('0'))).toBe(-1);
    expect(isZero(parsed('0Mi'))).toBe(true);
    expect(isZero(parsed('1n'))).toBe(false);
  });
});

describe('numbers', () => {
  it('Given CPU and memory When read as numbers Then millicores and whole bytes come out', () => {
    expect(toMilliNumber(parsed('250m'))).toBe(250);
    expect(toMilliNumber(parsed('2'))).toBe(2000);
    expect(toUnitsCeil(parsed('128Mi'))).toBe(134_217_728);
    expect(toUnitsCeil(parsed('1500m'))).toBe(2);
    expect(toUnitsCeil(parsed('1m'))).toBe(1);
    expect(toUnitsCeil(parsed('-1500m'))).toBe(-2);
  });

  it('Given a value past 2^53 When read as a number Then RangeError, never a silently rounded number', () => {
    expect(() => toMilliNumber(parsed('10P'))).toThrow(RangeError);
    expect(() => toUnitsCeil(parsed('9Ei'))).toThrow(RangeError);
  });

  it('Given user text When read with the conveniences Then a Left carries the reason', () => {
    const cases: readonly [Either<string, number>, Either<string, number>][] = [
      [parseCpuMillis('100m'), right(100)],
      [parseCpuMillis(1.5), right(1500)],
      [parseCpuMillis('0.1m'), right(1)],
      [parseBytes('1Gi'), right(1_073_741_824)],
      [parseBytes('1.5'), right(2)],
      [parseBytes(110), right(110)],
      [parseCpuMillis('abc'), left(ERR_FORMAT)],
      [parseBytes('1E'), left('quantity 1E is too large: more than 2^53 units')],
      [parseCpuMillis('10P'), left('quantity 10P is too large: more than 2^53 milli-units')],
    ];
    for (const [got, want] of cases) expect(got).toEqual(want);
  });
});

describe('QuantityString codec', () => {
  it('Given strings and numbers When decoded Then quantities come out, and encode gives the canonical text', () => {
    const decoded = QuantityString.decode('1.5Gi');
    expect(decoded).toEqual(right({ milli: 1_610_612_736_000n, format: 'BinarySI' }));
    expect(isRight(decoded) && QuantityString.encode(decoded.right)).toBe('1536Mi');
    expect(QuantityString.decode(0.25)).toEqual(right({ milli: 250n, format: 'DecimalSI' }));
    expect(QuantityString.decode(' 2 ')).toEqual(right({ milli: 2000n, format: 'DecimalSI' }));
  });

  it('Given bad input When decoded Then the message names the value and what is wrong', () => {
    expect(PathReporter.report(QuantityString.decode('2 cores'))).toEqual([`Invalid value: "2 cores": ${ERR_FORMAT}`]);
    expect(PathReporter.report(QuantityString.decode('1Kb'))).toEqual([`Invalid value: "1Kb": ${ERR_FORMAT}`]);
    expect(PathReporter.report(QuantityString.decode('1Qi'))).toEqual([`Invalid value: "1Qi": ${ERR_FORMAT}`]);
    expect(PathReporter.report(QuantityString.decode('1mi'))).toEqual([`Invalid value: "1mi": ${ERR_SUFFIX}`]);
    expect(PathReporter.report(QuantityString.decode(true))).toEqual(['Invalid value: true: expected a quantity such as 250m, 2 or 1Gi']);
    expect(PathReporter.report(QuantityString.decode(5n))).toEqual(['Invalid value: 5: expected a quantity such as 250m, 2 or 1Gi']);
  });

  it('Given a value When asked whether it is a quantity Then only well-formed quantities pass', () => {
    expect(QuantityString.is(quantityFromMilli(1n))).toBe(true);
    expect(QuantityString.is({ milli: 1, format: 'DecimalSI' })).toBe(false);
    expect(QuantityString.is({ milli: 1n, format: 'Octal' })).toBe(false);
  });
});
