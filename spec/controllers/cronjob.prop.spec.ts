import fc from 'fast-check';
import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { CronSchedule } from '../../src/api/cron.js';
import { parseSchedule } from '../../src/api/cron.js';
import { MISSED_SCHEDULES_MAX, mostRecentScheduleTime, nextScheduleDelayMs } from '../../src/controllers/cronjob-schedule.js';

const RUNS = process.env['KUBESIM_LONG'] === '1' ? 2000 : 80;
const T0 = Date.UTC(2025, 0, 1);
const DAY = 86_400_000;

const schedules = fc.constantFrom('*/5 * * * *', '7 * * * *', '30 6-16/4 * * 1-5', '0 9 * * *', '15 2 * * *', '@every 1h30m', '*/17 3-5 * * *');
/**
 * Schedules whose activations are evenly spaced (up to DST's hour). For the others
 * upstream's estimate can overshoot the last activation and report none: see the
 * "irregular schedule" example in cronjob.spec.ts.
 */
const regular = fc.constantFrom('*/5 * * * *', '7 * * * *', '0 9 * * *', '@every 1h30m', '0 0 * * 1');
const zones = fc.constantFrom(undefined, 'America/New_York', 'Europe/Paris', 'Asia/Kolkata');

const parse = (s: string, z: string | undefined): CronSchedule => {
  const p = parseSchedule(s, z);
  if (isLeft(p)) throw new Error(p.left);
  return p.right;
};

/** Every activation in (from, to], listed one by one (what upstream's estimate stands in for). */
const enumerate = (sched: CronSchedule, from: number, to: number): number[] => {
  const out: number[] = [];
  for (let t = sched.next(from); t !== undefined && t <= to; t = sched.next(t)) out.push(t);
  return out;
};

describe('CronJob schedule estimate (upstream mostRecentScheduleTime)', () => {
  it('the most recent activation equals the last one listed one by one, whenever few were missed', () => {
    fc.assert(
      fc.property(regular, zones, fc.integer({ min: 0, max: 120 * DAY }), fc.integer({ min: 0, max: 3 * DAY }), (s, z, createdOffsetMs, elapsedMs) => {
        const sched = parse(s, z);
        const created = T0 + Math.floor(createdOffsetMs / 1000) * 1000;
        const now = created + elapsedMs;
        const listed = enumerate(sched, created, now);
        const r = mostRecentScheduleTime({ lastScheduleUnixMs: undefined, createdUnixMs: created, startingDeadlineSeconds: undefined }, now, sched, false);
        expect(r.mostRecentUnixMs).toBe(listed.length === 0 ? undefined : listed[listed.length - 1]);
        if (listed.length <= MISSED_SCHEDULES_MAX / 2) expect(r.missed === 'many').toBe(false);
      }),
      { numRuns: RUNS, seed: 7 },
    );
  });

  it('the requeue always lands after now and no later than the next activation (+100ms)', () => {
    fc.assert(
      fc.property(schedules, zones, fc.integer({ min: 0, max: 3 * DAY }), (s, z, elapsedMs) => {
        const sched = parse(s, z);
        const now = T0 + elapsedMs;
        const delay = nextScheduleDelayMs({ lastScheduleUnixMs: undefined, createdUnixMs: T0, startingDeadlineSeconds: undefined }, now, sched);
        const next = sched.next(now);
        expect(delay).toBeDefined();
        expect(delay ?? 0).toBeGreaterThan(0);
        expect(now + (delay ?? 0)).toBeLessThanOrEqual((next ?? 0) + 100);
      }),
      { numRuns: RUNS, seed: 7 },
    );
  });
});
