/**
 * StatefulSet status (upstream stateful_set_control.go computeReplicaStatus, and
 * stateful_set_utils.go completeRollingUpdate), serialised as apps/v1 does: replicas and
 * availableReplicas always, collisionCount always (the controller sets the pointer), the
 * other counts and revisions only when not zero or empty (omitempty).
 */
import type { Pod } from '../api/pod.js';
import type { StatefulSet, StatefulSetStatus } from '../api/workloads.js';
import { isCreated, isRunningAndAvailable, isRunningAndReady, isTerminating, replicasOf, revisionOfPod } from './statefulset-pods.js';

export interface StatusInputs {
  readonly counted: readonly Pod[];
  readonly currentRevision: string;
  readonly updateRevision: string;
  readonly collisionCount: number;
  readonly currentReplicasDelta: number;
  readonly nowMs: number;
}

interface Counts {
  replicas: number;
  ready: number;
  available: number;
  current: number;
  updated: number;
}

const countPods = (set: StatefulSet, pods: readonly Pod[], current: string, update: string, nowMs: number): Counts => {
  const c: Counts = { replicas: 0, ready: 0, available: 0, current: 0, updated: 0 };
  const minReadySeconds = set.spec.minReadySeconds ?? 0;
  for (const pod of pods) {
    if (!isCreated(pod)) continue;
    c.replicas++;
    if (isRunningAndReady(pod)) {
      c.ready++;
      if (isRunningAndAvailable(pod, minReadySeconds, nowMs)) c.available++;
    }
    if (isTerminating(pod)) continue;
    if (revisionOfPod(pod) === current) c.current++;
    if (revisionOfPod(pod) === update) c.updated++;
  }
  return c;
};

export const statusOf = (set: StatefulSet, input: StatusInputs): StatefulSetStatus => {
  const c = countPods(set, input.counted, input.currentRevision, input.updateRevision, input.nowMs);
  let current = c.current + input.currentReplicasDelta;
  let currentRevision = input.currentRevision;
  const want = replicasOf(set);
  // upstream completeRollingUpdate: every replica updated and ready makes the update revision current.
  if (set.spec.updateStrategy?.type === 'RollingUpdate' && c.updated === want && c.ready === want && c.replicas === want) {
    current = c.updated;
    currentRevision = input.updateRevision;
  }
  const generation = set.metadata.generation ?? 1;
  return {
    ...(generation === 0 ? {} : { observedGeneration: generation }),
    replicas: c.replicas,
    ...(c.ready === 0 ? {} : { readyReplicas: c.ready }),
    ...(current === 0 ? {} : { currentReplicas: current }),
    ...(c.updated === 0 ? {} : { updatedReplicas: c.updated }),
    ...(currentRevision === '' ? {} : { currentRevision }),
    ...(input.updateRevision === '' ? {} : { updateRevision: input.updateRevision }),
    collisionCount: input.collisionCount,
    availableReplicas: c.available,
  };
};
