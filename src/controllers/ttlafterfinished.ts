/**
 * TTL-after-finished controller (upstream pkg/controller/ttlafterfinished).
 *
 * Owns: the deletion of finished Jobs whose spec.ttlSecondsAfterFinished has run out.
 * Reads: the Job (its Complete/Failed condition and spec.ttlSecondsAfterFinished).
 * Emits: Delete of the Job with propagationPolicy Foreground (upstream: so its pods go
 *   before it), pinned to the Job's uid as upstream's precondition is.
 *
 * A Job that finished but whose time has not come is requeued for the remaining time
 * (upstream enqueueAfter), so waiting costs nothing.
 */
import type { KubeObject } from '../api/meta.js';
import { nsName, parseObjectKey, refOf } from '../api/meta.js';
import { SIM_EPOCH_MS } from '../api/time.js';
import type { Job } from '../api/workloads.js';
import type { EventRecord } from '../log/events.js';
import { subjectOf } from '../log/subject.js';
import type { Controller, ReconcileResult } from '../state/controller.js';
import { getObject } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { finishedCondition } from './cronjob-jobs.js';

const ACTOR = 'ttl-after-finished-controller';

/** upstream needsCleanup: a TTL is set and the Job has finished. */
export const needsCleanup = (job: Job): boolean => job.spec.ttlSecondsAfterFinished !== undefined && finishedCondition(job) !== undefined;

/**
 * upstream jobFinishTime: the lastTransitionTime of the Complete or Failed condition.
 * Upstream gives up (an error) when it is missing; kubesim falls back to
 * status.completionTime, and leaves a Job with neither alone.
 */
export const jobFinishUnixMs = (job: Job): number | undefined => {
  const stamp = finishedCondition(job)?.lastTransitionTime ?? job.status?.completionTime;
  const ms = stamp === undefined ? NaN : Date.parse(stamp);
  return Number.isNaN(ms) ? undefined : ms;
};

// -------------------------------------------------------------------------------------
// watches
// -------------------------------------------------------------------------------------

/** upstream addJob/updateJob: only Jobs that need cleaning up (and are not being deleted) are queued. */
const watches = (record: EventRecord, _before: ClusterState, after: ClusterState): string[] => {
  const ref = subjectOf(record.event);
  if (ref?.kind !== 'Job') return [];
  const job = getObject(after, 'Job', ref.namespace, ref.name) as unknown as Job | undefined;
  return job !== undefined && job.metadata.deletionTimestamp === undefined && needsCleanup(job) ? [nsName(ref.namespace, ref.name)] : [];
};

// -------------------------------------------------------------------------------------
// reconcile
// -------------------------------------------------------------------------------------

/** upstream processJob/processTTL/timeLeft. */
const reconcile = (state: ClusterState, key: string, nowMs: number): ReconcileResult => {
  const { namespace, name } = parseObjectKey(`Job/${key}`);
  const job = getObject(state, 'Job', namespace, name) as unknown as Job | undefined;
  if (job === undefined || job.metadata.deletionTimestamp !== undefined || !needsCleanup(job)) return { requests: [] };
  const finishedMs = jobFinishUnixMs(job);
  if (finishedMs === undefined) return { requests: [] };
  const expireUnixMs = finishedMs + (job.spec.ttlSecondsAfterFinished ?? 0) * 1000;
  const remainingMs = expireUnixMs - (SIM_EPOCH_MS + nowMs);
  if (remainingMs > 0) return { requests: [], requeueAfterMs: remainingMs };
  return { requests: [{ actor: ACTOR, reason: 'TTLExpired', action: { type: 'Delete', ref: refOf(job as unknown as KubeObject), propagationPolicy: 'Foreground' } }] };
};

export const ttlAfterFinishedController: Controller = { name: ACTOR, watches, reconcile };
