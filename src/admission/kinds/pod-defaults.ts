/**
 * Pod defaulting: upstream core/v1 defaults.go (`SetDefaults_PodSpec`, `_Container`,
 * `_ContainerPort`, `_Probe`, `_HTTPGetAction`, `_Volume` and the volume sources,
 * `_ObjectFieldSelector`), which run for pods and pod templates alike, then what only a
 * Pod gets: `SetDefaults_Pod` (requests from limits, enableServiceLinks, host-network
 * ports) and the admission plugins that run on every pod (Priority, DefaultTolerationSeconds),
 * and the initial status with the QoS class.
 */
import type { KubeObject } from '../../api/meta.js';
import type { Container, PodSpec, Probe, ResourceList, Toleration, Volume } from '../../api/pod.js';
import { DEFAULT_SCHEDULER_NAME } from '../../api/pod.js';

// -------------------------------------------------------------------------------------
// containers
// -------------------------------------------------------------------------------------

/** upstream: Always for `:latest` or an untagged image, IfNotPresent otherwise (and for a digest). */
export const imagePullPolicyFor = (image: string | undefined): string => {
  if (image === undefined || image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
};

const PROBE_DEFAULTS = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 } as const;

const defaultProbe = (p: Probe): Probe => ({
  ...PROBE_DEFAULTS,
  ...p,
  ...(p.httpGet === undefined ? {} : { httpGet: { path: '/', scheme: 'HTTP', ...p.httpGet } }),
});

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const withProbes = (c: Container): Partial<Container> => {
  const out: Mutable<Partial<Container>> = {};
  if (c.livenessProbe !== undefined) out.livenessProbe = defaultProbe(c.livenessProbe);
  if (c.readinessProbe !== undefined) out.readinessProbe = defaultProbe(c.readinessProbe);
  if (c.startupProbe !== undefined) out.startupProbe = defaultProbe(c.startupProbe);
  return out;
};

/** upstream SetDefaults_ObjectFieldSelector: a fieldRef reads v1 unless told otherwise. */
const defaultEnv = (env: NonNullable<Container['env']>): Container['env'] =>
  env.map((e) => (e.valueFrom?.fieldRef === undefined ? e : { ...e, valueFrom: { ...e.valueFrom, fieldRef: { apiVersion: 'v1', ...e.valueFrom.fieldRef } } }));

const defaultContainer = (c: Container): Container => ({
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  imagePullPolicy: imagePullPolicyFor(c.image),
  ...c,
  resources: c.resources ?? {},
  ...withProbes(c),
  ...(c.ports === undefined ? {} : { ports: c.ports.map((p) => ({ protocol: 'TCP', ...p })) }),
  ...(c.env === undefined ? {} : { env: defaultEnv(c.env) }),
});

// -------------------------------------------------------------------------------------
// volumes
// -------------------------------------------------------------------------------------

/** Every volume source upstream knows: a volume that names none gets an emptyDir. */
const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos',
  'csi', 'ephemeral', 'image',
] as const;
export const volumeSourcesOf = (v: Volume): string[] => VOLUME_SOURCES.filter((s) => (v as Record<string, unknown>)[s] !== undefined);

/** upstream: secret, configMap, downwardAPI and projected files are 0644 unless told. */
const DEFAULT_MODE = 0o644;

const defaultVolume = (v: Volume): Volume => {
  if (volumeSourcesOf(v).length === 0) return { ...v, emptyDir: {} };
  return {
    ...v,
    ...(v.secret === undefined ? {} : { secret: { defaultMode: DEFAULT_MODE, ...v.secret } }),
    ...(v.configMap === undefined ? {} : { configMap: { defaultMode: DEFAULT_MODE, ...v.configMap } }),
    ...(v.downwardAPI === undefined ? {} : { downwardAPI: { defaultMode: DEFAULT_MODE, ...v.downwardAPI } }),
    ...(v.projected === undefined ? {} : { projected: { defaultMode: DEFAULT_MODE, ...v.projected } }),
    ...(v.hostPath === undefined ? {} : { hostPath: { type: '', ...v.hostPath } }),
  };
};

// -------------------------------------------------------------------------------------
// pod spec (pods and templates)
// -------------------------------------------------------------------------------------

const POD_SPEC_DEFAULTS = {
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 30,
  dnsPolicy: 'ClusterFirst',
  schedulerName: DEFAULT_SCHEDULER_NAME,
  securityContext: {},
} as const;

/** upstream SetDefaults_PodSpec and the defaults of what a spec holds; what templates get too. */
export const defaultPodSpec = (spec: PodSpec): PodSpec => ({
  ...POD_SPEC_DEFAULTS,
  ...spec,
  containers: spec.containers.map(defaultContainer),
  ...(spec.initContainers === undefined ? {} : { initContainers: spec.initContainers.map(defaultContainer) }),
  ...(spec.volumes === undefined ? {} : { volumes: spec.volumes.map(defaultVolume) }),
});

// -------------------------------------------------------------------------------------
// pod only
// -------------------------------------------------------------------------------------

/** upstream SetDefaults_Pod: a resource with a limit and no request requests its limit. */
const requestsFromLimits = (c: Container): Container => {
  const limits = c.resources?.limits;
  if (limits === undefined || Object.keys(limits).length === 0) return c;
  const requests: ResourceList = { ...limits, ...(c.resources?.requests ?? {}) };
  return { ...c, resources: { ...c.resources, requests } };
};

/** upstream SetDefaults_Pod: on the host network a port is published on the host as well. */
const hostNetworkPorts = (c: Container): Container =>
  c.ports === undefined ? c : { ...c, ports: c.ports.map((p) => (p.hostPort === undefined || p.hostPort === 0 ? { ...p, hostPort: p.containerPort } : p)) };

/** upstream admission DefaultTolerationSeconds: 300 s for not-ready and unreachable. */
export const DEFAULT_TOLERATION_SECONDS = 300;
const TOLERATED_BY_DEFAULT = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

const tolerates = (tolerations: readonly Toleration[], key: string): boolean =>
  tolerations.some((t) => (t.key === key || (t.key === undefined && t.operator === 'Exists')) && (t.effect === undefined || t.effect === 'NoExecute'));

const withDefaultTolerations = (tolerations: readonly Toleration[] | undefined): Toleration[] => {
  const list = [...(tolerations ?? [])];
  for (const key of TOLERATED_BY_DEFAULT) {
    if (!tolerates(list, key)) list.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  return list;
};

/** Keys first in the order the stored pod has always had them (logs are compared as text). */
const POD_ONLY_DEFAULTS = {
  ...POD_SPEC_DEFAULTS,
  enableServiceLinks: true,
  // upstream Priority admission plugin: no class means priority 0 and the default policy.
  preemptionPolicy: 'PreemptLowerPriority',
} as const;

const podOnly = (spec: PodSpec): PodSpec => {
  const perContainer = (c: Container): Container => (spec.hostNetwork === true ? hostNetworkPorts(requestsFromLimits(c)) : requestsFromLimits(c));
  return {
    ...POD_ONLY_DEFAULTS,
    ...spec,
    containers: spec.containers.map(perContainer),
    ...(spec.initContainers === undefined ? {} : { initContainers: spec.initContainers.map(perContainer) }),
    tolerations: withDefaultTolerations(spec.tolerations),
    priority: spec.priority ?? 0,
  };
};

/** A pod as admitted: spec defaults, pod-only defaults, and the initial status. */
export const defaultPod = (pod: KubeObject & { spec: PodSpec }): KubeObject => {
  const spec = podOnly(defaultPodSpec(pod.spec));
  return { ...pod, spec, status: { phase: 'Pending', qosClass: qosClassOf(spec) } };
};

/** upstream v1 qos.GetPodQOS (simplified to cpu and memory, which is what it compares). */
export const qosClassOf = (spec: PodSpec): string => {
  const containers = [...spec.containers, ...(spec.initContainers ?? [])];
  let anySet = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined || lim[r] !== undefined) anySet = true;
      const request = req[r] ?? lim[r];
      if (lim[r] === undefined || String(request) !== String(lim[r])) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
};
