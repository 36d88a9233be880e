/**
 * StatefulSet revision history (upstream stateful_set_control.go getStatefulSetRevisions and
 * truncateHistory, on the shared helpers of ./history.ts).
 *
 * The update revision is the set's template as a ControllerRevision: the latest revision
 * if it already holds this template, else an older equal one bumped to the next number (a
 * rollback), else a new one, named `<set>-<hash>` with the collision count folded into the
 * hash, bumped past any same-named revision holding other data. The current revision is the
 * one status.currentRevision names, or the update revision when none does.
 */
import type { Request } from '../api/actions.js';
import type { KubeObject } from '../api/meta.js';
import { refOf } from '../api/meta.js';
import type { Pod } from '../api/pod.js';
import type { ControllerRevision, StatefulSet } from '../api/workloads.js';
import { getObject } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { canonicalJson, controllerRevisionName, equalRevisions, newControllerRevision, nextRevision, revisionData, revisionsOwnedBy, templateHash } from './history.js';
import { revisionOfPod } from './statefulset-pods.js';

const ACTOR = 'statefulset';
/** A bound on hash-collision retries (upstream retries without one; a real collision is rare). */
const COLLISIONS_MAX = 100;

export interface SetRevisions {
  readonly current: ControllerRevision;
  readonly update: ControllerRevision;
  readonly collisionCount: number;
  /** The revisions as listed before this sync (what truncation considers). */
  readonly listed: readonly ControllerRevision[];
  readonly requests: readonly Request[];
}

const request = (reason: string, action: Request['action']): Request => ({ actor: ACTOR, reason, action });

/** upstream newRevision: template labels, the set's annotations copied onto the revision. */
const newRevision = (set: StatefulSet, revision: number, collisionCount: number): ControllerRevision => {
  const cr = newControllerRevision(set, set.spec.template ?? {}, revision, set.spec.template?.metadata?.labels ?? {}, collisionCount);
  const annotations = set.metadata.annotations;
  const withAnnotations = annotations === undefined ? cr : { ...cr, metadata: { ...cr.metadata, annotations: { ...annotations } } };
  return withAnnotations as unknown as ControllerRevision;
};

/** upstream CreateControllerRevision: on a name taken by other data, bump the collision count and try again. */
const createRevision = (state: ClusterState, set: StatefulSet, revision: number, collisionCount: number): { cr: ControllerRevision; collisionCount: number; create: boolean } => {
  const data = canonicalJson(revisionData(set.spec.template ?? {}));
  let count = collisionCount;
  for (let i = 0; i < COLLISIONS_MAX; i++, count++) {
    const name = controllerRevisionName(set.metadata.name, templateHash(revisionData(set.spec.template ?? {}), count));
    const taken = getObject(state, 'ControllerRevision', set.metadata.namespace, name) as unknown as ControllerRevision | undefined;
    if (taken === undefined) return { cr: newRevision(set, revision, count), collisionCount: count, create: true };
    if (canonicalJson(taken.data) === data) return { cr: taken, collisionCount: count, create: false };
  }
  return { cr: newRevision(set, revision, count), collisionCount: count, create: true };
};

export const statefulSetRevisions = (state: ClusterState, set: StatefulSet): SetRevisions => {
  const listed = revisionsOwnedBy(state, set.metadata.uid ?? '');
  const collisionCount = set.status?.collisionCount ?? 0;
  const next = nextRevision(listed);
  const equal = equalRevisions(listed, revisionData(set.spec.template ?? {}));
  const last = listed[listed.length - 1];
  const latestEqual = equal[equal.length - 1];
  let update: ControllerRevision;
  let count = collisionCount;
  const requests: Request[] = [];
  if (latestEqual !== undefined && last !== undefined && latestEqual.metadata.name === last.metadata.name) {
    update = last;
  } else if (latestEqual !== undefined) {
    // upstream: rolling back to an older template re-numbers that revision instead of copying it.
    update = { ...latestEqual, revision: next };
    requests.push(request('RevisionRenumbered', { type: 'Update', object: update as unknown as KubeObject }));
  } else {
    const created = createRevision(state, set, next, collisionCount);
    update = created.cr;
    count = created.collisionCount;
    if (created.create) requests.push(request('RevisionCreated', { type: 'Create', object: update as unknown as KubeObject }));
  }
  const current = listed.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
  return { current, update, collisionCount: count, listed, requests };
};

/**
 * upstream truncateHistory: revisions not live (neither current, update, nor any pod's)
 * are deleted oldest first until at most revisionHistoryLimit remain.
 */
export const truncateHistory = (set: StatefulSet, pods: readonly Pod[], revisions: SetRevisions): Request[] => {
  const live = new Set([revisions.current.metadata.name, revisions.update.metadata.name, ...pods.map(revisionOfPod)]);
  const history = revisions.listed.filter((r) => !live.has(r.metadata.name));
  const limit = set.spec.revisionHistoryLimit ?? 10;
  if (limit < 0 || history.length <= limit) return [];
  return history
    .slice(0, history.length - limit)
    .map((r) => request('RevisionDeleted', { type: 'Delete', ref: refOf(r as unknown as KubeObject) }));
};
