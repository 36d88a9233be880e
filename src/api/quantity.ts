/**
 * Kubernetes resource quantities, exact (apimachinery pkg/api/resource): a value is an
 * integer count of milli-units in a bigint. Values finer than 1m round up to the next
 * milli, as upstream's MilliValue does.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
export interface Quantity {
  readonly milli: bigint;
  readonly format: QuantityFormat;
}

const SYNTAX = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const SYNTAX_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const BINARY: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** value = mantissa / 10^scale * factor, as milli rounded up (away from zero for negatives: upstream rounds up). */
const toMilli = (digits: bigint, fracLen: number, pow10: number, pow2: number): bigint => {
  let num = digits * 1000n * (1n << BigInt(pow2));
  let den = 10n ** BigInt(fracLen);
  if (pow10 >= 0) num *= 10n ** BigInt(pow10);
  else den *= 10n ** BigInt(-pow10);
  const q = num / den;
  return num % den === 0n ? q : num > 0n ? q + 1n : q;
};

export const parseQuantity = (input: string | number): Either<string, Quantity> => {
  const s = String(input).trim();
  const m = SYNTAX.exec(s);
  if (m === null) return left(SYNTAX_ERROR);
  const num = m[1] ?? '';
  const suffix = m[2] ?? '';
  const sign = num.startsWith('-') ? -1n : 1n;
  const unsigned = num.replace(/^[+-]/, '');
  if ((unsigned.match(/\./g) ?? []).length > 1 || unsigned === '.' || unsigned === '') return left(SYNTAX_ERROR);
  const [whole = '', frac = ''] = unsigned.split('.');
  const digits = BigInt(`${whole}${frac}` === '' ? '0' : `${whole}${frac}`) * sign;
  if (suffix in BINARY) return right({ milli: toMilli(digits, frac.length, 0, BINARY[suffix] ?? 0), format: 'BinarySI' });
  if (suffix in DECIMAL) return right({ milli: toMilli(digits, frac.length, DECIMAL[suffix] ?? 0, 0), format: 'DecimalSI' });
  const exp = /^[eE]([-+]?\d+)$/.exec(suffix);
  if (exp !== null) return right({ milli: toMilli(digits, frac.length, Number(exp[1]), 0), format: 'DecimalExponent' });
  return left(`unable to parse quantity's suffix: ${JSON.stringify(suffix)}`);
};

export const quantityFromMilli = (milli: bigint, format: QuantityFormat = 'DecimalSI'): Quantity => ({ milli, format });
export const add = (a: Quantity, b: Quantity): Quantity => ({ milli: a.milli + b.milli, format: a.format });
export const sub = (a: Quantity, b: Quantity): Quantity => ({ milli: a.milli - b.milli, format: a.format });
export const cmp = (a: Quantity, b: Quantity): -1 | 0 | 1 => (a.milli < b.milli ? -1 : a.milli > b.milli ? 1 : 0);
export const isZero = (q: Quantity): boolean => q.milli === 0n;

const formatBinary = (milli: bigint): string | undefined => {
  if (milli % 1000n !== 0n) return undefined;
  const units = milli / 1000n;
  for (const [suffix, shift] of Object.entries(BINARY).reverse()) {
    const size = 1n << BigInt(shift);
    if (units !== 0n && units % size === 0n) return `${units / size}${suffix}`;
  }
  return `${units}`;
};

const formatDecimal = (milli: bigint, exponent: boolean): string => {
  if (milli === 0n) return '0';
  if (milli % 1000n !== 0n) return `${milli}m`;
  let units = milli / 1000n;
  let pow = 0;
  while (units % 1000n === 0n && pow < 18) {
    units /= 1000n;
    pow += 3;
  }
  if (exponent) return pow === 0 ? `${units}` : `${units}e${pow}`;
  const suffix = Object.entries(DECIMAL).find(([, p]) => p === pow)?.[0] ?? '';
  return `${units}${suffix}`;
};

/** Canonical form as upstream's String(): `100m`, `1500m`, `2Gi`, `1536Mi`, `1k`, `1e3`. */
export const formatQuantity = (q: Quantity): string => {
  if (q.format === 'BinarySI') return formatBinary(q.milli) ?? formatDecimal(q.milli, false);
  return formatDecimal(q.milli, q.format === 'DecimalExponent');
};

const toSafe = (n: bigint): number => {
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) throw new RangeError(`quantity ${n} is beyond 2^53`);
  return Number(n);
};

/** Milli-units as a number (CPU in millicores): 2^53 millicores is beyond any real node. */
export const toMilliNumber = (q: Quantity): number => toSafe(q.milli);

/** Whole units rounded up, as upstream Value(): bytes, pod counts. */
export const toUnitsCeil = (q: Quantity): number => {
  const units = q.milli / 1000n + (q.milli % 1000n > 0n ? 1n : 0n);
  return toSafe(units);
};

export const parseCpuMillis = (s: string | number): Either<string, number> => {
  const q = parseQuantity(s);
  return isLeft(q) ? q : right(toMilliNumber(q.right));
};

export const parseBytes = (s: string | number): Either<string, number> => {
  const q = parseQuantity(s);
  return isLeft(q) ? q : right(toUnitsCeil(q.right));
};

export const QuantityString = new t.Type<Quantity, string, unknown>(
  'Quantity',
  (u): u is Quantity => typeof u === 'object' && u !== null && typeof (u as Quantity).milli === 'bigint',
  (u, c) => {
    if (typeof u !== 'string' && typeof u !== 'number') return t.failure(u, c, 'expected a quantity such as 250m, 2 or 1Gi');
    const q = parseQuantity(u);
    return isLeft(q) ? t.failure(u, c, q.left) : t.success(q.right);
  },
  formatQuantity,
);
