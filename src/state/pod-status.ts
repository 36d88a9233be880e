/**
 * How the pod status fields change as the scheduler and the kubelet report progress.
 * Condition order and reasons are what a real kubelet writes (pkg/kubelet/status):
 * PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled.
 * These run once per pod event on the replay path, so they build arrays directly.
 */
import type { ContainerStatus, Pod, PodCondition, PodStatus } from '../api/pod.js';

type Conditions = readonly PodCondition[];

/** A condition whose lastTransitionTime moves only when its status changes. */
const cond = (previous: Conditions | undefined, type: string, status: string, timestamp: string, reason?: string, message?: string): PodCondition => {
  const prev = previous?.find((c) => c.type === type);
  const since = prev !== undefined && prev.status === status ? (prev.lastTransitionTime ?? timestamp) : timestamp;
  const c: PodCondition = { type, status, lastProbeTime: null, lastTransitionTime: since };
  if (reason !== undefined) c.reason = reason;
  if (message !== undefined) c.message = message;
  return c;
};

const CONDITION_ORDER = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];

const rank = (type: string): number => {
  const i = CONDITION_ORDER.indexOf(type);
  return i < 0 ? CONDITION_ORDER.length : i;
};

/** Sets one condition, keeping the kubelet's order (conditions are kept in that order). */
export const withCondition = (conditions: Conditions | undefined, next: PodCondition, timestamp: string): PodCondition[] => {
  const merged = cond(conditions, next.type, next.status, timestamp, next.reason, next.message);
  const list: PodCondition[] = [];
  const at = rank(next.type);
  let placed = false;
  for (const c of conditions ?? []) {
    if (c.type === next.type) continue;
    if (!placed && rank(c.type) > at) {
      list.push(merged);
      placed = true;
    }
    list.push(c);
  }
  if (!placed) list.push(merged);
  return list;
};

const withStatus = (pod: Pod, status: PodStatus): Pod => ({ ...pod, status: { ...pod.status, ...status } });

export const bound = (pod: Pod, node: string, timestamp: string): Pod => ({
  ...pod,
  spec: { ...pod.spec, nodeName: node },
  status: { ...pod.status, conditions: withCondition(pod.status?.conditions, { type: 'PodScheduled', status: 'True' }, timestamp) },
});

export const unschedulable = (pod: Pod, message: string, timestamp: string): Pod =>
  withStatus(pod, {
    conditions: withCondition(pod.status?.conditions, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }, timestamp),
  });

const unreadyMessage = (pod: Pod): string => `containers with unready status: [${pod.spec.containers.map((c) => c.name).join(' ')}]`;

const statuses = (pod: Pod, ready: boolean, started: boolean, state: ContainerStatus['state']): ContainerStatus[] =>
  pod.spec.containers.map((c) => ({ name: c.name, image: c.image ?? '', ready, restartCount: 0, started, state }));

const stageConditions = (pod: Pod, ready: boolean, timestamp: string): PodCondition[] => {
  const prev = pod.status?.conditions;
  const message = ready ? undefined : unreadyMessage(pod);
  const reason = ready ? undefined : 'ContainersNotReady';
  return [
    cond(prev, 'PodReadyToStartContainers', 'True', timestamp),
    cond(prev, 'Initialized', 'True', timestamp),
    cond(prev, 'Ready', ready ? 'True' : 'False', timestamp, reason, message),
    cond(prev, 'ContainersReady', ready ? 'True' : 'False', timestamp, reason, message),
    cond(prev, 'PodScheduled', 'True', timestamp),
  ];
};

export const sandboxStarted = (pod: Pod, hostIP: string, podIP: string, timestamp: string): Pod =>
  withStatus(pod, {
    phase: 'Pending',
    hostIP,
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: timestamp,
    conditions: stageConditions(pod, false, timestamp),
    containerStatuses: statuses(pod, false, false, { waiting: { reason: 'ContainerCreating' } }),
  });

export const containersStarted = (pod: Pod, timestamp: string): Pod =>
  withStatus(pod, { phase: 'Running', containerStatuses: statuses(pod, false, true, { running: { startedAt: timestamp } }) });

export const becameReady = (pod: Pod, timestamp: string): Pod =>
  withStatus(pod, {
    conditions: stageConditions(pod, true, timestamp),
    containerStatuses: (pod.status?.containerStatuses ?? []).map((c) => ({ ...c, ready: true })),
  });
