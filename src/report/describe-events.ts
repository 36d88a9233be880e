/**
 * The Events a workload controller would have recorded about its object, derived from the
 * log's records (the log keeps actor and reason; the message is rebuilt from the record's
 * content with the controller's own wording):
 *
 * - Deployment: ScalingReplicaSet, `Scaled up replica set web-5d4f9 to 3` on creation and
 *   `Scaled down replica set web-5d4f9 to 2 from 3` on a scale (upstream deployment
 *   controller getNewReplicaSet / scaleReplicaSet).
 * - ReplicaSet, ReplicationController, DaemonSet, Job: SuccessfulCreate `Created pod: NAME`
 *   and SuccessfulDelete `Deleted pod: NAME` (upstream controller.RealPodControl).
 * - Job: `Completed  Job completed`, or a Warning with the Failed condition's reason and message
 *   (upstream job controller, on finishing).
 * - StatefulSet: `create Claim C Pod P in StatefulSet S success`, `create Pod P in StatefulSet S
 *   successful` and the delete / update equivalents (upstream stateful_pod_control recordPodEvent
 *   and recordClaimEvent).
 * - CronJob: `Created job NAME`, `Deleted job NAME`, `Saw completed job: NAME, condition: Complete`,
 *   `Active job went missing: NAME` (upstream cronjob controllerv2).
 *
 * Repeats within SERIES_GAP_MS of each other are one event with a count, as for pods; the list
 * is in the order of each series' last occurrence (upstream SortableEvents by lastTimestamp).
 */
import type { KubeObject } from '../api/meta.js';
import type { EventRecord } from '../log/events.js';
import type { PodEvent } from './describe.js';
import { SERIES_GAP_MS } from './describe.js';

// -------------------------------------------------------------------------------------
// series
// -------------------------------------------------------------------------------------

type Open = { -readonly [K in keyof PodEvent]: PodEvent[K] };

/** client-go's event correlator, as far as describe shows it: identical events within the gap count up. */
class Series {
  private readonly out: Open[] = [];
  private readonly open = new Map<string, Open>();

  emit(ms: number, type: PodEvent['type'], reason: string, from: string, message: string): void {
    const key = JSON.stringify([type, reason, from, message]);
    const series = this.open.get(key);
    if (series !== undefined && ms - series.lastMs <= SERIES_GAP_MS) {
      series.count++;
      series.lastMs = ms;
      return;
    }
    const e: Open = { type, reason, from, message, firstMs: ms, lastMs: ms, count: 1 };
    this.open.set(key, e);
    this.out.push(e);
  }

  /** Stable by last occurrence (Array.prototype.sort is stable). */
  list(): PodEvent[] {
    return [...this.out].sort((a, b) => a.lastMs - b.lastMs);
  }
}

// -------------------------------------------------------------------------------------
// what the log knows about owners, sizes and finished jobs
// -------------------------------------------------------------------------------------

interface Facts {
  /** uid → its controller's uid, for every object created so far. */
  readonly ownerOf: Map<string, string>;
  /** ReplicaSet uid → spec.replicas as last written. */
  readonly replicasOf: Map<string, number>;
  /** Job uid → the type of its finished condition (Complete or Failed), once it has one. */
  readonly finishedOf: Map<string, string>;
  /** uids deleted so far. */
  readonly gone: Set<string>;
  /** uids whose deletion began (their removal later is the same delete, not another). */
  readonly deleting: Set<string>;
}

const controllerUid = (o: KubeObject): string | undefined => o.metadata.ownerReferences?.find((r) => r.controller === true)?.uid;
const replicasIn = (o: KubeObject): number => (o['spec'] as { replicas?: number } | undefined)?.replicas ?? 1;
const finishedType = (status: Readonly<Record<string, unknown>>): string | undefined =>
  ((status['conditions'] ?? []) as readonly { type?: string; status?: string }[]).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type;

/** Folds one record into the facts (after the events of that record were derived). */
const learn = (f: Facts, r: EventRecord): void => {
  const e = r.event;
  if (e.type === 'ObjectCreated' || e.type === 'ObjectUpdated') {
    const uid = e.object.metadata.uid ?? '';
    const owner = controllerUid(e.object);
    if (owner !== undefined) f.ownerOf.set(uid, owner);
    if (e.object.kind === 'ReplicaSet') f.replicasOf.set(uid, replicasIn(e.object));
  } else if (e.type === 'ObjectScaled') f.replicasOf.set(e.ref.uid ?? '', e.replicas);
  else if (e.type === 'StatusUpdated' && e.ref.kind === 'Job') {
    const finished = finishedType(e.status);
    if (finished !== undefined) f.finishedOf.set(e.ref.uid ?? '', finished);
  } else if (e.type === 'ObjectDeleting') f.deleting.add(e.ref.uid ?? '');
  else if (e.type === 'ObjectDeleted') f.gone.add(e.ref.uid ?? '');
};

// -------------------------------------------------------------------------------------
// per kind
// -------------------------------------------------------------------------------------

/** What one record says about the object, given the facts before it. */
type Deriver = (s: Series, r: EventRecord, f: Facts) => void;

/** The pod a record creates or starts deleting, with its controller's uid. */
const podOf = (r: EventRecord, f: Facts): { name: string; owner: string | undefined; verb: 'create' | 'delete' | 'update' } | undefined => {
  const e = r.event;
  if (e.type === 'ObjectCreated' && e.object.kind === 'Pod') return { name: e.object.metadata.name, owner: controllerUid(e.object), verb: 'create' };
  if (e.type === 'ObjectUpdated' && e.object.kind === 'Pod') return { name: e.object.metadata.name, owner: controllerUid(e.object), verb: 'update' };
  if (e.type === 'ObjectDeleted' && f.deleting.has(e.ref.uid ?? '')) return undefined;
  if ((e.type === 'ObjectDeleting' || e.type === 'ObjectDeleted') && e.ref.kind === 'Pod') return { name: e.ref.name, owner: f.ownerOf.get(e.ref.uid ?? ''), verb: 'delete' };
  return undefined;
};

/** upstream RealPodControl.CreatePods / DeletePod: the events of every pod-owning controller but StatefulSet's. */
const podControl = (uid: string, from: string): Deriver => (s, r, f) => {
  const pod = podOf(r, f);
  if (pod === undefined || pod.owner !== uid) return;
  if (pod.verb === 'create' && r.reason === 'SuccessfulCreate') s.emit(r.timeMs, 'Normal', 'SuccessfulCreate', from, `Created pod: ${pod.name}`);
  if (pod.verb === 'delete' && r.reason === 'SuccessfulDelete') s.emit(r.timeMs, 'Normal', 'SuccessfulDelete', from, `Deleted pod: ${pod.name}`);
};

/** upstream: an event on creation only when the new ReplicaSet starts with replicas, then one per scale. */
const deployment = (uid: string): Deriver => (s, r, f) => {
  const e = r.event;
  if (r.reason !== 'ScalingReplicaSet') return;
  const from = 'deployment-controller';
  if (e.type === 'ObjectCreated' && e.object.kind === 'ReplicaSet' && controllerUid(e.object) === uid) {
    const to = replicasIn(e.object);
    if (to > 0) s.emit(r.timeMs, 'Normal', 'ScalingReplicaSet', from, `Scaled up replica set ${e.object.metadata.name} to ${to}`);
    return;
  }
  const scaled =
    e.type === 'ObjectScaled' && e.ref.kind === 'ReplicaSet' ? { name: e.ref.name, rsUid: e.ref.uid ?? '', before: e.from, to: e.replicas }
    : e.type === 'ObjectUpdated' && e.object.kind === 'ReplicaSet' ? { name: e.object.metadata.name, rsUid: e.object.metadata.uid ?? '', before: f.replicasOf.get(e.object.metadata.uid ?? ''), to: replicasIn(e.object) }
    : undefined;
  if (scaled === undefined || f.ownerOf.get(scaled.rsUid) !== uid || scaled.before === undefined || scaled.before === scaled.to) return;
  const direction = scaled.before < scaled.to ? 'up' : 'down';
  s.emit(r.timeMs, 'Normal', 'ScalingReplicaSet', from, `Scaled ${direction} replica set ${scaled.name} to ${scaled.to} from ${scaled.before}`);
};

/** upstream syncJob: `Completed` on success, the Failed condition's reason and message on failure. */
const job = (uid: string): Deriver => {
  const pods = podControl(uid, 'job-controller');
  return (s, r, f) => {
    pods(s, r, f);
    const e = r.event;
    if (e.type !== 'StatusUpdated' || e.ref.uid !== uid || f.finishedOf.has(uid)) return;
    const conditions = (e.status['conditions'] ?? []) as readonly { type?: string; status?: string; reason?: string; message?: string }[];
    const failed = conditions.find((c) => c.type === 'Failed' && c.status === 'True');
    if (conditions.some((c) => c.type === 'Complete' && c.status === 'True')) s.emit(r.timeMs, 'Normal', 'Completed', 'job-controller', 'Job completed');
    else if (failed !== undefined) s.emit(r.timeMs, 'Warning', failed.reason ?? r.reason, 'job-controller', failed.message ?? '');
  };
};

/** upstream recordClaimEvent / recordPodEvent; a claim is the set's when named `<template>-<set>-<ordinal>`. */
const statefulSet = (set: KubeObject): Deriver => {
  const uid = set.metadata.uid ?? '';
  const name = set.metadata.name;
  const templates = ((set['spec'] as { volumeClaimTemplates?: { metadata?: { name?: string } }[] } | undefined)?.volumeClaimTemplates ?? []).map((t) => t.metadata?.name ?? '');
  const claimPod = (claim: string): string | undefined => {
    for (const t of templates) {
      const ordinal = claim.startsWith(`${t}-${name}-`) ? claim.slice(t.length + name.length + 2) : '';
      if (/^(0|[1-9][0-9]*)$/.test(ordinal)) return `${name}-${ordinal}`;
    }
    return undefined;
  };
  const from = 'statefulset-controller';
  return (s, r, f) => {
    const e = r.event;
    if (r.actor === 'statefulset' && e.type === 'ObjectCreated' && e.object.kind === 'PersistentVolumeClaim' && e.object.metadata.namespace === set.metadata.namespace) {
      const pod = claimPod(e.object.metadata.name);
      if (pod !== undefined) s.emit(r.timeMs, 'Normal', 'SuccessfulCreate', from, `create Claim ${e.object.metadata.name} Pod ${pod} in StatefulSet ${name} success`);
      return;
    }
    const pod = podOf(r, f);
    if (pod === undefined || pod.owner !== uid || r.reason !== `Successful${pod.verb[0]?.toUpperCase() ?? ''}${pod.verb.slice(1)}`) return;
    s.emit(r.timeMs, 'Normal', r.reason, from, `${pod.verb} Pod ${pod.name} in StatefulSet ${name} successful`);
  };
};

/** upstream cronjob controllerv2: its Jobs' creation and cleanup, and what it notices in status.active. */
const cronJob = (uid: string): Deriver => {
  const from = 'cronjob-controller';
  let active: readonly { name?: string; uid?: string }[] = [];
  return (s, r, f) => {
    const e = r.event;
    if (e.type === 'ObjectCreated' && e.object.kind === 'Job' && controllerUid(e.object) === uid && r.reason === 'SuccessfulCreate') {
      s.emit(r.timeMs, 'Normal', 'SuccessfulCreate', from, `Created job ${e.object.metadata.name}`);
    } else if (e.type === 'ObjectDeleting' && e.ref.kind === 'Job' && r.actor === 'cronjob-controller' && f.ownerOf.get(e.ref.uid ?? '') === uid) {
      s.emit(r.timeMs, 'Normal', 'SuccessfulDelete', from, `Deleted job ${e.ref.name}`);
    } else if (e.type === 'StatusUpdated' && e.ref.uid === uid) {
      const next = (e.status['active'] ?? []) as readonly { name?: string; uid?: string }[];
      for (const ref of active.filter((a) => !next.some((n) => n.uid === a.uid))) {
        const finished = f.finishedOf.get(ref.uid ?? '');
        if (finished !== undefined) s.emit(r.timeMs, 'Normal', 'SawCompletedJob', from, `Saw completed job: ${ref.name ?? ''}, condition: ${finished}`);
        else if (f.gone.has(ref.uid ?? '')) s.emit(r.timeMs, 'Warning', 'MissingJob', from, `Active job went missing: ${ref.name ?? ''}`);
      }
      active = next;
    }
  };
};

const deriverFor = (o: KubeObject): Deriver | undefined => {
  const uid = o.metadata.uid ?? '';
  switch (o.kind) {
    case 'Deployment':
      return deployment(uid);
    case 'ReplicaSet':
      return podControl(uid, 'replicaset-controller');
    case 'ReplicationController':
      return podControl(uid, 'replication-controller');
    case 'DaemonSet':
      return podControl(uid, 'daemonset-controller');
    case 'Job':
      return job(uid);
    case 'StatefulSet':
      return statefulSet(o);
    case 'CronJob':
      return cronJob(uid);
    default:
      return undefined;
  }
};

/**
 * The Events about a workload object, from the records up to `seq`. Only records from the
 * object's creation on count: an earlier object of the same name had its own events.
 */
export const workloadEvents = (o: KubeObject, records: readonly EventRecord[], seq: number): PodEvent[] => {
  const derive = deriverFor(o);
  const s = new Series();
  if (derive === undefined) return [];
  const f: Facts = { ownerOf: new Map(), replicasOf: new Map(), finishedOf: new Map(), gone: new Set(), deleting: new Set() };
  for (const r of records) {
    if (r.seq > seq) break;
    derive(s, r, f);
    learn(f, r);
  }
  return s.list();
};
