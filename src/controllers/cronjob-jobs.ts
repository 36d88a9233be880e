/**
 * The Jobs of a CronJob (upstream pkg/controller/cronjob: getJobFromTemplate2, getJobName,
 * byJobStartTime, cleanupFinishedJobs/removeOldestJobs, and pkg/controller/job/util
 * IsJobFinished, FinishedCondition, IsJobSucceeded).
 */
import type { Request } from '../api/actions.js';
import type { KubeObject } from '../api/meta.js';
import { refOf } from '../api/meta.js';
import { rfc3339In } from '../api/cron.js';
import type { CronJob, Job, WorkloadCondition } from '../api/workloads.js';
import { compareStrings } from '../state/queries.js';
import { controllerRefTo } from './history.js';

export const ACTOR = 'cronjob-controller';

/** upstream batchv1.CronJobScheduledTimestampAnnotation. */
export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

// -------------------------------------------------------------------------------------
// Job state (upstream job util)
// -------------------------------------------------------------------------------------

/** The Complete or Failed condition that is True, if the Job has finished. */
export const finishedCondition = (job: Job): WorkloadCondition | undefined =>
  (job.status?.conditions ?? []).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

export const isJobFinished = (job: Job): boolean => finishedCondition(job) !== undefined;

export const isJobSucceeded = (job: Job): boolean => (job.status?.conditions ?? []).some((c) => c.type === 'Complete' && c.status === 'True');

// -------------------------------------------------------------------------------------
// creating
// -------------------------------------------------------------------------------------

/** upstream getJobName: `<cronjob>-<scheduled time in minutes since the Unix epoch>`. */
export const jobName = (cronJobName: string, scheduledUnixMs: number): string => `${cronJobName}-${Math.floor(scheduledUnixMs / 60_000)}`;

/**
 * upstream getJobFromTemplate2: the template's labels, annotations and spec, the
 * scheduled time (RFC 3339 in the CronJob's zone) as an annotation, and a controller
 * reference to the CronJob.
 */
export const jobFromTemplate = (cj: CronJob, scheduledUnixMs: number, timeZone: string): KubeObject => {
  const template = cj.spec.jobTemplate ?? {};
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName(cj.metadata.name, scheduledUnixMs),
      namespace: cj.metadata.namespace ?? 'default',
      ...(template.metadata?.labels === undefined ? {} : { labels: { ...template.metadata.labels } }),
      annotations: { ...(template.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339In(scheduledUnixMs, timeZone) },
      ownerReferences: [controllerRefTo(cj)],
    },
    spec: template.spec ?? {},
  };
};

// -------------------------------------------------------------------------------------
// deleting
// -------------------------------------------------------------------------------------

/** upstream realJobControl.DeleteJob: background propagation (the GC removes the pods). */
export const deleteJob = (job: Job, reason: string): Request => ({
  actor: ACTOR,
  reason,
  action: { type: 'Delete', ref: refOf(job as unknown as KubeObject), propagationPolicy: 'Background' },
});

/** upstream byJobStartTime: started before unstarted, earlier start first, then name. */
export const byJobStartTime = (a: Job, b: Job): number => {
  const sa = a.status?.startTime;
  const sb = b.status?.startTime;
  if (sa === undefined && sb !== undefined) return 1;
  if (sa !== undefined && sb === undefined) return -1;
  if (sa !== undefined && sb !== undefined && sa !== sb) return Date.parse(sa) - Date.parse(sb);
  return compareStrings(a.metadata.name, b.metadata.name);
};

/** upstream removeOldestJobs: the oldest beyond the limit. */
const oldestBeyond = (jobs: readonly Job[], limit: number): Job[] => {
  const excess = jobs.length - limit;
  return excess <= 0 ? [] : [...jobs].sort(byJobStartTime).slice(0, excess);
}

/**
 * upstream cleanupFinishedJobs: finished Jobs past successfulJobsHistoryLimit /
 * failedJobsHistoryLimit, oldest first. Jobs already being deleted count toward the limit
 * (upstream's lister still lists them) but are not deleted twice.
 */
export const jobsToCleanUp = (cj: CronJob, jobs: readonly Job[]): Job[] => {
  const succeeded = jobs.filter((j) => finishedCondition(j)?.type === 'Complete');
  const failed = jobs.filter((j) => finishedCondition(j)?.type === 'Failed');
  const successLimit = cj.spec.successfulJobsHistoryLimit;
  const failedLimit = cj.spec.failedJobsHistoryLimit;
  return [...(successLimit === undefined ? [] : oldestBeyond(succeeded, successLimit)), ...(failedLimit === undefined ? [] : oldestBeyond(failed, failedLimit))];
};
