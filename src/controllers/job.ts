/**
 * Job controller (upstream pkg/controller/job, v1.34).
 *
 * Owns: the pods of each Job (creates them with the batch.kubernetes.io/job-tracking
 *   finalizer, deletes them on suspend, scale-down and failure), the finalizer's removal
 *   once a finished pod is counted, and the Job's status.
 * Reads: the Job, its pods (by owner uid); for an orphaned pod that still has the
 *   tracking finalizer, the pod alone.
 * Emits: Create and Delete of pods (at most 500 per sync, upstream's
 *   MaxPodCreateDeletePerSync), UpdateStatus of the Job, RemoveFinalizer on pods.
 *
 * Upstream's expectations are implicit (admission applies each request before the next
 * reconcile sees the state), and so is status.uncountedTerminatedPods (see job-status.ts).
 * Pods are not adopted: the generated selector matches only pods this Job created.
 * The syncs themselves are in job-sync.ts.
 */
import type { KubeObject } from '../api/meta.js';
import { controllerOf, nsName, parseObjectKey } from '../api/meta.js';
import type { Pod } from '../api/pod.js';
import type { Job } from '../api/workloads.js';
import type { EventRecord } from '../log/events.js';
import type { Controller, ReconcileResult } from '../state/controller.js';
import { done } from '../state/controller.js';
import { compareStrings, getByUid, getObject, getPodByKey, podsOwnedBy } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { hasTrackingFinalizer } from './job-pods.js';
import { isJobFinished } from './job-status.js';
import { ACTOR, removeFinalizer, syncJob } from './job-sync.js';
import { podChangeOf } from './watch.js';

/** Keys of orphaned pods whose tracking finalizer must go (upstream's orphan queue). */
const ORPHAN = 'pod:';

// -------------------------------------------------------------------------------------
// watches
// -------------------------------------------------------------------------------------

const jobKeyOf = (o: { namespace?: string | undefined; name: string }): string => nsName(o.namespace, o.name);

const watches = (record: EventRecord, before: ClusterState, after: ClusterState): string[] => {
  const e = record.event;
  if (e.type === 'ActionRejected' || (e.type === 'StatusUpdated' && e.ref.kind === 'Job')) return [];
  if ((e.type === 'ObjectCreated' || e.type === 'ObjectUpdated') && e.object.kind === 'Job') return [jobKeyOf({ namespace: e.object.metadata.namespace, name: e.object.metadata.name })];
  if ('ref' in e && e.ref?.kind === 'Job') {
    if (e.type !== 'ObjectDeleted') return [jobKeyOf(e.ref)];
    const uid = (getObject(before, 'Job', e.ref.namespace, e.ref.name)?.metadata.uid ?? e.ref.uid) ?? '';
    return podsOwnedBy(after, uid).filter(hasTrackingFinalizer).map((p) => ORPHAN + nsName(p.metadata.namespace, p.metadata.name));
  }
  const change = podChangeOf(record, before, after);
  if (change === undefined) return [];
  const keys = new Set<string>();
  for (const pod of [change.before, change.after]) {
    if (pod === undefined) continue;
    const owner = controllerOf(pod as unknown as KubeObject);
    const job = owner?.kind === 'Job' ? getByUid(after, owner.uid) : undefined;
    if (owner?.kind === 'Job' && job !== undefined) keys.add(nsName(pod.metadata.namespace, owner.name));
    else if (pod === change.after && hasTrackingFinalizer(pod)) keys.add(ORPHAN + nsName(pod.metadata.namespace, pod.metadata.name));
  }
  return [...keys];
};

// -------------------------------------------------------------------------------------
// reconcile
// -------------------------------------------------------------------------------------

const reconcile = (state: ClusterState, key: string, nowMs: number): ReconcileResult => {
  if (key.startsWith(ORPHAN)) return releaseOrphan(state, key.slice(ORPHAN.length));
  const { namespace, name } = parseObjectKey(`Job/${key}`);
  const job = getObject(state, 'Job', namespace, name) as unknown as Job | undefined;
  if (job === undefined) return done;
  const uid = job.metadata.uid ?? '';
  const pods = podsOwnedBy(state, uid)
    .filter((p) => controllerOf(p as unknown as KubeObject)?.uid === uid)
    .sort((a, b) => compareStrings(a.metadata.name, b.metadata.name));
  // upstream: a Job being deleted or already finished only lets its pods go
  if (job.metadata.deletionTimestamp !== undefined || isJobFinished(job)) return { requests: pods.filter(hasTrackingFinalizer).map(removeFinalizer) };
  return syncJob(job, pods, nowMs);
};

/** upstream cleanUpPodFinalizers via the orphan queue: the pod's Job is gone (or it was released). */
const releaseOrphan = (state: ClusterState, podKey: string): ReconcileResult => {
  const pod: Pod | undefined = getPodByKey(state, podKey);
  if (pod === undefined || !hasTrackingFinalizer(pod)) return done;
  const owner = controllerOf(pod as unknown as KubeObject);
  if (owner?.kind === 'Job' && getByUid(state, owner.uid) !== undefined) return done;
  return { requests: [removeFinalizer(pod)] };
};

export const jobController: Controller = { name: ACTOR, watches, reconcile };
