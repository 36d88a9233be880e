/**
 * CronJob controller (upstream pkg/controller/cronjob, cronjob_controllerv2.go).
 *
 * Owns: the Jobs of each CronJob (creates them at schedule times, deletes them past the
 *   history limits or to replace them) and the CronJob's status (active, lastScheduleTime,
 *   lastSuccessfulTime).
 * Reads: the CronJob, its Jobs (dependents by owner uid), the virtual clock.
 * Emits: Create and Delete (propagation Background) of Jobs, UpdateStatus of the CronJob.
 *   Upstream's Kubernetes Events (TooManyMissedTimes, JobAlreadyActive, MissSchedule, …)
 *   become the reason of the request they go with, and are listed by `syncCronJob`.
 *
 * Idle time costs nothing: reconcile asks to be requeued just after the next activation
 * (upstream nextScheduleTimeDuration), and Job changes wake the owning CronJob.
 *
 * Upstream appends the created Job's reference to status.active from the create call's
 * response; a pure reconcile does not know the new uid yet, so it records lastScheduleTime
 * with the create and adds the reference on the next sync, when the Job (named after that
 * time) is seen. Both syncs happen at the same instant.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { Request } from '../api/actions.js';
import type { CronSchedule } from '../api/cron.js';
import { parseSchedule } from '../api/cron.js';
import type { KubeObject } from '../api/meta.js';
import { controllerOf, nsName, parseObjectKey, refOf } from '../api/meta.js';
import { SIM_EPOCH_MS, timestampAt } from '../api/time.js';
import type { CronJob, CronJobStatus, Job } from '../api/workloads.js';
import type { EventRecord } from '../log/events.js';
import { subjectOf } from '../log/subject.js';
import type { Controller, ReconcileResult } from '../state/controller.js';
import { compareStrings, dependentsOf, getObject } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { ACTOR, deleteJob, isJobFinished, isJobSucceeded, jobFromTemplate, jobName, jobsToCleanUp } from './cronjob-jobs.js';
import type { CronTimes } from './cronjob-schedule.js';
import { nextScheduleDelayMs, nextScheduleTime } from './cronjob-schedule.js';

type ActiveRef = NonNullable<CronJobStatus['active']>[number];

/** The outcome of one sync: requests, when to look again, and upstream's event reasons. */
export interface CronJobSync extends ReconcileResult {
  readonly recorded: readonly string[];
}

// -------------------------------------------------------------------------------------
// watches
// -------------------------------------------------------------------------------------

/** The CronJob that controls a Job, as `<namespace>/<name>`. */
const ownerKeyOf = (job: KubeObject | undefined): string | undefined => {
  const owner = job === undefined ? undefined : controllerOf(job);
  return owner?.kind === 'CronJob' && job !== undefined ? nsName(job.metadata.namespace, owner.name) : undefined;
};

const watches = (record: EventRecord, before: ClusterState, after: ClusterState): string[] => {
  const ref = subjectOf(record.event);
  if (ref === undefined) return [];
  // its own status writes change nothing it decides on
  if (ref.kind === 'CronJob') return record.event.type === 'StatusUpdated' ? [] : [nsName(ref.namespace, ref.name)];
  if (ref.kind !== 'Job') return [];
  const keys = new Set<string>();
  for (const s of [before, after]) {
    const key = ownerKeyOf(getObject(s, 'Job', ref.namespace, ref.name));
    if (key !== undefined) keys.add(key);
  }
  return [...keys].sort(compareStrings);
};

// -------------------------------------------------------------------------------------
// reconcile
// -------------------------------------------------------------------------------------

/** The Jobs this CronJob controls (upstream getJobsToBeReconciled), by name. */
const jobsOf = (state: ClusterState, cj: CronJob): Job[] => {
  const uid = cj.metadata.uid ?? '';
  return dependentsOf(state, uid).filter((o) => o.kind === 'Job' && controllerOf(o)?.uid === uid) as unknown as Job[];
};

const reconcile = (state: ClusterState, key: string, nowMs: number): ReconcileResult => {
  const { namespace, name } = parseObjectKey(`CronJob/${key}`);
  const cj = getObject(state, 'CronJob', namespace, name) as unknown as CronJob | undefined;
  if (cj === undefined) return { requests: [] };
  const { requests, requeueAfterMs } = syncCronJob(state, cj, nowMs);
  return requeueAfterMs === undefined ? { requests } : { requests, requeueAfterMs };
};

/** Mutable working copy of one sync (upstream works on a deep copy of the CronJob). */
interface Work {
  active: ActiveRef[];
  lastScheduleTime: string | undefined;
  lastSuccessfulTime: string | undefined;
  readonly requests: Request[];
  readonly recorded: string[];
}

const activeRefOf = (job: Job): ActiveRef => ({ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, namespace: job.metadata.namespace ?? 'default', uid: job.metadata.uid ?? '' });

const dropActive = (w: Work, uid: string | undefined): void => {
  w.active = w.active.filter((r) => r.uid !== uid);
};

/** upstream cleanupFinishedJobs. */
const cleanUp = (w: Work, cj: CronJob, jobs: readonly Job[]): void => {
  for (const job of jobsToCleanUp(cj, jobs)) {
    dropActive(w, job.metadata.uid);
    if (job.metadata.deletionTimestamp !== undefined) continue;
    w.requests.push(deleteJob(job, 'SuccessfulDelete'));
    w.recorded.push('SuccessfulDelete');
  }
};

/** The top of upstream syncCronJob: status.active against the Jobs that exist. */
const observeJobs = (w: Work, cj: CronJob, jobs: readonly Job[]): void => {
  const justCreated = w.lastScheduleTime === undefined ? undefined : Date.parse(w.lastScheduleTime);
  for (const job of jobs) {
    const inActive = w.active.some((r) => r.uid === job.metadata.uid);
    const finished = isJobFinished(job);
    if (!inActive && !finished) {
      // the Job created with lastScheduleTime (see the header); anything else is unexpected
      if (justCreated !== undefined && job.metadata.name === jobName(cj.metadata.name, justCreated)) w.active.push(activeRefOf(job));
      else w.recorded.push('UnexpectedJob');
    } else if (inActive && finished) {
      dropActive(w, job.metadata.uid);
      w.recorded.push('SawCompletedJob');
    }
    const completed = job.status?.completionTime;
    if (isJobSucceeded(job) && completed !== undefined && (w.lastSuccessfulTime === undefined || Date.parse(completed) > Date.parse(w.lastSuccessfulTime))) {
      w.lastSuccessfulTime = completed;
    }
  }
  const uids = new Set(jobs.map((j) => j.metadata.uid));
  for (const ref of w.active.filter((r) => !uids.has(r.uid))) {
    dropActive(w, ref.uid);
    w.recorded.push('MissingJob');
  }
};

const statusOf = (w: Work): CronJobStatus => ({
  ...(w.active.length === 0 ? {} : { active: w.active }),
  ...(w.lastScheduleTime === undefined ? {} : { lastScheduleTime: w.lastScheduleTime }),
  ...(w.lastSuccessfulTime === undefined ? {} : { lastSuccessfulTime: w.lastSuccessfulTime }),
});

const withStatus = (cj: CronJob, w: Work, requeueAfterMs: number | undefined): CronJobSync => {
  const status = statusOf(w);
  const requests = [...w.requests];
  if (JSON.stringify(status) !== JSON.stringify(cj.status ?? {})) {
    requests.push({ actor: ACTOR, reason: w.recorded[w.recorded.length - 1] ?? 'StatusUpdated', action: { type: 'UpdateStatus', ref: refOf(cj as unknown as KubeObject), status } });
  }
  return { requests, recorded: w.recorded, ...(requeueAfterMs === undefined ? {} : { requeueAfterMs: Math.max(0, requeueAfterMs) }) };
};

/** upstream sync + syncCronJob for one CronJob at `nowMs` (simulated). */
export const syncCronJob = (state: ClusterState, cj: CronJob, nowMs: number): CronJobSync => {
  const jobs = jobsOf(state, cj);
  const w: Work = { active: [...(cj.status?.active ?? [])], lastScheduleTime: cj.status?.lastScheduleTime, lastSuccessfulTime: cj.status?.lastSuccessfulTime, requests: [], recorded: [] };
  cleanUp(w, cj, jobs);
  observeJobs(w, cj, jobs);
  // upstream: a CronJob being deleted only gets its status updated
  if (cj.metadata.deletionTimestamp !== undefined) return withStatus(cj, w, undefined);
  const parsed = parseSchedule(cj.spec.schedule ?? '', cj.spec.timeZone);
  if (isLeft(parsed)) {
    w.recorded.push(parsed.left.startsWith('unknown time zone') ? 'UnknownTimeZone' : 'UnparseableSchedule');
    return withStatus(cj, w, undefined);
  }
  if (cj.spec.suspend === true) return withStatus(cj, w, undefined);
  return schedule(state, cj, w, parsed.right, SIM_EPOCH_MS + nowMs);
};

const timesOf = (cj: CronJob, w: Work): CronTimes => ({
  lastScheduleUnixMs: w.lastScheduleTime === undefined ? undefined : Date.parse(w.lastScheduleTime),
  createdUnixMs: Date.parse(cj.metadata.creationTimestamp ?? timestampAt(0)),
  startingDeadlineSeconds: cj.spec.startingDeadlineSeconds,
});

/** The scheduling half of upstream syncCronJob: is a run due, may it start, start it. */
const schedule = (state: ClusterState, cj: CronJob, w: Work, sched: CronSchedule, nowUnixMs: number): CronJobSync => {
  const requeue = (): CronJobSync => withStatus(cj, w, nextScheduleDelayMs(timesOf(cj, w), nowUnixMs, sched));
  const due = nextScheduleTime(timesOf(cj, w), nowUnixMs, sched);
  if (due.error !== undefined) {
    w.recorded.push('InvalidSchedule');
    return withStatus(cj, w, undefined);
  }
  const scheduled = due.scheduledUnixMs;
  if (scheduled === undefined) return requeue();
  const deadline = cj.spec.startingDeadlineSeconds;
  if (deadline !== undefined && scheduled + deadline * 1000 < nowUnixMs) {
    w.recorded.push('MissSchedule');
    return requeue();
  }
  const name = jobName(cj.metadata.name, scheduled);
  if (w.active.some((r) => r.name === name) || (w.lastScheduleTime !== undefined && Date.parse(w.lastScheduleTime) === scheduled)) return requeue();
  if (cj.spec.concurrencyPolicy === 'Forbid' && w.active.length > 0) {
    w.recorded.push('JobAlreadyActive');
    return requeue();
  }
  if (cj.spec.concurrencyPolicy === 'Replace') replaceActive(state, w);
  return startJob(state, cj, w, scheduled, due.tooManyMissed, sched, requeue);
};

/** upstream: Replace deletes every active Job before starting the next. */
const replaceActive = (state: ClusterState, w: Work): void => {
  for (const ref of w.active) {
    const job = getObject(state, 'Job', ref.namespace, ref.name ?? '') as unknown as Job | undefined;
    if (job === undefined) continue;
    w.requests.push(deleteJob(job, 'SuccessfulDelete'));
    w.recorded.push('SuccessfulDelete');
  }
  w.active = [];
};

const startJob = (state: ClusterState, cj: CronJob, w: Work, scheduled: number, tooManyMissed: boolean, sched: CronSchedule, requeue: () => CronJobSync): CronJobSync => {
  const name = jobName(cj.metadata.name, scheduled);
  const existing = getObject(state, 'Job', cj.metadata.namespace, name);
  if (existing !== undefined) {
    // upstream AlreadyExists: another actor's Job is left alone; ours is put back in active
    if (controllerOf(existing)?.uid !== cj.metadata.uid || w.active.some((r) => r.uid === existing.metadata.uid)) return withStatus(cj, w, undefined);
    w.active.push(activeRefOf(existing as unknown as Job));
  } else {
    const reason = tooManyMissed ? 'TooManyMissedTimes' : 'SuccessfulCreate';
    if (tooManyMissed) w.recorded.push('TooManyMissedTimes');
    w.recorded.push('SuccessfulCreate');
    w.requests.push({ actor: ACTOR, reason, action: { type: 'Create', object: jobFromTemplate(cj, scheduled, sched.timeZone) } });
  }
  w.lastScheduleTime = timestampAt(scheduled - SIM_EPOCH_MS);
  return requeue();
};

export const cronJobController: Controller = { name: ACTOR, watches, reconcile };
