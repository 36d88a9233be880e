/**
 * One sync of a StatefulSet (upstream stateful_set_control.go updateStatefulSet with
 * processReplica, processCondemned and the RollingUpdate loop, MaxUnavailableStatefulSet
 * off as in v1.34).
 *
 * Pods split into `replicas` (ordinals start..start+replicas−1, a placeholder for each
 * missing one) and `condemned` (valid ordinals beyond, highest first). Replicas are
 * processed in ordinal order: OrderedReady ("monotonic") stops at the first pod it creates
 * or that is not Running, Ready and available; Parallel goes through all. Condemned pods
 * get their claims' retention references, then are deleted: one at a time, highest first,
 * once all others are healthy (OrderedReady), or all at once (Parallel). Only then does a
 * RollingUpdate delete the highest pod not on the update revision (ordinals ≥ partition),
 * one at a time, waiting for each replacement to be available.
 */
import type { Request } from '../api/actions.js';
import type { KubeObject } from '../api/meta.js';
import { refOf } from '../api/meta.js';
import type { Pod } from '../api/pod.js';
import type { StatefulSet } from '../api/workloads.js';
import type { ClusterState } from '../state/state.js';
import { templateOfRevision } from './history.js';
import { claimRetentionUpdates, missingClaims, podClaimIsStale } from './statefulset-claims.js';
import type { SetRevisions } from './statefulset-revisions.js';
import {
  availableInMs,
  identityMatches,
  isCreated,
  isFailedOrSucceeded,
  isRunningAndAvailable,
  isTerminating,
  isUnavailable,
  newStatefulSetPod,
  ordinalOf,
  replicasOf,
  revisionOfPod,
  startOrdinal,
  withIdentity,
} from './statefulset-pods.js';

const ACTOR = 'statefulset';

export interface SyncResult {
  readonly requests: readonly Request[];
  /** Pods whose counts the status reflects: the existing replicas and condemned ones. */
  readonly counted: readonly Pod[];
  /** Adjustment to currentReplicas (upstream decrements it for a pod deleted for update). */
  readonly currentReplicasDelta: number;
  readonly requeueAfterMs?: number;
}

interface Sync {
  readonly state: ClusterState;
  readonly set: StatefulSet;
  readonly nowMs: number;
  readonly minReadySeconds: number;
  readonly monotonic: boolean;
  readonly requests: Request[];
}

const podRequest = (reason: string, action: Request['action']): Request => ({ actor: ACTOR, reason, action });
const deletePod = (pod: Pod, reason: string): Request => podRequest(reason, { type: 'Delete', ref: refOf(pod as unknown as KubeObject) });

// -------------------------------------------------------------------------------------
// partition
// -------------------------------------------------------------------------------------

/** upstream newVersionedStatefulSetPod: ordinals below the partition are made at the current revision. */
const placeholder = (set: StatefulSet, revisions: SetRevisions, ordinal: number): Pod => {
  const strategy = set.spec.updateStrategy;
  const ru = strategy?.rollingUpdate;
  const start = startOrdinal(set);
  const atCurrent =
    (strategy?.type === 'RollingUpdate' && ru === undefined && ordinal < start + (set.status?.currentReplicas ?? 0)) || (ru !== undefined && ordinal < start + (ru.partition ?? 0));
  const revision = atCurrent ? revisions.current : revisions.update;
  const template = templateOfRevision(revision) ?? set.spec.template;
  return newStatefulSetPod(set, template, revision.metadata.name, ordinal) as unknown as Pod;
};

const partitionPods = (set: StatefulSet, pods: readonly Pod[], revisions: SetRevisions): { replicas: Pod[]; condemned: Pod[] } => {
  const start = startOrdinal(set);
  const count = replicasOf(set);
  const slots: (Pod | undefined)[] = Array.from({ length: count }, () => undefined);
  const condemned: Pod[] = [];
  for (const pod of pods) {
    const ordinal = ordinalOf(pod);
    if (ordinal >= start && ordinal < start + count) slots[ordinal - start] = pod;
    else if (ordinal >= 0) condemned.push(pod);
  }
  const replicas = slots.map((p, i) => p ?? placeholder(set, revisions, start + i));
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
  return { replicas, condemned };
};

// -------------------------------------------------------------------------------------
// replicas and condemned
// -------------------------------------------------------------------------------------

/**
 * What one pod's step means for the rest of the sync: go on, stop an ordered sync (a pod to
 * wait for, or one just created or deleted), or stop any sync (upstream returns an error
 * and retries, as for a claim being deleted).
 */
type Step = 'continue' | 'wait' | 'error';

/** upstream processReplica. */
const processReplica = (s: Sync, pod: Pod): Step => {
  if (isCreated(pod) && isFailedOrSucceeded(pod)) {
    // upstream: a finished pod (evicted, or its node rebooted) is deleted and made again next sync.
    if (!isTerminating(pod)) s.requests.push(deletePod(pod, 'SuccessfulDelete'));
    return 'wait';
  }
  if (!isCreated(pod)) {
    if (podClaimIsStale(s.state, s.set, pod as unknown as KubeObject)) return 'wait';
    const claims = missingClaims(s.state, s.set, pod as unknown as KubeObject);
    if (!claims.ok) return 'error';
    s.requests.push(...claims.requests, podRequest('SuccessfulCreate', { type: 'Create', object: pod as unknown as KubeObject }));
    return s.monotonic ? 'wait' : 'continue';
  }
  if (pod.status?.phase === 'Pending') {
    const claims = missingClaims(s.state, s.set, pod as unknown as KubeObject);
    if (!claims.ok) return 'error';
    s.requests.push(...claims.requests);
  }
  if (s.monotonic && (isTerminating(pod) || !isRunningAndAvailable(pod, s.minReadySeconds, s.nowMs))) return 'wait';
  if (!identityMatches(s.set, pod)) s.requests.push(podRequest('SuccessfulUpdate', { type: 'Update', object: withIdentity(pod) }));
  s.requests.push(...claimRetentionUpdates(s.state, s.set, pod));
  return 'continue';
};

/** upstream processCondemned. */
const processCondemned = (s: Sync, pod: Pod, firstUnhealthy: Pod | undefined): Step => {
  if (isTerminating(pod)) return 'wait';
  // upstream: an ordered scale-down waits for every other pod to be healthy, the first unhealthy one excepted.
  const isFirstUnhealthy = firstUnhealthy?.metadata.name === pod.metadata.name;
  if (s.monotonic && !isFirstUnhealthy && !isRunningAndAvailable(pod, s.minReadySeconds, s.nowMs)) return 'wait';
  s.requests.push(deletePod(pod, 'SuccessfulDelete'));
  return 'wait';
};

/** upstream runForAll: ordered stops at the first pod that is not `continue`; Parallel runs them all and stops after on an error. */
const runForAll = (s: Sync, pods: readonly Pod[], fn: (pod: Pod) => Step): boolean => {
  if (s.monotonic) return pods.some((p) => fn(p) !== 'continue');
  return pods.map(fn).includes('error');
};

// -------------------------------------------------------------------------------------
// rolling update
// -------------------------------------------------------------------------------------

/** upstream: delete the highest pod at or above the partition not on the update revision; wait while one is unavailable. */
const rollingUpdate = (s: Sync, replicas: readonly Pod[], updateRevision: string): number => {
  const partition = Math.max(0, s.set.spec.updateStrategy?.rollingUpdate?.partition ?? 0);
  for (let target = replicas.length - 1; target >= partition; target--) {
    const pod = replicas[target];
    if (pod === undefined || !isCreated(pod)) return 0;
    if (revisionOfPod(pod) !== updateRevision && !isTerminating(pod)) {
      s.requests.push(deletePod(pod, 'SuccessfulDelete'));
      return -1;
    }
    if (isUnavailable(pod, s.minReadySeconds, s.nowMs)) return 0;
  }
  return 0;
};

// -------------------------------------------------------------------------------------
// the sync
// -------------------------------------------------------------------------------------

const firstUnavailable = (s: Sync, replicas: readonly Pod[], condemned: readonly Pod[]): Pod | undefined =>
  replicas.find((p) => isUnavailable(p, s.minReadySeconds, s.nowMs)) ?? [...condemned].reverse().find((p) => isUnavailable(p, s.minReadySeconds, s.nowMs));

const requeueFor = (s: Sync, pods: readonly Pod[]): number | undefined => {
  const waits = pods.flatMap((p) => {
    const ms = availableInMs(p, s.minReadySeconds, s.nowMs);
    return ms === undefined ? [] : [ms];
  });
  return waits.length === 0 ? undefined : Math.min(...waits);
};

export const syncStatefulSet = (state: ClusterState, set: StatefulSet, pods: readonly Pod[], revisions: SetRevisions, nowMs: number): SyncResult => {
  const s: Sync = { state, set, nowMs, minReadySeconds: set.spec.minReadySeconds ?? 0, monotonic: set.spec.podManagementPolicy !== 'Parallel', requests: [] };
  const { replicas, condemned } = partitionPods(set, pods, revisions);
  const counted = [...replicas, ...condemned].filter(isCreated);
  const requeueAfterMs = requeueFor(s, counted);
  const result = (delta: number): SyncResult => ({ requests: s.requests, counted, currentReplicasDelta: delta, ...(requeueAfterMs === undefined ? {} : { requeueAfterMs }) });
  const unhealthy = firstUnavailable(s, replicas, condemned);
  if (runForAll(s, replicas, (p) => processReplica(s, p))) return result(0);
  for (const pod of condemned) s.requests.push(...claimRetentionUpdates(state, set, pod));
  if (runForAll(s, condemned, (p) => processCondemned(s, p, unhealthy))) return result(0);
  if (set.spec.updateStrategy?.type === 'OnDelete') return result(0);
  return result(rollingUpdate(s, replicas, revisions.update.metadata.name));
};

