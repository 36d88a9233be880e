/**
 * Durations as scenarios write them (Go time.ParseDuration syntax, restricted to ms, s,
 * m and h: the simulated clock counts whole milliseconds) and how simulated times are
 * printed: Go-style durations, the timeline clock, and kubectl's AGE column.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

// -------------------------------------------------------------------------------------
// parsing (Go time.ParseDuration)
// -------------------------------------------------------------------------------------

const UNIT_MS: Readonly<Record<string, bigint>> = { ms: 1n, s: 1000n, m: 60_000n, h: 3_600_000n };
const UNITS_HINT = '(use ms, s, m or h)';
const MAX_MS = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * One `<number><unit>` term at the start of `s`, as Go scans it: digits, an optional
 * fraction, then every character up to the next digit or '.' is the unit.
 */
const TERM = /^([0-9]*)(?:\.([0-9]*))?([^0-9.]*)/;

interface Term {
  readonly ms: bigint;
  readonly length: number;
}

/** A term in whole milliseconds, computed exactly (no float: "0.1s" is 100ms, not 100.00000000000001). */
const parseTerm = (s: string, quoted: string): Either<string, Term> => {
  const m = TERM.exec(s);
  const whole = m?.[1] ?? '';
  const frac = m?.[2] ?? '';
  const unit = m?.[3] ?? '';
  if (m === null || (whole === '' && frac === '')) return left(`invalid duration ${quoted}`);
  if (unit === '') return left(`invalid duration ${quoted}: missing unit ${UNITS_HINT}`);
  const scale = Object.hasOwn(UNIT_MS, unit) ? UNIT_MS[unit] : undefined;
  if (scale === undefined) return left(`invalid duration ${quoted}: unknown unit ${JSON.stringify(unit)} ${UNITS_HINT}`);
  const denominator = 10n ** BigInt(frac.length);
  const scaled = BigInt(`${whole}${frac}` || '0') * scale;
  if (scaled % denominator !== 0n) return left(`invalid duration ${quoted}: finer than a millisecond`);
  return right({ ms: scaled / denominator, length: m[0].length });
};

const sumTerms = (body: string, quoted: string): Either<string, bigint> => {
  let total = 0n;
  for (let rest = body; rest !== ''; ) {
    const term = parseTerm(rest, quoted);
    if (isLeft(term)) return term;
    total += term.right.ms;
    if (total > MAX_MS) return left(`invalid duration ${quoted}: too large`);
    rest = rest.slice(term.right.length);
  }
  return right(total);
};

/**
 * Go's ParseDuration with ms, s, m and h: "500ms", "30s", "1h30m", "1.5h", "0". A sign
 * is read as Go reads it, and a negative result is refused, as is anything finer than
 * a millisecond.
 */
export const parseDuration = (s: string): Either<string, number> => {
  const quoted = JSON.stringify(s);
  const negative = s.startsWith('-');
  const body = negative || s.startsWith('+') ? s.slice(1) : s;
  if (body === '0') return right(0);
  if (body === '') return left(`invalid duration ${quoted}: empty`);
  const total = sumTerms(body, quoted);
  if (isLeft(total)) return total;
  if (negative && total.right > 0n) return left(`invalid duration ${quoted}: must not be negative`);
  return right(Number(total.right));
};

// -------------------------------------------------------------------------------------
// printing
// -------------------------------------------------------------------------------------

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** Seconds with the milliseconds as a fraction, trailing zeros dropped: 1500 → "1.5". */
const secondsText = (ms: number): string => {
  const whole = Math.floor(ms / 1000);
  const frac = ms % 1000;
  return frac === 0 ? `${whole}` : `${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
};

/**
 * Go's Duration.String() with the zero parts left out, so it is the shortest text that
 * parses back: 0 → "0s", 500 → "500ms", 1500 → "1.5s", 90000 → "1m30s", 3600000 → "1h",
 * 5400000 → "1h30m". Fractions of a millisecond are rounded away.
 */
export const formatDuration = (ms: number): string => {
  const n = Math.round(ms);
  if (n === 0) return '0s';
  if (n < 0) return `-${formatDuration(-n)}`;
  if (n < 1000) return `${n}ms`;
  const h = Math.floor(n / HOUR_MS);
  const m = Math.floor((n % HOUR_MS) / MINUTE_MS);
  const rest = n % MINUTE_MS;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${rest > 0 ? `${secondsText(rest)}s` : ''}`;
};

/** A duration string ("30s", "1h30m") as integer milliseconds; encodes with formatDuration. */
export const DurationMs = new t.Type<number, string, unknown>(
  'Duration',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0,
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, `Invalid value: ${JSON.stringify(u) ?? String(u)}: expected a duration such as 500ms, 30s, 5m or 1h30m`);
    const parsed = parseDuration(u);
    return isLeft(parsed) ? t.failure(u, c, parsed.left) : t.success(parsed.right);
  },
  formatDuration,
);

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * The timeline clock: "0s", "45s", "2m00s", "59m59s", "1h02m03s"; a sub-second part is
 * printed after the seconds ("2m03.250s", "0.500s") so columns of times line up.
 */
export const formatClock = (ms: number): string => {
  const n = Math.round(ms);
  if (n < 0) return `-${formatClock(-n)}`;
  const h = Math.floor(n / HOUR_MS);
  const m = Math.floor((n % HOUR_MS) / MINUTE_MS);
  const s = Math.floor((n % MINUTE_MS) / 1000);
  const frac = n % 1000 === 0 ? '' : `.${String(n % 1000).padStart(3, '0')}`;
  if (h > 0) return `${h}h${pad2(m)}m${pad2(s)}${frac}s`;
  if (m > 0) return `${m}m${pad2(s)}${frac}s`;
  return `${s}${frac}s`;
};

// -------------------------------------------------------------------------------------
// kubectl's AGE column
// -------------------------------------------------------------------------------------

const DAY_H = 24;
const YEAR_H = 24 * 365;

/** `a` then `b` units, or `a` alone when `b` is 0: "3m10s", "2d", "2y1d". */
const pair = (a: number, aUnit: string, b: number, bUnit: string): string => (b === 0 ? `${a}${aUnit}` : `${a}${aUnit}${b}${bUnit}`);

/** HumanDuration from two minutes on, in whole hours and minutes. */
const longAge = (minutes: number): string => {
  if (minutes < 10) return '';
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return pair(hours, 'h', minutes % 60, 'm');
  if (hours < 2 * DAY_H) return `${hours}h`;
  if (hours < 8 * DAY_H) return pair(Math.floor(hours / DAY_H), 'd', hours % DAY_H, 'h');
  if (hours < 2 * YEAR_H) return `${Math.floor(hours / DAY_H)}d`;
  if (hours < 8 * YEAR_H) return pair(Math.floor(hours / YEAR_H), 'y', Math.floor(hours / DAY_H) % 365, 'd');
  return `${Math.floor(hours / YEAR_H)}y`;
};

/**
 * kubectl's AGE: apimachinery pkg/util/duration.HumanDuration, rule for rule. Seconds
 * under 2 minutes ("119s"), minutes and seconds under 10 minutes ("3m10s"), minutes
 * under 3 hours ("179m"), hours and minutes under 8 hours ("7h59m"), hours under 2 days
 * ("47h"), days and hours under 8 days ("2d1h"), days under 2 years ("729d"), years and
 * days under 8 years ("2y1d"), then years. Go truncates toward zero, and up to 2s in the
 * future still reads "0s" ("to tolerate machine time inconsistence"); beyond, "<invalid>".
 */
export const formatAge = (ms: number): string => {
  if (!Number.isFinite(ms)) return '<invalid>';
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return longAge(minutes) || pair(minutes, 'm', seconds % 60, 's');
};
