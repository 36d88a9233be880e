/**
 * Deletion as the API server does it (upstream apiserver registry rest.BeforeDelete and
 * the garbage collector's finalizers):
 *
 * - an object without finalizers goes at once (ObjectDeleted); a pod on a node first gets
 *   its grace period (ObjectDeleting, deletionTimestamp = now + grace) and the kubelet
 *   removes it when its containers have stopped;
 * - propagationPolicy Foreground or Orphan adds the `foregroundDeletion` or `orphan`
 *   finalizer: the object stays (deletionTimestamp = now) until the garbage collector has
 *   deleted its blocking dependents, or removed their ownerReferences, and then removes
 *   the finalizer; Background (the default) deletes the object now and its dependents
 *   afterwards;
 * - any other finalizer keeps the object until its controller removes it (RemoveFinalizer);
 *   the last one out deletes the object;
 * - a namespace turns Terminating; the namespace controller deletes its content and then
 *   finalizes it. default, kube-system and kube-public may not be deleted.
 */
import { right } from 'fp-ts/lib/Either.js';
import type { PropagationPolicy } from '../api/actions.js';
import { FOREGROUND_FINALIZER as FOREGROUND, ORPHAN_FINALIZER as ORPHAN } from '../api/actions.js';
import type { KubeObject, ObjectRef } from '../api/meta.js';
import type { Pod } from '../api/pod.js';
import { isPodTerminal } from '../api/pod.js';
import { timestampAt } from '../api/time.js';
import type { Event } from '../log/events.js';
import type { AdmissionContext, Decision } from './rejection.js';
import { reject } from './rejection.js';


/** upstream NamespaceLifecycle admission: these may not be deleted. */
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

const policyFinalizer = (policy: PropagationPolicy | undefined): string | undefined =>
  policy === 'Foreground' ? FOREGROUND : policy === 'Orphan' ? ORPHAN : undefined;

/** upstream: a pod that never reached a node, or has finished, needs no kubelet to stop it. */
const podGone = (pod: Pod): boolean => pod.spec.nodeName === undefined || isPodTerminal(pod);

const exactRef = (ref: ObjectRef, o: KubeObject): ObjectRef => ({ ...ref, kind: o.kind, uid: o.metadata.uid ?? '' });

export const deleteObject = (o: KubeObject, ref: ObjectRef, grace: number | undefined, policy: PropagationPolicy | undefined, ctx: AdmissionContext): Decision => {
  const exact = exactRef(ref, o);
  if (o.kind === 'Namespace') return deleteNamespace(o, exact, ctx);
  if (o.metadata.deletionTimestamp !== undefined) return right([]);
  const current = o.metadata.finalizers ?? [];
  const added = policyFinalizer(policy);
  const finalizers = added === undefined || current.includes(added) ? current : [...current, added];
  const changed = finalizers === current ? {} : { finalizers };
  if (o.kind === 'Pod') return deletePod(o as unknown as Pod, exact, grace, finalizers, changed, ctx);
  if (finalizers.length === 0) return right([{ type: 'ObjectDeleted', ref: exact }]);
  return right([{ type: 'ObjectDeleting', ref: exact, deletionTimestamp: timestampAt(ctx.nowMs), gracePeriodSeconds: 0, ...changed }]);
};

const deletePod = (pod: Pod, ref: ObjectRef, grace: number | undefined, finalizers: readonly string[], changed: { finalizers?: string[] }, ctx: AdmissionContext): Decision => {
  const seconds = podGone(pod) ? 0 : (grace ?? pod.spec.terminationGracePeriodSeconds ?? 30);
  if (seconds <= 0 && finalizers.length === 0) return right([{ type: 'ObjectDeleted', ref }]);
  return right([{ type: 'ObjectDeleting', ref, deletionTimestamp: timestampAt(ctx.nowMs + Math.max(seconds, 0) * 1000), gracePeriodSeconds: Math.max(seconds, 0), ...changed }]);
};

const deleteNamespace = (ns: KubeObject, ref: ObjectRef, ctx: AdmissionContext): Decision => {
  const name = ns.metadata.name;
  if (IMMORTAL_NAMESPACES.has(name)) return reject('Forbidden', `namespaces ${JSON.stringify(name)} is forbidden: this namespace may not be deleted`);
  if (ns.metadata.deletionTimestamp !== undefined) return right([]);
  return right([
    { type: 'ObjectDeleting', ref, deletionTimestamp: timestampAt(ctx.nowMs), gracePeriodSeconds: 0 },
    { type: 'StatusUpdated', ref, status: { ...(ns['status'] as object | undefined), phase: 'Terminating' } },
  ]);
};


export const removeFinalizer = (o: KubeObject, ref: ObjectRef, finalizer: string): Decision => {
  const current = o.metadata.finalizers ?? [];
  if (!current.includes(finalizer)) return right([]);
  const exact = exactRef(ref, o);
  const events: Event[] = [{ type: 'FinalizerRemoved', ref: exact, finalizer }];
  const last = current.length === 1;
  const deleting = o.metadata.deletionTimestamp !== undefined;
  if (last && deleting && (o.kind !== 'Pod' || podGone(o as unknown as Pod))) events.push({ type: 'ObjectDeleted', ref: exact });
  return right(events);
};

/** The kubelet is done with a pod being deleted: it goes, unless finalizers keep it (the last one out removes it). */
export const removeTerminatedPod = (pod: Pod, ref: ObjectRef): Decision => {
  if (pod.metadata.deletionTimestamp === undefined) return reject('Conflict', `pod ${JSON.stringify(pod.metadata.name)} is not being deleted`);
  return (pod.metadata.finalizers ?? []).length > 0 ? right([]) : right([{ type: 'ObjectDeleted', ref }]);
};

export const finalizeNamespace = (ns: KubeObject, ref: ObjectRef): Decision => {
  if (ns.metadata.deletionTimestamp === undefined) return reject('Conflict', `namespace ${JSON.stringify(ns.metadata.name)} is not being deleted`);
  if ((ns.metadata.finalizers ?? []).length > 0) return right([]);
  return right([{ type: 'ObjectDeleted', ref: exactRef(ref, ns) }]);
};
