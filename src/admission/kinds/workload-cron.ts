/**
 * CronJob schedules as the API server checks them: robfig/cron v3 `ParseStandard`
 * (five fields, or a descriptor such as `@hourly` or `@every 1h30m`), which upstream's
 * batch validation calls, with that parser's own error texts. Only checks: when a
 * schedule fires is the CronJob controller's business.
 *
 * A library (croner, cron-parser) would accept a different language (seconds fields,
 * `L`, `#`, day-of-week 7) and word its errors differently, so the few rules are here.
 */

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTHS = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** minute, hour, day of month, month, day of week. */
const FIELDS: readonly Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** Go time.ParseDuration's language (units ns..h, decimals, a sign). */
const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;

type Result = { readonly value: number } | { readonly error: string };

/** Go strconv.Atoi: an optional sign and decimal digits (64-bit). */
const atoi = (s: string): Result => {
  if (!/^[+-]?[0-9]+$/.test(s)) return { error: `failed to parse int from ${s}: strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax` };
  const n = BigInt(s);
  if (n > (1n << 63n) - 1n || n < -(1n << 63n)) return { error: `failed to parse int from ${s}: strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range` };
  return n < 0n ? { error: `negative number (${n}) not allowed: ${s}` } : { value: Number(n) };
};

const intOrName = (s: string, b: Bounds): Result => {
  const named = b.names?.[s.toLowerCase()];
  return named === undefined ? atoi(s) : { value: named };
};

/** robfig getRange: `*`, `?`, `N`, `N-M`, each with an optional `/step`. */
const rangeError = (expr: string, b: Bounds): string | undefined => {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = (rangeAndStep[0] ?? '').split('-');
  let start = b.min;
  let end = b.max;
  if (lowAndHigh[0] !== '*' && lowAndHigh[0] !== '?') {
    const lo = intOrName(lowAndHigh[0] ?? '', b);
    if ('error' in lo) return lo.error;
    if (lowAndHigh.length > 2) return `too many hyphens: ${expr}`;
    const hi = lowAndHigh.length === 2 ? intOrName(lowAndHigh[1] ?? '', b) : lo;
    if ('error' in hi) return hi.error;
    [start, end] = [lo.value, hi.value];
  }
  let step = 1;
  if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (rangeAndStep.length === 2) {
    const s = atoi(rangeAndStep[1] ?? '');
    if ('error' in s) return s.error;
    step = s.value;
    // robfig: "N/step" means "N-max/step".
    if (lowAndHigh.length === 1) end = b.max;
  }
  if (start < b.min) return `beginning of range (${start}) below minimum (${b.min}): ${expr}`;
  if (end > b.max) return `end of range (${end}) above maximum (${b.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  return step === 0 ? `step of range should be a positive number: ${expr}` : undefined;
};

const descriptorError = (spec: string): string | undefined => {
  if (DESCRIPTORS.has(spec)) return undefined;
  if (spec.startsWith('@every ')) {
    const d = spec.slice('@every '.length);
    return GO_DURATION.test(d) ? undefined : `failed to parse duration ${spec}: time: invalid duration ${JSON.stringify(d)}`;
  }
  return `unrecognized descriptor: ${spec}`;
};

/** Whether the IANA database (ICU's copy, in Node) knows a zone, as Go's time.LoadLocation asks. */
export const isKnownTimeZone = (zone: string): boolean => {
  if (zone === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** The error robfig/cron v3 ParseStandard gives for a schedule, or undefined if it parses. */
export const cronScheduleError = (schedule: string): string | undefined => {
  if (schedule === '') return 'empty spec string';
  let spec = schedule;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    const zone = spec.slice(spec.indexOf('=') + 1, space < 0 ? spec.length : space);
    if (!isKnownTimeZone(zone)) return `provided bad location ${zone}: unknown time zone ${zone}`;
    spec = space < 0 ? '' : spec.slice(space).trim();
  }
  if (spec.startsWith('@')) return descriptorError(spec);
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== FIELDS.length) return `expected exactly ${FIELDS.length} fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (const [i, field] of fields.entries()) {
    const bounds = FIELDS[i];
    if (bounds === undefined) continue;
    for (const expr of field.split(',').filter((r) => r !== '')) {
      const error = rangeError(expr, bounds);
      if (error !== undefined) return error;
    }
  }
  return undefined;
};
