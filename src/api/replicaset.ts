/** ReplicaSet (apps/v1) and ReplicationController (v1): the fields kubesim reads and writes. */
import * as t from 'io-ts';
import { ObjectMeta } from './meta.js';
import { PodTemplateSpec } from './pod.js';
import { LabelSelector } from './selector.js';

export const ReplicaSetCondition = t.intersection([
  t.type({ type: t.string, status: t.string }),
  t.partial({ reason: t.string, message: t.string, lastTransitionTime: t.string }),
]);

export const ReplicaSetStatus = t.intersection([
  t.type({ replicas: t.number }),
  t.partial({
    fullyLabeledReplicas: t.number,
    readyReplicas: t.number,
    availableReplicas: t.number,
    terminatingReplicas: t.number,
    observedGeneration: t.number,
    conditions: t.array(ReplicaSetCondition),
  }),
]);
export type ReplicaSetStatus = t.TypeOf<typeof ReplicaSetStatus>;

export const ReplicaSetSpec = t.intersection([
  t.type({ selector: LabelSelector }),
  t.partial({ replicas: t.number, minReadySeconds: t.number, template: PodTemplateSpec }),
]);

export const ReplicaSet = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('ReplicaSet'), metadata: ObjectMeta, spec: ReplicaSetSpec }),
  t.partial({ status: ReplicaSetStatus }),
]);
export type ReplicaSet = t.TypeOf<typeof ReplicaSet>;

/** upstream: spec.replicas defaults to 1 when omitted. */
export const desiredReplicas = (rs: { spec: { replicas?: number } }): number => rs.spec.replicas ?? 1;
