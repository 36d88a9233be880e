/**
 * Durations as scenarios write them (Go time.ParseDuration syntax with ms, s, m, h) and
 * how simulated times are printed: the timeline clock and kubectl's AGE column.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export const parseDuration = (s: string): Either<string, number> => {
  if (s === '0') return right(0);
  if (s === '') return left('invalid duration "": empty');
  const re = /(\d+(?:\.\d*)?|\.\d+)(ms|s|m|h|[a-zA-Zµ]+)?/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    const unit = m[2];
    if (unit === undefined) return left(`invalid duration ${JSON.stringify(s)}: missing unit (use ms, s, m or h)`);
    const scale = UNIT_MS[unit];
    if (scale === undefined) return left(`invalid duration ${JSON.stringify(s)}: unknown unit ${JSON.stringify(unit)} (use ms, s, m or h)`);
    total += Number(m[1]) * scale;
    consumed = re.lastIndex;
  }
  if (consumed !== s.length) return left(`invalid duration ${JSON.stringify(s)}${s.startsWith('-') ? ': must not be negative' : ''}`);
  if (!Number.isInteger(Math.round(total * 1e6) / 1e6)) return left(`invalid duration ${JSON.stringify(s)}: finer than a millisecond`);
  return right(Math.round(total));
};

export const formatDuration = (ms: number): string => {
  if (ms === 0) return '0s';
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const sMs = ms % 60_000;
  const sec = sMs === 0 ? '' : `${sMs % 1000 === 0 ? sMs / 1000 : (sMs / 1000).toString()}s`;
  if (h === 0 && m === 0 && sMs < 1000) return `${sMs}ms`;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${sec}`;
};

export const DurationMs = new t.Type<number, string, unknown>(
  'Duration',
  (u): u is number => typeof u === 'number',
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, 'expected a duration such as 30s, 5m or 1h30m');
    const parsed = parseDuration(u);
    return isLeft(parsed) ? t.failure(u, c, parsed.left) : t.success(parsed.right);
  },
  formatDuration,
);

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The timeline clock: `0s`, `45s`, `2m00s`, `1h02m03s`, `2m03.250s`. */
export const formatClock = (ms: number): string => {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const frac = ms % 1000 === 0 ? '' : `.${String(ms % 1000).padStart(3, '0')}`;
  if (h > 0) return `${h}h${pad2(m)}m${pad2(s)}${frac}s`;
  if (m > 0) return `${m}m${pad2(s)}${frac}s`;
  return `${s}${frac}s`;
};

/**
 * kubectl's AGE (apimachinery pkg/util/duration.HumanDuration): seconds under 2 minutes,
 * then minutes (with seconds under 10 minutes), hours (with minutes under 8 hours),
 * days (with hours under 2 days), years.
 */
export const formatAge = (ms: number): string => {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 192) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    return days === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
};
