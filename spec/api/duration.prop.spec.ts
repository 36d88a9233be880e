import { isLeft, right } from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DurationMs, formatAge, formatClock, formatDuration, parseDuration } from '../../src/api/duration.js';

const SEED = 20260403;

/** Small, round and large durations: whole ms up to about 30 years. */
const ms = fc.oneof(
  fc.integer({ min: 0, max: 5000 }),
  fc.integer({ min: 0, max: 100_000 }).map((n) => n * 1000),
  fc.integer({ min: 0, max: 2_000 }).map((n) => n * 60_000),
  fc.integer({ min: 0, max: 1_000_000_000_000 }),
);

/** The timeline clock read back: [h h] m m s s [.fff] */
const clockMs = (text: string): number => {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(\d+)(?:\.(\d{3}))?s$/.exec(text);
  if (m === null) throw new Error(`not a clock: ${text}`);
  return Number(m[1] ?? 0) * 3_600_000 + Number(m[2] ?? 0) * 60_000 + Number(m[3]) * 1000 + Number(m[4] ?? 0);
};

describe(`durations (properties, seed ${SEED})`, () => {
  it('Given any whole-ms duration When printed and parsed back Then it is the same', () => {
    fc.assert(
      fc.property(ms, (n) => {
        expect(parseDuration(formatDuration(n))).toEqual(right(n));
        expect(DurationMs.decode(DurationMs.encode(n))).toEqual(right(n));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('Given terms written in any units When parsed Then the total is their exact sum', () => {
    const term = fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(['ms', 1], ['s', 1000], ['m', 60_000], ['h', 3_600_000]));
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 5 }), (terms) => {
        const text = terms.map(([n, [unit]]) => `${n}${unit}`).join('');
        const total = terms.reduce((sum, [n, [, scale]]) => sum + n * scale, 0);
        expect(parseDuration(text)).toEqual(right(total));
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('Given any duration When printed on the clock Then the text reads back to it and never shrinks as time grows', () => {
    fc.assert(
      fc.property(ms, ms, (a, b) => {
        expect(clockMs(formatClock(a))).toBe(a);
        if (a < b) expect(clockMs(formatClock(a))).toBeLessThan(clockMs(formatClock(b)));
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('Given any text When parsed Then it never throws, and a result is a non-negative whole number of ms', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[-+]?[0-9.hmsxu]{0,10}$/), (text) => {
        const parsed = parseDuration(text);
        if (!isLeft(parsed)) expect(Number.isSafeInteger(parsed.right) && parsed.right >= 0).toBe(true);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('Given any age When printed Then it is one or two number-unit pairs, as HumanDuration', () => {
    fc.assert(
      fc.property(ms, (n) => {
        expect(formatAge(n)).toMatch(/^\d+[smhdy](\d+[smhd])?$/);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
