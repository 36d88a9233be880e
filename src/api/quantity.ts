/**
 * Kubernetes resource quantities, exact (apimachinery pkg/api/resource/quantity.go).
 *
 * A value is an integer count of milli-units in a bigint: no floating point anywhere.
 * Upstream keeps nano precision internally, but every consumer reads MilliValue() or
 * Value(), so milli is the precision that matters. Values finer than 1m round UP (away
 * from zero) to the next milli, as upstream's MilliValue does: "if you want some
 * resources, you should get some resources" (0.1m → 1m, 1n → 1m).
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
export interface Quantity {
  readonly milli: bigint;
  readonly format: QuantityFormat;
}

// upstream ErrFormatWrong / ErrSuffix, word for word.
const SPLIT_RE = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
const ERR_FORMAT = `quantities must match the regular expression '${SPLIT_RE}'`;
const ERR_SUFFIX = "unable to parse quantity's suffix";

/** Suffix → [base-10 exponent, base-2 exponent, format] (upstream suffix.go). */
const SUFFIXES: Readonly<Record<string, readonly [number, number, QuantityFormat]>> = {
  n: [-9, 0, 'DecimalSI'], u: [-6, 0, 'DecimalSI'], m: [-3, 0, 'DecimalSI'], '': [0, 0, 'DecimalSI'],
  k: [3, 0, 'DecimalSI'], M: [6, 0, 'DecimalSI'], G: [9, 0, 'DecimalSI'], T: [12, 0, 'DecimalSI'],
  P: [15, 0, 'DecimalSI'], E: [18, 0, 'DecimalSI'],
  Ki: [0, 10, 'BinarySI'], Mi: [0, 20, 'BinarySI'], Gi: [0, 30, 'BinarySI'],
  Ti: [0, 40, 'BinarySI'], Pi: [0, 50, 'BinarySI'], Ei: [0, 60, 'BinarySI'],
};
const DECIMAL_SUFFIX: Readonly<Record<number, string>> = { [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'] as const;

/** upstream caps BinarySI amounts at 2^63-1 units (maxAllowed) when parsing. */
const BINARY_MAX_MILLI = ((1n << 63n) - 1n) * 1000n;
/**
 * Upstream keeps the exponent as an int32 beside a small mantissa; we materialise the
 * digits, so a positive exponent is bounded (10^1000 is far past any real resource).
 */
const EXPONENT_MAX = 1000;

// -------------------------------------------------------------------------------------
// parsing
// -------------------------------------------------------------------------------------

interface Parts {
  readonly negative: boolean;
  readonly digits: string; // integer and fraction digits, concatenated, leading zeros dropped
  readonly fracLen: number;
  readonly pow10: number;
  readonly pow2: number;
  readonly format: QuantityFormat;
}

/**
 * The same language as upstream's parseQuantityString scanner (which the regular
 * expression in the error only approximates): `+`, `-`, `.` and `1.` are all accepted,
 * `.` and `+` as zero, and no whitespace is allowed.
 */
const SCAN = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[+-]?[0-9]*)$/;

const INT64_MAX = (1n << 63n) - 1n;

const interpretSuffix = (suffix: string): readonly [number, number, QuantityFormat] | undefined => {
  const known = SUFFIXES[suffix];
  if (known !== undefined) return known;
  // upstream: "e"/"E" followed by a base-10 int64 (strconv.ParseInt).
  const exp = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
  if (exp === null) return undefined;
  const value = BigInt(exp[1] ?? '0');
  return value > INT64_MAX || value < -INT64_MAX - 1n ? undefined : [Number(value), 0, 'DecimalExponent'];
};

const scan = (s: string): Either<string, Parts> => {
  const m = SCAN.exec(s);
  if (s === '' || m === null) return left(ERR_FORMAT);
  const suffix = interpretSuffix(m[4] ?? '');
  if (suffix === undefined) return left(ERR_SUFFIX);
  const [pow10, pow2, format] = suffix;
  const frac = m[3] ?? '';
  const digits = `${m[2] ?? ''}${frac}`.replace(/^0+/, '');
  return right({ negative: m[1] === '-', digits, fracLen: frac.length, pow10, pow2, format });
};

/** |value| in milli rounded up, and whether 0 < |value| < 1 (which upstream's BinarySI cares about). */
const magnitude = (p: Parts): { readonly milli: bigint; readonly belowOne: boolean } => {
  if (p.digits === '') return { milli: 0n, belowOne: false };
  const exp10 = p.pow10 - p.fracLen;
  // Fewer than 10^-3: rounds to 1m whatever the digits; spares a 10^(huge) bigint for "1e-999999".
  if (p.pow2 === 0 && p.digits.length + exp10 <= -3) return { milli: 1n, belowOne: true };
  const num = BigInt(p.digits) * (1n << BigInt(p.pow2)) * (exp10 > 0 ? 10n ** BigInt(exp10) : 1n);
  const den = exp10 < 0 ? 10n ** BigInt(-exp10) : 1n;
  const scaled = num * 1000n;
  return { milli: scaled / den + (scaled % den === 0n ? 0n : 1n), belowOne: num < den };
};

const fromParts = (p: Parts): Quantity => {
  const { milli, belowOne } = magnitude(p);
  let format = p.format;
  let abs = milli;
  if (format === 'BinarySI' && abs > BINARY_MAX_MILLI) abs = BINARY_MAX_MILLI;
  // upstream: a BinarySI amount strictly between 0 and 1 becomes DecimalSI ("avoids rounding and confusion").
  if (format === 'BinarySI' && belowOne) format = 'DecimalSI';
  return { milli: p.negative ? -abs : abs, format };
};

/**
 * ParseQuantity. A number is read through its JavaScript string form (0.5 → "0.5",
 * 1e21 → "1e+21"), as a JSON number reaches upstream's UnmarshalJSON.
 */
export const parseQuantity = (s: string | number): Either<string, Quantity> => {
  if (s === '0' || s === 0) return right({ milli: 0n, format: 'DecimalSI' });
  const parts = scan(String(s));
  if (isLeft(parts)) return parts;
  const { digits, pow10 } = parts.right;
  if (digits !== '' && pow10 > EXPONENT_MAX) return left(`quantity is too large: exponent ${pow10} is above ${EXPONENT_MAX}`);
  return right(fromParts(parts.right));
};

// -------------------------------------------------------------------------------------
// constructors and arithmetic
// -------------------------------------------------------------------------------------

export const quantityFromMilli = (milli: bigint, format: QuantityFormat = 'DecimalSI'): Quantity => ({ milli, format });

// upstream Add/Sub keep the receiver's format, unless the receiver is zero ("0" + 1Gi prints 1Gi).
const formatOf = (a: Quantity, b: Quantity): QuantityFormat => (a.milli === 0n ? b.format : a.format);
export const add = (a: Quantity, b: Quantity): Quantity => ({ milli: a.milli + b.milli, format: formatOf(a, b) });
export const sub = (a: Quantity, b: Quantity): Quantity => ({ milli: a.milli - b.milli, format: formatOf(a, b) });
export const cmp = (a: Quantity, b: Quantity): -1 | 0 | 1 => (a.milli < b.milli ? -1 : a.milli > b.milli ? 1 : 0);
export const isZero = (q: Quantity): boolean => q.milli === 0n;

// -------------------------------------------------------------------------------------
// canonical form (upstream CanonicalizeBytes)
// -------------------------------------------------------------------------------------

/** Mantissa and an exponent that is a multiple of 3 (upstream AsCanonicalBytes), from milli. */
const canonicalDecimal = (milli: bigint): readonly [bigint, number] => {
  let mantissa = milli;
  let exponent = -3;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent += 1;
  }
  while (exponent % 3 !== 0) {
    mantissa *= 10n;
    exponent -= 1;
  }
  return [mantissa, exponent];
};

const formatDecimalSI = (milli: bigint): string => {
  const [mantissa, exponent] = canonicalDecimal(milli);
  // Past E upstream finds no suffix and prints the bare mantissa (1000E → "1"); we keep "1000E".
  if (exponent > 18) return `${mantissa * 10n ** BigInt(exponent - 18)}E`;
  return `${mantissa}${DECIMAL_SUFFIX[exponent] ?? ''}`;
};

const formatExponent = (milli: bigint): string => {
  const [mantissa, exponent] = canonicalDecimal(milli);
  return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
};

/** Whole units with as many factors of 1024 as suffixes allow (upstream AsCanonicalBase1024Bytes). */
const formatBinary = (milli: bigint): string => {
  let units = milli / 1000n;
  let power = 0;
  while (units % 1024n === 0n && power < BINARY_SUFFIX.length - 1) {
    units /= 1024n;
    power += 1;
  }
  return `${units}${BINARY_SUFFIX[power] ?? ''}`;
};

const absolute = (n: bigint): bigint => (n < 0n ? -n : n);

/**
 * BinarySI prints as DecimalSI below 1024 units in magnitude and when the value is not a
 * whole number of units, so no precision is lost (upstream). Past the 2^63-1 cap (only
 * arithmetic gets there) it prints as DecimalSI too, so the text parses back uncapped.
 */
const binaryAsDecimal = (milli: bigint): boolean => {
  const abs = absolute(milli);
  return abs < 1024_000n || milli % 1000n !== 0n || abs > BINARY_MAX_MILLI;
};

/** upstream String(): "1500m", "2Gi", "1536Mi", "1k", "1e3", "0.5Ki" → "512", "1.5Ki" → "1536", 0 → "0". */
export const formatQuantity = (q: Quantity): string => {
  if (q.milli === 0n) return '0';
  switch (q.format) {
    case 'DecimalSI':
      return formatDecimalSI(q.milli);
    case 'DecimalExponent':
      return formatExponent(q.milli);
    case 'BinarySI':
      return binaryAsDecimal(q.milli) ? formatDecimalSI(q.milli) : formatBinary(q.milli);
  }
};

// -------------------------------------------------------------------------------------
// numbers for the scheduler and the kubelet
// -------------------------------------------------------------------------------------

const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);
const inSafeRange = (n: bigint): boolean => n <= SAFE_MAX && n >= -SAFE_MAX;

const toSafeNumber = (n: bigint): number => {
  if (!inSafeRange(n)) throw new RangeError(`quantity ${n} is beyond 2^53 and cannot be a number exactly`);
  return Number(n);
};

/**
 * Milli-units as a number (CPU in millicores). Throws past 2^53 millicores, which is
 * 9·10^12 cores: no node or cluster comes near, so only a typo like "9E" gets there,
 * and user input goes through parseCpuMillis, which returns that as a Left instead.
 */
export const toMilliNumber = (q: Quantity): number => toSafeNumber(q.milli);

/** Whole units, rounded up in magnitude as upstream Value() does (int64Amount.AsScaledInt64). */
const unitsOf = (milli: bigint): bigint => milli / 1000n + (milli % 1000n === 0n ? 0n : milli > 0n ? 1n : -1n);

/** Whole units (bytes, pod counts), rounded up as upstream Value(); throws past 2^53 (8 PiB of memory). */
export const toUnitsCeil = (q: Quantity): number => toSafeNumber(unitsOf(q.milli));

const tooLarge = (s: string | number, what: string): string => `quantity ${String(s)} is too large: more than 2^53 ${what}`;

/** Millicores from a quantity; a Left when it does not parse or is past 2^53 millicores. */
export const parseCpuMillis = (s: string | number): Either<string, number> => {
  const q = parseQuantity(s);
  if (isLeft(q)) return q;
  return inSafeRange(q.right.milli) ? right(Number(q.right.milli)) : left(tooLarge(s, 'milli-units'));
};

/** Whole units (bytes), rounded up; a Left when it does not parse or is past 2^53 units. */
export const parseBytes = (s: string | number): Either<string, number> => {
  const q = parseQuantity(s);
  if (isLeft(q)) return q;
  const units = unitsOf(q.right.milli);
  return inSafeRange(units) ? right(Number(units)) : left(tooLarge(s, 'units'));
};

// -------------------------------------------------------------------------------------
// codec
// -------------------------------------------------------------------------------------

const show = (u: unknown): string => (typeof u === 'bigint' ? `${u}` : (JSON.stringify(u) ?? String(u)));

const isQuantity = (u: unknown): u is Quantity =>
  typeof u === 'object' && u !== null && typeof (u as Quantity).milli === 'bigint' && ['DecimalSI', 'BinarySI', 'DecimalExponent'].includes((u as Quantity).format);

/**
 * A quantity as JSON carries it: a string (trimmed, as upstream UnmarshalJSON does) or a
 * number; encodes to the canonical string.
 */
export const QuantityString = new t.Type<Quantity, string, unknown>(
  'Quantity',
  isQuantity,
  (u, c) => {
    if (typeof u !== 'string' && typeof u !== 'number') return t.failure(u, c, `Invalid value: ${show(u)}: expected a quantity such as 250m, 2 or 1Gi`);
    const q = parseQuantity(typeof u === 'string' ? u.trim() : u);
    return isLeft(q) ? t.failure(u, c, `Invalid value: ${show(u)}: ${q.left}`) : t.success(q.right);
  },
  formatQuantity,
);
