/**
 * Deployment controller (upstream pkg/controller/deployment, kube-controller-manager v1.34).
 *
 * Owns: the ReplicaSets of each Deployment (creates `<name>-<pod-template-hash>`, scales,
 *   adopts and releases them, deletes old ones beyond revisionHistoryLimit), the
 *   Deployment's revision annotation and its status.
 * Reads: the Deployment, the ReplicaSets it owns (by owner uid) or could adopt (label
 *   index), and for Recreate the pods of its old ReplicaSets.
 * Emits: Create / Scale / Update / Delete of ReplicaSets (reason ScalingReplicaSet when a
 *   size changes), Update of the Deployment's annotations, UpdateStatus of the Deployment.
 *
 * The sync follows upstream syncDeployment: being deleted → status only; paused or a
 * resize → `sync` (proportional scaling, no new ReplicaSet); otherwise the strategy's
 * rollout. The modules: deployment-util (arithmetic), deployment-sync (working copies →
 * requests), deployment-replicasets (claiming, the new ReplicaSet), deployment-rolling
 * (RollingUpdate and Recreate), deployment-scale (resize, history), deployment-status.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { KubeObject } from '../api/meta.js';
import { controllerOf, nsName, parseObjectKey } from '../api/meta.js';

import { fromLabelSelector, matches } from '../api/selector.js';
import type { Deployment } from '../api/workloads.js';
import type { EventRecord } from '../log/events.js';
import { subjectOf } from '../log/subject.js';
import type { Controller, ReconcileResult } from '../state/controller.js';
import { done } from '../state/controller.js';
import { getByUid, getObject, listKind } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { claimReplicaSets, replicaSetsOf } from './deployment-replicasets.js';
import { rolloutRecreate, rolloutRolling } from './deployment-rolling.js';
import { isScalingEvent, syncScaling } from './deployment-scale.js';
import { checkPausedConditions, syncDeploymentStatus } from './deployment-status.js';
import { ACTOR, Sync } from './deployment-sync.js';

// -------------------------------------------------------------------------------------
// watches
// -------------------------------------------------------------------------------------

const watches = (record: EventRecord, before: ClusterState, after: ClusterState): string[] => {
  const e = record.event;
  if (e.type === 'ActionRejected') return [];
  // its own status writes too, as upstream's updateDeployment handler: the old ReplicaSets are
  // cleaned up by the sync that sees the status say the rollout is complete
  const ref = subjectOf(e);
  if (ref === undefined) return [];
  if (ref.kind === 'Deployment') return [nsName(ref.namespace, ref.name)];
  if (ref.kind === 'ReplicaSet') return replicaSetOwners(before, after, ref.namespace, ref.name);
  if (ref.kind === 'Pod' && e.type === 'ObjectDeleted') return recreateOwnerOfPod(before, ref.namespace, ref.name);
  return [];
};

/** upstream add/update/deleteReplicaSet: the controlling Deployment (before and after), or for an orphan those whose selector matches it. */
const replicaSetOwners = (before: ClusterState, after: ClusterState, namespace: string | undefined, name: string): string[] => {
  const keys = new Set<string>();
  for (const state of [before, after]) {
    const rs = getObject(state, 'ReplicaSet', namespace, name);
    if (rs === undefined) continue;
    const owner = controllerOf(rs);
    if (owner?.kind === 'Deployment') keys.add(nsName(namespace, owner.name));
    else if (owner === undefined && state === after) for (const key of selectingDeployments(after, rs)) keys.add(key);
  }
  return [...keys];
};

const selectingDeployments = (state: ClusterState, rs: KubeObject): string[] =>
  listKind(state, 'Deployment', rs.metadata.namespace)
    .filter((d) => {
      const sel = fromLabelSelector((d as unknown as Deployment).spec.selector);
      return !isLeft(sel) && sel.right.requirements.length > 0 && matches(sel.right, rs.metadata.labels);
    })
    .map((d) => nsName(d.metadata.namespace, d.metadata.name));

/** upstream deletePod: only a Recreate rollout waits for old pods to be gone. */
const recreateOwnerOfPod = (before: ClusterState, namespace: string | undefined, name: string): string[] => {
  const pod = getObject(before, 'Pod', namespace, name);
  const rsRef = pod === undefined ? undefined : controllerOf(pod);
  if (rsRef?.kind !== 'ReplicaSet') return [];
  const rs = getByUid(before, rsRef.uid);
  const dRef = rs === undefined ? undefined : controllerOf(rs);
  if (dRef?.kind !== 'Deployment') return [];
  const d = getByUid(before, dRef.uid) as unknown as Deployment | undefined;
  return d?.spec.strategy?.type === 'Recreate' ? [nsName(namespace, d.metadata.name)] : [];
};

// -------------------------------------------------------------------------------------
// reconcile
// -------------------------------------------------------------------------------------

const reconcile = (state: ClusterState, key: string, nowMs: number): ReconcileResult => {
  const { namespace, name } = parseObjectKey(`Deployment/${key}`);
  const d = getObject(state, 'Deployment', namespace, name) as unknown as Deployment | undefined;
  if (d === undefined) return done;
  const parsed = fromLabelSelector(d.spec.selector);
  // upstream: an empty selector selects everything and is refused (a warning event, nothing else); admission refuses it first
  if (isLeft(parsed) || parsed.right.requirements.length === 0 || parsed.right.matchesNothing === true) return done;
  const { owned, requests } = claimReplicaSets(state, d, parsed.right);
  const sync = new Sync(d, nowMs, owned, requests);
  syncDeployment(sync, state);
  return sync.finish();
};

const syncDeployment = (sync: Sync, state: ClusterState): void => {
  const d = sync.d;
  if (d.metadata.deletionTimestamp !== undefined) {
    const { newRS, oldRSs } = replicaSetsOf(sync, state, false);
    syncDeploymentStatus(sync, newRS === undefined ? oldRSs : [...oldRSs, newRS], newRS);
    return;
  }
  checkPausedConditions(sync);
  if (d.spec.paused === true || isScalingEvent(sync, state)) {
    syncScaling(sync, state);
    return;
  }
  switch (d.spec.strategy?.type ?? 'RollingUpdate') {
    case 'Recreate':
      rolloutRecreate(sync, state);
      return;
    case 'RollingUpdate':
      rolloutRolling(sync, state);
      return;
    default:
      return; // admission refuses other types
  }
};

/** Upstream runs Deployments' syncs in any order; kubesim in the order their keys became dirty. */
export const deploymentController: Controller = { name: ACTOR, watches, reconcile };

