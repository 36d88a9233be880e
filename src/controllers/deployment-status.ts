/**
 * A Deployment's status and conditions (upstream sync.go calculateStatus and
 * syncDeploymentStatus, progress.go syncRolloutStatus and requeueStuckDeployment,
 * checkPausedConditions). Counts Kubernetes omits when zero are left out.
 */
import type { ReplicaSet } from '../api/replicaset.js';
import { simMsOf, timestampAt } from '../api/time.js';
import type { Deployment, DeploymentStatus } from '../api/workloads.js';
import type { Sync } from './deployment-sync.js';
import {
  condition,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  hasProgressDeadline,
  maxUnavailableOf,
  REASON,
  removeCondition,
  replicasOf,
  setCondition,
  sumSpec,
  sumStatus,
} from './deployment-util.js';

const positive = <K extends string>(key: K, n: number): Partial<Record<K, number>> => (n > 0 ? ({ [key]: n } as Record<K, number>) : {});

/** upstream calculateStatus: counts from the ReplicaSets' statuses, and the Available condition. */
export const calculateStatus = (all: readonly ReplicaSet[], newRS: ReplicaSet | undefined, d: Deployment, nowMs: number): DeploymentStatus => {
  const available = sumStatus(all, 'availableReplicas');
  // upstream: unavailable is against the ReplicaSets' spec sizes, never below 0
  const unavailable = Math.max(0, sumSpec(all) - available);
  const counts: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 1,
    ...positive('replicas', sumStatus(all, 'replicas')),
    ...positive('updatedReplicas', newRS === undefined ? 0 : sumStatus([newRS], 'replicas')),
    ...positive('readyReplicas', sumStatus(all, 'readyReplicas')),
    ...positive('availableReplicas', available),
    ...positive('unavailableReplicas', unavailable),
  };
  const at = timestampAt(nowMs);
  const withConditions: DeploymentStatus = {
    ...counts,
    ...(d.status?.conditions === undefined ? {} : { conditions: d.status.conditions }),
    ...(d.status?.collisionCount === undefined ? {} : { collisionCount: d.status.collisionCount }),
  };
  return available >= replicasOf(d) - maxUnavailableOf(d)
    ? setCondition(withConditions, condition('Available', 'True', REASON.minimumReplicasAvailable, 'Deployment has minimum availability.', at))
    : setCondition(withConditions, condition('Available', 'False', REASON.minimumReplicasUnavailable, 'Deployment does not have minimum availability.', at));
};

/** upstream syncDeploymentStatus (paused, scaling, being deleted): counts only, no progress estimate. */
export const syncDeploymentStatus = (sync: Sync, all: readonly ReplicaSet[], newRS: ReplicaSet | undefined): void => {
  sync.status = calculateStatus(all, newRS, sync.d, sync.nowMs);
};

/** upstream syncRolloutStatus: the counts, then the Progressing condition, then when to look again. */
export const syncRolloutStatus = (sync: Sync, all: readonly ReplicaSet[], newRS: ReplicaSet | undefined): void => {
  const d = sync.d;
  let status = calculateStatus(all, newRS, d, sync.nowMs);
  if (!hasProgressDeadline(d)) status = removeCondition(status, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const complete = (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && current?.reason === REASON.newReplicaSetAvailable;
  if (hasProgressDeadline(d) && !complete) status = progressed(d, status, newRS, sync.nowMs);
  sync.status = status;
  sync.requeueAfterMs = minDefined(sync.requeueAfterMs, stuckRecheckMs(d, status, sync.nowMs));
};

const progressed = (d: Deployment, status: DeploymentStatus, newRS: ReplicaSet | undefined, nowMs: number): DeploymentStatus => {
  const at = timestampAt(nowMs);
  const what = newRS === undefined ? `Deployment ${JSON.stringify(d.metadata.name)}` : `ReplicaSet ${JSON.stringify(newRS.metadata.name)}`;
  if (deploymentComplete(d, status)) {
    return setCondition(status, condition('Progressing', 'True', REASON.newReplicaSetAvailable, `${what} has successfully progressed.`, at));
  }
  if (deploymentProgressing(d, status)) {
    // upstream: progress refreshes lastUpdateTime even with the same reason; a True condition keeps its transition time
    const current = getCondition(d.status, 'Progressing');
    const transition = current?.status === 'True' ? (current.lastTransitionTime ?? at) : at;
    const rest = (status.conditions ?? []).filter((c) => c.type !== 'Progressing');
    return { ...status, conditions: [...rest, condition('Progressing', 'True', REASON.replicaSetUpdated, `${what} is progressing.`, at, transition)] };
  }
  if (deploymentTimedOut(d, status, nowMs)) {
    return setCondition(status, condition('Progressing', 'False', REASON.timedOut, `${what} has timed out progressing.`, at));
  }
  return status;
};

/** upstream requeueStuckDeployment: look again one second after the deadline would pass. */
const stuckRecheckMs = (d: Deployment, status: DeploymentStatus, nowMs: number): number | undefined => {
  const c = getCondition(status, 'Progressing');
  if (!hasProgressDeadline(d) || c === undefined) return undefined;
  if (deploymentComplete(d, status) || c.reason === REASON.timedOut) return undefined;
  const afterMs = simMsOf(c.lastUpdateTime ?? '') + (d.spec.progressDeadlineSeconds ?? 0) * 1000 - nowMs;
  return afterMs < 1000 ? 1000 : afterMs + 1000;
};

const minDefined = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.min(a, b));

/**
 * upstream checkPausedConditions: pausing and resuming set Progressing to Unknown, so
 * that time spent paused never counts against the deadline (a timed-out condition stays).
 */
export const checkPausedConditions = (sync: Sync): void => {
  const d = sync.d;
  if (!hasProgressDeadline(d)) return;
  const c = getCondition(d.status, 'Progressing');
  if (c?.reason === REASON.timedOut) return;
  const pausedCond = c?.reason === REASON.paused;
  const at = timestampAt(sync.nowMs);
  if (d.spec.paused === true && !pausedCond) {
    sync.status = setCondition(sync.status, condition('Progressing', 'Unknown', REASON.paused, 'Deployment is paused', at));
  } else if (d.spec.paused !== true && pausedCond) {
    sync.status = setCondition(sync.status, condition('Progressing', 'Unknown', REASON.resumed, 'Deployment is resumed', at));
  }
};
