import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAge, formatClock, formatDuration, parseDuration } from '../../src/api/duration.js';
import { add, cmp, formatQuantity, parseBytes, parseCpuMillis, parseQuantity } from '../../src/api/quantity.js';
import { fromLabelSelector, matches, parseSelector, selectorToString } from '../../src/api/selector.js';

const right = <T>(e: { _tag: 'Left' | 'Right' } & ({ left: unknown } | { right: T })): T => {
  if (e._tag === 'Left') throw new Error(String((e as { left: unknown }).left));
  return (e as { right: T }).right;
};

describe('quantities (exact)', () => {
  it.each([
    ['100m', 100],
    ['1', 1000],
    ['1.5', 1500],
    ['2.25', 2250],
    ['1e3', 1_000_000],
    ['0.0005', 1], // upstream MilliValue rounds up
  ])('cpu %s = %i millicores', (text, millis) => expect(right(parseCpuMillis(text))).toBe(millis));

  it.each([
    ['128Mi', 128 * 2 ** 20],
    ['2Gi', 2 * 2 ** 30],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['500M', 500_000_000],
    ['1k', 1000],
    ['1e3', 1000],
    ['110', 110],
  ])('bytes %s = %i', (text, bytes) => expect(right(parseBytes(text))).toBe(bytes));

  it.each([
    ['1500m', '1500m'],
    ['1.5', '1500m'],
    ['2Gi', '2Gi'],
    ['1536Mi', '1536Mi'],
    ['0.5Gi', '512Mi'],
    ['1000', '1k'],
    ['1e3', '1e3'],
    ['0', '0'],
  ])('formats %s canonically as %s', (text, canonical) => expect(formatQuantity(right(parseQuantity(text)))).toBe(canonical));

  it('refuses what is not a quantity, with upstream\'s message', () => {
    expect(isLeft(parseQuantity('1.2.3'))).toBe(true);
    expect(parseQuantity('ten')).toEqual({ _tag: 'Left', left: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'" });
    expect(isLeft(parseQuantity('5Xi'))).toBe(true);
  });

  it('adds and compares without floating-point drift', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 50 }), (millis) => {
        const total = millis.map((m) => right(parseQuantity(`${m}m`))).reduce(add, right(parseQuantity('0')));
        expect(total.milli).toBe(BigInt(millis.reduce((a, b) => a + b, 0)));
        expect(cmp(total, right(parseQuantity(`${Number(total.milli)}m`)))).toBe(0);
      }),
      { seed: 11 },
    );
    expect(right(parseQuantity('0.1')).milli + right(parseQuantity('0.2')).milli).toBe(right(parseQuantity('0.3')).milli);
  });

  it('round-trips: parse(format(q)) = q', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.constantFrom('DecimalSI', 'BinarySI', 'DecimalExponent' as const), (milli, format) => {
      const q = { milli, format } as const;
      expect(right(parseQuantity(formatQuantity(q))).milli).toBe(milli);
    }), { seed: 12 });
  });
});

describe('label selectors', () => {
  const sel = (s: string) => right(parseSelector(s));

  it('parses kubectl\'s -l syntax and matches as upstream (NotIn and != hold when the key is absent)', () => {
    const s = sel('app=web,tier!=db,env in (a,b),!legacy,gpu');
    expect(matches(s, { app: 'web', env: 'a', gpu: 'yes' })).toBe(true);
    expect(matches(s, { app: 'web', env: 'c', gpu: 'yes' })).toBe(false);
    expect(matches(s, { app: 'web', env: 'a', gpu: 'yes', legacy: '1' })).toBe(false);
    expect(matches(sel('version notin (1)'), {})).toBe(true);
    expect(selectorToString(s)).toBe('app=web,env in (a,b),gpu,!legacy,tier!=db');
  });

  it('turns a LabelSelector into requirements; nil selects nothing, {} everything', () => {
    expect(matches(right(fromLabelSelector(undefined)), { a: 'b' })).toBe(false);
    expect(matches(right(fromLabelSelector({})), { a: 'b' })).toBe(true);
    const s = right(fromLabelSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }] }));
    expect(selectorToString(s)).toBe('app=web,tier in (be,fe)');
    expect(isLeft(fromLabelSelector({ matchExpressions: [{ key: 'x', operator: 'In', values: [] }] }))).toBe(true);
    expect(isLeft(fromLabelSelector({ matchExpressions: [{ key: 'x', operator: 'Near' }] }))).toBe(true);
  });

  it('refuses a malformed -l', () => {
    expect(isLeft(parseSelector('app=='))).toBe(false);
    expect(isLeft(parseSelector('env in (a'))).toBe(true);
  });
});

describe('durations and printed times', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['0', 0],
  ])('parses %s as %i ms', (text, ms) => expect(right(parseDuration(text))).toBe(ms));

  it('refuses unknown units and junk', () => {
    expect(parseDuration('5x')).toEqual({ _tag: 'Left', left: 'invalid duration "5x": unknown unit "x" (use ms, s, m or h)' });
    expect(isLeft(parseDuration('-5s'))).toBe(true);
    expect(isLeft(parseDuration('5'))).toBe(true);
    expect(isRight(parseDuration('2m30s'))).toBe(true);
  });

  it('prints the timeline clock and Go-style durations', () => {
    expect([0, 45_000, 120_000, 3_723_000, 123_250].map(formatClock)).toEqual(['0s', '45s', '2m00s', '1h02m03s', '2m03.250s']);
    expect([0, 1500, 90_000, 3_600_000, 5_400_000].map(formatDuration)).toEqual(['0s', '1.5s', '1m30s', '1h', '1h30m']);
  });

  it('prints AGE as kubectl does (apimachinery HumanDuration)', () => {
    expect([5_000, 119_000, 150_000, 600_000, 3 * 3_600_000 + 5 * 60_000, 30 * 3_600_000, 50 * 3_600_000].map(formatAge)).toEqual(['5s', '119s', '2m30s', '10m', '3h5m', '30h', '2d2h']);
  });
});
