/**
 * evolve: the only way state changes. `state(t) = records(≤ t).reduce(evolve, emptyState)`.
 *
 * A record that does not fit the state (an update of an object that is not there) is a
 * bug in admission or a corrupt log: it throws, naming the record's sequence number.
 */
import { absurd } from 'fp-ts/lib/function.js';
import type { KubeObject, ObjectRef } from '../api/meta.js';
import { nsName, refOf as refOfObject } from '../api/meta.js';
import type { Node } from '../api/node.js';
import type { Pod } from '../api/pod.js';
import { timestampAt } from '../api/time.js';
import type { Event, EventRecord } from '../log/events.js';
import { Draft } from './draft.js';
import { reindex } from './indexes.js';
import * as podStatus from './pod-status.js';
import type { ClusterState } from './state.js';

export class EvolveError extends Error {
  constructor(readonly seq: number, message: string) {
    super(`event #${seq}: ${message}`);
  }
}

export const evolve = (state: ClusterState, record: EventRecord): ClusterState => evolveAll(state, [record]);

/** Folds many records at once: one commit, untouched maps keep their identity. */
export const evolveAll = (state: ClusterState, records: Iterable<EventRecord>): ClusterState => {
  const draft = new Draft(state);
  for (const record of records) applyRecord(draft, record);
  return draft.commit();
};

/**
 * The replay fast path: the same fold, with the derived indexes built once from the final
 * objects instead of kept up to date event by event. Equal to evolveAll (up to the order
 * of members inside index sets, which no reader relies on).
 */
export const foldAll = (state: ClusterState, records: Iterable<EventRecord>): ClusterState => {
  const draft = new Draft(state, true);
  for (const record of records) applyRecord(draft, record);
  const { objects, indexer } = draft.deferredObjects();
  for (const o of objects) reindex(indexer, undefined, o);
  return indexer.commit();
};

const applyRecord = (draft: Draft, record: EventRecord): void => {
  if (record.seq !== draft.seq + 1) throw new EvolveError(record.seq, `out of order: expected #${draft.seq + 1}`);
  if (record.timeMs < draft.timeMs) throw new EvolveError(record.seq, `time goes back from ${draft.timeMs} to ${record.timeMs} ms`);
  draft.seq = record.seq;
  draft.timeMs = record.timeMs;
  applyEvent(draft, record.event, record);
  markProgress(draft, record);
};

/** Lifecycle steps the kubelet model times its next step from (see ClusterState.podProgressMs). */
const markProgress = (draft: Draft, r: EventRecord): void => {
  const e = r.event;
  switch (e.type) {
    case 'PodBound':
    case 'PodSandboxStarted':
    case 'PodContainersStarted':
    case 'PodBecameReady':
      return draft.setPodProgress(nsName(e.pod.namespace, e.pod.name), r.timeMs);
    case 'ObjectDeleting':
      if (e.ref.kind === 'Pod') draft.setPodProgress(nsName(e.ref.namespace, e.ref.name), r.timeMs);
      return;
    case 'ObjectCreated':
      if (e.object.kind === 'Pod' && (e.object['spec'] as { nodeName?: string } | undefined)?.nodeName !== undefined) {
        draft.setPodProgress(nsName(e.object.metadata.namespace, e.object.metadata.name), r.timeMs);
      }
      return;
    case 'ObjectDeleted':
      if (e.ref.kind === 'Pod') draft.setPodProgress(nsName(e.ref.namespace, e.ref.name), undefined);
      return;
    default:
      return;
  }
};

const applyEvent = (draft: Draft, e: Event, r: EventRecord): void => {
  switch (e.type) {
    case 'ObjectCreated':
      return create(draft, e.object, r);
    case 'ObjectUpdated':
      return change(draft, r, refOfObject(e.object), () => e.object);
    case 'ObjectScaled':
      return change(draft, r, e.ref, (o) => bump({ ...o, spec: { ...(o['spec'] as object), replicas: e.replicas } }));
    case 'ObjectDeleting':
      return change(draft, r, e.ref, (o) => ({
        ...o,
        metadata: { ...o.metadata, deletionTimestamp: e.deletionTimestamp, deletionGracePeriodSeconds: e.gracePeriodSeconds },
      }));
    case 'ObjectDeleted':
      return remove(draft, r, e.ref);
    case 'StatusUpdated':
      return change(draft, r, e.ref, (o) => ({ ...o, status: e.status }));
    case 'PodBound':
      advanceStartIndex(draft, e.trace.evaluatedNodes);
      return changePod(draft, r, e.pod, (p) => podStatus.bound(p, e.node, timestampAt(r.timeMs)));
    case 'PodUnschedulable':
      return changePod(draft, r, e.pod, (p) => podStatus.unschedulable(p, e.message, timestampAt(r.timeMs)));
    case 'PodSandboxStarted':
      return changePod(draft, r, e.pod, (p) => podStatus.sandboxStarted(p, hostIPOf(draft, p), e.podIP, timestampAt(r.timeMs)));
    case 'PodContainersStarted':
      return changePod(draft, r, e.pod, (p) => podStatus.containersStarted(p, timestampAt(r.timeMs)));
    case 'PodBecameReady':
      return changePod(draft, r, e.pod, (p) => podStatus.becameReady(p, timestampAt(r.timeMs)));
    case 'ActionRejected':
      return;
    default:
      return absurd(e);
  }
};

// --- object changes ------------------------------------------------------------------

const withVersion = (o: KubeObject, seq: number): KubeObject => ({
  ...o,
  metadata: { ...o.metadata, resourceVersion: String(seq) },
});

/** resourceVersion = the writing event's seq; a replay stamps each object once, at the end. */
const stamp = (draft: Draft, o: KubeObject, seq: number): KubeObject => {
  if (!draft.deferred) return withVersion(o, seq);
  draft.lastWrite.set(o, seq);
  return o;
};

const bump = (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, generation: (o.metadata.generation ?? 1) + 1 } });

const create = (draft: Draft, object: KubeObject, r: EventRecord): void => {
  const key = nsName(object.metadata.namespace, object.metadata.name);
  if (draft.getObject(object.kind, key) !== undefined) throw new EvolveError(r.seq, `${object.kind} ${key} already exists`);
  const stored = stamp(draft, object, r.seq);
  draft.putObject(object.kind, key, stored);
  if (object.kind === 'Node') draft.addNodeName(object.metadata.name);
  if (!draft.deferred) reindex(draft, undefined, stored);
};

const lookup = (draft: Draft, r: EventRecord, ref: ObjectRef): KubeObject => {
  const o = draft.getObject(ref.kind, nsName(ref.namespace, ref.name));
  if (o === undefined) throw new EvolveError(r.seq, `${ref.kind} ${nsName(ref.namespace, ref.name)} does not exist`);
  if (ref.uid !== undefined && ref.uid !== o.metadata.uid) throw new EvolveError(r.seq, `${ref.kind} ${ref.name}: uid ${ref.uid} is not the stored ${o.metadata.uid ?? ''}`);
  return o;
};

const change = (draft: Draft, r: EventRecord, ref: ObjectRef, next: (o: KubeObject) => KubeObject): void => {
  const before = lookup(draft, r, ref);
  const after = stamp(draft, next(before), r.seq);
  draft.putObject(before.kind, nsName(before.metadata.namespace, before.metadata.name), after);
  if (!draft.deferred) reindex(draft, before, after);
};

const changePod = (draft: Draft, r: EventRecord, ref: ObjectRef, next: (p: Pod) => Pod): void =>
  change(draft, r, { ...ref, kind: 'Pod' }, (o) => next(o as unknown as Pod) as unknown as KubeObject);

const remove = (draft: Draft, r: EventRecord, ref: ObjectRef): void => {
  const before = lookup(draft, r, ref);
  draft.removeObject(before.kind, nsName(before.metadata.namespace, before.metadata.name));
  if (before.kind === 'Node') draft.removeNodeName(before.metadata.name);
  if (!draft.deferred) reindex(draft, before, undefined);
};

// --- scheduler and kubelet helpers ---------------------------------------------------

/** upstream: nextStartNodeIndex = (next + processed) mod |all nodes|. */
const advanceStartIndex = (draft: Draft, evaluated: number): void => {
  const nodes = draft.countKind('Node');
  draft.nextStartNodeIndex = nodes === 0 ? 0 : (draft.nextStartNodeIndex + evaluated) % nodes;
};

const hostIPOf = (draft: Draft, pod: Pod): string => {
  const node = draft.getObject('Node', nsName(undefined, pod.spec.nodeName ?? '')) as Node | undefined;
  return node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
};
