/**
 * Pod garbage collector (upstream pkg/controller/podgc/gc_controller.go, v1.34): the
 * orphaned-pod and terminated-pod parts.
 *
 * Owns: nothing; it deletes pods nobody else will.
 * Reads: nodes by name, pods by node (index), and the count of pods.
 * Emits: UpdateStatus of a pod (phase Failed and, for orphans, the DisruptionTarget
 *   condition, reason DeletionByPodGC) followed by its Delete with grace 0.
 *
 * - gcOrphaned: a pod bound to a node that does not exist is deleted once the node has
 *   been missing for the quarantine (40 s). Upstream notices missing nodes on its 20 s
 *   gc period and then waits the quarantine; here the wait starts when the node goes (or
 *   a pod is bound to a missing node). The key `orphaned/<node>@<ms>` carries that time,
 *   since a pure controller has no other memory of it.
 * - gcTerminated: above `terminatedPodThreshold` (kube-controller-manager's
 *   --terminated-pod-gc-threshold, default 12500) terminated pods, the excess goes,
 *   evicted pods first, then the oldest. Only looked at when a pod turns terminal and
 *   there are more pods than the threshold at all.
 *
 * Not modelled here: gcTerminating (out-of-service nodes) and gcUnscheduledTerminating
 * (admission deletes an unscheduled pod at once anyway).
 */
import type { Request } from '../api/actions.js';
import type { KubeObject } from '../api/meta.js';
import { refOf } from '../api/meta.js';
import type { Pod, PodCondition } from '../api/pod.js';
import { isPodTerminal } from '../api/pod.js';
import { simMsOf, timestampAt } from '../api/time.js';
import type { EventRecord } from '../log/events.js';
import type { Controller, ReconcileResult } from '../state/controller.js';
import { done } from '../state/controller.js';
import { compareStrings, countKind, getNode, listKind, podsOnNode } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { podChangeOf } from './watch.js';

/** upstream quarantineTime. */
export const QUARANTINE_MS = 40_000;
/** kube-controller-manager --terminated-pod-gc-threshold default. */
export const DEFAULT_TERMINATED_POD_THRESHOLD = 12_500;
const ACTOR = 'pod-garbage-collector';
const TERMINATED_KEY = 'terminated';
const ORPHANED_PREFIX = 'orphaned/';

// -------------------------------------------------------------------------------------
// watches
// -------------------------------------------------------------------------------------

const orphanedKey = (node: string, sinceMs: number): string => `${ORPHANED_PREFIX}${node}@${sinceMs}`;

const watchesWith =
  (threshold: number) =>
  (record: EventRecord, before: ClusterState, after: ClusterState): string[] => {
    const e = record.event;
    if (e.type === 'ObjectDeleted' && e.ref.kind === 'Node') {
      return (after.podsByNode.get(e.ref.name)?.size ?? 0) > 0 ? [orphanedKey(e.ref.name, record.timeMs)] : [];
    }
    const change = podChangeOf(record, before, after);
    const pod = change?.after;
    if (pod === undefined) return [];
    const keys: string[] = [];
    const node = pod.spec.nodeName;
    if (node !== undefined && change?.before?.spec.nodeName !== node && getNode(after, node) === undefined) keys.push(orphanedKey(node, record.timeMs));
    const turnedTerminal = isPodTerminal(pod) && (change?.before === undefined || !isPodTerminal(change.before));
    if (turnedTerminal && countKind(after, 'Pod') > threshold) keys.push(TERMINATED_KEY);
    return keys;
  };

// -------------------------------------------------------------------------------------
// reconcile
// -------------------------------------------------------------------------------------

const reconcileWith =
  (threshold: number) =>
  (state: ClusterState, key: string, nowMs: number): ReconcileResult => {
    if (key === TERMINATED_KEY) return { requests: gcTerminated(state, threshold) };
    if (!key.startsWith(ORPHANED_PREFIX)) return done;
    const at = key.lastIndexOf('@');
    const node = key.slice(ORPHANED_PREFIX.length, at);
    const sinceMs = Number(key.slice(at + 1));
    if (getNode(state, node) !== undefined) return done;
    const waitMs = sinceMs + QUARANTINE_MS - nowMs;
    if (waitMs > 0) return { requests: [], requeueAfterMs: waitMs };
    return { requests: gcOrphaned(state, node, nowMs) };
  };

/** upstream gcOrphaned: every pod still bound to the missing node. */
const gcOrphaned = (state: ClusterState, node: string, nowMs: number): Request[] => {
  const condition: PodCondition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists', lastTransitionTime: timestampAt(nowMs) };
  return podsOnNode(state, node).flatMap((p) => markFailedAndDelete(p, condition));
};

/** upstream gcTerminated: the excess over the threshold, by byEvictionAndCreationTimestamp. */
const gcTerminated = (state: ClusterState, threshold: number): Request[] => {
  const terminated = (listKind(state, 'Pod') as unknown as Pod[]).filter(isPodTerminal);
  const excess = terminated.length - threshold;
  if (excess <= 0) return [];
  return terminated
    .sort(byEvictionAndCreation)
    .slice(0, excess)
    .flatMap((p) => markFailedAndDelete(p, undefined));
};

const isEvicted = (p: Pod): boolean => p.status?.phase === 'Failed' && p.status.reason === 'Evicted';

/** upstream byEvictionAndCreationTimestamp: evicted first, then oldest, then name. */
const byEvictionAndCreation = (a: Pod, b: Pod): number => {
  if (isEvicted(a) !== isEvicted(b)) return isEvicted(a) ? -1 : 1;
  const created = simMsOf(a.metadata.creationTimestamp ?? '') - simMsOf(b.metadata.creationTimestamp ?? '');
  return created !== 0 ? created : compareStrings(a.metadata.name, b.metadata.name);
};

/**
 * upstream markFailedAndDeletePodWithCondition: a pod not yet terminal is first patched
 * to phase Failed (with the condition, replacing one of its type), since no kubelet will
 * ever do it for an orphan; then it is deleted with grace 0.
 */
const markFailedAndDelete = (pod: Pod, condition: PodCondition | undefined): Request[] => {
  const ref = refOf(pod as unknown as KubeObject);
  const requests: Request[] = [];
  if (!isPodTerminal(pod)) {
    const others = (pod.status?.conditions ?? []).filter((c) => c.type !== condition?.type);
    const status = { ...pod.status, phase: 'Failed', ...(condition === undefined ? {} : { conditions: [...others, condition] }) };
    requests.push({ actor: ACTOR, reason: 'PodGCFailed', action: { type: 'UpdateStatus', ref, status } });
  }
  requests.push({ actor: ACTOR, reason: 'PodGCDeleted', action: { type: 'Delete', ref, gracePeriodSeconds: 0 } });
  return requests;
};

/** The pod GC with a terminated-pod threshold (0 turns gcTerminated off, as upstream). */
export const podGcController = (terminatedPodThreshold = DEFAULT_TERMINATED_POD_THRESHOLD): Controller => {
  const threshold = terminatedPodThreshold > 0 ? terminatedPodThreshold : Infinity;
  return { name: ACTOR, watches: watchesWith(threshold), reconcile: reconcileWith(threshold) };
};

export const podGarbageCollector: Controller = podGcController();
