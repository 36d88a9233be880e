/**
 * Job conditions and status as upstream writes them (pkg/controller/job/job_controller.go,
 * v1.34 with JobPodReplacementPolicy GA and JobManagedBy beta, so terminal conditions are
 * delayed): an interim FailureTarget or SuccessCriteriaMet first, then Failed or Complete
 * once no pod of the Job is still terminating.
 */
import { timestampAt } from '../api/time.js';
import type { Job, JobStatus, WorkloadCondition } from '../api/workloads.js';

export type Conditions = readonly WorkloadCondition[];

export interface Finish {
  readonly success: boolean;
  readonly reason: string;
  readonly message: string;
}

export const BACKOFF_LIMIT_EXCEEDED: Finish = { success: false, reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
export const DEADLINE_EXCEEDED: Finish = { success: false, reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
/** upstream newSuccessCondition with JobSuccessPolicy (GA): reason CompletionsReached. */
export const COMPLETIONS_REACHED: Finish = { success: true, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' };

export const conditionOf = (conditions: Conditions | undefined, type: string): WorkloadCondition | undefined => conditions?.find((c) => c.type === type);

const isTrue = (conditions: Conditions | undefined, type: string): boolean => conditionOf(conditions, type)?.status === 'True';

/** upstream util.IsJobFinished: Complete or Failed is True. */
export const isJobFinished = (job: Job): boolean => isTrue(job.status?.conditions, 'Complete') || isTrue(job.status?.conditions, 'Failed');

/** A finish decided in an earlier sync: SuccessCriteriaMet or FailureTarget already recorded. */
export const recordedFinish = (conditions: Conditions | undefined): Finish | undefined => {
  for (const [type, success] of [['SuccessCriteriaMet', true], ['FailureTarget', false]] as const) {
    const c = conditionOf(conditions, type);
    if (c?.status === 'True') return { success, reason: c.reason ?? '', message: c.message ?? '' };
  }
  return undefined;
};

const newCondition = (type: string, status: string, reason: string, message: string, nowMs: number): WorkloadCondition => {
  const at = timestampAt(nowMs);
  return { type, status, lastProbeTime: at, lastTransitionTime: at, reason, message };
};

/**
 * upstream ensureJobConditionStatus: replace the condition of that type when status, reason
 * or message differ; add it only when not False. Returns the list and whether it changed.
 */
export const ensureCondition = (list: Conditions, type: string, status: string, reason: string, message: string, nowMs: number): [WorkloadCondition[], boolean] => {
  const at = list.findIndex((c) => c.type === type);
  if (at >= 0) {
    const c = list[at] as WorkloadCondition;
    if (c.status === status && c.reason === reason && c.message === message) return [[...list], false];
    return [list.map((x, i) => (i === at ? newCondition(type, status, reason, message, nowMs) : x)), true];
  }
  return status === 'False' ? [[...list], false] : [[...list, newCondition(type, status, reason, message, nowMs)], true];
};

/** The interim condition of a finish, appended the first time it is decided. */
export const withInterim = (list: Conditions, finish: Finish, nowMs: number): WorkloadCondition[] => {
  const type = finish.success ? 'SuccessCriteriaMet' : 'FailureTarget';
  return isTrue(list, type) ? [...list] : [...list, newCondition(type, 'True', finish.reason, finish.message, nowMs)];
};

/** upstream enactJobFinished: the terminal condition (and completionTime for Complete). */
export const withTerminal = (list: Conditions, finish: Finish, nowMs: number): WorkloadCondition[] =>
  ensureCondition(list, finish.success ? 'Complete' : 'Failed', 'True', finish.reason, finish.message, nowMs)[0];

export interface Counts {
  readonly active: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly terminating: number;
  readonly ready: number;
}

/**
 * The status in upstream's field order (so that equal statuses compare equal as JSON):
 * zero counters omitted as upstream's omitempty does; ready and terminating always set.
 * uncountedTerminatedPods stays empty: counting a finished pod and removing its tracking
 * finalizer are requested together in one sync, so no pod is ever between the two.
 */
export const jobStatus = (conditions: Conditions, startTime: string | undefined, completionTime: string | undefined, counts: Counts, completedIndexes: string | undefined): JobStatus => ({
  ...(conditions.length > 0 ? { conditions: [...conditions] } : {}),
  ...(startTime === undefined ? {} : { startTime }),
  ...(completionTime === undefined ? {} : { completionTime }),
  ...(counts.active > 0 ? { active: counts.active } : {}),
  ...(counts.succeeded > 0 ? { succeeded: counts.succeeded } : {}),
  ...(counts.failed > 0 ? { failed: counts.failed } : {}),
  terminating: counts.terminating,
  ...(completedIndexes === undefined || completedIndexes === '' ? {} : { completedIndexes }),
  uncountedTerminatedPods: {},
  ready: counts.ready,
});
