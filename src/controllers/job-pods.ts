/**
 * The Job controller's view of its pods (upstream pkg/controller/job: job_controller.go,
 * pod_failure_policy.go, backoff_utils.go): which count as failed, the pod failure policy,
 * the back-off before replacing failed pods, and the pods it creates.
 */
import type { KubeObject, OwnerReference } from '../api/meta.js';
import type { Pod } from '../api/pod.js';
import { isPodTerminal, podCondition } from '../api/pod.js';
import { simMsOf } from '../api/time.js';
import type { Job } from '../api/workloads.js';
import { COMPLETION_INDEX } from './job-indexes.js';

/** upstream batch.JobTrackingFinalizer: a finished pod is counted before it may go. */
export const TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** upstream DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff (v1.34: 10 s, 10 min). */
export const POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 600_000;

export const hasTrackingFinalizer = (pod: Pod): boolean => (pod.metadata.finalizers ?? []).includes(TRACKING_FINALIZER);

/** upstream onlyReplaceFailedPods: podReplacementPolicy Failed, or any podFailurePolicy. */
export const onlyReplaceFailedPods = (job: Job): boolean => job.spec.podReplacementPolicy === 'Failed' || job.spec.podFailurePolicy !== undefined;

/** upstream isPodFailed: phase Failed; unless only failed pods count, also a deleted pod that did not succeed. */
export const isPodFailed = (pod: Pod, job: Job): boolean => {
  if (pod.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return pod.metadata.deletionTimestamp !== undefined && pod.status?.phase !== 'Succeeded';
};

/** upstream controller.CountTerminatingPods: being deleted and not finished. */
export const isPodTerminatingNow = (pod: Pod): boolean => pod.metadata.deletionTimestamp !== undefined && !isPodTerminal(pod);

// -------------------------------------------------------------------------------------
// pod failure policy
// -------------------------------------------------------------------------------------

interface ExitCodesRule { readonly containerName?: string; readonly operator: string; readonly values: readonly number[] }
interface Rule { readonly action: string; readonly onExitCodes?: ExitCodesRule; readonly onPodConditions?: readonly { type: string; status?: string }[] }

export interface PolicyMatch {
  /** FailJob: the message of the Failed condition. */
  readonly failJobMessage?: string;
  /** Whether the failure counts toward backoffLimit (Ignore: no). */
  readonly countFailed: boolean;
}

const rulesOf = (job: Job): Rule[] => {
  const rules = (job.spec.podFailurePolicy as { rules?: unknown } | undefined)?.rules;
  return Array.isArray(rules) ? (rules.filter((r) => typeof r === 'object' && r !== null && typeof (r as Rule).action === 'string') as Rule[]) : [];
};

/** upstream getMatchingContainerFromList: a terminated container with a non-zero code the rule names. */
const matchExitCodes = (pod: Pod, req: ExitCodesRule): { name: string; exitCode: number } | undefined => {
  for (const c of pod.status?.containerStatuses ?? []) {
    const code = c.state?.terminated?.exitCode;
    if (code === undefined || code === 0) continue;
    if (req.containerName !== undefined && req.containerName !== c.name) continue;
    const listed = Array.isArray(req.values) && req.values.includes(code);
    if ((req.operator === 'In' && listed) || (req.operator === 'NotIn' && !listed)) return { name: c.name, exitCode: code };
  }
  return undefined;
};

const matchConditions = (pod: Pod, patterns: readonly { type: string; status?: string }[]): string | undefined =>
  Array.isArray(patterns) ? patterns.find((p) => podCondition(pod, p.type)?.status === (p.status ?? 'True'))?.type : undefined;

/** upstream matchPodFailurePolicy: the first rule that matches decides; none matching counts the failure. */
export const matchPodFailurePolicy = (job: Job, pod: Pod): PolicyMatch => {
  const rules = rulesOf(job);
  const podName = `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;
  for (const [index, rule] of rules.entries()) {
    let what: string | undefined;
    if (rule.onExitCodes !== undefined) {
      const c = matchExitCodes(pod, rule.onExitCodes);
      if (c !== undefined) what = `Container ${c.name} for pod ${podName} failed with exit code ${c.exitCode}`;
    } else if (rule.onPodConditions !== undefined) {
      const type = matchConditions(pod, rule.onPodConditions);
      if (type !== undefined) what = `Pod ${podName} has condition ${type}`;
    }
    if (what === undefined) continue;
    if (rule.action === 'Ignore') return { countFailed: false };
    if (rule.action === 'FailJob') return { countFailed: true, failJobMessage: `${what} matching FailJob rule at index ${index}` };
    return { countFailed: true };
  }
  return { countFailed: true };
};

// -------------------------------------------------------------------------------------
// back-off before replacing failed pods
// -------------------------------------------------------------------------------------

/** upstream getFinishedTime: the last container finish, else the deletion request, else the Ready change. */
export const finishedMs = (pod: Pod): number | undefined => {
  const finished = (pod.status?.containerStatuses ?? []).map((c) => c.state?.terminated?.finishedAt).filter((t): t is string => t !== undefined);
  if (finished.length > 0) return Math.max(...finished.map(simMsOf));
  if (pod.metadata.deletionTimestamp !== undefined) return simMsOf(pod.metadata.deletionTimestamp) - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  const ready = podCondition(pod, 'Ready')?.lastTransitionTime;
  return ready === undefined ? undefined : simMsOf(ready);
};

/**
 * upstream backoffRecord + getRemainingTimeForFailuresCount: failures after the last success
 * wait 10 s · 2^(n−1) (capped at 10 min) from the last failure. Upstream keeps the record in
 * memory, fed by the pods it counts; here it is read from the pods the Job still has.
 */
export const podBackoffRemainingMs = (job: Job, pods: readonly Pod[], nowMs: number): number => {
  const succeeded = pods.filter((p) => p.status?.phase === 'Succeeded').map((p) => finishedMs(p) ?? -Infinity);
  const lastSuccessMs = Math.max(-Infinity, ...succeeded);
  const failures = pods.filter((p) => isPodFailed(p, job)).map((p) => finishedMs(p) ?? nowMs).filter((t) => t > lastSuccessMs);
  if (failures.length === 0) return 0;
  let backoffMs = POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < failures.length && backoffMs < MAX_POD_FAILURE_BACKOFF_MS; i++) backoffMs = Math.min(backoffMs * 2, MAX_POD_FAILURE_BACKOFF_MS);
  const sinceMs = nowMs - Math.max(...failures);
  return backoffMs < sinceMs ? 0 : backoffMs - sinceMs;
};

/** upstream pastBackoffLimitOnFailure: with OnFailure, restarts of running pods count toward the limit. */
export const pastBackoffLimitOnFailure = (job: Job, pods: readonly Pod[]): boolean => {
  if (job.spec.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const c of p.status.containerStatuses ?? []) restarts += c.restartCount;
  }
  const limit = job.spec.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
};

// -------------------------------------------------------------------------------------
// the pods a Job creates
// -------------------------------------------------------------------------------------

export const jobOwnerRef = (job: Job): OwnerReference => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  name: job.metadata.name,
  uid: job.metadata.uid ?? '',
  controller: true,
  blockOwnerDeletion: true,
});

/**
 * upstream manageJob: the template with the tracking finalizer and a controller ref; an
 * Indexed Job's pod is `<job>-<index>-<random>` with the index as annotation and label
 * (PodIndexLabel, GA) and hostname `<job>-<index>`.
 */
export const jobPod = (job: Job, index: number | undefined): KubeObject => {
  const template = job.spec.template ?? {};
  const labels = { ...(template.metadata?.labels ?? {}), ...(index === undefined ? {} : { [COMPLETION_INDEX]: String(index) }) };
  const annotations = { ...(template.metadata?.annotations ?? {}), ...(index === undefined ? {} : { [COMPLETION_INDEX]: String(index) }) };
  const spec = template.spec ?? { containers: [] };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: '',
      generateName: index === undefined ? `${job.metadata.name}-` : `${job.metadata.name}-${index}-`,
      namespace: job.metadata.namespace ?? 'default',
      labels,
      ...(Object.keys(annotations).length === 0 ? {} : { annotations }),
      finalizers: [TRACKING_FINALIZER],
      ownerReferences: [jobOwnerRef(job)],
    },
    spec: index === undefined ? spec : { ...spec, hostname: `${job.metadata.name}-${index}` },
  };
};
