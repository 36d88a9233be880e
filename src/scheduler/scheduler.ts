/**
 * The scheduler as a controller (upstream kube-scheduler's scheduleOne loop), keyed by pod.
 *
 * Owns: spec.nodeName of pods waiting for `default-scheduler` (Bind), their PodScheduled
 *   condition when no node fits (MarkUnschedulable with kube-scheduler's message).
 * Reads: the pod, the nodes (in node-tree order), the requested resources per node
 *   (ClusterState.nodeUsage, kept by evolve like the scheduler's cache).
 * Queue: higher spec.priority first, then the order pods became pending (PrioritySort).
 * Unschedulable pods are retried when a node is added or changed or a bound pod goes away,
 * and at the latest after 5 minutes (upstream podMaxInUnschedulablePodsDuration).
 */
import type { KubeObject } from '../api/meta.js';
import { refOf } from '../api/meta.js';
import type { Pod } from '../api/pod.js';
import { podCondition } from '../api/pod.js';
import { podRequests } from '../api/resources.js';
import type { EventRecord } from '../log/events.js';
import { subjectOf } from '../log/subject.js';
import type { Controller, ReconcileResult, Rng } from '../state/controller.js';
import { getPod } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { EMPTY_USAGE } from '../state/state.js';
import { fitErrorMessage, histogramMessage, scheduleCycle } from './framework.js';
import { schedulingNodes } from './nodetree.js';
import { defaultProfile } from './profile.js';
import type { NodeInfo, Profile } from './types.js';

const ACTOR = 'scheduler';
export const UNSCHEDULABLE_RETRY_MS = 5 * 60 * 1000;

// -------------------------------------------------------------------------------------
// watches
// -------------------------------------------------------------------------------------

const splitKey = (key: string): [string, string] => {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
};

/** Events after which a pod that did not fit might fit (upstream: cluster events that move pods back to the active queue). */
const mayFreeRoom = (record: EventRecord, before: ClusterState): boolean => {
  const e = record.event;
  switch (e.type) {
    case 'ObjectCreated':
    case 'ObjectUpdated':
      return e.object.kind === 'Node';
    case 'ObjectDeleted':
      return e.ref.kind === 'Node' ? false : e.ref.kind === 'Pod' && getPod(before, e.ref.namespace, e.ref.name)?.spec.nodeName !== undefined;
    case 'StatusUpdated':
      return e.ref.kind === 'Pod' && ['Succeeded', 'Failed'].includes(String(e.status['phase']));
    default:
      return false;
  }
};

const watches = (record: EventRecord, before: ClusterState, after: ClusterState): string[] => {
  const ref = subjectOf(record.event);
  const keys: string[] = [];
  if (ref?.kind === 'Pod' && (record.event.type === 'ObjectCreated' || record.event.type === 'ObjectUpdated')) {
    const key = `${ref.namespace ?? ''}/${ref.name}`;
    if (after.unscheduled.has(key)) keys.push(key);
  }
  if (mayFreeRoom(record, before)) {
    for (const key of after.unscheduled) {
      const [ns, name] = splitKey(key);
      const pod = getPod(after, ns, name);
      if (pod !== undefined && podCondition(pod, 'PodScheduled')?.status === 'False') keys.push(key);
    }
  }
  return keys;
};

/** PrioritySort: higher priority first; among equals, the order pods became pending. */
const rankKey = (state: ClusterState, key: string): number => {
  const [namespace, name] = splitKey(key);
  return -(getPod(state, namespace, name)?.spec.priority ?? 0);
};

// -------------------------------------------------------------------------------------
// reconcile
// -------------------------------------------------------------------------------------

export const schedulerController = (profiles: readonly Profile[] = [defaultProfile]): Controller => ({
  name: ACTOR,
  watches,
  rankKey,
  reconcile: (state, key, nowMs, rng) => reconcile(profiles, state, key, nowMs, rng),
});

const reconcile = (profiles: readonly Profile[], state: ClusterState, key: string, nowMs: number, rng: Rng): ReconcileResult => {
  const [namespace, name] = splitKey(key);
  const pod = getPod(state, namespace, name);
  if (pod === undefined || pod.spec.nodeName !== undefined || pod.metadata.deletionTimestamp !== undefined) return { requests: [] };
  const profile = profiles.find((p) => p.schedulerName === (pod.spec.schedulerName ?? defaultProfile.schedulerName));
  if (profile === undefined) return { requests: [] };
  const statics = schedulingNodes(state);
  const nodes = {
    size: statics.length,
    at: (i: number): NodeInfo => {
      const s = statics[i] as (typeof statics)[number];
      return { name: s.name, node: s.node, allocatable: s.allocatable, usage: state.nodeUsage.get(s.name) ?? EMPTY_USAGE };
    },
  };
  const result = scheduleCycle({ state }, profile, { pod, requests: podRequests(pod.spec) }, nodes, state.nextStartNodeIndex, rng.split(String(nowMs)));
  const ref = refOf(pod as unknown as KubeObject);
  if (result.type === 'Feasible') {
    return { requests: [{ actor: ACTOR, reason: 'Scheduled', action: { type: 'Bind', pod: ref, node: result.node, trace: result.trace } }] };
  }
  const message = fitErrorMessage(result.totalNodes, result.failures, preemptionNote(state, pod, result.failures));
  return {
    requests: [{ actor: ACTOR, reason: 'FailedScheduling', action: { type: 'MarkUnschedulable', pod: ref, message } }],
    requeueAfterMs: UNSCHEDULABLE_RETRY_MS,
  };
};

/**
 * upstream DefaultPreemption's verdict where kubesim can give it without preempting:
 * a pod with preemptionPolicy Never, or failing nodes none of which runs a lower-priority
 * pod (so there is nothing to preempt). Otherwise no note: preemption is a later issue.
 */
const preemptionNote = (state: ClusterState, pod: Pod, failures: ReadonlyMap<string, { code: string }>): string | undefined => {
  if ((pod.spec as { preemptionPolicy?: string }).preemptionPolicy === 'Never') return 'preemption: not eligible due to preemptionPolicy=Never.';
  const priority = pod.spec.priority ?? 0;
  const histogram = new Map<string, number>();
  for (const [node, { code }] of failures) {
    if (code === 'Unschedulable' && hasLowerPriorityPod(state, node, priority)) return undefined;
    const reason = code === 'Unschedulable' ? 'No preemption victims found for incoming pod' : 'Preemption is not helpful for scheduling';
    histogram.set(reason, (histogram.get(reason) ?? 0) + 1);
  }
  if (failures.size === 0) return undefined;
  return `preemption: ${histogramMessage(failures.size, histogram)}`;
};

const hasLowerPriorityPod = (state: ClusterState, node: string, priority: number): boolean => {
  for (const key of state.podsByNode.get(node) ?? []) {
    const [ns, name] = splitKey(key);
    if ((getPod(state, ns, name)?.spec.priority ?? 0) < priority) return true;
  }
  return false;
};
