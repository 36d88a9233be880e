/**
 * The workload kinds besides ReplicaSet (api/replicaset.ts): Deployment, DaemonSet,
 * StatefulSet (apps/v1), Job, CronJob (batch/v1), ReplicationController, PodTemplate (v1)
 * and ControllerRevision (apps/v1). Open codecs: they type what the API server defaults
 * and validates and what the controllers read (spec, strategy, selector, template,
 * status); every other field of a manifest passes through as written.
 *
 * Fields the API server always defaults (apps/v1 `replicas`, `strategy`...) stay optional
 * here, because the codec also checks manifests before defaulting.
 */
import * as t from 'io-ts';
import { ObjectMeta } from './meta.js';
import { IntOrString, PodTemplateSpec } from './pod.js';
import { LabelSelector } from './selector.js';

// -------------------------------------------------------------------------------------
// shared
// -------------------------------------------------------------------------------------

export const WorkloadCondition = t.intersection([
  t.type({ type: t.string, status: t.string }),
  t.partial({ reason: t.string, message: t.string, lastTransitionTime: t.string, lastUpdateTime: t.string, lastProbeTime: t.string }),
]);
export type WorkloadCondition = t.TypeOf<typeof WorkloadCondition>;

const kindOf = <K extends string, S extends t.Mixed, St extends t.Mixed>(kind: K, spec: S, status: St) =>
  t.intersection([t.type({ apiVersion: t.string, kind: t.literal(kind), metadata: ObjectMeta, spec }), t.partial({ status })]);

// -------------------------------------------------------------------------------------
// Deployment (apps/v1)
// -------------------------------------------------------------------------------------

export const RollingUpdateDeployment = t.partial({ maxUnavailable: IntOrString, maxSurge: IntOrString });
export const DeploymentStrategy = t.partial({ type: t.string, rollingUpdate: RollingUpdateDeployment });
export type DeploymentStrategy = t.TypeOf<typeof DeploymentStrategy>;

export const DeploymentSpec = t.partial({
  replicas: t.number,
  selector: LabelSelector,
  template: PodTemplateSpec,
  strategy: DeploymentStrategy,
  minReadySeconds: t.number,
  revisionHistoryLimit: t.number,
  paused: t.boolean,
  progressDeadlineSeconds: t.number,
});
export type DeploymentSpec = t.TypeOf<typeof DeploymentSpec>;

export const DeploymentStatus = t.partial({
  observedGeneration: t.number,
  replicas: t.number,
  updatedReplicas: t.number,
  readyReplicas: t.number,
  availableReplicas: t.number,
  unavailableReplicas: t.number,
  terminatingReplicas: t.number,
  collisionCount: t.number,
  conditions: t.array(WorkloadCondition),
});
export type DeploymentStatus = t.TypeOf<typeof DeploymentStatus>;

export const Deployment = kindOf('Deployment', DeploymentSpec, DeploymentStatus);
export type Deployment = t.TypeOf<typeof Deployment>;

// -------------------------------------------------------------------------------------
// DaemonSet (apps/v1)
// -------------------------------------------------------------------------------------

export const DaemonSetUpdateStrategy = t.partial({ type: t.string, rollingUpdate: t.partial({ maxUnavailable: IntOrString, maxSurge: IntOrString }) });
export type DaemonSetUpdateStrategy = t.TypeOf<typeof DaemonSetUpdateStrategy>;

export const DaemonSetSpec = t.partial({
  selector: LabelSelector,
  template: PodTemplateSpec,
  updateStrategy: DaemonSetUpdateStrategy,
  minReadySeconds: t.number,
  revisionHistoryLimit: t.number,
});
export type DaemonSetSpec = t.TypeOf<typeof DaemonSetSpec>;

export const DaemonSetStatus = t.partial({
  currentNumberScheduled: t.number,
  numberMisscheduled: t.number,
  desiredNumberScheduled: t.number,
  numberReady: t.number,
  observedGeneration: t.number,
  updatedNumberScheduled: t.number,
  numberAvailable: t.number,
  numberUnavailable: t.number,
  collisionCount: t.number,
  conditions: t.array(WorkloadCondition),
});
export type DaemonSetStatus = t.TypeOf<typeof DaemonSetStatus>;

export const DaemonSet = kindOf('DaemonSet', DaemonSetSpec, DaemonSetStatus);
export type DaemonSet = t.TypeOf<typeof DaemonSet>;

// -------------------------------------------------------------------------------------
// StatefulSet (apps/v1)
// -------------------------------------------------------------------------------------

export const StatefulSetUpdateStrategy = t.partial({ type: t.string, rollingUpdate: t.partial({ partition: t.number, maxUnavailable: IntOrString }) });
export type StatefulSetUpdateStrategy = t.TypeOf<typeof StatefulSetUpdateStrategy>;

export const PersistentVolumeClaimRetentionPolicy = t.partial({ whenDeleted: t.string, whenScaled: t.string });

export const StatefulSetSpec = t.partial({
  replicas: t.number,
  selector: LabelSelector,
  template: PodTemplateSpec,
  serviceName: t.string,
  volumeClaimTemplates: t.array(t.UnknownRecord),
  podManagementPolicy: t.string,
  updateStrategy: StatefulSetUpdateStrategy,
  revisionHistoryLimit: t.number,
  minReadySeconds: t.number,
  persistentVolumeClaimRetentionPolicy: PersistentVolumeClaimRetentionPolicy,
  ordinals: t.partial({ start: t.number }),
});
export type StatefulSetSpec = t.TypeOf<typeof StatefulSetSpec>;

export const StatefulSetStatus = t.partial({
  observedGeneration: t.number,
  replicas: t.number,
  readyReplicas: t.number,
  currentReplicas: t.number,
  updatedReplicas: t.number,
  availableReplicas: t.number,
  currentRevision: t.string,
  updateRevision: t.string,
  collisionCount: t.number,
  conditions: t.array(WorkloadCondition),
});
export type StatefulSetStatus = t.TypeOf<typeof StatefulSetStatus>;

export const StatefulSet = kindOf('StatefulSet', StatefulSetSpec, StatefulSetStatus);
export type StatefulSet = t.TypeOf<typeof StatefulSet>;

// -------------------------------------------------------------------------------------
// Job and CronJob (batch/v1)
// -------------------------------------------------------------------------------------

export const JobSpec = t.partial({
  parallelism: t.number,
  completions: t.number,
  activeDeadlineSeconds: t.number,
  backoffLimit: t.number,
  backoffLimitPerIndex: t.number,
  maxFailedIndexes: t.number,
  selector: LabelSelector,
  manualSelector: t.boolean,
  template: PodTemplateSpec,
  ttlSecondsAfterFinished: t.number,
  completionMode: t.string,
  suspend: t.boolean,
  podReplacementPolicy: t.string,
  podFailurePolicy: t.UnknownRecord,
});
export type JobSpec = t.TypeOf<typeof JobSpec>;

export const JobStatus = t.partial({
  conditions: t.array(WorkloadCondition),
  startTime: t.string,
  completionTime: t.string,
  active: t.number,
  succeeded: t.number,
  failed: t.number,
  terminating: t.number,
  ready: t.number,
  completedIndexes: t.string,
  failedIndexes: t.string,
  uncountedTerminatedPods: t.partial({ succeeded: t.array(t.string), failed: t.array(t.string) }),
});
export type JobStatus = t.TypeOf<typeof JobStatus>;

export const Job = kindOf('Job', JobSpec, JobStatus);
export type Job = t.TypeOf<typeof Job>;

export const JobTemplateSpec = t.partial({
  metadata: t.partial({ labels: t.record(t.string, t.string), annotations: t.record(t.string, t.string) }),
  spec: JobSpec,
});
export type JobTemplateSpec = t.TypeOf<typeof JobTemplateSpec>;

export const CronJobSpec = t.partial({
  schedule: t.string,
  timeZone: t.string,
  startingDeadlineSeconds: t.number,
  concurrencyPolicy: t.string,
  suspend: t.boolean,
  jobTemplate: JobTemplateSpec,
  successfulJobsHistoryLimit: t.number,
  failedJobsHistoryLimit: t.number,
});
export type CronJobSpec = t.TypeOf<typeof CronJobSpec>;

export const CronJobStatus = t.partial({
  active: t.array(t.partial({ kind: t.string, namespace: t.string, name: t.string, uid: t.string, apiVersion: t.string })),
  lastScheduleTime: t.string,
  lastSuccessfulTime: t.string,
});
export type CronJobStatus = t.TypeOf<typeof CronJobStatus>;

export const CronJob = kindOf('CronJob', CronJobSpec, CronJobStatus);
export type CronJob = t.TypeOf<typeof CronJob>;

// -------------------------------------------------------------------------------------
// ReplicationController, PodTemplate (v1) and ControllerRevision (apps/v1)
// -------------------------------------------------------------------------------------

/** v1 RC: a plain map selector (not a LabelSelector), defaulted from the template's labels. */
export const ReplicationControllerSpec = t.partial({
  replicas: t.number,
  minReadySeconds: t.number,
  selector: t.record(t.string, t.string),
  template: PodTemplateSpec,
});
export type ReplicationControllerSpec = t.TypeOf<typeof ReplicationControllerSpec>;

export const ReplicationControllerStatus = t.partial({
  replicas: t.number,
  fullyLabeledReplicas: t.number,
  readyReplicas: t.number,
  availableReplicas: t.number,
  observedGeneration: t.number,
  conditions: t.array(WorkloadCondition),
});

export const ReplicationController = kindOf('ReplicationController', ReplicationControllerSpec, ReplicationControllerStatus);
export type ReplicationController = t.TypeOf<typeof ReplicationController>;

export const PodTemplate = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('PodTemplate'), metadata: ObjectMeta }),
  t.partial({ template: PodTemplateSpec }),
]);
export type PodTemplate = t.TypeOf<typeof PodTemplate>;

export const ControllerRevision = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('ControllerRevision'), metadata: ObjectMeta }),
  // upstream: revision is an int64 that reads 0 when omitted.
  t.partial({ revision: t.number, data: t.unknown }),
]);
export type ControllerRevision = t.TypeOf<typeof ControllerRevision>;
