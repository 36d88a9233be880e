/**
 * Defaulting as the API server does it, for the kinds kubesim models. One table per kind;
 * a later issue extends these to every kind (upstream pkg/apis/<group>/v1/defaults.go).
 */
import type { Container, PodSpec, Toleration } from '../api/pod.js';
import type { KubeObject } from '../api/meta.js';
import { DEFAULT_SCHEDULER_NAME } from '../api/pod.js';

const POD_SPEC_DEFAULTS = {
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 30,
  dnsPolicy: 'ClusterFirst',
  schedulerName: DEFAULT_SCHEDULER_NAME,
  securityContext: {},
  enableServiceLinks: true,
  preemptionPolicy: 'PreemptLowerPriority',
} as const;

/** upstream admission DefaultTolerationSeconds: 300 s for not-ready and unreachable. */
export const DEFAULT_TOLERATION_SECONDS = 300;
const TOLERATED_BY_DEFAULT = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

const defaultContainer = (c: Container): Container => {
  const defaults = {
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: imagePullPolicyFor(c.image),
  };
  return { ...defaults, ...c, resources: c.resources ?? {} } as Container;
};

/** upstream: Always for `:latest` or an untagged image, IfNotPresent otherwise. */
const imagePullPolicyFor = (image: string | undefined): string => {
  if (image === undefined || image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
};

const tolerates = (tolerations: readonly Toleration[], key: string): boolean =>
  tolerations.some(
    (t) => (t.key === key || (t.key === undefined && t.operator === 'Exists')) && (t.effect === undefined || t.effect === 'NoExecute'),
  );

const withDefaultTolerations = (tolerations: readonly Toleration[] | undefined): Toleration[] => {
  const list = [...(tolerations ?? [])];
  for (const key of TOLERATED_BY_DEFAULT) {
    if (!tolerates(list, key)) {
      list.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
    }
  }
  return list;
};

export const defaultPodSpec = (spec: PodSpec): PodSpec => ({
  ...POD_SPEC_DEFAULTS,
  ...spec,
  containers: spec.containers.map(defaultContainer),
  ...(spec.initContainers === undefined ? {} : { initContainers: spec.initContainers.map(defaultContainer) }),
});

/** A pod as admitted: spec defaults, default tolerations, priority, and the initial status. */
export const defaultPod = (pod: KubeObject & { spec: PodSpec }): KubeObject => {
  const spec = defaultPodSpec(pod.spec);
  return {
    ...pod,
    spec: { ...spec, tolerations: withDefaultTolerations(spec.tolerations), priority: spec.priority ?? 0 },
    status: { phase: 'Pending', qosClass: qosClassOf(spec) },
  };
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

export const defaultReplicaSet = (rs: KubeObject & { spec: { replicas?: number; template?: { spec?: PodSpec } } }): KubeObject => ({
  ...rs,
  spec: {
    ...rs.spec,
    replicas: rs.spec.replicas ?? 1,
    ...(rs.spec.template?.spec === undefined ? {} : { template: { ...rs.spec.template, spec: defaultPodSpec(rs.spec.template.spec) } }),
  },
});
