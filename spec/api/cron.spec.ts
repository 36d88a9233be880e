import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { parseGoDurationMs, parseSchedule, rfc3339In } from '../../src/api/cron.js';

/** The next `n` activations after `from`, as RFC 3339 in the schedule's zone. */
const runs = (schedule: string, timeZone: string | undefined, from: string, n: number): string[] => {
  const parsed = parseSchedule(schedule, timeZone);
  if (isLeft(parsed)) throw new Error(parsed.left);
  const out: string[] = [];
  let t = Date.parse(from);
  for (let i = 0; i < n; i++) {
    const next = parsed.right.next(t);
    if (next === undefined) break;
    out.push(rfc3339In(next, parsed.right.timeZone));
    t = next;
  }
  return out;
};

describe('cron schedules (robfig/cron v3 ParseStandard semantics)', () => {
  it('five fields: the next activation is strictly after the given instant', () => {
    expect(runs('*/5 * * * *', undefined, '2025-01-01T00:05:00Z', 2)).toEqual(['2025-01-01T00:10:00Z', '2025-01-01T00:15:00Z']);
  });

  it('N/step means N-max/step, as robfig reads it', () => {
    expect(runs('5/20 * * * *', undefined, '2025-01-01T00:00:00Z', 4)).toEqual(['2025-01-01T00:05:00Z', '2025-01-01T00:25:00Z', '2025-01-01T00:45:00Z', '2025-01-01T01:05:00Z']);
  });

  it('day of month OR day of week when both are restricted; AND when one is *', () => {
    // 2025-01-01 is a Wednesday
    expect(runs('0 0 10 * MON', undefined, '2025-01-01T00:00:00Z', 3)).toEqual(['2025-01-06T00:00:00Z', '2025-01-10T00:00:00Z', '2025-01-13T00:00:00Z']);
    expect(runs('0 0 * * MON', undefined, '2025-01-01T00:00:00Z', 2)).toEqual(['2025-01-06T00:00:00Z', '2025-01-13T00:00:00Z']);
  });

  it('descriptors: @hourly, @daily, @midnight, @weekly (Sunday), @monthly, @yearly, @annually', () => {
    const from = '2025-01-01T00:30:00Z';
    expect(runs('@hourly', undefined, from, 1)).toEqual(['2025-01-01T01:00:00Z']);
    expect(runs('@daily', undefined, from, 1)).toEqual(['2025-01-02T00:00:00Z']);
    expect(runs('@midnight', undefined, from, 1)).toEqual(['2025-01-02T00:00:00Z']);
    expect(runs('@weekly', undefined, from, 1)).toEqual(['2025-01-05T00:00:00Z']);
    expect(runs('@monthly', undefined, from, 1)).toEqual(['2025-02-01T00:00:00Z']);
    expect(runs('@yearly', undefined, from, 1)).toEqual(['2026-01-01T00:00:00Z']);
    expect(runs('@annually', undefined, from, 1)).toEqual(['2026-01-01T00:00:00Z']);
  });

  it('@every: a constant delay from the whole second of the instant, at least 1s', () => {
    expect(runs('@every 1h30m', undefined, '2025-01-01T00:00:00.700Z', 2)).toEqual(['2025-01-01T01:30:00Z', '2025-01-01T03:00:00Z']);
    expect(runs('@every 10ms', undefined, '2025-01-01T00:00:00Z', 1)).toEqual(['2025-01-01T00:00:01Z']);
    expect(parseGoDurationMs('1.5h')).toBe(5_400_000);
    expect(parseGoDurationMs('1d')).toBeUndefined();
  });

  it('in a time zone, a local time keeps its wall-clock hour across a DST change', () => {
    expect(runs('0 9 * * *', 'America/New_York', '2025-03-08T00:00:00Z', 2)).toEqual(['2025-03-08T09:00:00-05:00', '2025-03-09T09:00:00-04:00']);
    expect(runs('0 0 * * *', 'Asia/Kolkata', '2025-01-01T00:00:00Z', 1)).toEqual(['2025-01-02T00:00:00+05:30']);
  });

  it('a local time that spring-forward skips does not run that day (robfig), rather than at 03:00', () => {
    expect(runs('30 2 * * *', 'America/New_York', '2025-03-08T12:00:00Z', 2)).toEqual(['2025-03-10T02:30:00-04:00', '2025-03-11T02:30:00-04:00']);
  });

  it('a legacy TZ= prefix selects the zone', () => {
    expect(runs('TZ=Europe/Paris 0 12 * * *', undefined, '2025-01-01T00:00:00Z', 1)).toEqual(['2025-01-01T12:00:00+01:00']);
  });

  it('a schedule that never fires has no next activation', () => {
    expect(runs('59 23 31 2 *', undefined, '2025-01-01T00:00:00Z', 1)).toEqual([]);
  });

  it('refuses an unknown time zone with upstream words, and what it cannot evaluate', () => {
    expect(parseSchedule('* * * * *', 'Mars/Olympus')).toEqual({ _tag: 'Left', left: 'unknown time zone Mars/Olympus' });
    expect(isLeft(parseSchedule('* * * *'))).toBe(true);
    expect(isLeft(parseSchedule('@fortnightly'))).toBe(true);
    expect(isLeft(parseSchedule(''))).toBe(true);
    expect(isRight(parseSchedule('0 0 1 JAN ?'))).toBe(true);
  });
});
