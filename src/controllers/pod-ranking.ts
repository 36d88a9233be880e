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

/** upstream logarithmicRankDiff's bucket: ⌊log2(age in ns)⌋; -1 for no age. */
const bucket = (tMs: number, nowMs: number): number => (nowMs - tMs > 0 ? Math.floor(Math.log2((nowMs - tMs) * 1e6)) : -1);

const readySinceMs = (pod: Pod): number => simMsOf(podCondition(pod, 'Ready')?.lastTransitionTime ?? '');
const createdMs = (pod: Pod): number => simMsOf(pod.metadata.creationTimestamp ?? '');

/** What the ranking compares, read once per pod (a sort compares each pod many times). */
interface Keys {
  readonly pod: Pod;
  readonly unassigned: boolean;
  readonly phase: number;
  readonly ready: boolean;
  readonly cost: number;
  readonly rank: number;
  readonly readyMs: number;
  readonly readyBucket: number;
  readonly restarts: number;
  readonly createdMs: number;
  readonly createdBucket: number;
}

const keysOf = (r: RankedPod, nowMs: number): Keys => {
  const pod = r.pod;
  const ready = isPodReady(pod);
  const readyMs = ready ? readySinceMs(pod) : 0;
  const created = createdMs(pod);
  return {
    pod,
    unassigned: pod.spec.nodeName === undefined,
    phase: PHASE_ORDER[pod.status?.phase ?? 'Pending'] ?? 0,
    ready,
    cost: deletionCost(pod),
    rank: r.rank,
    readyMs,
    readyBucket: bucket(readyMs, nowMs),
    restarts: maxRestarts(pod),
    createdMs: created,
    createdBucket: bucket(created, nowMs),
  };
};

/** upstream: equal times tie; otherwise the log2 buckets, then the uid. */
const byTime = (a: Keys, b: Keys, ta: number, tb: number, ba: number, bb: number): number => {
  if (ta === tb) return 0;
  if (ba !== bb) return ba - bb;
  return compareStrings(a.pod.metadata.uid ?? '', b.pod.metadata.uid ?? '');
};

const compareKeys = (a: Keys, b: Keys): number => {
  if (a.unassigned !== b.unassigned) return a.unassigned ? -1 : 1;
  if (a.phase !== b.phase) return a.phase - b.phase;
  if (a.ready !== b.ready) return a.ready ? 1 : -1;
  if (a.cost !== b.cost) return a.cost - b.cost;
  if (a.rank !== b.rank) return b.rank - a.rank;
  if (a.ready) {
    const ready = byTime(a, b, a.readyMs, b.readyMs, a.readyBucket, b.readyBucket);
    if (ready !== 0) return ready;
  }
  if (a.restarts !== b.restarts) return b.restarts - a.restarts;
  const created = byTime(a, b, a.createdMs, b.createdMs, a.createdBucket, b.createdBucket);
  if (created !== 0) return created;
  return compareStrings(a.pod.metadata.name, b.pod.metadata.name);
};

/** Negative when `a` should be deleted before `b`. */
export const compareForDeletion = (a: RankedPod, b: RankedPod, nowMs: number): number => compareKeys(keysOf(a, nowMs), keysOf(b, nowMs));

/**
 * The pods ranked for deletion, first to go first; only the first `limit` when given
 * (a bounded selection: a scale-down of a few pods out of thousands compares most pods
 * once, against the worst one kept so far, instead of sorting them all). The order is
 * total, so the selection is exactly the sorted list's prefix.
 */
export const rankForDeletion = (pods: readonly Pod[], nowMs: number, limit = pods.length): Pod[] => {
  const perNode = new Map<string, number>();
  for (const p of pods) if (p.spec.nodeName !== undefined) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
  const keyOf = (pod: Pod): Keys => keysOf({ pod, rank: pod.spec.nodeName === undefined ? 0 : (perNode.get(pod.spec.nodeName) ?? 0) }, nowMs);
  if (limit >= pods.length) return pods.map(keyOf).sort(compareKeys).map((k) => k.pod);
  const kept = new WorstFirst(limit);
  for (const pod of pods) kept.offer(keyOf(pod));
  return kept.sorted().map((k) => k.pod);
};

/** A binary heap of at most `capacity` keys with the last to delete on top. */
class WorstFirst {
  private readonly heap: Keys[] = [];
  constructor(private readonly capacity: number) {}

  offer(k: Keys): void {
    if (this.capacity <= 0) return;
    const h = this.heap;
    if (h.length < this.capacity) {
      h.push(k);
      this.up(h.length - 1);
    } else if (compareKeys(k, h[0] as Keys) < 0) {
      h[0] = k;
      this.down(0);
    }
  }

  sorted(): Keys[] {
    return [...this.heap].sort(compareKeys);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compareKeys(h[i] as Keys, h[parent] as Keys) <= 0) return;
      [h[i], h[parent]] = [h[parent] as Keys, h[i] as Keys];
      i = parent;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < h.length && compareKeys(h[l] as Keys, h[top] as Keys) > 0) top = l;
      if (r < h.length && compareKeys(h[r] as Keys, h[top] as Keys) > 0) top = r;
      if (top === i) return;
      [h[i], h[top]] = [h[top] as Keys, h[i] as Keys];
      i = top;
    }
  }
}
