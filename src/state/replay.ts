/** Folding a log back into state: the whole of it, or up to an instant. */
import type { EventRecord } from '../log/events.js';
import { foldAll } from './evolve.js';
import type { ClusterState } from './state.js';
import { emptyState } from './state.js';

/** The state after every record (one batch: the fast path, no intermediate states kept). */
export const replay = (records: readonly EventRecord[]): ClusterState => foldAll(emptyState, records);

/** Index of the first record later than `timeMs` (records are in time order). */
export const indexAfter = (records: readonly EventRecord[], timeMs: number): number => {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((records[mid] as EventRecord).timeMs <= timeMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** The state as it stood at `timeMs`, after that instant settled. */
export const stateAt = (records: readonly EventRecord[], timeMs: number): ClusterState =>
  foldAll(emptyState, records.slice(0, indexAfter(records, timeMs)));
