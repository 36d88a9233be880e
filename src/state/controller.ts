/**
 * The contract every controller (and the scheduler, and the kubelet model) implements:
 * the informer/work-queue pattern of Kubernetes, made pure.
 *
 * - `watches(record, before, after)` names the keys an event makes dirty (cheaply: use the
 *   state's indexes, never a scan of the cluster).
 * - `reconcile(state, key, now, rng)` looks at the state as it is and returns the actions
 *   that move it toward what is desired, and optionally when to look again.
 */
import type { Request } from '../api/actions.js';
import type { EventRecord } from '../log/events.js';
import type { ClusterState } from './state.js';

/** A seeded, splittable pseudo-random source (implemented in src/engine/rng.ts). */
export interface Rng {
  /** A uniform integer in [from, to], both inclusive. */
  int(from: number, to: number): number;
  /** A uniform float in [0, 1). */
  float(): number;
  /** An independent stream, a pure function of this stream's seed and the label. */
  split(label: string): Rng;
}

export interface ReconcileResult {
  readonly requests: readonly Request[];
  /** Look at this key again after this many milliseconds (rounded up to the tick). */
  readonly requeueAfterMs?: number;
}

export interface Controller {
  /** Short name used as the actor in the log: `replicaset`, `scheduler`, `kubelet`. */
  readonly name: string;
  readonly watches: (record: EventRecord, before: ClusterState, after: ClusterState) => Iterable<string>;
  readonly reconcile: (state: ClusterState, key: string, nowMs: number, rng: Rng) => ReconcileResult;
  /**
   * Optional processing order of dirty keys within a round: ascending rank, ties in the
   * order they became dirty (default: that order). Computed once per key per round.
   */
  readonly rankKey?: (state: ClusterState, key: string) => number;
}

export const done: ReconcileResult = { requests: [] };
