/**
 * `kubectl describe` for the workload kinds: picks the describer (upstream
 * DescriberFor), gathers what it reads at the instant (the pods and ReplicaSets of the
 * namespace) and the Events derived from the log.
 */
import type { KubeObject } from '../api/meta.js';
import type { Pod } from '../api/pod.js';
import type { ReplicaSet } from '../api/replicaset.js';
import type { CronJob, DaemonSet, Deployment, Job, StatefulSet } from '../api/workloads.js';
import type { EventRecord } from '../log/events.js';
import type { LogHistory } from '../state/history.js';
import type { Context } from './describe-apps.js';
import { describeDaemonSet, describeDeployment, describeReplicaSet, describeReplicationController, describeStatefulSet } from './describe-apps.js';
import { describeCronJob, describeJob } from './describe-batch.js';
import { workloadEvents } from './describe-events.js';

/** The kinds this module describes (Pod is describe.ts'). */
export const WORKLOAD_KINDS: readonly string[] = ['Deployment', 'ReplicaSet', 'ReplicationController', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob'];

type Describer = (o: KubeObject, ctx: Context) => string;

const DESCRIBERS: Readonly<Record<string, Describer>> = {
  Deployment: (o, ctx) => describeDeployment(o as unknown as Deployment, ctx),
  ReplicaSet: (o, ctx) => describeReplicaSet(o as unknown as ReplicaSet, ctx),
  ReplicationController: describeReplicationController,
  DaemonSet: (o, ctx) => describeDaemonSet(o as unknown as DaemonSet, ctx),
  StatefulSet: (o, ctx) => describeStatefulSet(o as unknown as StatefulSet, ctx),
  Job: (o, ctx) => describeJob(o as unknown as Job, ctx),
  CronJob: (o, ctx) => describeCronJob(o as unknown as CronJob, ctx),
};

/** The describer's view of the cluster at `seq`, for an object of the namespace. */
export const contextAt = (o: KubeObject, history: LogHistory, records: readonly EventRecord[], seq: number, nowMs: number): Context => {
  const ns = o.metadata.namespace;
  return {
    pods: o.kind === 'Deployment' || o.kind === 'Job' || o.kind === 'CronJob' ? [] : (history.list('Pod', seq, ns) as unknown as Pod[]),
    replicaSets: o.kind === 'Deployment' ? history.list('ReplicaSet', seq, ns) : [],
    events: workloadEvents(o, records, seq),
    nowMs,
  };
};

/** What `kubectl describe KIND NAME` prints for a workload object, or undefined for a kind it has no describer for here. */
export const describeWorkload = (o: KubeObject, ctx: Context): string | undefined => DESCRIBERS[o.kind]?.(o, ctx);
