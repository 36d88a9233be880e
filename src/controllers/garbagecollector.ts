/**
 * Garbage collector, background propagation (upstream pkg/controller/garbagecollector).
 *
 * Owns: deletion of dependents whose owners are all gone.
 * Reads: each object's ownerReferences, owners by uid.
 * Emits: Delete of orphaned dependents.
 *
 * An owner counts as absent when no object has its uid, or the object with that uid has
 * another kind or name, or lives in another namespace than a namespaced dependent.
 * (Foreground and orphan propagation are a later issue; the README says so.)
 */
import type { KubeObject, OwnerReference } from '../api/meta.js';
import { keyOfObject, refOf } from '../api/meta.js';
import { kindInfo } from '../api/kinds.js';
import type { EventRecord } from '../log/events.js';
import type { Controller, ReconcileResult } from '../state/controller.js';
import { getByKey, getByUid } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';

const ACTOR = 'garbage-collector';

const watches = (record: EventRecord, before: ClusterState): string[] => {
  const e = record.event;
  if (e.type === 'ObjectDeleted' && e.ref.uid !== undefined) return [...(before.dependents.get(e.ref.uid) ?? [])];
  if ((e.type === 'ObjectCreated' || e.type === 'ObjectUpdated') && (e.object.metadata.ownerReferences?.length ?? 0) > 0) {
    return [keyOfObject(e.object)];
  }
  return [];
};

const ownerPresent = (state: ClusterState, dependent: KubeObject, ref: OwnerReference): boolean => {
  const owner = getByUid(state, ref.uid);
  if (owner === undefined || owner.kind !== ref.kind || owner.metadata.name !== ref.name) return false;
  const namespaced = kindInfo(owner.kind)?.namespaced ?? true;
  return !namespaced || owner.metadata.namespace === dependent.metadata.namespace;
};

const reconcile = (state: ClusterState, key: string): ReconcileResult => {
  const o = getByKey(state, key);
  const refs = o?.metadata.ownerReferences ?? [];
  if (o === undefined || refs.length === 0 || o.metadata.deletionTimestamp !== undefined) return { requests: [] };
  if (refs.some((r) => ownerPresent(state, o, r))) return { requests: [] };
  return { requests: [{ actor: ACTOR, reason: 'OwnerGone', action: { type: 'Delete', ref: refOf(o) } }] };
};

export const garbageCollector: Controller = { name: ACTOR, watches, reconcile };
