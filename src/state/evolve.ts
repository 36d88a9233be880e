/**
 * evolve: the only way state changes. `state(t) = records(≤ t).reduce(evolve, emptyState)`.
 *
 * A record that does not fit the state (an update of an object that is not there) is a
 * bug in admission or a corrupt log: it throws, naming the record's sequence number.
 * What an event does to its object is step.ts; this file keeps the store and the indexes
 * in step with it. Reading a saved log takes a faster route to the same state (history.ts).
 */
import type { KubeObject } from '../api/meta.js';
import { nsName } from '../api/meta.js';
import type { Event, EventRecord } from '../log/events.js';
import { subjectOf } from '../log/subject.js';
import { Draft } from './draft.js';
import { reindex } from './indexes.js';
import type { ClusterState } from './state.js';
import { alreadyExists, checkOrder, doesNotExist, internalIPOf, progressOf, stepObject, uidMismatch, withVersion } from './step.js';

export { EvolveError } from './step.js';

export const evolve = (state: ClusterState, record: EventRecord): ClusterState => evolveAll(state, [record]);

/** Folds many records at once: one commit, untouched maps keep their identity. */
export const evolveAll = (state: ClusterState, records: Iterable<EventRecord>): ClusterState => {
  const draft = new Draft(state);
  for (const record of records) applyRecord(draft, record);
  return draft.commit();
};

const applyRecord = (draft: Draft, r: EventRecord): void => {
  checkOrder(r, draft.seq, draft.timeMs);
  draft.seq = r.seq;
  draft.timeMs = r.timeMs;
  const e = r.event;
  const ref = subjectOf(e);
  if (ref !== undefined) {
    const key = nsName(ref.namespace, ref.name);
    const before = draft.getObject(ref.kind, key);
    if (e.type === 'ObjectCreated') {
      if (before !== undefined) throw alreadyExists(r.seq, ref.kind, key);
    } else {
      if (before === undefined) throw doesNotExist(r.seq, ref.kind, key);
      const uid = e.type === 'ObjectUpdated' ? e.object.metadata.uid : ref.uid;
      if (uid !== undefined && uid !== before.metadata.uid) throw uidMismatch(r.seq, ref.kind, ref.name, uid, before.metadata.uid);
    }
    const next = stepObject(before, e, r.timeMs, () => hostIPOf(draft, before));
    const after = next === undefined ? undefined : withVersion(next, r.seq);
    if (after === undefined) draft.removeObject(ref.kind, key);
    else draft.putObject(ref.kind, key, after);
    if (ref.kind === 'Node' && before === undefined) draft.addNodeName(ref.name);
    if (ref.kind === 'Node' && after === undefined) draft.removeNodeName(ref.name);
    reindex(draft, before, after);
  }
  const evaluated = evaluatedNodesOf(e);
  if (evaluated !== undefined) advanceStartIndex(draft, evaluated);
  const progress = progressOf(r);
  if (progress !== null) draft.setPodProgress(progress.key, progress.ms);
};

/** How many nodes a scheduling cycle visited (bound or not): what moves the start index. */
export const evaluatedNodesOf = (e: Event): number | undefined =>
  e.type === 'PodBound' ? e.trace.evaluatedNodes : e.type === 'PodUnschedulable' ? e.trace?.evaluatedNodes : undefined;

/** upstream: nextStartNodeIndex = (next + processed) mod |all nodes|. */
export const nextStartIndex = (current: number, evaluated: number, nodes: number): number =>
  nodes === 0 ? 0 : (current + evaluated) % nodes;

const advanceStartIndex = (draft: Draft, evaluated: number): void => {
  draft.nextStartNodeIndex = nextStartIndex(draft.nextStartNodeIndex, evaluated, draft.countKind('Node'));
};

const hostIPOf = (draft: Draft, pod: KubeObject | undefined): string =>
  internalIPOf(draft.getObject('Node', nsName(undefined, (pod?.['spec'] as { nodeName?: string } | undefined)?.nodeName ?? '')));
