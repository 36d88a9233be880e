/**
 * How the pod status fields change as the scheduler and the kubelet report progress.
 * Condition order and reasons are what a real kubelet writes (pkg/kubelet/status).
 */
import type { Pod, PodCondition, ContainerStatus, PodStatus } from '../api/pod.js';

type Conditions = readonly PodCondition[];

// kubelet's order of pod conditions in status.
const CONDITION_ORDER = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];

/** Sets one condition; lastTransitionTime moves only when the status changes. */
export const withCondition = (conditions: Conditions | undefined, next: PodCondition, timestamp: string): PodCondition[] => {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  const prev = i >= 0 ? list[i] : undefined;
  const transition = prev !== undefined && prev.status === next.status ? prev.lastTransitionTime : timestamp;
  const merged: PodCondition = { ...next, lastProbeTime: null, lastTransitionTime: transition ?? timestamp };
  if (i >= 0) list[i] = merged;
  else list.push(merged);
  return list.sort((a, b) => rank(a.type) - rank(b.type));
};

const rank = (type: string): number => {
  const i = CONDITION_ORDER.indexOf(type);
  return i < 0 ? CONDITION_ORDER.length : i;
};

const withStatus = (pod: Pod, status: PodStatus): Pod => ({ ...pod, status: { ...pod.status, ...status } });

export const bound = (pod: Pod, node: string, timestamp: string): Pod => ({
  ...withStatus(pod, {
    conditions: withCondition(pod.status?.conditions, { type: 'PodScheduled', status: 'True' }, timestamp),
  }),
  spec: { ...pod.spec, nodeName: node },
});

export const unschedulable = (pod: Pod, message: string, timestamp: string): Pod =>
  withStatus(pod, {
    conditions: withCondition(
      pod.status?.conditions,
      { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message },
      timestamp,
    ),
  });

const containerStatuses = (pod: Pod, f: (name: string, image: string | undefined) => ContainerStatus): ContainerStatus[] =>
  pod.spec.containers.map((c) => f(c.name, c.image));

const notReady = (pod: Pod, conditions: Conditions, timestamp: string): PodCondition[] => {
  const names = pod.spec.containers.map((c) => c.name).join(' ');
  const message = `containers with unready status: [${names}]`;
  let list = withCondition(conditions, { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message }, timestamp);
  list = withCondition(list, { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message }, timestamp);
  return list;
};

export const sandboxStarted = (pod: Pod, hostIP: string, podIP: string, timestamp: string): Pod => {
  let conditions = withCondition(pod.status?.conditions, { type: 'PodReadyToStartContainers', status: 'True' }, timestamp);
  conditions = withCondition(conditions, { type: 'Initialized', status: 'True' }, timestamp);
  conditions = notReady(pod, conditions, timestamp);
  return withStatus(pod, {
    phase: 'Pending',
    hostIP,
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: timestamp,
    conditions,
    containerStatuses: containerStatuses(pod, (name, image) => ({
      name,
      image: image ?? '',
      ready: false,
      restartCount: 0,
      started: false,
      state: { waiting: { reason: 'ContainerCreating' } },
    })),
  });
};

export const containersStarted = (pod: Pod, timestamp: string): Pod =>
  withStatus(pod, {
    phase: 'Running',
    containerStatuses: containerStatuses(pod, (name, image) => ({
      name,
      image: image ?? '',
      ready: false,
      restartCount: 0,
      started: true,
      state: { running: { startedAt: timestamp } },
    })),
  });

export const becameReady = (pod: Pod, timestamp: string): Pod => {
  let conditions = withCondition(pod.status?.conditions, { type: 'Ready', status: 'True' }, timestamp);
  conditions = withCondition(conditions, { type: 'ContainersReady', status: 'True' }, timestamp);
  return withStatus(pod, {
    conditions,
    containerStatuses: (pod.status?.containerStatuses ?? []).map((c) => ({ ...c, ready: true })),
  });
};
