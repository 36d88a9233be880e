/**
 * The kubelet model: one per node in effect, keyed by pod. It takes a bound pod through
 * Pending (ContainerCreating) → Running → Ready; containers with a run time
 * (run-to-completion.ts) then exit, and the pod either finishes (Succeeded/Failed) or is
 * restarted after the crash back-off, as its restartPolicy says. On deletion it stops the
 * containers and removes the pod once they have exited.
 *
 * Reads: the pod, its node, ClusterState.podProgressMs (when the last step happened), the
 *   failed pods of the same owner (for per-attempt exit codes).
 * Emits: StartPodSandbox (with a pod IP from the node's podCIDR), StartContainers,
 *   MarkPodReady, ExitContainers, RestartContainers, RemoveTerminatedPod.
 *
 * How long each step takes comes from the scenario (`cluster.kubelet`), scaled by a
 * seeded jitter that depends only on the run's seed, the pod's uid and the step.
 */
import type { Request } from '../api/actions.js';
import type { KubeObject } from '../api/meta.js';
import { refOf } from '../api/meta.js';
import type { Pod } from '../api/pod.js';
import { isPodReady, isPodTerminal } from '../api/pod.js';
import { simMsOf } from '../api/time.js';
import type { EventRecord } from '../log/events.js';
import type { Controller, ReconcileResult, Rng } from '../state/controller.js';
import { crashBackOffMs, restartsOf } from '../state/pod-status.js';
import { getNode, getPodByKey, podProgressMs } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { exitCodeOf, runDurationMs } from './run-to-completion.js';

export interface KubeletConfig {
  readonly imagePullMs: number;
  readonly containerStartMs: number;
  /** Each delay is scaled by a seeded factor in [1 − jitter, 1 + jitter]. */
  readonly jitter: number;
  /** How long containers take to exit after SIGTERM: the grace period, or at most this. */
  readonly shutdown: 'grace' | { readonly ms: number };
}

export const DEFAULT_KUBELET: KubeletConfig = { imagePullMs: 2000, containerStartMs: 1000, jitter: 0.2, shutdown: 'grace' };

const ACTOR = 'kubelet';

const jittered = (baseMs: number, jitter: number, rng: Rng): number => Math.round(baseMs * (1 + jitter * (2 * rng.float() - 1)));

// -------------------------------------------------------------------------------------
// watches
// -------------------------------------------------------------------------------------

const watches = (record: EventRecord): string[] => {
  const e = record.event;
  switch (e.type) {
    case 'PodBound':
    case 'PodContainersExited':
      return [podKey(e.pod.namespace, e.pod.name)];
    case 'ObjectDeleting':
    case 'FinalizerRemoved':
      return e.ref.kind === 'Pod' ? [podKey(e.ref.namespace, e.ref.name)] : [];
    case 'ObjectCreated':
      return e.object.kind === 'Pod' && (e.object['spec'] as { nodeName?: string }).nodeName !== undefined
        ? [podKey(e.object.metadata.namespace, e.object.metadata.name)]
        : [];
    default:
      return [];
  }
};

const podKey = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

// -------------------------------------------------------------------------------------
// reconcile
// -------------------------------------------------------------------------------------

export const kubeletController = (config: KubeletConfig): Controller => ({
  name: ACTOR,
  watches,
  reconcile: (state, key, nowMs, rng) => reconcile(config, state, key, nowMs, rng),
});

const reconcile = (config: KubeletConfig, state: ClusterState, key: string, nowMs: number, rng: Rng): ReconcileResult => {
  const pod = getPodByKey(state, key);
  if (pod?.spec.nodeName === undefined || getNode(state, pod.spec.nodeName) === undefined) return { requests: [] };
  const sinceMs = podProgressMs(state, pod.metadata.namespace, pod.metadata.name) ?? nowMs;
  const streams = rng.split(pod.metadata.uid ?? '');
  if (pod.metadata.deletionTimestamp !== undefined) return stopContainers(config, pod, sinceMs, nowMs);
  return advance(config, state, pod, sinceMs, nowMs, streams);
};

const request = (reason: string, action: Request['action']): Request => ({ actor: ACTOR, reason, action });

const stopContainers = (config: KubeletConfig, pod: Pod, sinceMs: number, nowMs: number): ReconcileResult => {
  const graceMs = (pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000;
  const exitMs = config.shutdown === 'grace' ? graceMs : Math.min(config.shutdown.ms, graceMs);
  const dueMs = sinceMs + exitMs;
  if (nowMs < dueMs) return { requests: [], requeueAfterMs: dueMs - nowMs };
  const ref = refOf(pod as unknown as KubeObject);
  const remove = request('Killing', { type: 'RemoveTerminatedPod', pod: ref });
  // upstream kubelet: a pod that finalizers keep is reported terminal (killed at the end of
  // its grace period: SIGKILL, exit code 137), so the finalizers' owner sees it finish.
  const kept = (pod.metadata.finalizers ?? []).length > 0 && !isPodTerminal(pod) && pod.status?.podIP !== undefined;
  return { requests: kept ? [request('Killing', { type: 'ExitContainers', pod: ref, exitCode: KILLED_EXIT_CODE }), remove] : [remove] };
};

/** 128 + SIGKILL. */
const KILLED_EXIT_CODE = 137;

const advance = (config: KubeletConfig, state: ClusterState, pod: Pod, sinceMs: number, nowMs: number, rng: Rng): ReconcileResult => {
  const ref = refOf(pod as unknown as KubeObject);
  if (pod.status?.podIP === undefined) {
    const podIP = freePodIP(state, pod.spec.nodeName ?? '');
    const startAfter = jittered(config.imagePullMs, config.jitter, rng.split('pull')) + jittered(config.containerStartMs, config.jitter, rng.split('start'));
    return { requests: [request('Pulling', { type: 'StartPodSandbox', pod: ref, podIP })], requeueAfterMs: Math.max(startAfter, 1) };
  }
  if (pod.status.phase === 'Pending') {
    const dueMs = sinceMs + jittered(config.imagePullMs, config.jitter, rng.split('pull')) + jittered(config.containerStartMs, config.jitter, rng.split('start'));
    if (nowMs < dueMs) return { requests: [], requeueAfterMs: dueMs - nowMs };
    return afterStart(pod, request('Started', { type: 'StartContainers', pod: ref }));
  }
  if (pod.status.phase !== 'Running') return { requests: [] };
  return running(state, pod, sinceMs, nowMs);
};

const soonest = (nowMs: number, ...dueMs: number[]): ReconcileResult => {
  const next = Math.min(...dueMs.filter((d) => d > nowMs));
  return Number.isFinite(next) ? { requests: [], requeueAfterMs: next - nowMs } : { requests: [] };
};

/** A running pod: ready after its probe delay, exits when its run time is up, restarts after the crash back-off. */
const running = (state: ClusterState, pod: Pod, sinceMs: number, nowMs: number): ReconcileResult => {
  const ref = refOf(pod as unknown as KubeObject);
  if (!containersRunning(pod)) {
    const dueMs = sinceMs + crashBackOffMs(restartsOf(pod));
    if (nowMs < dueMs) return { requests: [], requeueAfterMs: dueMs - nowMs };
    return restart(pod);
  }
  const runMs = runDurationMs(pod);
  const exitDueMs = runMs === undefined ? Infinity : startedAtMs(pod, sinceMs) + runMs;
  if (nowMs >= exitDueMs) {
    const exitCode = exitCodeOf(state, pod);
    const exit = request(exitCode === 0 ? 'Completed' : 'Error', { type: 'ExitContainers', pod: ref, exitCode });
    // upstream: the first restart has no back-off, so it follows the exit at once
    if (!restarts(pod, exitCode) || crashBackOffMs(restartsOf(pod)) > 0) return { requests: [exit] };
    const again = restart(pod);
    return { ...again, requests: [exit, ...again.requests] };
  }
  if (isPodReady(pod)) return soonest(nowMs, exitDueMs);
  const readyDueMs = sinceMs + readinessDelayMs(pod);
  if (nowMs < readyDueMs) return soonest(nowMs, readyDueMs, exitDueMs);
  return { ...soonest(nowMs, exitDueMs), requests: [request('Ready', { type: 'MarkPodReady', pod: ref })] };
};

const restart = (pod: Pod): ReconcileResult => afterStart(pod, request('Started', { type: 'RestartContainers', pod: refOf(pod as unknown as KubeObject) }));

/** Containers (re)started: Ready at once without a probe delay; look again when the probe or the run time is due. */
const afterStart = (pod: Pod, started: Request): ReconcileResult => {
  const readyAfter = readinessDelayMs(pod);
  const runMs = runDurationMs(pod) ?? Infinity;
  const requests = readyAfter === 0 ? [started, request('Ready', { type: 'MarkPodReady', pod: refOf(pod as unknown as KubeObject) })] : [started];
  const next = Math.min(readyAfter === 0 ? Infinity : readyAfter, runMs);
  return Number.isFinite(next) ? { requests, requeueAfterMs: Math.max(next, 1) } : { requests };
};

/** upstream kubelet: Always restarts whatever the exit code, OnFailure only after a failure, Never never. */
const restarts = (pod: Pod, exitCode: number): boolean => {
  const policy = pod.spec.restartPolicy ?? 'Always';
  return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
};

const containersRunning = (pod: Pod): boolean => (pod.status?.containerStatuses ?? []).every((c) => c.state?.running !== undefined);

const startedAtMs = (pod: Pod, fallbackMs: number): number => {
  const at = pod.status?.containerStatuses?.[0]?.state?.running?.startedAt;
  return at === undefined ? fallbackMs : simMsOf(at);
};

/**
 * Until the first successful readiness probe: initialDelaySeconds of the slowest
 * container's probe (a container without a readiness probe is ready when it starts).
 */
const readinessDelayMs = (pod: Pod): number =>
  Math.max(0, ...pod.spec.containers.map((c) => (c.readinessProbe === undefined ? 0 : (c.readinessProbe.initialDelaySeconds ?? 0) * 1000)));

/** The lowest free address of the node's podCIDR (a /24), from .2 up, as host-local IPAM hands them out. */
const freePodIP = (state: ClusterState, nodeName: string): string => {
  const cidr = getNode(state, nodeName)?.spec?.podCIDR ?? '10.244.0.0/24';
  const prefix = cidr.slice(0, cidr.lastIndexOf('.'));
  // one pass over the addresses in use (a lookup per candidate would hash a new string each time)
  const taken = new Uint8Array(256);
  for (const ip of state.podIPsByNode.get(nodeName) ?? []) {
    if (ip.startsWith(prefix) && ip.charCodeAt(prefix.length) === 46) taken[Number(ip.slice(prefix.length + 1))] = 1;
  }
  for (let host = 2; host < 255; host++) if (taken[host] === 0) return `${prefix}.${host}`;
  return `${prefix}.255`;
};
