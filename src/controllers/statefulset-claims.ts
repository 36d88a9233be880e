/**
 * StatefulSet PersistentVolumeClaims (upstream stateful_set_utils.go getPersistentVolumeClaims,
 * isClaimOwnerUpToDate, updateClaimOwnerRefForSetAndPod, and stateful_pod_control.go
 * createPersistentVolumeClaims, PodClaimIsStale).
 *
 * A claim `<template>-<set>-<ordinal>` is created before its pod and outlives it. The
 * retention policy is carried by ownerReferences, so the garbage collector does the
 * deleting: whenDeleted=Delete puts a controller reference to the set on claims of pods in
 * range; whenScaled=Delete puts one to the pod on claims of pods beyond the range.
 */
import type { Request } from '../api/actions.js';
import type { KubeObject, OwnerReference } from '../api/meta.js';
import type { Pod } from '../api/pod.js';
import type { PersistentVolumeClaim } from '../api/storage.js';
import type { StatefulSet } from '../api/workloads.js';
import { getObject } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { claimName, inOrdinalRange, ordinalOf } from './statefulset-pods.js';

const ACTOR = 'statefulset';

export interface RetentionPolicy {
  readonly whenDeleted: 'Retain' | 'Delete';
  readonly whenScaled: 'Retain' | 'Delete';
}

/** upstream getPersistentVolumeClaimRetentionPolicy; an unknown value counts as Retain, as upstream logs and does. */
export const retentionOf = (set: StatefulSet): RetentionPolicy => {
  const p = set.spec.persistentVolumeClaimRetentionPolicy;
  return { whenDeleted: p?.whenDeleted === 'Delete' ? 'Delete' : 'Retain', whenScaled: p?.whenScaled === 'Delete' ? 'Delete' : 'Retain' };
};

/** The claim templates as `[name, template]`, in spec order. */
const templatesOf = (set: StatefulSet): [string, Record<string, unknown>][] =>
  (set.spec.volumeClaimTemplates ?? []).flatMap((c) => {
    const name = (c['metadata'] as { name?: string } | undefined)?.name ?? '';
    return name === '' ? [] : [[name, c] as [string, Record<string, unknown>]];
  });

export const getClaim = (state: ClusterState, namespace: string | undefined, name: string): PersistentVolumeClaim | undefined =>
  getObject(state, 'PersistentVolumeClaim', namespace, name) as unknown as PersistentVolumeClaim | undefined;

// -------------------------------------------------------------------------------------
// owner references (upstream isClaimOwnerUpToDate / updateClaimOwnerRefForSetAndPod)
// -------------------------------------------------------------------------------------

interface Owner {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** '' for a pod not created yet. */
  readonly uid: string;
}

const setOwner = (set: StatefulSet): Owner => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name, uid: set.metadata.uid ?? '' });
const podOwner = (pod: Pod | KubeObject): Owner => ({ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid ?? '' });

/** upstream matchesRef: same name and group/version/kind (whatever the uid). */
const matchesRef = (ref: OwnerReference, o: Owner): boolean => ref.apiVersion === o.apiVersion && ref.kind === o.kind && ref.name === o.name;
const hasOwnerRef = (refs: readonly OwnerReference[], o: Owner): boolean => o.uid !== '' && refs.some((r) => r.uid === o.uid);
/** A reference to an earlier incarnation (same name, other uid): upstream leaves such claims alone. */
export const hasStaleOwnerRef = (refs: readonly OwnerReference[], o: Owner): boolean => {
  const ref = refs.find((r) => matchesRef(r, o));
  return ref !== undefined && ref.uid !== o.uid;
};

const hasUnexpectedController = (refs: readonly OwnerReference[], policy: RetentionPolicy, set: Owner, pod: Owner): boolean => {
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Retain') return false;
  return refs.some((r) => {
    if (matchesRef(r, set)) return r.uid !== set.uid;
    if (matchesRef(r, pod)) return r.uid !== pod.uid;
    return r.controller === true;
  });
};

/** Which of set and pod should own the claim under the policy (upstream's four-way switch). */
const wantedOwners = (policy: RetentionPolicy, scaledDown: boolean): { set: boolean; pod: boolean } => ({
  set: policy.whenDeleted === 'Delete' && (policy.whenScaled === 'Retain' || !scaledDown),
  pod: policy.whenScaled === 'Delete' && scaledDown,
});

const claimOwnerUpToDate = (refs: readonly OwnerReference[], policy: RetentionPolicy, set: Owner, pod: Owner, scaledDown: boolean): boolean => {
  if (hasStaleOwnerRef(refs, set) || hasStaleOwnerRef(refs, pod)) return true;
  if (hasUnexpectedController(refs, policy, set, pod)) return !(hasOwnerRef(refs, set) || hasOwnerRef(refs, pod));
  const ours = refs.filter((r) => (set.uid !== '' && r.uid === set.uid) || (pod.uid !== '' && r.uid === pod.uid));
  if (ours.some((r) => r.controller !== true)) return false;
  const want = wantedOwners(policy, scaledDown);
  return want.set === hasOwnerRef(refs, set) && want.pod === hasOwnerRef(refs, pod);
};

const controllerRef = (o: Owner): OwnerReference => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, uid: o.uid, controller: true, blockOwnerDeletion: true });

/** upstream updateClaimOwnerRefForSetAndPod: scrub our references, then add those the policy wants. */
const ownerRefsFor = (refs: readonly OwnerReference[], policy: RetentionPolicy, set: Owner, pod: Owner, scaledDown: boolean): OwnerReference[] => {
  const unexpected = hasUnexpectedController(refs, policy, set, pod);
  const kept = refs.filter((r) => !matchesRef(r, set) && !matchesRef(r, pod));
  if (unexpected) return kept;
  const want = wantedOwners(policy, scaledDown);
  return [...kept, ...(want.set && set.uid !== '' ? [controllerRef(set)] : []), ...(want.pod && pod.uid !== '' ? [controllerRef(pod)] : [])];
};

// -------------------------------------------------------------------------------------
// requests
// -------------------------------------------------------------------------------------

/** upstream getPersistentVolumeClaims: the template, renamed, in the set's namespace, with the selector's matchLabels merged in. */
const newClaim = (set: StatefulSet, name: string, template: Record<string, unknown>, pod: KubeObject): KubeObject => {
  const meta = (template['metadata'] ?? {}) as { labels?: Record<string, string>; annotations?: Record<string, string> };
  const labels = { ...meta.labels, ...set.spec.selector?.matchLabels };
  const ordinal = ordinalOf(pod);
  const refs = ownerRefsFor([], retentionOf(set), setOwner(set), podOwner(pod), !inOrdinalRange(set, ordinal));
  const { apiVersion: _a, kind: _k, metadata: _m, status: _s, ...rest } = template;
  return {
    ...rest,
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: claimName(set, name, ordinal),
      namespace: set.metadata.namespace ?? 'default',
      ...(Object.keys(labels).length === 0 ? {} : { labels }),
      ...(meta.annotations === undefined ? {} : { annotations: { ...meta.annotations } }),
      // upstream creates the claim bare and sets these references right after the pod; the same end state, one write fewer.
      ...(refs.length === 0 ? {} : { ownerReferences: refs }),
    },
  };
};

export type ClaimCheck = { readonly ok: true; readonly requests: Request[] } | { readonly ok: false; readonly reason: string };

/**
 * upstream createPersistentVolumeClaims: create each missing claim of the pod. A claim
 * being deleted blocks the pod (upstream returns an error and retries).
 */
export const missingClaims = (state: ClusterState, set: StatefulSet, pod: KubeObject): ClaimCheck => {
  const requests: Request[] = [];
  for (const [name, template] of templatesOf(set)) {
    const existing = getClaim(state, set.metadata.namespace, claimName(set, name, ordinalOf(pod)));
    if (existing?.metadata.deletionTimestamp !== undefined) return { ok: false, reason: `pvc ${existing.metadata.name} is being deleted` };
    if (existing === undefined) requests.push({ actor: ACTOR, reason: 'SuccessfulCreate', action: { type: 'Create', object: newClaim(set, name, template, pod) } });
  }
  return { ok: true, requests };
};

/** upstream PodClaimIsStale: under whenScaled=Delete, a claim still owned by an earlier pod of that name blocks its successor. */
export const podClaimIsStale = (state: ClusterState, set: StatefulSet, pod: KubeObject): boolean => {
  if (retentionOf(set).whenScaled === 'Retain') return false;
  return templatesOf(set).some(([name]) => {
    const claim = getClaim(state, set.metadata.namespace, claimName(set, name, ordinalOf(pod)));
    return claim !== undefined && hasStaleOwnerRef(claim.metadata.ownerReferences ?? [], podOwner(pod));
  });
};

/** upstream UpdatePodClaimForRetentionPolicy: Update each existing claim of the pod whose references disagree with the policy. */
export const claimRetentionUpdates = (state: ClusterState, set: StatefulSet, pod: Pod): Request[] => {
  const policy = retentionOf(set);
  const scaledDown = !inOrdinalRange(set, ordinalOf(pod));
  const requests: Request[] = [];
  for (const [name] of templatesOf(set)) {
    const claim = getClaim(state, set.metadata.namespace, claimName(set, name, ordinalOf(pod)));
    if (claim === undefined) continue;
    const refs = claim.metadata.ownerReferences ?? [];
    if (claimOwnerUpToDate(refs, policy, setOwner(set), podOwner(pod), scaledDown)) continue;
    const ownerReferences = ownerRefsFor(refs, policy, setOwner(set), podOwner(pod), scaledDown);
    const object = { ...(claim as unknown as KubeObject), metadata: { ...claim.metadata, ownerReferences } };
    requests.push({ actor: ACTOR, reason: 'ClaimRetentionUpdated', action: { type: 'Update', object } });
  }
  return requests;
};
