/**
 * One sync of one Job (upstream syncJob, manageJob, trackJobStatusAndRemoveFinalizers),
 * made pure: the pods it sees → creates, deletes, one status update, finalizer removals.
 */
import type { Request } from '../api/actions.js';
import type { KubeObject } from '../api/meta.js';
import { refOf } from '../api/meta.js';
import type { Pod } from '../api/pod.js';
import { isPodActive, isPodReady } from '../api/pod.js';
import { simMsOf, timestampAt } from '../api/time.js';
import type { Job } from '../api/workloads.js';
import type { ReconcileResult } from '../state/controller.js';
import { completionIndexOf, firstPendingIndexes, formatIndexes, parseIndexes } from './job-indexes.js';
import {
  hasTrackingFinalizer, isPodFailed, isPodTerminatingNow, jobPod, matchPodFailurePolicy, onlyReplaceFailedPods, pastBackoffLimitOnFailure, podBackoffRemainingMs,
  TRACKING_FINALIZER,
} from './job-pods.js';
import type { Finish } from './job-status.js';
import { BACKOFF_LIMIT_EXCEEDED, COMPLETIONS_REACHED, DEADLINE_EXCEEDED, ensureCondition, jobStatus, recordedFinish, withInterim, withTerminal } from './job-status.js';
import { rankForDeletion } from './pod-ranking.js';

/** upstream MaxPodCreateDeletePerSync. */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
export const ACTOR = 'job-controller';

const req = (reason: string, action: Request['action']): Request => ({ actor: ACTOR, reason, action });
const podRef = (p: Pod) => refOf(p as unknown as KubeObject);
export const removeFinalizer = (p: Pod): Request => req('PodTracked', { type: 'RemoveFinalizer', ref: podRef(p), finalizer: TRACKING_FINALIZER });

interface Sync {
  readonly job: Job;
  readonly pods: readonly Pod[];
  readonly nowMs: number;
  readonly indexed: boolean;
  readonly completions: number | undefined;
  requests: Request[];
  /** Pods whose finalizer this sync removes without counting them (deleted by suspend or scale-down). */
  released: Set<Pod>;
  active: number;
  terminating: number;
  ready: number;
  requeueMs: number[];
}

const suspended = (job: Job): boolean => job.spec.suspend === true;
const validIndex = (s: Sync, p: Pod): boolean => {
  const ix = completionIndexOf(p);
  return !s.indexed || (ix !== undefined && ix < (s.completions ?? 0));
};

export const syncJob = (job: Job, pods: readonly Pod[], nowMs: number): ReconcileResult => {
  const active = pods.filter(isPodActive);
  const s: Sync = {
    job, pods, nowMs, indexed: job.spec.completionMode === 'Indexed', completions: job.spec.completions,
    requests: [], released: new Set(), active: active.length, terminating: pods.filter(isPodTerminatingNow).length, ready: active.filter(isPodReady).length, requeueMs: [],
  };
  const tracked = pods.filter((p) => hasTrackingFinalizer(p) && validIndex(s, p));
  const newFailed = tracked.filter((p) => isPodFailed(p, job));
  const counted = newFailed.filter((p) => job.spec.podFailurePolicy === undefined || matchPodFailurePolicy(job, p).countFailed).length;
  const failed = (job.status?.failed ?? 0) + counted;
  const succeededIndexes = indexesSucceeded(s, tracked);
  const succeeded = s.indexed ? succeededIndexes.length : (job.status?.succeeded ?? 0) + tracked.filter((p) => p.status?.phase === 'Succeeded').length;
  let startTime = job.status?.startTime ?? (suspended(job) ? undefined : timestampAt(nowMs));
  let finish = decideFailure(s, failed, startTime);
  let conditions = [...(job.status?.conditions ?? [])];
  if (finish !== undefined) {
    for (const p of rankForDeletion(active, nowMs)) deletePod(s, p, false);
  } else {
    const taken = new Set<number>(succeededIndexes);
    manage(s, active, succeeded, taken);
    if (isComplete(s, succeeded)) finish = COMPLETIONS_REACHED;
    const [next, changed] = suspended(job)
      ? ensureCondition(conditions, 'Suspended', 'True', 'JobSuspended', 'Job suspended', nowMs)
      : ensureCondition(conditions, 'Suspended', 'False', 'JobResumed', 'Job resumed', nowMs);
    conditions = next;
    // upstream: a resumed Job's activeDeadlineSeconds counts from the resume
    if (changed && !suspended(job)) startTime = timestampAt(nowMs);
  }
  const { succeededDelta, failedDelta } = track(s, finish);
  let completionTime = job.status?.completionTime;
  if (finish !== undefined) {
    conditions = withInterim(conditions, finish, nowMs);
    if (s.terminating === 0) {
      conditions = withTerminal(conditions, finish, nowMs);
      if (finish.success) completionTime = timestampAt(nowMs);
    }
  }
  const counts = {
    active: s.active,
    succeeded: s.indexed ? succeeded : (job.status?.succeeded ?? 0) + succeededDelta,
    failed: (job.status?.failed ?? 0) + failedDelta,
    terminating: s.terminating,
    ready: s.ready,
  };
  const status = jobStatus(conditions, startTime, completionTime, counts, s.indexed ? formatIndexes(succeededIndexes) : undefined);
  return finishSync(s, status, finish);
};

/** upstream calculateSucceededIndexes: recorded indexes plus those of newly succeeded pods. */
const indexesSucceeded = (s: Sync, tracked: readonly Pod[]): number[] => {
  if (!s.indexed) return [];
  const completions = s.completions ?? 0;
  const prev = parseIndexes(s.job.status?.completedIndexes, completions);
  const added = tracked.filter((p) => p.status?.phase === 'Succeeded').map((p) => completionIndexOf(p) as number);
  return [...new Set([...prev, ...added])].sort((a, b) => a - b);
};

/** upstream syncJob: a recorded finish, then the pod failure policy, the backoff limit, the deadline. */
const decideFailure = (s: Sync, failed: number, startTime: string | undefined): Finish | undefined => {
  const recorded = recordedFinish(s.job.status?.conditions);
  if (recorded !== undefined) return recorded;
  if (s.job.spec.podFailurePolicy !== undefined) {
    for (const p of s.pods) {
      if (!isPodFailed(p, s.job)) continue;
      const message = matchPodFailurePolicy(s.job, p).failJobMessage;
      if (message !== undefined) return { success: false, reason: 'PodFailurePolicy', message };
    }
  }
  if (failed > (s.job.spec.backoffLimit ?? 6) || pastBackoffLimitOnFailure(s.job, s.pods)) return BACKOFF_LIMIT_EXCEEDED;
  const deadlineS = s.job.spec.activeDeadlineSeconds;
  if (deadlineS === undefined || startTime === undefined || suspended(s.job)) return undefined;
  const leftMs = simMsOf(startTime) + deadlineS * 1000 - s.nowMs;
  if (leftMs <= 0) return DEADLINE_EXCEEDED;
  s.requeueMs.push(leftMs);
  return undefined;
};

/** upstream: Complete when enough pods succeeded (or, without completions, any) and none is active. */
const isComplete = (s: Sync, succeeded: number): boolean =>
  s.active === 0 && (s.completions === undefined ? succeeded > 0 : succeeded >= s.completions);

const deletePod = (s: Sync, p: Pod, release: boolean): void => {
  // upstream deleteJobPods (suspend, scale-down) drops the finalizer first: such pods are not failures
  if (release && hasTrackingFinalizer(p)) {
    s.released.add(p);
    s.requests.push(removeFinalizer(p));
  }
  s.requests.push(req('SuccessfulDelete', { type: 'Delete', ref: podRef(p) }));
  s.active--;
  s.terminating++;
  if (isPodReady(p)) s.ready--;
};

/** upstream manageJob: delete all when suspended; else delete the excess or create up to the wanted number. */
const manage = (s: Sync, active: readonly Pod[], succeeded: number, taken: Set<number>): void => {
  if (suspended(s.job)) {
    for (const p of rankForDeletion(active, s.nowMs)) deletePod(s, p, true);
    return;
  }
  const parallelism = s.job.spec.parallelism ?? 1;
  const want = s.completions === undefined ? (succeeded > 0 ? active.length : parallelism) : Math.max(0, Math.min(s.completions - succeeded, parallelism));
  const victims = podsForRemoval(s, active, Math.max(active.length - want, 0)).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (victims.length > 0) {
    for (const p of victims) deletePod(s, p, true);
    return;
  }
  const diff = Math.min(want - (onlyReplaceFailedPods(s.job) ? s.terminating : 0) - active.length, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (diff <= 0) return;
  const waitMs = podBackoffRemainingMs(s.job, s.pods, s.nowMs);
  if (waitMs > 0) {
    s.requeueMs.push(waitMs);
    return;
  }
  const indexes = s.indexed ? pendingIndexes(s, active, taken, diff) : Array.from({ length: diff }, () => undefined);
  for (const ix of indexes) s.requests.push(req('SuccessfulCreate', { type: 'Create', object: jobPod(s.job, ix) }));
  s.active += indexes.length;
};

const pendingIndexes = (s: Sync, active: readonly Pod[], taken: Set<number>, count: number): number[] => {
  for (const p of active) taken.add(completionIndexOf(p) ?? -1);
  if (onlyReplaceFailedPods(s.job)) for (const p of s.pods.filter(isPodTerminatingNow)) taken.add(completionIndexOf(p) ?? -1);
  return firstPendingIndexes(taken, count, s.completions ?? 0);
};

/**
 * upstream activePodsForRemoval: for Indexed Jobs first pods without a valid index and all
 * but the most advanced pod of a repeated index; then the least advanced of the rest.
 */
const podsForRemoval = (s: Sync, active: readonly Pod[], atLeast: number): Pod[] => {
  const rm: Pod[] = [];
  let left: Pod[] = [...active];
  if (s.indexed) {
    const byIndex = new Map<number, Pod[]>();
    left = [];
    for (const p of active) {
      const ix = completionIndexOf(p);
      if (ix === undefined || ix >= (s.completions ?? 0)) rm.push(p);
      else byIndex.set(ix, [...(byIndex.get(ix) ?? []), p]);
    }
    for (const ix of [...byIndex.keys()].sort((a, b) => a - b)) {
      const ranked = rankForDeletion(byIndex.get(ix) ?? [], s.nowMs);
      rm.push(...ranked.slice(0, -1));
      left.push(...ranked.slice(-1));
    }
  }
  if (rm.length < atLeast) rm.push(...rankForDeletion(left, s.nowMs).slice(0, atLeast - rm.length));
  return rm;
};

/**
 * upstream trackJobStatusAndRemoveFinalizers: every finished pod still holding the tracking
 * finalizer is counted once and released; once the Job is finishing, all of them are
 * released, the unfinished ones counted as failed when the Job fails.
 */
const track = (s: Sync, finish: Finish | undefined): { succeededDelta: number; failedDelta: number } => {
  let succeededDelta = 0;
  let failedDelta = 0;
  for (const p of s.pods) {
    if (!hasTrackingFinalizer(p) || s.released.has(p)) continue;
    const failed = isPodFailed(p, s.job);
    if (finish === undefined && p.status?.phase !== 'Succeeded' && !failed) continue;
    s.requests.push(removeFinalizer(p));
    if (p.status?.phase === 'Succeeded') succeededDelta++;
    else if ((failed || (finish !== undefined && !finish.success)) && validIndex(s, p)) {
      if (s.job.spec.podFailurePolicy === undefined || matchPodFailurePolicy(s.job, p).countFailed) failedDelta++;
    }
  }
  return { succeededDelta, failedDelta };
};

/** The status goes before the finalizer removals: a pod is counted before it may disappear. */
const finishSync = (s: Sync, status: Readonly<Record<string, unknown>>, finish: Finish | undefined): ReconcileResult => {
  const releases = s.requests.filter((r) => r.reason === 'PodTracked' && !s.released.has(podOf(s, r)));
  const others = s.requests.filter((r) => !releases.includes(r));
  const requests = [...others];
  if (JSON.stringify(status) !== JSON.stringify(s.job.status)) {
    const terminal = status['conditions'] !== undefined && finish !== undefined && s.terminating === 0;
    requests.push(req(terminal ? (finish.success ? 'Completed' : finish.reason) : 'StatusUpdated', { type: 'UpdateStatus', ref: refOf(s.job as unknown as KubeObject), status }));
  }
  requests.push(...releases);
  const next = s.requeueMs.length === 0 ? undefined : Math.max(1, Math.min(...s.requeueMs));
  return next === undefined ? { requests } : { requests, requeueAfterMs: next };
};

const podOf = (s: Sync, r: Request): Pod => {
  const name = r.action.type === 'RemoveFinalizer' ? r.action.ref.name : '';
  return s.pods.find((p) => p.metadata.name === name) as Pod;
};
