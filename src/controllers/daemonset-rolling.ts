/**
 * The RollingUpdate strategy of a DaemonSet (upstream pkg/controller/daemon/update.go
 * rollingUpdate, updatedDesiredNodeCounts, findUpdatedPodsOnNode; util SurgeCount,
 * UnavailableCount).
 *
 * It only deletes old pods (maxSurge 0) or asks for new ones beside old ones (maxSurge >
 * 0); the manage step creates the replacements and prunes extras. Nodes are visited in
 * name order (upstream walks a map), so which old pods go first is deterministic.
 */
import type { IntOrString, Pod } from '../api/pod.js';
import type { DaemonSet } from '../api/workloads.js';
import type { NodeVerdict } from './daemonset-nodes.js';
import { isPodAvailable, isPodUpdated } from './daemonset-pods.js';

export interface RollingPlan {
  /** Names of old pods to delete. */
  readonly deletePods: readonly string[];
  /** Nodes that get a new pod beside their old one (surge). */
  readonly createOn: readonly string[];
}

export interface RollingInput {
  readonly ds: DaemonSet;
  /** Every node's verdict, by node name, in name order. */
  readonly verdicts: ReadonlyMap<string, NodeVerdict>;
  readonly byNode: ReadonlyMap<string, readonly Pod[]>;
  readonly hash: string;
  readonly generation: string;
  readonly nowMs: number;
}

// -------------------------------------------------------------------------------------
// counts
// -------------------------------------------------------------------------------------

/** upstream intstr.GetScaledValueFromIntOrPercent(value, total, roundUp=true). */
export const scaledValue = (value: IntOrString | undefined, total: number): number => {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (m === null) return Number.isInteger(Number(value)) ? Number(value) : 0;
  return Math.ceil((Number(m[1]) * total) / 100);
};

const rollingOf = (ds: DaemonSet) => (ds.spec.updateStrategy?.type === 'RollingUpdate' ? ds.spec.updateStrategy.rollingUpdate : undefined);

/** upstream SurgeCount: 0 unless RollingUpdate sets maxSurge; percentages round up. */
export const surgeCount = (ds: DaemonSet, desired: number): number => scaledValue(rollingOf(ds)?.maxSurge, desired);

/** upstream UnavailableCount: percentages round up (unlike a Deployment's maxUnavailable). */
export const unavailableCount = (ds: DaemonSet, desired: number): number => {
  const r = rollingOf(ds);
  return r === undefined ? 0 : scaledValue(r.maxUnavailable, desired);
};

/** upstream AllowsSurge: a surge of at least one pod on a one-node cluster. */
export const allowsSurge = (ds: DaemonSet): boolean => surgeCount(ds, 1) > 0;

/** upstream updatedDesiredNodeCounts; nodes that should run a pod join the walk even without one. */
const desiredCounts = (input: RollingInput): { maxSurge: number; maxUnavailable: number; desired: number; nodes: string[] } => {
  const nodes = new Set(input.byNode.keys());
  let desired = 0;
  for (const [name, v] of input.verdicts) {
    if (!v.shouldRun) continue;
    desired++;
    nodes.add(name);
  }
  const maxSurge = surgeCount(input.ds, desired);
  let maxUnavailable = unavailableCount(input.ds, desired);
  // upstream: an impossible 0/0 configuration falls back to one unavailable pod.
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable, desired, nodes: [...nodes].sort() };
};

/** upstream findUpdatedPodsOnNode: at most one new and one old non-deleted pod, else not ok. */
const splitNode = (pods: readonly Pod[], input: RollingInput): { ok: boolean; newPod?: Pod; oldPod?: Pod } => {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp !== undefined) continue;
    if (isPodUpdated(p, input.hash, input.generation)) {
      if (newPod !== undefined) return { ok: false };
      newPod = p;
    } else {
      if (oldPod !== undefined) return { ok: false };
      oldPod = p;
    }
  }
  return { ok: true, ...(newPod === undefined ? {} : { newPod }), ...(oldPod === undefined ? {} : { oldPod }) };
};

// -------------------------------------------------------------------------------------
// the two modes
// -------------------------------------------------------------------------------------

export const rollingUpdate = (input: RollingInput): RollingPlan => {
  const counts = desiredCounts(input);
  return counts.maxSurge === 0 ? withoutSurge(input, counts) : withSurge(input, counts);
};

/**
 * maxSurge 0: delete just enough old available pods to stay within maxUnavailable (old
 * pods that are not available go at once); deleted pods do not count as unavailable.
 */
const withoutSurge = (input: RollingInput, counts: { maxUnavailable: number; nodes: string[] }): RollingPlan => {
  const available = (p: Pod): boolean => isPodAvailable(p, input.ds.spec.minReadySeconds ?? 0, input.nowMs);
  let numUnavailable = 0;
  const replace: string[] = [];
  const candidates: string[] = [];
  for (const node of counts.nodes) {
    const { ok, newPod, oldPod } = splitNode(input.byNode.get(node) ?? [], input);
    if (!ok || (oldPod === undefined) === (newPod === undefined)) {
      numUnavailable++; // the manage loop creates or prunes here: count it unavailable
    } else if (newPod !== undefined) {
      if (!available(newPod)) numUnavailable++;
    } else if (oldPod !== undefined) {
      if (!available(oldPod)) replace.push(oldPod.metadata.name);
      else if (numUnavailable < counts.maxUnavailable) candidates.push(oldPod.metadata.name);
    }
  }
  const remaining = Math.min(Math.max(counts.maxUnavailable - numUnavailable, 0), candidates.length);
  return { deletePods: [...replace, ...candidates.slice(0, remaining)], createOn: [] };
};

/**
 * maxSurge > 0: a node whose old pod is unavailable gets a new pod at once; up to
 * maxSurge nodes with an available old pod get one beside it; an old pod goes once the
 * new pod on its node is available. Old pods on nodes that should no longer run the
 * daemon go only as far as more pods are available than desired.
 */
const withSurge = (input: RollingInput, counts: { maxSurge: number; desired: number; nodes: string[] }): RollingPlan => {
  const available = (p: Pod): boolean => isPodAvailable(p, input.ds.spec.minReadySeconds ?? 0, input.nowMs);
  const deletePods: string[] = [];
  const shouldNotRun: string[] = [];
  const allowed: string[] = [];
  const candidates: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const node of counts.nodes) {
    const { ok, newPod, oldPod } = splitNode(input.byNode.get(node) ?? [], input);
    if (!ok) {
      numSurge++;
      continue;
    }
    const counted = oldPod ?? newPod;
    if (counted !== undefined && available(counted)) numAvailable++;
    if (oldPod === undefined) continue;
    const shouldRun = input.verdicts.get(node)?.shouldRun ?? false;
    if (newPod === undefined) {
      if (!available(oldPod)) {
        if (shouldRun) allowed.push(node);
        else deletePods.push(oldPod.metadata.name);
      } else if (!shouldRun) shouldNotRun.push(oldPod.metadata.name);
      else if (numSurge < counts.maxSurge) candidates.push(node);
    } else if (!available(newPod)) numSurge++;
    else deletePods.push(oldPod.metadata.name);
  }
  const deletable = Math.min(Math.max(numAvailable - counts.desired, 0), shouldNotRun.length);
  deletePods.push(...shouldNotRun.slice(0, deletable));
  const remaining = Math.min(Math.max(counts.maxSurge - numSurge, 0), candidates.length);
  return { deletePods, createOn: [...allowed, ...candidates.slice(0, remaining)] };
};
