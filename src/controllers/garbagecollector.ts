/**
 * Garbage collector (upstream pkg/controller/garbagecollector), all three propagation
 * policies:
 *
 * - Background: a dependent whose owners are all gone is deleted.
 * - Foreground: an owner being deleted with the `foregroundDeletion` finalizer has its
 *   dependents deleted (in the foreground too, as upstream does); once none of those whose
 *   ownerReference has blockOwnerDeletion is left, the finalizer is removed and the owner
 *   goes.
 * - Orphan: an owner being deleted with the `orphan` finalizer has its reference removed
 *   from every dependent, then the finalizer is removed and the owner goes; the
 *   dependents stay.
 *
 * Owns: deletion of dependents, the two GC finalizers. Reads: ownerReferences, owners by
 * uid, dependents by owner uid (indexes). Emits: Delete, Update (ownerReferences),
 * RemoveFinalizer.
 *
 * An owner counts as absent when no object has its uid, or the object with that uid has
 * another kind or name, or lives in another namespace than a namespaced dependent.
 */
import type { Request } from '../api/actions.js';
import { FOREGROUND_FINALIZER as FOREGROUND, ORPHAN_FINALIZER as ORPHAN } from '../api/actions.js';
import type { KubeObject, OwnerReference } from '../api/meta.js';
import { keyOfObject, keyOfRef, refOf } from '../api/meta.js';
import { kindInfo } from '../api/kinds.js';
import type { EventRecord } from '../log/events.js';
import type { Controller, ReconcileResult } from '../state/controller.js';
import { dependentsOf, getByKey, getByUid, getObject } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';

const ACTOR = 'garbage-collector';

/** Keys of the owners (by uid) an object names, as they stand in `state`. */
const ownerKeys = (state: ClusterState, o: KubeObject | undefined): string[] =>
  (o?.metadata.ownerReferences ?? []).flatMap((r) => {
    const key = state.byUid.get(r.uid);
    return key === undefined ? [] : [key];
  });

const watches = (record: EventRecord, before: ClusterState, after: ClusterState): string[] => {
  const e = record.event;
  switch (e.type) {
    case 'ObjectDeleted': {
      // its dependents may be orphans now; its owners may be waiting for it
      const gone = getObject(before, e.ref.kind, e.ref.namespace, e.ref.name);
      return [...(e.ref.uid === undefined ? [] : (before.dependents.get(e.ref.uid) ?? [])), ...ownerKeys(after, gone)];
    }
    case 'ObjectDeleting':
      return (e.finalizers ?? []).some((f) => f === FOREGROUND || f === ORPHAN) ? [keyOfRef(e.ref)] : [];
    case 'ObjectCreated':
    case 'ObjectUpdated': {
      // the object itself may be an orphan; owners it left or joined may be waiting on it
      const o = e.object;
      const was = e.type === 'ObjectUpdated' ? getObject(before, o.kind, o.metadata.namespace, o.metadata.name) : undefined;
      const owners = [...ownerKeys(after, was), ...ownerKeys(after, o)];
      return (o.metadata.ownerReferences?.length ?? 0) === 0 ? owners : [keyOfObject(o), ...owners];
    }
    default:
      return [];
  }
};

const ownerPresent = (state: ClusterState, dependent: KubeObject, ref: OwnerReference): boolean => {
  const owner = getByUid(state, ref.uid);
  if (owner === undefined || owner.kind !== ref.kind || owner.metadata.name !== ref.name) return false;
  const namespaced = kindInfo(owner.kind)?.namespaced ?? true;
  return !namespaced || owner.metadata.namespace === dependent.metadata.namespace;
};

const request = (reason: string, action: Request['action']): Request => ({ actor: ACTOR, reason, action });

const reconcile = (state: ClusterState, key: string): ReconcileResult => {
  const o = getByKey(state, key);
  if (o === undefined) return { requests: [] };
  const finalizers = o.metadata.finalizers ?? [];
  if (o.metadata.deletionTimestamp !== undefined) {
    if (finalizers.includes(ORPHAN)) return orphanDependents(state, o);
    if (finalizers.includes(FOREGROUND)) return deleteInForeground(state, o);
    return { requests: [] };
  }
  const refs = o.metadata.ownerReferences ?? [];
  if (refs.length === 0 || refs.some((r) => ownerPresent(state, o, r))) return { requests: [] };
  return { requests: [request('OwnerGone', { type: 'Delete', ref: refOf(o) })] };
};

const withoutOwner = (dependent: KubeObject, ownerUid: string): KubeObject => {
  const rest = (dependent.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
  // an empty list clears them (an Update without the field keeps them, as apply does)
  return { ...dependent, metadata: { ...dependent.metadata, ownerReferences: rest } };
};

const orphanDependents = (state: ClusterState, owner: KubeObject): ReconcileResult => {
  const uid = owner.metadata.uid ?? '';
  const dependents = dependentsOf(state, uid);
  if (dependents.length === 0) return { requests: [request('OrphanedDependents', { type: 'RemoveFinalizer', ref: refOf(owner), finalizer: ORPHAN })] };
  return { requests: dependents.map((d) => request('Orphaned', { type: 'Update', object: withoutOwner(d, uid) })) };
};

const blocks = (dependent: KubeObject, ownerUid: string): boolean =>
  (dependent.metadata.ownerReferences ?? []).some((r) => r.uid === ownerUid && r.blockOwnerDeletion === true);

const deleteInForeground = (state: ClusterState, owner: KubeObject): ReconcileResult => {
  const uid = owner.metadata.uid ?? '';
  const dependents = dependentsOf(state, uid);
  const deletes = dependents
    .filter((d) => d.metadata.deletionTimestamp === undefined)
    .map((d) => request('ForegroundDeletion', { type: 'Delete', ref: refOf(d), propagationPolicy: 'Foreground' }));
  if (dependents.some((d) => blocks(d, uid))) return { requests: deletes };
  return { requests: [...deletes, request('DependentsDeleted', { type: 'RemoveFinalizer', ref: refOf(owner), finalizer: FOREGROUND })] };
};

export const garbageCollector: Controller = { name: ACTOR, watches, reconcile };
