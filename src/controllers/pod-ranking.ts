/**
 * Which pods a ReplicaSet deletes first when it has too many: upstream's
 * controller.ActivePodsWithRanks.Less (pkg/controller/controller_utils.go), with the
 * PodDeletionCost and LogarithmicScaleDown gates on (their defaults since 1.22). The
 * first difference decides; earlier in the order means deleted first. A final
 * comparison by name makes the order total, so map order never decides who dies.
 */
import type { Pod } from '../api/pod.js';
import { isPodReady, podCondition } from '../api/pod.js';
import { simMsOf } from '../api/time.js';
import { compareStrings } from '../state/queries.js';

const PHASE_ORDER: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };
export const DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

export interface RankedPod {
  readonly pod: Pod;
  /** Active pods of the same owner on the same node (upstream: doubled-up pods go first). */
  readonly rank: number;
}

const deletionCost = (pod: Pod): number => {
  const raw = pod.metadata.annotations?.[DELETION_COST_ANNOTATION];
  const n = raw === undefined ? 0 : Number(raw);
  return Number.isInteger(n) ? n : 0;
};

const maxRestarts = (pod: Pod): number => Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c) => c.restartCount));

/** upstream logarithmicRankDiff: compares ⌊log2(age in ns)⌋ buckets; -1 for no age. */
const logRankDiff = (t1Ms: number, t2Ms: number, nowMs: number): number => {
  const bucket = (t: number): number => (nowMs - t > 0 ? Math.floor(Math.log2((nowMs - t) * 1e6)) : -1);
  return bucket(t1Ms) - bucket(t2Ms);
};

const byTime = (a: Pod, b: Pod, ta: number, tb: number, nowMs: number): number => {
  if (ta === tb) return 0;
  const diff = logRankDiff(ta, tb, nowMs);
  if (diff !== 0) return diff;
  return compareStrings(a.metadata.uid ?? '', b.metadata.uid ?? '');
};

const readySinceMs = (pod: Pod): number => simMsOf(podCondition(pod, 'Ready')?.lastTransitionTime ?? '');
const createdMs = (pod: Pod): number => simMsOf(pod.metadata.creationTimestamp ?? '');

/** Negative when `a` should be deleted before `b`. */
export const compareForDeletion = (a: RankedPod, b: RankedPod, nowMs: number): number => {
  const pa = a.pod;
  const pb = b.pod;
  const unassignedA = pa.spec.nodeName === undefined;
  if (unassignedA !== (pb.spec.nodeName === undefined)) return unassignedA ? -1 : 1;
  const phase = (PHASE_ORDER[pa.status?.phase ?? 'Pending'] ?? 0) - (PHASE_ORDER[pb.status?.phase ?? 'Pending'] ?? 0);
  if (phase !== 0) return phase;
  const readyA = isPodReady(pa);
  if (readyA !== isPodReady(pb)) return readyA ? 1 : -1;
  const cost = deletionCost(pa) - deletionCost(pb);
  if (cost !== 0) return cost;
  if (a.rank !== b.rank) return b.rank - a.rank;
  if (readyA) {
    const ready = byTime(pa, pb, readySinceMs(pa), readySinceMs(pb), nowMs);
    if (ready !== 0) return ready;
  }
  const restarts = maxRestarts(pb) - maxRestarts(pa);
  if (restarts !== 0) return restarts;
  const created = byTime(pa, pb, createdMs(pa), createdMs(pb), nowMs);
  if (created !== 0) return created;
  return compareStrings(pa.metadata.name, pb.metadata.name);
};

/** The pods ranked for deletion, first to go first. */
export const rankForDeletion = (pods: readonly Pod[], nowMs: number): Pod[] => {
  const perNode = new Map<string, number>();
  for (const p of pods) if (p.spec.nodeName !== undefined) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
  const ranked = pods.map((pod) => ({ pod, rank: pod.spec.nodeName === undefined ? 0 : (perNode.get(pod.spec.nodeName) ?? 0) }));
  return ranked.sort((a, b) => compareForDeletion(a, b, nowMs)).map((r) => r.pod);
};
