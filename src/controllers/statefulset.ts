/**
 * StatefulSet controller (upstream pkg/controller/statefulset at v1.34: stateful_set.go,
 * stateful_set_control.go, stateful_set_utils.go, stateful_pod_control.go).
 *
 * Owns: the pods `<set>-<ordinal>` of each StatefulSet (creates, deletes, adopts and
 *   releases them), their PersistentVolumeClaims `<template>-<set>-<ordinal>` (creates them
 *   before the pod; sets the ownerReferences the retention policy asks for, so the garbage
 *   collector deletes them), the set's ControllerRevisions, and the set's status.
 * Reads: the StatefulSet, its pods and revisions (by owner uid), orphan pods matching its
 *   selector (label index), the claims of its ordinals (by name).
 * Emits: Create/Delete/Update of pods, Create/Update of claims, Create/Update/Delete of
 *   ControllerRevisions, UpdateStatus of the StatefulSet.
 *
 * The pieces: statefulset-pods (identity, health), statefulset-claims (claims, retention),
 * statefulset-revisions (history), statefulset-control (one sync), statefulset-status.
 * Upstream's expectations are implicit, as for the ReplicaSet: admission applies each
 * action before the next reconcile sees the state.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { Request } from '../api/actions.js';
import type { KubeObject, OwnerReference } from '../api/meta.js';
import { controllerOf, nsName, refOf } from '../api/meta.js';
import type { Pod } from '../api/pod.js';
import type { Selector } from '../api/selector.js';
import { fromLabelSelector, matches } from '../api/selector.js';
import type { StatefulSet } from '../api/workloads.js';
import type { EventRecord } from '../log/events.js';
import type { Controller, ReconcileResult } from '../state/controller.js';
import { getObject, orphanPods, podsOwnedBy } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { canonicalJson } from './history.js';
import { syncStatefulSet } from './statefulset-control.js';
import { isMemberOf, parentAndOrdinal, setControllerRef } from './statefulset-pods.js';
import { statefulSetRevisions, truncateHistory } from './statefulset-revisions.js';
import { statusOf } from './statefulset-status.js';
import { podChangeOf } from './watch.js';

const ACTOR = 'statefulset';

// -------------------------------------------------------------------------------------
// watches
// -------------------------------------------------------------------------------------

const setKey = (state: ClusterState, namespace: string | undefined, name: string): string[] =>
  getObject(state, 'StatefulSet', namespace, name) === undefined ? [] : [nsName(namespace, name)];

/** The set a pod belongs to: its controller, or for an orphan the set its name says (a candidate for adoption). */
const setsOfPod = (state: ClusterState, pod: Pod): string[] => {
  const owner = controllerOf(pod as unknown as KubeObject);
  if (owner?.kind === 'StatefulSet') return [nsName(pod.metadata.namespace, owner.name)];
  if (owner !== undefined) return [];
  const { parent, ordinal } = parentAndOrdinal(pod.metadata.name);
  return ordinal < 0 ? [] : setKey(state, pod.metadata.namespace, parent);
};

/** A deleted claim may unblock a pod waiting on it (a stale claim under whenScaled=Delete, or one that was being deleted). */
const setsOfClaim = (state: ClusterState, claim: KubeObject): string[] =>
  (claim.metadata.ownerReferences ?? []).flatMap((r: OwnerReference) => {
    if (r.kind === 'StatefulSet') return setKey(state, claim.metadata.namespace, r.name);
    if (r.kind === 'Pod') return setKey(state, claim.metadata.namespace, parentAndOrdinal(r.name).parent);
    return [];
  });

const watches = (record: EventRecord, before: ClusterState, after: ClusterState): string[] => {
  const e = record.event;
  if (e.type === 'ActionRejected') return [];
  if (e.type === 'ObjectCreated' || e.type === 'ObjectUpdated') {
    if (e.object.kind === 'StatefulSet') return [nsName(e.object.metadata.namespace, e.object.metadata.name)];
  } else if ('ref' in e && e.ref?.kind === 'StatefulSet') {
    return [nsName(e.ref.namespace, e.ref.name)];
  } else if (e.type === 'ObjectDeleted' && e.ref.kind === 'PersistentVolumeClaim') {
    const claim = getObject(before, 'PersistentVolumeClaim', e.ref.namespace, e.ref.name);
    return claim === undefined ? [] : setsOfClaim(after, claim);
  }
  const change = podChangeOf(record, before, after);
  if (change === undefined) return [];
  const keys = new Set<string>();
  for (const pod of [change.before, change.after]) if (pod !== undefined) for (const k of setsOfPod(after, pod)) keys.add(k);
  return [...keys];
};

// -------------------------------------------------------------------------------------
// pods: upstream getPodsForStatefulSet (ClaimPods with the isMemberOf filter)
// -------------------------------------------------------------------------------------

const withOwners = (pod: Pod, refs: OwnerReference[], reason: string): Request => {
  const others = (pod.metadata.ownerReferences ?? []).filter((r) => r.controller !== true);
  const object = { ...(pod as unknown as KubeObject), metadata: { ...pod.metadata, ownerReferences: [...others, ...refs] } };
  return { actor: ACTOR, reason, action: { type: 'Update', object } };
};

const orphansMatching = (state: ClusterState, set: StatefulSet, selector: Selector): Pod[] =>
  selector.requirements.length === 0
    ? []
    : orphanPods(state, set.metadata.namespace).filter((p) => p.metadata.deletionTimestamp === undefined && isMemberOf(set, p) && matches(selector, p.metadata.labels));

const claimPods = (state: ClusterState, set: StatefulSet, selector: Selector): { pods: Pod[]; requests: Request[] } => {
  const uid = set.metadata.uid ?? '';
  const mine = podsOwnedBy(state, uid).filter((p) => controllerOf(p as unknown as KubeObject)?.uid === uid);
  const belongs = (p: Pod): boolean => isMemberOf(set, p) && matches(selector, p.metadata.labels);
  const release = mine.filter((p) => !belongs(p) && p.metadata.deletionTimestamp === undefined);
  const adopt = orphansMatching(state, set, selector);
  const requests = [...adopt.map((p) => withOwners(p, [setControllerRef(set)], 'Adopted')), ...release.map((p) => withOwners(p, [], 'Released'))];
  return { pods: [...mine.filter(belongs), ...adopt], requests };
};

// -------------------------------------------------------------------------------------
// reconcile
// -------------------------------------------------------------------------------------

const reconcile = (state: ClusterState, key: string, nowMs: number): ReconcileResult => {
  const slash = key.indexOf('/');
  const set = getObject(state, 'StatefulSet', key.slice(0, slash), key.slice(slash + 1)) as unknown as StatefulSet | undefined;
  // upstream: a set being deleted only has its status updated; the garbage collector takes its pods.
  if (set === undefined || set.metadata.deletionTimestamp !== undefined) return { requests: [] };
  const parsed = fromLabelSelector(set.spec.selector);
  if (isLeft(parsed)) return { requests: [] };
  const claimed = claimPods(state, set, parsed.right);
  const revisions = statefulSetRevisions(state, set);
  const sync = syncStatefulSet(state, set, claimed.pods, revisions, nowMs);
  const status = statusOf(set, {
    counted: sync.counted,
    currentRevision: revisions.current.metadata.name,
    updateRevision: revisions.update.metadata.name,
    collisionCount: revisions.collisionCount,
    currentReplicasDelta: sync.currentReplicasDelta,
    nowMs,
  });
  const requests: Request[] = [...claimed.requests, ...revisions.requests, ...sync.requests];
  if (canonicalJson(status) !== canonicalJson(set.status ?? {})) {
    requests.push({ actor: ACTOR, reason: 'StatusUpdated', action: { type: 'UpdateStatus', ref: refOf(set as unknown as KubeObject), status } });
  }
  requests.push(...truncateHistory(set, claimed.pods, revisions));
  return sync.requeueAfterMs === undefined ? { requests } : { requests, requeueAfterMs: sync.requeueAfterMs };
};

export const statefulSetController: Controller = { name: ACTOR, watches, reconcile };
