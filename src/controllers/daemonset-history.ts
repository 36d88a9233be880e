/**
 * A DaemonSet's ControllerRevisions (upstream pkg/controller/daemon/update.go:
 * constructHistory, snapshot, dedupCurHistories, cleanupHistory).
 *
 * - The current revision is the one whose data equals the template's patch; when none
 *   does, a snapshot `<ds>-<hash>` is created with revision max(old)+1, the hash being
 *   ComputeHash(template, status.collisionCount) (history.ts). A revision of that name
 *   with other data is a hash collision: status.collisionCount goes up by one and the
 *   sync stops there (the next one hashes anew).
 * - Several equal revisions: the highest is kept, the others deleted; a current revision
 *   older than an old one (a rollback) gets its revision number raised.
 * - Old revisions beyond spec.revisionHistoryLimit go, oldest first, unless a live pod
 *   still carries their hash.
 *
 * DaemonSet revisions are labelled with the template's labels plus
 * `controller-revision-hash` (not StatefulSet's `controller.kubernetes.io/hash`).
 */
import type { Request } from '../api/actions.js';
import type { KubeObject } from '../api/meta.js';
import { refOf } from '../api/meta.js';
import type { Pod } from '../api/pod.js';
import type { ControllerRevision, DaemonSet } from '../api/workloads.js';
import { getObject } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { POD_REVISION_HASH_LABEL, controllerRefTo, controllerRevisionName, equalRevisions, nextRevision, revisionData, revisionsOwnedBy, templateHash } from './history.js';

const ACTOR = 'daemonset';
/** upstream SetDefaults_DaemonSet: revisionHistoryLimit 10. */
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;

export type History =
  | { readonly tag: 'Current'; readonly hash: string; readonly old: readonly ControllerRevision[]; readonly requests: readonly Request[] }
  /** A name collision: the only request bumps status.collisionCount. */
  | { readonly tag: 'Collision'; readonly requests: readonly Request[] };

const hashOf = (r: ControllerRevision): string => r.metadata.labels?.[POD_REVISION_HASH_LABEL] ?? r.metadata.name;

/** upstream snapshot: the revision object for the DaemonSet's template now. */
export const snapshotOf = (ds: DaemonSet, revision: number, hash: string): KubeObject => {
  const template = ds.spec.template ?? {};
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(ds.metadata.name, hash),
      namespace: ds.metadata.namespace ?? 'default',
      labels: { ...template.metadata?.labels, [POD_REVISION_HASH_LABEL]: hash },
      ...(ds.metadata.annotations === undefined ? {} : { annotations: { ...ds.metadata.annotations } }),
      ownerReferences: [controllerRefTo(ds)],
    },
    data: revisionData(template),
    revision,
  };
};

const create = (object: KubeObject): Request => ({ actor: ACTOR, reason: 'RevisionCreated', action: { type: 'Create', object } });

/** upstream constructHistory: the current revision's hash, the old revisions, and the writes that get there. */
export const constructHistory = (state: ClusterState, ds: DaemonSet): History => {
  const revisions = revisionsOwnedBy(state, ds.metadata.uid ?? '');
  const data = revisionData(ds.spec.template ?? {});
  const current = equalRevisions(revisions, data);
  const old = revisions.filter((r) => !current.includes(r));
  const wanted = nextRevision(old);
  if (current.length === 0) return snapshot(state, ds, old, wanted, data);
  // upstream dedupCurHistories: keep the highest revision (the list is sorted oldest first).
  const keep = current[current.length - 1] as ControllerRevision;
  const requests: Request[] = current
    .filter((r) => r !== keep)
    .map((r) => ({ actor: ACTOR, reason: 'RevisionDeduplicated', action: { type: 'Delete', ref: refOf(r as unknown as KubeObject) } }));
  if ((keep.revision ?? 0) < wanted) {
    requests.push({ actor: ACTOR, reason: 'RevisionUpdated', action: { type: 'Update', object: { ...(keep as unknown as KubeObject), revision: wanted } } });
  }
  return { tag: 'Current', hash: hashOf(keep), old, requests };
};

const snapshot = (state: ClusterState, ds: DaemonSet, old: readonly ControllerRevision[], revision: number, data: unknown): History => {
  const collisionCount = ds.status?.collisionCount;
  const hash = templateHash(ds.spec.template ?? {}, collisionCount);
  const name = controllerRevisionName(ds.metadata.name, hash);
  const existing = getObject(state, 'ControllerRevision', ds.metadata.namespace, name) as unknown as ControllerRevision | undefined;
  if (existing === undefined) return { tag: 'Current', hash, old, requests: [create(snapshotOf(ds, revision, hash))] };
  // upstream: AlreadyExists with equal data is ours to use (Match compares the data only).
  if (equalRevisions([existing], data).length === 1) return { tag: 'Current', hash: hashOf(existing), old, requests: [] };
  const status = { ...ds.status, collisionCount: (collisionCount ?? 0) + 1 };
  return { tag: 'Collision', requests: [{ actor: ACTOR, reason: 'HashCollision', action: { type: 'UpdateStatus', ref: refOf(ds as unknown as KubeObject), status } }] };
};

/** upstream cleanupHistory: old revisions beyond the limit, oldest first, skipping hashes live pods carry. */
export const cleanupHistory = (ds: DaemonSet, old: readonly ControllerRevision[], livePods: readonly Pod[]): Request[] => {
  const limit = ds.spec.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT;
  let toKill = old.length - limit;
  if (toKill <= 0) return [];
  const liveHashes = new Set(livePods.map((p) => p.metadata.labels?.[POD_REVISION_HASH_LABEL] ?? '').filter((h) => h !== ''));
  const requests: Request[] = [];
  for (const r of old) {
    if (toKill <= 0) break;
    if (liveHashes.has(hashOf(r))) continue;
    requests.push({ actor: ACTOR, reason: 'RevisionDeleted', action: { type: 'Delete', ref: refOf(r as unknown as KubeObject) } });
    toKill--;
  }
  return requests;
};
