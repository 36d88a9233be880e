/**
 * ReplicaSet controller (upstream pkg/controller/replicaset).
 *
 * Owns: the pods of each ReplicaSet (creates, deletes, adopts and releases them) and the
 *   ReplicaSet's status.
 * Reads: the ReplicaSet, its pods (by owner uid), orphan pods matching its selector.
 * Emits: Create and Delete of pods (at most 500 per sync, upstream's burstReplicas),
 *   Update of pods' ownerReferences, UpdateStatus of the ReplicaSet.
 *
 * Upstream's "expectations" (waiting until earlier creates are observed) are implicit
 * here: admission applies each action before the next reconcile sees the state.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
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
import { getObject, getPod, listKind, namesWithLabel, podsOwnedBy } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { rankForDeletion } from './pod-ranking.js';
import { podChangeOf } from './watch.js';

/** upstream: BurstReplicas = 500 creates or deletes per sync. */
export const BURST_REPLICAS = 500;
const ACTOR = 'replicaset';

// -------------------------------------------------------------------------------------
// watches
// -------------------------------------------------------------------------------------

const watches = (record: EventRecord, before: ClusterState, after: ClusterState): string[] => {
  const e = record.event;
  if (e.type === 'ActionRejected') return [];
  if (e.type === 'StatusUpdated' && e.ref.kind === 'ReplicaSet') return [];
  const created = e.type === 'ObjectCreated' || e.type === 'ObjectUpdated' ? e.object : undefined;
  if (created?.kind === 'ReplicaSet' || ('ref' in e && e.ref?.kind === 'ReplicaSet')) {
    const o = created ?? (e as { ref: ObjectRef }).ref;
    return [nsName('metadata' in o ? o.metadata.namespace : o.namespace, 'metadata' in o ? o.metadata.name : o.name)];
  }
  const change = podChangeOf(record, before, after);
  if (change === undefined) return [];
  const keys = new Set<string>();
  for (const pod of [change.before, change.after]) {
    if (pod === undefined) continue;
    const owner = controllerOf(pod as unknown as KubeObject);
    if (owner?.kind === 'ReplicaSet') keys.add(nsName(pod.metadata.namespace, owner.name));
    else if (owner === undefined) for (const rs of selectingReplicaSets(after, pod)) keys.add(rs);
  }
  return [...keys];
};

/** ReplicaSets in the pod's namespace whose selector matches it (for adoption of orphans). */
const selectingReplicaSets = (state: ClusterState, pod: Pod): string[] =>
  listKind(state, 'ReplicaSet', pod.metadata.namespace)
    .filter((rs) => {
      const sel = fromLabelSelector((rs as unknown as ReplicaSet).spec.selector);
      return !isLeft(sel) && matches(sel.right, pod.metadata.labels);
    })
    .map((rs) => nsName(rs.metadata.namespace, rs.metadata.name));

// -------------------------------------------------------------------------------------
// reconcile
// -------------------------------------------------------------------------------------

const reconcile = (state: ClusterState, key: string, nowMs: number): ReconcileResult => {
  const { namespace, name } = parseObjectKey(`ReplicaSet/${key}`);
  const rs = getObject(state, 'ReplicaSet', namespace, name) as unknown as ReplicaSet | undefined;
  if (rs === undefined || rs.metadata.deletionTimestamp !== undefined) return { requests: [] };
  const parsed = fromLabelSelector(rs.spec.selector);
  if (isLeft(parsed)) return { requests: [] };
  const selector = parsed.right;
  const { owned: mine, adopt, release } = claimPods(state, rs, selector);
  // upstream ClaimPods: adopted pods count as this ReplicaSet's from this sync on.
  const owned = [...mine, ...adopt];
  const active = owned.filter(isPodActive);
  const requests: Request[] = [...adopt.map((p) => setOwner(p, [ownerRefTo(rs)], 'adopted')), ...release.map((p) => setOwner(p, [], 'released'))];
  requests.push(...manageReplicas(rs, active, nowMs));
  const status = statusOf(rs, owned, nowMs);
  if (JSON.stringify(status.status) !== JSON.stringify(rs.status)) {
    requests.push({ actor: ACTOR, reason: 'StatusUpdated', action: { type: 'UpdateStatus', ref: refOf(rs as unknown as KubeObject), status: status.status } });
  }
  return status.recheckInMs === undefined ? { requests } : { requests, requeueAfterMs: status.recheckInMs };
};

/** upstream ClaimPods: owned pods that still match, orphans to adopt, owned pods to release. */
const claimPods = (state: ClusterState, rs: ReplicaSet, selector: Selector): { owned: Pod[]; adopt: Pod[]; release: Pod[] } => {
  const uid = rs.metadata.uid ?? '';
  const mine = podsOwnedBy(state, uid).filter((p) => controllerOf(p as unknown as KubeObject)?.uid === uid);
  const owned = mine.filter((p) => matches(selector, p.metadata.labels));
  const release = mine.filter((p) => !matches(selector, p.metadata.labels) && p.metadata.deletionTimestamp === undefined);
  const adopt = orphansMatching(state, rs, selector);
  return { owned, adopt, release };
};

const orphansMatching = (state: ClusterState, rs: ReplicaSet, selector: Selector): Pod[] => {
  const first = selector.requirements.find((r) => r.operator === 'In' && r.values.length === 1) ?? selector.requirements.find((r) => r.operator === 'Equals');
  if (first === undefined) return [];
  return namesWithLabel(state, 'Pod', rs.metadata.namespace, first.key, first.values[0] ?? '')
    .map((n) => getPod(state, rs.metadata.namespace, n))
    .filter((p): p is Pod => p !== undefined && isPodActive(p) && controllerOf(p as unknown as KubeObject) === undefined && matches(selector, p.metadata.labels));
};

const ownerRefTo = (rs: ReplicaSet): OwnerReference => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  name: rs.metadata.name,
  uid: rs.metadata.uid ?? '',
  controller: true,
  blockOwnerDeletion: true,
});

const setOwner = (pod: Pod, refs: OwnerReference[], reason: string): Request => {
  const others = (pod.metadata.ownerReferences ?? []).filter((r) => r.controller !== true);
  const ownerReferences = [...others, ...refs];
  const metadata = { ...pod.metadata, ownerReferences };
  return { actor: ACTOR, reason: reason === 'adopted' ? 'Adopted' : 'Released', action: { type: 'Update', object: { ...(pod as unknown as KubeObject), metadata } } };
};

const manageReplicas = (rs: ReplicaSet, active: readonly Pod[], nowMs: number): Request[] => {
  const diff = active.length - desiredReplicas(rs);
  if (diff < 0) {
    const count = Math.min(-diff, BURST_REPLICAS);
    return Array.from({ length: count }, () => ({ actor: ACTOR, reason: 'SuccessfulCreate', action: { type: 'Create', object: podFromTemplate(rs) } }));
  }
  if (diff > 0) {
    const victims = rankForDeletion(active, nowMs).slice(0, Math.min(diff, BURST_REPLICAS));
    return victims.map((p) => ({ actor: ACTOR, reason: 'SuccessfulDelete', action: { type: 'Delete', ref: refOf(p as unknown as KubeObject) } }));
  }
  return [];
};

/** upstream GetPodFromTemplate: generateName `<rs>-`, template labels and annotations, controller ref. */
export const podFromTemplate = (rs: ReplicaSet): KubeObject => {
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
      ownerReferences: [ownerRefTo(rs)],
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
  const templateLabels = rs.spec.template?.metadata?.labels ?? {};
  const active = owned.filter(isPodActive);
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  let recheck: number | undefined;
  for (const p of active) {
    if (Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v)) fullyLabeled++;
    if (!isPodReady(p)) continue;
    ready++;
    const readyFor = nowMs - simMsOf(podCondition(p, 'Ready')?.lastTransitionTime ?? '');
    // upstream IsPodAvailable: ready for strictly longer than minReadySeconds.
    if (minReadyMs === 0 || readyFor > minReadyMs) available++;
    else recheck = Math.min(recheck ?? Infinity, minReadyMs - readyFor + 1);
  }
  const status: ReplicaSetStatus = {
    replicas: active.length,
    ...(fullyLabeled > 0 ? { fullyLabeledReplicas: fullyLabeled } : {}),
    ...(ready > 0 ? { readyReplicas: ready } : {}),
    ...(available > 0 ? { availableReplicas: available } : {}),
    observedGeneration: rs.metadata.generation ?? 1,
  };
  return recheck === undefined ? { status } : { status, recheckInMs: recheck };
};

export const replicaSetController: Controller = { name: ACTOR, watches, reconcile };

