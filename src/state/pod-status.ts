/**
 * How the pod status fields change as the scheduler and the kubelet report progress.
 * Condition order and reasons are what a real kubelet writes (pkg/kubelet/status):
 * PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled.
 * These run once per pod event on the replay path, so they build arrays directly.
 */
import { formatDuration } from '../api/duration.js';
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

// -------------------------------------------------------------------------------------
// containers that exit (pods that run to completion, crash loops)
// -------------------------------------------------------------------------------------

/** upstream kubelet: the crash back-off starts at 10 s and doubles up to 5 min. */
export const CRASH_BACKOFF_INITIAL_MS = 10_000;
export const CRASH_BACKOFF_MAX_MS = 300_000;

/**
 * How long the kubelet waits before restart number `restartCount + 1`: upstream starts the
 * first restart at once (no back-off entry yet) and then waits 10 s, 20 s, 40 s, … 300 s,
 * measured from when the container exited.
 */
export const crashBackOffMs = (restartCount: number): number =>
  restartCount <= 0 ? 0 : Math.min(CRASH_BACKOFF_INITIAL_MS * 2 ** Math.min(restartCount - 1, 30), CRASH_BACKOFF_MAX_MS);

type Terminated = NonNullable<NonNullable<ContainerStatus['state']>['terminated']>;
/** A container status with the previous termination (the codec passes `lastState` through). */
export type ContainerStatusWithLast = ContainerStatus & { lastState?: { terminated?: Terminated } };

/** The highest restartCount of the pod's containers (they all restart together in this model). */
export const restartsOf = (pod: Pod): number => Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c) => c.restartCount));

const terminatedState = (c: ContainerStatus, exitCode: number, timestamp: string): Terminated => ({
  exitCode,
  reason: exitCode === 0 ? 'Completed' : 'Error',
  startedAt: c.state?.running?.startedAt ?? timestamp,
  finishedAt: timestamp,
});

/** upstream kubelet: a finished pod's Ready and ContainersReady are False with reason PodCompleted. */
const completedConditions = (pod: Pod, timestamp: string): PodCondition[] => {
  const prev = pod.status?.conditions;
  return [
    cond(prev, 'PodReadyToStartContainers', 'False', timestamp),
    cond(prev, 'Initialized', 'True', timestamp, 'PodCompleted'),
    cond(prev, 'Ready', 'False', timestamp, 'PodCompleted'),
    cond(prev, 'ContainersReady', 'False', timestamp, 'PodCompleted'),
    cond(prev, 'PodScheduled', 'True', timestamp),
  ];
};

const backOffMessage = (pod: Pod, container: string, backOffMs: number): string =>
  `back-off ${formatDuration(backOffMs)} restarting failed container=${container} pod=${pod.metadata.name}_${pod.metadata.namespace ?? ''}(${pod.metadata.uid ?? ''})`;

/**
 * The containers exited. With `phase` the pod is finished (state terminated); without,
 * the kubelet will restart them: waiting in CrashLoopBackOff when a back-off applies,
 * the termination kept as lastState either way.
 */
export const containersExited = (pod: Pod, exitCode: number, phase: 'Succeeded' | 'Failed' | undefined, timestamp: string): Pod => {
  const current = pod.status?.containerStatuses ?? [];
  if (phase !== undefined) {
    const containerStatuses = current.map((c) => ({ ...c, ready: false, started: false, state: { terminated: terminatedState(c, exitCode, timestamp) } }));
    return withStatus(pod, { phase, conditions: completedConditions(pod, timestamp), containerStatuses });
  }
  const backOffMs = crashBackOffMs(restartsOf(pod));
  const containerStatuses = current.map((c): ContainerStatusWithLast => {
    const terminated = terminatedState(c, exitCode, timestamp);
    const state = backOffMs > 0 ? { waiting: { reason: 'CrashLoopBackOff', message: backOffMessage(pod, c.name, backOffMs) } } : { terminated };
    return { ...c, ready: false, started: false, state, lastState: { terminated } };
  });
  return withStatus(pod, { conditions: stageConditions(pod, false, timestamp), containerStatuses });
};

/** The kubelet started the containers again: running, not ready until readiness passes again. */
export const containersRestarted = (pod: Pod, restartCount: number, timestamp: string): Pod =>
  withStatus(pod, {
    phase: 'Running',
    conditions: stageConditions(pod, false, timestamp),
    containerStatuses: (pod.status?.containerStatuses ?? []).map((c) => ({ ...c, restartCount, ready: false, started: true, state: { running: { startedAt: timestamp } } })),
  });
