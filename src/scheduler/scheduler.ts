/**
 * The scheduler as a controller (upstream kube-scheduler's scheduleOne loop), keyed by pod.
 *
 * Owns: spec.nodeName of pods waiting for one of its profiles' schedulerName (Bind), their
 *   PodScheduled condition when no node fits (MarkUnschedulable with kube-scheduler's
 *   message), preemption (see preemption.ts).
 * Reads: its cache (cache.ts), synchronised with the state record by record.
 * Queue (upstream internal/queue): PrioritySort — higher spec.priority first, then the
 *   order pods became pending. A pod that did not fit is unschedulable until a cluster
 *   event that may help it (upstream's queueing hints, per plugin that rejected it), or 5
 *   minutes; then it waits out its backoff, 1 s doubling per failed attempt up to 10 s,
 *   counted from its last attempt.
 *
 * The queue's bookkeeping (attempts, the rejecting plugins) lives in the controller, as in
 * kube-scheduler's memory: it is a function of the records the controller has seen.
 */
import type { KubeObject } from '../api/meta.js';
import { refOf } from '../api/meta.js';
import type { Node } from '../api/node.js';
import { DEFAULT_SCHEDULER_NAME, isPodTerminal } from '../api/pod.js';
import type { EventRecord } from '../log/events.js';
import { subjectOf } from '../log/subject.js';
import type { Controller, ReconcileResult, Rng } from '../state/controller.js';
import { done } from '../state/controller.js';
import { getNode, getPod, getPodByKey } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { jsonEqual } from '../api/json.js';
import { podInfoOf, SchedulerCache } from './cache.js';
import { fitErrorMessage, scheduleCycle } from './framework.js';
import { postFilter } from './preemption.js';
import { defaultProfile } from './profile.js';
import type { Profile } from './types.js';

const ACTOR = 'scheduler';
/** upstream podMaxInUnschedulablePodsDuration. */
export const UNSCHEDULABLE_RETRY_MS = 5 * 60 * 1000;
/** upstream podInitialBackoffDuration and podMaxBackoffDuration. */
export const INITIAL_BACKOFF_MS = 1000;
export const MAX_BACKOFF_MS = 10_000;

/** upstream calculateBackoffDuration: 1 s · 2^(attempts−1), at most 10 s. */
export const backoffMs = (attempts: number): number => {
  let d = INITIAL_BACKOFF_MS;
  for (let i = 1; i < attempts && d < MAX_BACKOFF_MS; i++) d *= 2;
  return Math.min(d, MAX_BACKOFF_MS);
};

// -------------------------------------------------------------------------------------
// queueing hints: which cluster events may make a rejected pod schedulable
// -------------------------------------------------------------------------------------

/** Plugins whose verdict may change when a bound pod goes away (room, ports, spread, anti-affinity). */
const ON_POD_REMOVED = new Set(['NodeResourcesFit', 'NodePorts', 'InterPodAffinity', 'PodTopologySpread', 'VolumeRestrictions']);
/** Plugins whose verdict may change when a pod is bound, relabelled or begins terminating (affinity, spread). */
const ON_POD_ADDED = new Set(['InterPodAffinity', 'PodTopologySpread']);
const ON_STORAGE = new Set(['VolumeBinding', 'VolumeZone', 'VolumeRestrictions']);

/** undefined: every rejected pod; a set: pods rejected by one of these plugins; null: none. */
type Hint = ReadonlySet<string> | undefined | null;

const nodeChangeMatters = (was: Node | undefined, is: Node | undefined): boolean => {
  if (was === undefined || is === undefined) return is !== undefined;
  return (
    was.spec?.unschedulable !== is.spec?.unschedulable ||
    !jsonEqual(was.spec?.taints ?? [], is.spec?.taints ?? []) ||
    !jsonEqual(was.metadata.labels ?? {}, is.metadata.labels ?? {}) ||
    !jsonEqual(was.status?.allocatable ?? {}, is.status?.allocatable ?? {})
  );
};

const hintOf = (record: EventRecord, before: ClusterState, after: ClusterState): Hint => {
  const ref = subjectOf(record.event);
  if (ref === undefined) return null;
  if (ref.kind === 'Node') return nodeChangeMatters(getNode(before, ref.name), getNode(after, ref.name)) ? undefined : null;
  if (ref.kind === 'PersistentVolume' || ref.kind === 'PersistentVolumeClaim' || ref.kind === 'StorageClass') return ON_STORAGE;
  if (ref.kind === 'Namespace') return ON_POD_ADDED;
  if (ref.kind !== 'Pod') return null;
  const was = getPod(before, ref.namespace, ref.name);
  const is = getPod(after, ref.namespace, ref.name);
  const wasBound = was?.spec.nodeName !== undefined && !isPodTerminal(was);
  const isBound = is?.spec.nodeName !== undefined && !isPodTerminal(is);
  // room and ports come back only when the pod is gone (or done); a pod that begins
  // terminating already stops counting for spreading and affinity
  if (wasBound && !isBound) return ON_POD_REMOVED;
  const beganTerminating = was?.metadata.deletionTimestamp === undefined && is?.metadata.deletionTimestamp !== undefined;
  if (isBound && (!wasBound || beganTerminating || !jsonEqual(was?.metadata.labels ?? {}, is?.metadata.labels ?? {}))) return ON_POD_ADDED;
  return null;
};

const rejectedByAny = (rejectedBy: ReadonlySet<string>, plugins: ReadonlySet<string>): boolean => {
  for (const p of rejectedBy) if (plugins.has(p)) return true;
  return false;
};

// -------------------------------------------------------------------------------------
// the controller
// -------------------------------------------------------------------------------------

interface Attempts {
  count: number;
  lastMs: number;
  /** Plugins that rejected the pod in its last attempt (upstream UnschedulablePlugins). */
  rejectedBy: ReadonlySet<string>;
}

export const schedulerController = (profiles: readonly Profile[] = [defaultProfile]): Controller => {
  const cache = new SchedulerCache();
  /** Pods whose last attempt failed (upstream unschedulablePods + backoff bookkeeping). */
  const failed = new Map<string, Attempts>();
  const names = new Set(profiles.map((p) => p.schedulerName));

  const watches = (record: EventRecord, before: ClusterState, after: ClusterState): string[] => {
    cache.observe(record, before, after);
    const keys: string[] = [];
    const ref = subjectOf(record.event);
    if (ref?.kind === 'Pod') {
      const key = `${ref.namespace ?? ''}/${ref.name}`;
      if (after.unscheduled.has(key)) {
        // a new or changed pod, or one whose nomination preemption changed, goes (back) to the queue
        if (record.event.type === 'ObjectCreated' || record.event.type === 'ObjectUpdated' || record.event.type === 'PodNominated') keys.push(key);
      } else failed.delete(key);
    }
    if (failed.size === 0) return keys;
    const hint = hintOf(record, before, after);
    if (hint === null) return keys;
    for (const [key, a] of failed) if (hint === undefined || rejectedByAny(a.rejectedBy, hint)) keys.push(key);
    return keys;
  };

  /** PrioritySort: higher priority first; among equals, the order pods became pending. */
  const rankKey = (state: ClusterState, key: string): number => {
    return -(getPodByKey(state, key)?.spec.priority ?? 0);
  };

  const reconcile = (state: ClusterState, key: string, nowMs: number, rng: Rng): ReconcileResult => {
    const pod = getPodByKey(state, key);
    if (pod === undefined || pod.spec.nodeName !== undefined || pod.metadata.deletionTimestamp !== undefined) {
      failed.delete(key);
      return done;
    }
    const schedulerName = pod.spec.schedulerName ?? DEFAULT_SCHEDULER_NAME;
    if (!names.has(schedulerName)) return done;
    const profile = profiles.find((p) => p.schedulerName === schedulerName) as Profile;
    const attempts = failed.get(key);
    if (attempts !== undefined) {
      const due = attempts.lastMs + backoffMs(attempts.count);
      if (nowMs < due) return { requests: [], requeueAfterMs: due - nowMs };
    }
    const snapshot = cache.snapshot(state);
    const ctx = { state, snapshot };
    const info = podInfoOf(pod);
    const nominated = (pod.status as { nominatedNodeName?: string } | undefined)?.nominatedNodeName;
    const result = scheduleCycle(ctx, profile, info, state.nextStartNodeIndex, rng.split(String(nowMs)), nominated);
    const ref = refOf(pod as unknown as KubeObject);
    if (result.type === 'Feasible') {
      failed.delete(key);
      return { requests: [{ actor: ACTOR, reason: 'Scheduled', action: { type: 'Bind', pod: ref, node: result.node, trace: result.trace } }] };
    }
    const rejectedBy = new Set(Object.keys(result.trace.rejected ?? {}));
    failed.set(key, { count: (attempts?.count ?? 0) + 1, lastMs: nowMs, rejectedBy });
    const post = postFilter(ctx, profile, info, result, rng.split(`preempt/${nowMs}`), nowMs);
    const message = fitErrorMessage(result.totalNodes, result.failures, post.message, result.absent, result.preFilterMessage);
    return {
      requests: [...post.requests, { actor: ACTOR, reason: 'FailedScheduling', action: { type: 'MarkUnschedulable', pod: ref, message, trace: result.trace } }],
      requeueAfterMs: UNSCHEDULABLE_RETRY_MS,
    };
  };

  return { name: ACTOR, watches, rankKey, reconcile };
};
