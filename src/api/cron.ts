/**
 * Cron schedules as the CronJob controller evaluates them: robfig/cron v3 `ParseStandard`
 * (five fields, a descriptor such as `@hourly`, or `@every 1h30m`) in the CronJob's time
 * zone (upstream prefixes `TZ=<spec.timeZone>`; no zone means UTC, the usual zone of
 * kube-controller-manager).
 *
 * The five-field language is evaluated by croner, given an explicit instant (it never
 * reads the wall clock), configured to robfig's dialect: five fields, `N/step` meaning
 * `N-max/step`, and day-of-month OR day-of-week when both are restricted. robfig skips a
 * local time that a DST spring-forward removes; croner would run it at the first instant
 * after the gap, so such candidates are dropped here. `@every` is robfig's
 * ConstantDelaySchedule, done here. Syntax errors reach users through admission
 * (src/admission/kinds/workload-cron.ts words them as robfig does); `parseSchedule` only
 * refuses what it cannot evaluate.
 *
 * Instants are Unix epoch milliseconds.
 */
import { Cron, CronDate, CronPattern } from 'croner';
import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export interface CronSchedule {
  /** The zone the schedule is read in (IANA name). */
  readonly timeZone: string;
  /** The first activation strictly after `afterMs` (robfig Schedule.Next), or undefined if none within years. */
  readonly next: (afterMs: number) => number | undefined;
}

/** robfig's descriptors as the five fields they stand for. */
const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** robfig gives up looking for a match after five years (then returns the zero time). */
const SEARCH_YEARS_MAX = 5;
const YEAR_MS = 366 * 24 * 3_600_000;

// -------------------------------------------------------------------------------------
// time zones
// -------------------------------------------------------------------------------------

/** Whether the IANA database (ICU's copy, in Node) knows a zone, as Go's time.LoadLocation asks. */
export const isKnownTimeZone = (zone: string): boolean => {
  if (zone === 'UTC' || zone === '') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in minutes (east positive). */
const offsetMinutesAt = (unixMs: number, zone: string): number => {
  let format = offsetFormats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    offsetFormats.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(unixMs)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']), Number(parts['minute']), Number(parts['second']));
  return Math.round((asUtc - Math.floor(unixMs / 1000) * 1000) / 60_000);
};

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Go's `t.In(zone).Format(time.RFC3339)`: local time with its offset, `Z` for UTC. */
export const rfc3339In = (unixMs: number, zone: string): string => {
  const offset = zone === '' || zone === 'UTC' ? 0 : offsetMinutesAt(unixMs, zone);
  const local = new Date(Math.floor(unixMs / 1000) * 1000 + offset * 60_000).toISOString().replace(/\.\d{3}Z$/, '');
  if (offset === 0) return `${local}Z`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
};

// -------------------------------------------------------------------------------------
// @every
// -------------------------------------------------------------------------------------

const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;

/** Go time.ParseDuration, in milliseconds. */
export const parseGoDurationMs = (text: string): number | undefined => {
  if (!GO_DURATION.test(text)) return undefined;
  const sign = text.startsWith('-') ? -1 : 1;
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? 0);
  return sign * total;
};

/** robfig Every + ConstantDelaySchedule.Next: at least 1s, whole seconds, from the second of `after`. */
const everySchedule = (delayMs: number): CronSchedule => {
  const wholeMs = Math.max(1000, delayMs) - (Math.max(1000, delayMs) % 1000);
  return { timeZone: 'UTC', next: (afterMs) => Math.floor(afterMs / 1000) * 1000 + wholeMs };
};

// -------------------------------------------------------------------------------------
// five fields
// -------------------------------------------------------------------------------------

const fieldSchedule = (fields: string, zone: string): Either<string, CronSchedule> => {
  const tz = zone === '' ? 'UTC' : zone;
  const options = { timezone: tz, mode: '5-part', sloppyRanges: true, legacyMode: true } as const;
  let cron: Cron;
  let pattern: CronPattern;
  try {
    cron = new Cron(fields, options);
    pattern = new CronPattern(fields, tz, options);
  } catch (e) {
    return left(e instanceof Error ? e.message : String(e));
  }
  const next = (afterMs: number): number | undefined => {
    const limitMs = afterMs + SEARCH_YEARS_MAX * YEAR_MS;
    for (let from = afterMs; from < limitMs; ) {
      const at = cron.nextRun(new Date(from))?.getTime();
      if (at === undefined || at > limitMs) return undefined;
      // robfig: a local time that a DST change skips does not run that day.
      const local = new CronDate(new Date(at), tz);
      if (pattern.hour[local.hour] === 1 && pattern.minute[local.minute] === 1) return at;
      from = at;
    }
    return undefined;
  };
  return right({ timeZone: tz, next });
};

/**
 * A schedule as the controller runs it (upstream formatSchedule + cron.ParseStandard).
 * `TZ=`/`CRON_TZ=` in the schedule (legacy objects only) wins like robfig's prefix does.
 */
export const parseSchedule = (schedule: string, timeZone?: string): Either<string, CronSchedule> => {
  if (timeZone !== undefined && !isKnownTimeZone(timeZone)) return left(`unknown time zone ${timeZone}`);
  let spec = schedule.trim();
  let zone = timeZone ?? 'UTC';
  const prefix = /^(?:CRON_TZ|TZ)=(\S*)\s*/.exec(spec);
  if (prefix !== null) {
    zone = prefix[1] ?? '';
    if (!isKnownTimeZone(zone)) return left(`provided bad location ${zone}: unknown time zone ${zone}`);
    spec = spec.slice(prefix[0].length);
  }
  if (spec === '') return left('empty spec string');
  if (spec.startsWith('@every ')) {
    const delayMs = parseGoDurationMs(spec.slice('@every '.length));
    return delayMs === undefined ? left(`failed to parse duration ${spec}`) : right(everySchedule(delayMs));
  }
  if (spec.startsWith('@')) {
    const fields = DESCRIPTORS[spec];
    return fields === undefined ? left(`unrecognized descriptor: ${spec}`) : fieldSchedule(fields, zone);
  }
  const count = spec.split(/\s+/).length;
  if (count !== 5) return left(`expected exactly 5 fields, found ${count}: [${spec}]`);
  return fieldSchedule(spec, zone);
};
