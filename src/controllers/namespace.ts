/**
 * Namespace controller (upstream pkg/controller/namespace): empties a namespace that is
 * being deleted, then finalizes it.
 *
 * Owns: the content of Terminating namespaces. Reads: namespaces, the objects in each
 * (by namespace index). Emits: Delete of every object still in it (pods get their grace
 * period), and FinalizeNamespace once nothing is left.
 */
import type { Request } from '../api/actions.js';
import { refOf } from '../api/meta.js';
import type { EventRecord } from '../log/events.js';
import { subjectOf } from '../log/subject.js';
import type { Controller, ReconcileResult } from '../state/controller.js';
import { getByKey, getObject, keysInNamespace } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';

const ACTOR = 'namespace-controller';

const terminating = (state: ClusterState, namespace: string | undefined): boolean =>
  namespace !== undefined && getObject(state, 'Namespace', undefined, namespace)?.metadata.deletionTimestamp !== undefined;

const watches = (record: EventRecord, _before: ClusterState, after: ClusterState): string[] => {
  const e = record.event;
  const ref = subjectOf(e);
  if (ref === undefined) return [];
  if (ref.kind === 'Namespace') return e.type === 'ObjectDeleting' ? [ref.name] : [];
  // content going away: the namespace may be empty now
  return e.type === 'ObjectDeleted' && terminating(after, ref.namespace) ? [ref.namespace ?? ''] : [];
};

const request = (reason: string, action: Request['action']): Request => ({ actor: ACTOR, reason, action });

const reconcile = (state: ClusterState, name: string): ReconcileResult => {
  const ns = getObject(state, 'Namespace', undefined, name);
  if (ns?.metadata.deletionTimestamp === undefined) return { requests: [] };
  const content = keysInNamespace(state, name).flatMap((k) => {
    const o = getByKey(state, k);
    return o === undefined ? [] : [o];
  });
  if (content.length === 0) return { requests: [request('NamespaceFinalized', { type: 'FinalizeNamespace', ref: refOf(ns) })] };
  return {
    requests: content
      .filter((o) => o.metadata.deletionTimestamp === undefined)
      .map((o) => request('NamespaceDeletion', { type: 'Delete', ref: refOf(o) })),
  };
};

export const namespaceController: Controller = { name: ACTOR, watches, reconcile };
