/**
 * Pod: the fields kubesim reads and writes. Open codec — everything else in a user's
 * manifest is kept as written.
 */
import * as t from 'io-ts';
import { ObjectMeta } from './meta.js';

// -------------------------------------------------------------------------------------
// spec
// -------------------------------------------------------------------------------------

const ResourceList = t.record(t.string, t.union([t.string, t.number]));
export type ResourceList = t.TypeOf<typeof ResourceList>;

export const ResourceRequirements = t.partial({ requests: ResourceList, limits: ResourceList });

export const ContainerPort = t.intersection([
  t.type({ containerPort: t.number }),
  t.partial({ name: t.string, hostPort: t.number, hostIP: t.string, protocol: t.string }),
]);

/** An IntOrString field (a port, maxSurge): a number or a name/percentage. */
export const IntOrString = t.union([t.number, t.string]);
export type IntOrString = t.TypeOf<typeof IntOrString>;

const UnknownObject = t.UnknownRecord;

export const HTTPGetAction = t.partial({ path: t.string, port: IntOrString, host: t.string, scheme: t.string, httpHeaders: t.array(UnknownObject) });

export const Probe = t.partial({
  exec: t.partial({ command: t.array(t.string) }),
  httpGet: HTTPGetAction,
  tcpSocket: t.partial({ port: IntOrString, host: t.string }),
  grpc: t.partial({ port: t.number, service: t.string }),
  terminationGracePeriodSeconds: t.number,
  initialDelaySeconds: t.number,
  periodSeconds: t.number,
  timeoutSeconds: t.number,
  successThreshold: t.number,
  failureThreshold: t.number,
});

export type Probe = t.TypeOf<typeof Probe>;

export const EnvVar = t.intersection([
  t.type({ name: t.string }),
  t.partial({ value: t.string, valueFrom: t.partial({ fieldRef: t.intersection([t.type({ fieldPath: t.string }), t.partial({ apiVersion: t.string })]) }) }),
]);

export const VolumeMount = t.intersection([t.type({ name: t.string, mountPath: t.string }), t.partial({ readOnly: t.boolean, subPath: t.string })]);

export const Container = t.intersection([
  t.type({ name: t.string }),
  t.partial({
    image: t.string,
    command: t.array(t.string),
    args: t.array(t.string),
    workingDir: t.string,
    env: t.array(EnvVar),
    volumeMounts: t.array(VolumeMount),
    imagePullPolicy: t.string,
    terminationMessagePath: t.string,
    terminationMessagePolicy: t.string,
    resources: ResourceRequirements,
    ports: t.array(ContainerPort),
    readinessProbe: Probe,
    livenessProbe: Probe,
    startupProbe: Probe,
    restartPolicy: t.string,
  }),
]);
export type Container = t.TypeOf<typeof Container>;

export const Toleration = t.partial({
  key: t.string,
  operator: t.string,
  value: t.string,
  effect: t.string,
  tolerationSeconds: t.number,
});
export type Toleration = t.TypeOf<typeof Toleration>;

/** A volume: its name and, typed, the sources kubesim defaults (the rest pass through). */
export const Volume = t.intersection([
  t.type({ name: t.string }),
  t.partial({
    emptyDir: UnknownObject,
    hostPath: t.intersection([t.type({ path: t.string }), t.partial({ type: t.string })]),
    configMap: t.partial({ name: t.string, defaultMode: t.number, optional: t.boolean }),
    secret: t.partial({ secretName: t.string, defaultMode: t.number, optional: t.boolean }),
    downwardAPI: t.partial({ defaultMode: t.number }),
    projected: t.partial({ defaultMode: t.number, sources: t.array(UnknownObject) }),
    persistentVolumeClaim: t.intersection([t.type({ claimName: t.string }), t.partial({ readOnly: t.boolean })]),
  }),
]);
export type Volume = t.TypeOf<typeof Volume>;

export const PodSpec = t.intersection([
  t.type({ containers: t.array(Container) }),
  t.partial({
    initContainers: t.array(Container),
    nodeName: t.string,
    nodeSelector: t.record(t.string, t.string),
    schedulerName: t.string,
    restartPolicy: t.string,
    terminationGracePeriodSeconds: t.number,
    activeDeadlineSeconds: t.number,
    dnsPolicy: t.string,
    hostNetwork: t.boolean,
    serviceAccountName: t.string,
    enableServiceLinks: t.boolean,
    preemptionPolicy: t.string,
    volumes: t.array(Volume),
    affinity: UnknownObject,
    securityContext: UnknownObject,
    priority: t.number,
    priorityClassName: t.string,
    tolerations: t.array(Toleration),
    overhead: ResourceList,
  }),
]);
export type PodSpec = t.TypeOf<typeof PodSpec>;

// -------------------------------------------------------------------------------------
// status
// -------------------------------------------------------------------------------------

export const PodCondition = t.intersection([
  t.type({ type: t.string, status: t.string }),
  t.partial({ reason: t.string, message: t.string, lastTransitionTime: t.string, lastProbeTime: t.unknown }),
]);
export type PodCondition = t.TypeOf<typeof PodCondition>;

export const ContainerState = t.partial({
  waiting: t.partial({ reason: t.string, message: t.string }),
  running: t.partial({ startedAt: t.string }),
  terminated: t.partial({ exitCode: t.number, reason: t.string, startedAt: t.string, finishedAt: t.string }),
});

export const ContainerStatus = t.intersection([
  t.type({ name: t.string, ready: t.boolean, restartCount: t.number }),
  t.partial({ image: t.string, started: t.boolean, state: ContainerState }),
]);
export type ContainerStatus = t.TypeOf<typeof ContainerStatus>;

export const PodPhase = t.keyof({ Pending: null, Running: null, Succeeded: null, Failed: null, Unknown: null });
export type PodPhase = t.TypeOf<typeof PodPhase>;

export const PodStatus = t.partial({
  phase: PodPhase,
  conditions: t.array(PodCondition),
  hostIP: t.string,
  podIP: t.string,
  podIPs: t.array(t.type({ ip: t.string })),
  startTime: t.string,
  containerStatuses: t.array(ContainerStatus),
  nominatedNodeName: t.string,
  reason: t.string,
  message: t.string,
  qosClass: t.string,
});
export type PodStatus = t.TypeOf<typeof PodStatus>;

export const Pod = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('Pod'), metadata: ObjectMeta, spec: PodSpec }),
  t.partial({ status: PodStatus }),
]);
export type Pod = t.TypeOf<typeof Pod>;

export const PodTemplateSpec = t.partial({
  metadata: t.partial({ labels: t.record(t.string, t.string), annotations: t.record(t.string, t.string), name: t.string }),
  spec: PodSpec,
});
export type PodTemplateSpec = t.TypeOf<typeof PodTemplateSpec>;

// -------------------------------------------------------------------------------------
// queries
// -------------------------------------------------------------------------------------

export const podCondition = (pod: Pod, type: string): PodCondition | undefined =>
  pod.status?.conditions?.find((c) => c.type === type);

export const isPodReady = (pod: Pod): boolean => podCondition(pod, 'Ready')?.status === 'True';

export const isPodTerminal = (pod: Pod): boolean =>
  pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

export const isPodTerminating = (pod: Pod): boolean => pod.metadata.deletionTimestamp !== undefined;

/** upstream controller.IsPodActive: not terminal and not being deleted. */
export const isPodActive = (pod: Pod): boolean => !isPodTerminal(pod) && !isPodTerminating(pod);

export const restartCountOf = (pod: Pod): number =>
  (pod.status?.containerStatuses ?? []).reduce((sum, c) => sum + c.restartCount, 0);

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
