/** Folding a log back into state: the whole of it, or up to an instant (see history.ts). */
import type { EventRecord } from '../log/events.js';
import { historyOf } from './history.js';
import type { ClusterState } from './state.js';

/** The state after every record. */
export const replay = (records: readonly EventRecord[]): ClusterState => {
  const h = historyOf(records);
  return h.stateAt(h.lastSeq);
};

/** The state as it stood at `timeMs`, after that instant settled. */
export const stateAt = (records: readonly EventRecord[], timeMs: number): ClusterState => {
  const h = historyOf(records);
  return h.stateAt(h.seqAt(timeMs));
};
