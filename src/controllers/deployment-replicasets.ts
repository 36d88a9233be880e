/**
 * Which ReplicaSets a Deployment has, and its new one (upstream
 * getReplicaSetsForDeployment / ClaimReplicaSets and getNewReplicaSet in sync.go).
 */
import type { Request } from '../api/actions.js';
import type { KubeObject, OwnerReference } from '../api/meta.js';
import { controllerOf } from '../api/meta.js';
import type { ReplicaSet } from '../api/replicaset.js';
import type { Selector } from '../api/selector.js';
import { matches } from '../api/selector.js';
import { timestampAt } from '../api/time.js';
import type { Deployment } from '../api/workloads.js';
import { dependentsOf, getObject, namesWithLabel } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { controllerRefTo, POD_TEMPLATE_HASH_LABEL, templateHash } from './history.js';
import type { Sync } from './deployment-sync.js';
import { ACTOR } from './deployment-sync.js';
import {
  condition,
  copyDeploymentAnnotations,
  DESIRED_REPLICAS_ANNOTATION,
  equalIgnoreHash,
  findNewReplicaSet,
  getCondition,
  hasProgressDeadline,
  MAX_REPLICAS_ANNOTATION,
  MAX_REVISION_HISTORY_CHARS,
  maxRevision,
  maxSurgeOf,
  newRSNewReplicas,
  REASON,
  replicasOf,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  revisionOf,
  setCondition,
} from './deployment-util.js';

const asObject = (o: unknown): KubeObject => o as KubeObject;

// -------------------------------------------------------------------------------------
// claiming
// -------------------------------------------------------------------------------------

/**
 * upstream ClaimReplicaSets: owned ReplicaSets that still match are kept, owned ones that
 * no longer match are released, matching orphans are adopted (none while the Deployment
 * is being deleted). Orphans are found through the label index on one of the selector's
 * equality requirements, never by listing the namespace.
 */
export const claimReplicaSets = (state: ClusterState, d: Deployment, selector: Selector): { owned: ReplicaSet[]; requests: Request[] } => {
  const uid = d.metadata.uid ?? '';
  const deleting = d.metadata.deletionTimestamp !== undefined;
  const mine = dependentsOf(state, uid).filter((o) => o.kind === 'ReplicaSet' && controllerOf(o)?.uid === uid) as unknown as ReplicaSet[];
  const kept = mine.filter((rs) => matches(selector, rs.metadata.labels) || deleting);
  const requests = mine.filter((rs) => !kept.includes(rs)).map((rs) => ownerUpdate(rs, [], 'Released'));
  if (deleting) return { owned: kept, requests };
  const adopted = orphansMatching(state, d, selector);
  requests.push(...adopted.map((rs) => ownerUpdate(rs, [controllerRefTo(d)], 'Adopted')));
  const owned = [...kept, ...adopted.map((rs) => ({ ...rs, metadata: { ...rs.metadata, ownerReferences: [...(rs.metadata.ownerReferences ?? []), controllerRefTo(d)] } }))];
  return { owned, requests };
};

const orphansMatching = (state: ClusterState, d: Deployment, selector: Selector): ReplicaSet[] => {
  const first = selector.requirements.find((r) => r.operator === 'In' && r.values.length === 1) ?? selector.requirements.find((r) => r.operator === 'Equals');
  if (first === undefined) return [];
  return namesWithLabel(state, 'ReplicaSet', d.metadata.namespace, first.key, first.values[0] ?? '')
    .map((n) => getObject(state, 'ReplicaSet', d.metadata.namespace, n))
    .filter((o): o is KubeObject => o !== undefined && o.metadata.deletionTimestamp === undefined && controllerOf(o) === undefined && matches(selector, o.metadata.labels))
    .map((o) => o as unknown as ReplicaSet);
};

const ownerUpdate = (rs: ReplicaSet, refs: OwnerReference[], reason: string): Request => {
  const others = (rs.metadata.ownerReferences ?? []).filter((r) => r.controller !== true);
  const { status: _s, ...object } = rs;
  return { actor: ACTOR, reason, action: { type: 'Update', object: asObject({ ...object, metadata: { ...rs.metadata, ownerReferences: [...others, ...refs] } }) } };
};

// -------------------------------------------------------------------------------------
// the new ReplicaSet
// -------------------------------------------------------------------------------------

export interface ReplicaSets {
  readonly newRS: ReplicaSet | undefined;
  readonly oldRSs: ReplicaSet[];
}

/** upstream getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created if asked and missing) and the old ones. */
export const replicaSetsOf = (sync: Sync, state: ClusterState, create: boolean): ReplicaSets => {
  const all = sync.all();
  const existing = findNewReplicaSet(sync.d, all, sync.nowMs);
  const oldRSs = all.filter((rs) => rs.metadata.name !== existing?.metadata.name);
  const newRevision = maxRevision(oldRSs) + 1;
  if (existing !== undefined) return { newRS: syncExisting(sync, existing, newRevision), oldRSs };
  if (!create) return { newRS: undefined, oldRSs };
  return { newRS: createNew(sync, state, oldRSs, newRevision), oldRSs };
};

/** upstream: an existing new ReplicaSet gets the Deployment's annotations, the next revision and its minReadySeconds. */
const syncExisting = (sync: Sync, rs: ReplicaSet, newRevision: number): ReplicaSet => {
  const annotations = newReplicaSetAnnotations(sync.d, rs.metadata.annotations ?? {}, newRevision);
  const minReadySeconds = sync.d.spec.minReadySeconds ?? 0;
  let current = rs;
  if (annotations !== undefined || (rs.spec.minReadySeconds ?? 0) !== minReadySeconds) {
    current = sync.put({ ...rs, metadata: { ...rs.metadata, annotations: annotations ?? rs.metadata.annotations ?? {} }, spec: { ...rs.spec, minReadySeconds } });
  }
  setDeploymentRevision(sync, current.metadata.annotations?.[REVISION_ANNOTATION]);
  // upstream: a Deployment with a deadline but no Progressing condition starts counting now
  if (hasProgressDeadline(sync.d) && getCondition(sync.status, 'Progressing') === undefined) {
    const at = timestampAt(sync.nowMs);
    sync.status = setCondition(sync.status, condition('Progressing', 'True', REASON.foundNewReplicaSet, `Found new replica set ${JSON.stringify(rs.metadata.name)}`, at));
  }
  return current;
};

/**
 * upstream SetNewReplicaSetAnnotations for an existing ReplicaSet: the Deployment's
 * annotations (minus the skipped ones) and, when its revision is lower than the next one,
 * the next revision, its old number appended to revision-history. Undefined: unchanged.
 */
export const newReplicaSetAnnotations = (d: Deployment, current: Readonly<Record<string, string>>, newRevision: number): Record<string, string> | undefined => {
  const next = copyDeploymentAnnotations(d, current);
  const oldText = current[REVISION_ANNOTATION];
  const old = revisionOf(current);
  if (old === undefined) return undefined; // upstream: an unparseable revision is left alone
  if (old < newRevision) {
    next[REVISION_ANNOTATION] = String(newRevision);
    if (oldText !== undefined) next[REVISION_HISTORY_ANNOTATION] = appendHistory(current[REVISION_HISTORY_ANNOTATION] ?? '', oldText);
  }
  const changed = Object.keys(next).length !== Object.keys(current).length || Object.entries(next).some(([k, v]) => current[k] !== v);
  return changed ? next : undefined;
};

/** upstream: the history drops its oldest entries to stay within the character limit. */
const appendHistory = (history: string, revision: string): string => {
  if (history === '') return revision;
  const entries = history.split(',');
  let total = history.length + revision.length + 1;
  let start = 0;
  while (total > MAX_REVISION_HISTORY_CHARS && start < entries.length) total -= (entries[start++] ?? '').length + 1;
  return total <= MAX_REVISION_HISTORY_CHARS ? [...entries.slice(start), revision].join(',') : history;
};

const setDeploymentRevision = (sync: Sync, revision: string | undefined): void => {
  if (revision === undefined || sync.d.metadata.annotations?.[REVISION_ANNOTATION] === revision) return;
  sync.d = { ...sync.d, metadata: { ...sync.d.metadata, annotations: { ...(sync.d.metadata.annotations ?? {}), [REVISION_ANNOTATION]: revision } } };
};

/**
 * upstream getNewReplicaSet's create branch: `<deployment>-<hash>` with the hash label on
 * its selector, template and labels. A ReplicaSet of that name that is not this
 * Deployment's current template is a hash collision: collisionCount goes up and the
 * Deployment is looked at again (upstream returns the AlreadyExists error to requeue).
 */
const createNew = (sync: Sync, state: ClusterState, oldRSs: readonly ReplicaSet[], newRevision: number): ReplicaSet | undefined => {
  const d = sync.d;
  const hash = templateHash(d.spec.template, d.status?.collisionCount);
  const name = `${d.metadata.name}-${hash}`;
  const clash = getObject(state, 'ReplicaSet', d.metadata.namespace, name) as unknown as ReplicaSet | undefined;
  if (clash !== undefined) {
    if (controllerOf(asObject(clash))?.uid === d.metadata.uid && equalIgnoreHash(clash.spec.template, d.spec.template)) return clash;
    sync.status = { ...sync.status, collisionCount: (d.status?.collisionCount ?? 0) + 1 };
    sync.requeueAfterMs = 0;
    return undefined;
  }
  const rs = newReplicaSet(d, name, hash);
  const replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  const annotations = {
    ...(newReplicaSetAnnotations(d, {}, newRevision) ?? {}),
    [DESIRED_REPLICAS_ANNOTATION]: String(replicasOf(d)),
    [MAX_REPLICAS_ANNOTATION]: String(replicasOf(d) + maxSurgeOf(d)),
  };
  const created = sync.put({ ...rs, metadata: { ...rs.metadata, annotations }, spec: { ...rs.spec, replicas } });
  setDeploymentRevision(sync, String(newRevision));
  if (hasProgressDeadline(d)) {
    const at = timestampAt(sync.nowMs);
    sync.status = setCondition(sync.status, condition('Progressing', 'True', REASON.newReplicaSetCreated, `Created new replica set ${JSON.stringify(name)}`, at));
  }
  return created;
};

const newReplicaSet = (d: Deployment, name: string, hash: string): ReplicaSet => {
  const template = d.spec.template ?? {};
  const labels = { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const selector = d.spec.selector ?? {};
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: d.metadata.namespace ?? 'default', labels, ownerReferences: [controllerRefTo(d)] },
    spec: {
      replicas: 0,
      minReadySeconds: d.spec.minReadySeconds ?? 0,
      selector: { ...selector, matchLabels: { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } },
      template: { ...template, metadata: { ...(template.metadata ?? {}), labels } },
    },
  };
};
