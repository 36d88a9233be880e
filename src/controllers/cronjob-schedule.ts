/**
 * When a CronJob is due (upstream pkg/controller/cronjob/utils.go: mostRecentScheduleTime,
 * nextScheduleTime, nextScheduleTimeDuration). All instants are Unix epoch milliseconds.
 *
 * Only the most recent missed time is ever run: upstream estimates how many were missed
 * from the gap between the first two activations after the earliest time, rather than
 * listing them, and warns (TooManyMissedTimes) when the estimate passes 100.
 */
import type { CronSchedule } from '../api/cron.js';

/** upstream nextScheduleDelta: requeue a little after the activation, not on it. */
export const NEXT_SCHEDULE_DELTA_MS = 100;
/** upstream: more missed activations than this is probably clock skew; warn. */
export const MISSED_SCHEDULES_MAX = 100;

export type Missed = 'none' | 'few' | 'many';

export interface CronTimes {
  /** When the controller last scheduled (status.lastScheduleTime), else creation. */
  readonly lastScheduleUnixMs: number | undefined;
  readonly createdUnixMs: number;
  readonly startingDeadlineSeconds: number | undefined;
}

export interface MostRecent {
  readonly earliestUnixMs: number;
  /** The newest activation in (earliest, now], if any. */
  readonly mostRecentUnixMs: number | undefined;
  readonly missed: Missed;
  /** Set when the schedule cannot be evaluated (it never fires, or fires twice a second). */
  readonly error?: string;
}

/** upstream mostRecentScheduleTime. */
export const mostRecentScheduleTime = (times: CronTimes, nowUnixMs: number, schedule: CronSchedule, withDeadline: boolean): MostRecent => {
  let earliest = times.lastScheduleUnixMs ?? times.createdUnixMs;
  if (withDeadline && times.startingDeadlineSeconds !== undefined) {
    // upstream: the controller schedules nothing older than now − startingDeadlineSeconds
    earliest = Math.max(earliest, nowUnixMs - times.startingDeadlineSeconds * 1000);
  }
  const t1 = schedule.next(earliest);
  const t2 = t1 === undefined ? undefined : schedule.next(t1);
  if (t1 === undefined || t2 === undefined) {
    // robfig returns the zero time for "59 23 31 2 *": upstream ends in a zero interval
    return { earliestUnixMs: earliest, mostRecentUnixMs: undefined, missed: 'none', error: 'time difference between two schedules is less than 1 second' };
  }
  if (nowUnixMs < t1) return { earliestUnixMs: earliest, mostRecentUnixMs: undefined, missed: 'none' };
  if (nowUnixMs < t2) return { earliestUnixMs: earliest, mostRecentUnixMs: t1, missed: 'none' };
  const betweenSeconds = Math.round((t2 - t1) / 1000);
  if (betweenSeconds < 1) return { earliestUnixMs: earliest, mostRecentUnixMs: undefined, missed: 'none', error: 'time difference between two schedules is less than 1 second' };
  // upstream: a rough count of intervals from t1 to now, then walk from one interval
  // before the estimate so irregular schedules ("30 6-16/4 * * 1-5") land right
  const elapsedSeconds = Math.trunc((nowUnixMs - t1) / 1000);
  const missedCount = Math.trunc(elapsedSeconds / betweenSeconds) + 1;
  const potentialEarliest = t1 + (missedCount - 2) * betweenSeconds * 1000;
  let mostRecent: number | undefined;
  for (let t = schedule.next(potentialEarliest); t !== undefined && t <= nowUnixMs; t = schedule.next(t)) mostRecent = t;
  const missed: Missed = missedCount > MISSED_SCHEDULES_MAX ? 'many' : missedCount > 0 ? 'few' : 'none';
  return { earliestUnixMs: earliest, mostRecentUnixMs: mostRecent, missed };
};

/** upstream nextScheduleTime: the activation to run now, if any, and whether too many were missed. */
export const nextScheduleTime = (times: CronTimes, nowUnixMs: number, schedule: CronSchedule): { scheduledUnixMs?: number; tooManyMissed: boolean; error?: string } => {
  const r = mostRecentScheduleTime(times, nowUnixMs, schedule, true);
  const error = r.error === undefined ? {} : { error: r.error };
  if (r.mostRecentUnixMs === undefined || r.mostRecentUnixMs > nowUnixMs) return { tooManyMissed: false, ...error };
  return { scheduledUnixMs: r.mostRecentUnixMs, tooManyMissed: r.missed === 'many', ...error };
};

/** upstream nextScheduleTimeDuration: how long until the activation after the most recent one, plus the delta. */
export const nextScheduleDelayMs = (times: CronTimes, nowUnixMs: number, schedule: CronSchedule): number | undefined => {
  const r = mostRecentScheduleTime(times, nowUnixMs, schedule, false);
  let from: number;
  if (r.error !== undefined) from = nowUnixMs;
  else if (r.mostRecentUnixMs === undefined) from = r.missed === 'none' ? r.earliestUnixMs : nowUnixMs;
  else from = r.mostRecentUnixMs;
  const next = schedule.next(from);
  return next === undefined ? undefined : next + NEXT_SCHEDULE_DELTA_MS - nowUnixMs;
};
