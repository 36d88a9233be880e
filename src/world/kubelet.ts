/**
 * The kubelet model: one per node in effect, keyed by pod. It takes a bound pod through
 * Pending (ContainerCreating) → Running → Ready, and on deletion stops its containers and
 * removes the pod once they have exited.
 *
 * Reads: the pod, its node, ClusterState.podProgressMs (when the last step happened).
 * Emits: StartPodSandbox (with a pod IP from the node's podCIDR), StartContainers,
 *   MarkPodReady, RemoveTerminatedPod.
 *
 * How long each step takes comes from the scenario (`cluster.kubelet`), scaled by a
 * seeded jitter that depends only on the run's seed, the pod's uid and the step.
 */
import type { Request } from '../api/actions.js';
import type { KubeObject } from '../api/meta.js';
import { refOf } from '../api/meta.js';
import type { Pod } from '../api/pod.js';
import { isPodReady } from '../api/pod.js';
import type { EventRecord } from '../log/events.js';
import type { Controller, ReconcileResult, Rng } from '../state/controller.js';
import { getNode, getPodByKey, podProgressMs } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';

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
  return { requests: [request('Killing', { type: 'RemoveTerminatedPod', pod: refOf(pod as unknown as KubeObject) })] };
};

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
    const readyAfter = readinessDelayMs(pod);
    const started = request('Started', { type: 'StartContainers', pod: ref });
    if (readyAfter === 0) return { requests: [started, request('Ready', { type: 'MarkPodReady', pod: ref })] };
    return { requests: [started], requeueAfterMs: readyAfter };
  }
  if (pod.status.phase === 'Running' && !isPodReady(pod)) {
    const dueMs = sinceMs + readinessDelayMs(pod);
    if (nowMs < dueMs) return { requests: [], requeueAfterMs: dueMs - nowMs };
    return { requests: [request('Ready', { type: 'MarkPodReady', pod: ref })] };
  }
  return { requests: [] };
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
  const used = state.podIPsByNode.get(nodeName);
  for (let host = 2; host < 255; host++) {
    const ip = `${prefix}.${host}`;
    if (used?.has(ip) !== true) return ip;
  }
  return `${prefix}.255`;
};
