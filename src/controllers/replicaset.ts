/**
 * ReplicaSet controller (upstream pkg/controller/replicaset), and the ReplicationController
 * controller, which upstream runs as the same code behind an adapter
 * (pkg/controller/replication: a v1 RC with a map selector is handled as a ReplicaSet).
 *
 * Owns: the pods of each ReplicaSet / ReplicationController (creates, deletes, adopts and
 *   releases them) and its status.
 * Reads: the object, its pods (by owner uid), orphan pods matching its selector.
 * Emits: Create and Delete of pods (at most 500 per sync, upstream's burstReplicas),
 *   Update of pods' ownerReferences, UpdateStatus of the owner.
 *
 * Upstream's "expectations" (waiting until earlier creates are observed) are implicit
 * here: admission applies each action before the next reconcile sees the state.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left } from 'fp-ts/lib/Either.js';
import type { Request } from '../api/actions.js';
import type { KubeObject, ObjectRef, OwnerReference } from '../api/meta.js';
import { controllerOf, nsName, parseObjectKey, refOf } from '../api/meta.js';
import type { Pod } from '../api/pod.js';
import { isPodActive, isPodReady, podCondition } from '../api/pod.js';
import type { ReplicaSet, ReplicaSetStatus } from '../api/replicaset.js';
import { desiredReplicas } from '../api/replicaset.js';
import type { Selector } from '../api/selector.js';
import { fromLabelSelector, matches } from '../api/selector.js';
import { simMsOf } from '../api/time.js';
import type { EventRecord } from '../log/events.js';
import type { Controller, ReconcileResult } from '../state/controller.js';
import { compareStrings, getObject, listKind, orphanPods, podsControlledBy } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { rankForDeletion } from './pod-ranking.js';
import { podChangeOf } from './watch.js';

/** upstream: BurstReplicas = 500 creates or deletes per sync. */
export const BURST_REPLICAS = 500;

/** What tells a ReplicaSet from a ReplicationController: everything else is shared. */
interface ReplicaKind {
  readonly kind: 'ReplicaSet' | 'ReplicationController';
  readonly apiVersion: string;
  /** The actor in the log (upstream's controller names). */
  readonly actor: string;
  /** The selector as a Selector; Left for one the controller cannot use. */
  readonly selectorOf: (o: ReplicaSet) => Either<string, Selector>;
}

const REPLICA_SET: ReplicaKind = {
  kind: 'ReplicaSet',
  apiVersion: 'apps/v1',
  actor: 'replicaset',
  selectorOf: (rs) => fromLabelSelector(rs.spec.selector),
};

/** v1 RC: `spec.selector` is a plain map, read as matchLabels (upstream: labels.SelectorFromSet). */
const REPLICATION_CONTROLLER: ReplicaKind = {
  kind: 'ReplicationController',
  apiVersion: 'v1',
  actor: 'replicationcontroller',
  selectorOf: (rc) => {
    const map = (rc.spec as { selector?: Record<string, string> }).selector ?? {};
    // upstream: an RC with an empty selector selects nothing (validation refuses it anyway)
    return Object.keys(map).length === 0 ? left('empty selector') : fromLabelSelector({ matchLabels: map });
  },
};

// -------------------------------------------------------------------------------------
// watches
// -------------------------------------------------------------------------------------

const watchesFor = (rk: ReplicaKind) => (record: EventRecord, before: ClusterState, after: ClusterState): string[] => {
  const e = record.event;
  if (e.type === 'ActionRejected') return [];
  if (e.type === 'StatusUpdated' && e.ref.kind === rk.kind) return [];
  const created = e.type === 'ObjectCreated' || e.type === 'ObjectUpdated' ? e.object : undefined;
  if (created?.kind === rk.kind || ('ref' in e && e.ref?.kind === rk.kind)) {
    const o = created ?? (e as { ref: ObjectRef }).ref;
    return [nsName('metadata' in o ? o.metadata.namespace : o.namespace, 'metadata' in o ? o.metadata.name : o.name)];
  }
  const change = podChangeOf(record, before, after);
  if (change === undefined) return [];
  const keys = new Set<string>();
  for (const pod of [change.before, change.after]) {
    if (pod === undefined) continue;
    const owner = controllerOf(pod as unknown as KubeObject);
    if (owner?.kind === rk.kind) keys.add(nsName(pod.metadata.namespace, owner.name));
    else if (owner === undefined) for (const key of selectingOwners(rk, after, pod)) keys.add(key);
  }
  return [...keys];
};

/** Owners of this kind in the pod's namespace whose selector matches it (for adoption of orphans). */
const selectingOwners = (rk: ReplicaKind, state: ClusterState, pod: Pod): string[] =>
  listKind(state, rk.kind, pod.metadata.namespace)
    .filter((o) => {
      const sel = rk.selectorOf(o as unknown as ReplicaSet);
      return !isLeft(sel) && matches(sel.right, pod.metadata.labels);
    })
    .map((o) => nsName(o.metadata.namespace, o.metadata.name));

// -------------------------------------------------------------------------------------
// reconcile
// -------------------------------------------------------------------------------------

const reconcileFor = (rk: ReplicaKind) => (state: ClusterState, key: string, nowMs: number): ReconcileResult => {
  const { namespace, name } = parseObjectKey(`${rk.kind}/${key}`);
  const rs = getObject(state, rk.kind, namespace, name) as unknown as ReplicaSet | undefined;
  if (rs === undefined || rs.metadata.deletionTimestamp !== undefined) return { requests: [] };
  const parsed = rk.selectorOf(rs);
  if (isLeft(parsed)) return { requests: [] };
  const selector = parsed.right;
  const { owned: mine, adopt, release } = claimPods(state, rs, selector);
  // upstream ClaimPods: adopted pods count as this owner's from this sync on.
  const owned = [...mine, ...adopt];
  const active = owned.filter(isPodActive);
  const requests: Request[] = [
    ...adopt.map((p) => setOwner(rk, p, [ownerRefTo(rk, rs)], 'adopted')),
    ...release.map((p) => setOwner(rk, p, [], 'released')),
  ];
  requests.push(...manageReplicas(rk, rs, active, nowMs));
  const status = statusOf(rs, owned, nowMs);
  if (JSON.stringify(status.status) !== JSON.stringify(rs.status)) {
    requests.push({ actor: rk.actor, reason: 'StatusUpdated', action: { type: 'UpdateStatus', ref: refOf(rs as unknown as KubeObject), status: status.status } });
  }
  return status.recheckInMs === undefined ? { requests } : { requests, requeueAfterMs: status.recheckInMs };
};

/**
 * upstream ClaimPods: owned pods that still match, orphans to adopt, owned pods to release.
 * `owned` is in the index's order (only counted, or ranked by a total order); the lists
 * that become requests are sorted by name.
 */
const claimPods = (state: ClusterState, rs: ReplicaSet, selector: Selector): { owned: Pod[]; adopt: Pod[]; release: Pod[] } => {
  const uid = rs.metadata.uid ?? '';
  const owned: Pod[] = [];
  const release: Pod[] = [];
  for (const p of podsControlledBy(state, uid)) {
    if (matches(selector, p.metadata.labels)) owned.push(p);
    else if (p.metadata.deletionTimestamp === undefined) release.push(p);
  }
  release.sort((a, b) => compareStrings(a.metadata.name, b.metadata.name));
  const adopt = orphansMatching(state, rs, selector);
  return { owned, adopt, release };
};

/** Active pods of the namespace that no controller owns and that the selector matches, by name. */
const orphansMatching = (state: ClusterState, rs: ReplicaSet, selector: Selector): Pod[] =>
  selector.requirements.length === 0 ? [] : orphanPods(state, rs.metadata.namespace).filter((p) => isPodActive(p) && matches(selector, p.metadata.labels));

const ownerRefTo = (rk: ReplicaKind, rs: ReplicaSet): OwnerReference => ({
  apiVersion: rk.apiVersion,
  kind: rk.kind,
  name: rs.metadata.name,
  uid: rs.metadata.uid ?? '',
  controller: true,
  blockOwnerDeletion: true,
});

const setOwner = (rk: ReplicaKind, pod: Pod, refs: OwnerReference[], reason: string): Request => {
  const others = (pod.metadata.ownerReferences ?? []).filter((r) => r.controller !== true);
  const ownerReferences = [...others, ...refs];
  const metadata = { ...pod.metadata, ownerReferences };
  return { actor: rk.actor, reason: reason === 'adopted' ? 'Adopted' : 'Released', action: { type: 'Update', object: { ...(pod as unknown as KubeObject), metadata } } };
};

const manageReplicas = (rk: ReplicaKind, rs: ReplicaSet, active: readonly Pod[], nowMs: number): Request[] => {
  const diff = active.length - desiredReplicas(rs);
  if (diff < 0) {
    const count = Math.min(-diff, BURST_REPLICAS);
    const object = podFromTemplateOf(rk, rs);
    return Array.from({ length: count }, () => ({ actor: rk.actor, reason: 'SuccessfulCreate', action: { type: 'Create', object } }));
  }
  if (diff > 0) {
    const victims = rankForDeletion(active, nowMs, Math.min(diff, BURST_REPLICAS));
    return victims.map((p) => ({ actor: rk.actor, reason: 'SuccessfulDelete', action: { type: 'Delete', ref: refOf(p as unknown as KubeObject) } }));
  }
  return [];
};

/** upstream GetPodFromTemplate: generateName `<rs>-`, template labels and annotations, controller ref. */
export const podFromTemplate = (rs: ReplicaSet): KubeObject => podFromTemplateOf(REPLICA_SET, rs);

const podFromTemplateOf = (rk: ReplicaKind, rs: ReplicaSet): KubeObject => {
  const template = rs.spec.template ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: '',
      generateName: `${rs.metadata.name}-`,
      namespace: rs.metadata.namespace ?? 'default',
      ...(template.metadata?.labels === undefined ? {} : { labels: { ...template.metadata.labels } }),
      ...(template.metadata?.annotations === undefined ? {} : { annotations: { ...template.metadata.annotations } }),
      ownerReferences: [ownerRefTo(rk, rs)],
    },
    spec: template.spec ?? { containers: [] },
  };
};

// -------------------------------------------------------------------------------------
// status
// -------------------------------------------------------------------------------------

/** upstream calculateStatus: counts over the pods this sync saw (creates show up next sync). */
const statusOf = (rs: ReplicaSet, owned: readonly Pod[], nowMs: number): { status: ReplicaSetStatus; recheckInMs?: number } => {
  const minReadyMs = (rs.spec.minReadySeconds ?? 0) * 1000;
  const templateLabels = Object.entries(rs.spec.template?.metadata?.labels ?? {});
  let active = 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  let recheck: number | undefined;
  for (const p of owned) {
    if (!isPodActive(p)) continue;
    active++;
    const labels = p.metadata.labels;
    if (templateLabels.every(([k, v]) => labels?.[k] === v)) fullyLabeled++;
    if (!isPodReady(p)) continue;
    ready++;
    if (minReadyMs === 0) {
      available++;
      continue;
    }
    const readyFor = nowMs - simMsOf(podCondition(p, 'Ready')?.lastTransitionTime ?? '');
    // upstream IsPodAvailable: ready for strictly longer than minReadySeconds.
    if (readyFor > minReadyMs) available++;
    else recheck = Math.min(recheck ?? Infinity, minReadyMs - readyFor + 1);
  }
  const status: ReplicaSetStatus = {
    replicas: active,
    ...(fullyLabeled > 0 ? { fullyLabeledReplicas: fullyLabeled } : {}),
    ...(ready > 0 ? { readyReplicas: ready } : {}),
    ...(available > 0 ? { availableReplicas: available } : {}),
    observedGeneration: rs.metadata.generation ?? 1,
  };
  return recheck === undefined ? { status } : { status, recheckInMs: recheck };
};

export const replicaSetController: Controller = { name: REPLICA_SET.actor, watches: watchesFor(REPLICA_SET), reconcile: reconcileFor(REPLICA_SET) };

/** upstream pkg/controller/replication: the ReplicaSet logic behind an RC adapter. */
export const replicationControllerController: Controller = {
  name: REPLICATION_CONTROLLER.actor,
  watches: watchesFor(REPLICATION_CONTROLLER),
  reconcile: reconcileFor(REPLICATION_CONTROLLER),
};

