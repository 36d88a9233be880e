import { isLeft } from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Quantity } from '../../src/api/quantity.js';
import { add, cmp, formatQuantity, parseQuantity, QuantityString, quantityFromMilli, sub } from '../../src/api/quantity.js';

const SEED = 20260401;

const format = fc.constantFrom('DecimalSI' as const, 'BinarySI' as const, 'DecimalExponent' as const);
/** Small values, round binary and decimal multiples, and huge ones, of either sign. */
const milli = fc.oneof(
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
  fc.bigInt({ min: -5000n, max: 5000n }),
  fc.tuple(fc.bigInt({ min: -2000n, max: 2000n }), fc.integer({ min: 0, max: 7 })).map(([n, p]) => n * 1024n ** BigInt(p) * 1000n),
  fc.tuple(fc.bigInt({ min: -2000n, max: 2000n }), fc.integer({ min: 0, max: 24 })).map(([n, p]) => n * 10n ** BigInt(p)),
);
const quantity = fc.tuple(milli, format).map(([m, f]) => quantityFromMilli(m, f));

const reparse = (q: Quantity): Quantity => {
  const back = parseQuantity(formatQuantity(q));
  if (isLeft(back)) throw new Error(`${formatQuantity(q)}: ${back.left}`);
  return back.right;
};

describe(`quantities (properties, seed ${SEED})`, () => {
  it('Given any quantity When printed and parsed back Then the value is the same', () => {
    fc.assert(
      fc.property(quantity, (q) => {
        expect(reparse(q).milli).toBe(q.milli);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('Given the text of a parsed quantity When parsed and printed again Then it is the same text (canonical)', () => {
    // Not the first print: BinarySI 10000 prints "10000", which parses as DecimalSI ("10k"), as upstream.
    fc.assert(
      fc.property(quantity, (q) => {
        const text = formatQuantity(reparse(q));
        expect(formatQuantity(reparse(reparse(q)))).toBe(text);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('Given decimal text of any precision When parsed Then milli is the exact value rounded up in magnitude', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 9 }), (digits, scale) => {
        const abs = digits < 0n ? -digits : digits;
        const text = abs.toString().padStart(scale + 1, '0');
        const literal = `${digits < 0n ? '-' : ''}${text.slice(0, text.length - scale)}${scale > 0 ? `.${text.slice(text.length - scale)}` : ''}`;
        const den = 10n ** BigInt(scale);
        const up = (abs * 1000n + den - 1n) / den;
        const q = parseQuantity(literal);
        expect(isLeft(q) ? q.left : q.right.milli).toBe(digits < 0n ? -up : up);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('Given two quantities When added, subtracted and compared Then bigint arithmetic agrees', () => {
    fc.assert(
      fc.property(quantity, quantity, (a, b) => {
        expect(add(a, b).milli).toBe(a.milli + b.milli);
        expect(sub(a, b).milli).toBe(a.milli - b.milli);
        expect(cmp(a, b)).toBe(a.milli < b.milli ? -1 : a.milli > b.milli ? 1 : 0);
        expect(cmp(a, b) + cmp(b, a)).toBe(0);
        expect(sub(add(a, b), b).milli).toBe(a.milli);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('Given any quantity When encoded and decoded by the codec Then the value is the same', () => {
    fc.assert(
      fc.property(quantity, (q) => {
        const back = QuantityString.decode(QuantityString.encode(q));
        expect(isLeft(back) ? back.left : back.right.milli).toBe(q.milli);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('Given any string When parsed Then it never throws', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[-+]?[0-9.]{0,6}[eEinumkKMGTP]{0,3}[-+]?[0-9]{0,4}$/), (s) => {
        const q = parseQuantity(s);
        if (!isLeft(q)) expect(reparse(q.right).milli).toBe(q.right.milli);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
