/**
 * A DaemonSet's status (upstream daemon_controller.go updateDaemonSetStatus and
 * storeDaemonSetStatus), counted over the pods the sync saw, one (the oldest) per node.
 *
 * Serialised as upstream's JSON tags say: currentNumberScheduled, numberMisscheduled,
 * desiredNumberScheduled and numberReady are always written, the other counts and
 * collisionCount only when non-zero (omitempty).
 */
import { isPodReady } from '../api/pod.js';
import type { DaemonSetStatus } from '../api/workloads.js';
import type { RollingInput } from './daemonset-rolling.js';
import { isPodAvailable, isPodUpdated } from './daemonset-pods.js';

/** What one sync knows of the DaemonSet and its nodes: the same view the rolling update reads. */
export type StatusInput = RollingInput;

const omitZero = (key: string, n: number): Record<string, number> => (n === 0 ? {} : { [key]: n });

export const daemonSetStatusOf = (input: StatusInput): DaemonSetStatus => {
  const minReadySeconds = input.ds.spec.minReadySeconds ?? 0;
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  for (const [node, v] of input.verdicts) {
    const pod = input.byNode.get(node)?.[0];
    if (!v.shouldRun) {
      if (pod !== undefined) misscheduled++;
      continue;
    }
    desired++;
    if (pod === undefined) continue;
    current++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds, input.nowMs)) available++;
    }
    if (isPodUpdated(pod, input.hash, input.generation)) updated++;
  }
  const collisionCount = input.ds.status?.collisionCount;
  return {
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    observedGeneration: input.ds.metadata.generation ?? 1,
    ...omitZero('updatedNumberScheduled', updated),
    ...omitZero('numberAvailable', available),
    ...omitZero('numberUnavailable', desired - available),
    ...(collisionCount === undefined ? {} : { collisionCount }),
    ...(input.ds.status?.conditions === undefined ? {} : { conditions: input.ds.status.conditions }),
  };
};
