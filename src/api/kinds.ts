/**
 * The kinds kubesim knows: how kubectl names them (plural, singular, short names), their
 * API group/version, whether they are namespaced, and whether kubesim models them yet.
 *
 * A kind that Kubernetes has but kubesim does not model yet is still accepted and stored
 * (so `get` shows it), and the runner warns that nothing acts on it. A kind Kubernetes
 * does not have is refused.
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export interface KindInfo {
  readonly kind: string;
  /** `v1` or `apps/v1`: the preferred version, what objects are stored and printed as. */
  readonly apiVersion: string;
  /** Other group/versions a manifest may use for the same kind. */
  readonly otherVersions: readonly string[];
  readonly namespaced: boolean;
  readonly plural: string;
  readonly shortNames: readonly string[];
  /** Whether a controller or model acts on this kind in this version of kubesim. */
  readonly modelled: boolean;
}

const kind = (
  k: string,
  apiVersion: string,
  namespaced: boolean,
  plural: string,
  shortNames: readonly string[] = [],
  modelled = false,
  otherVersions: readonly string[] = [],
): KindInfo => ({ kind: k, apiVersion, namespaced, plural, shortNames, modelled, otherVersions });

// upstream: names as `kubectl api-resources` prints them.
export const KINDS: readonly KindInfo[] = [
  kind('Pod', 'v1', true, 'pods', ['po'], true),
  kind('Node', 'v1', false, 'nodes', ['no'], true),
  kind('Namespace', 'v1', false, 'namespaces', ['ns'], true),
  kind('ReplicaSet', 'apps/v1', true, 'replicasets', ['rs'], true),
  kind('ReplicationController', 'v1', true, 'replicationcontrollers', ['rc'], true),
  kind('Deployment', 'apps/v1', true, 'deployments', ['deploy'], true),
  kind('DaemonSet', 'apps/v1', true, 'daemonsets', ['ds'], true),
  kind('StatefulSet', 'apps/v1', true, 'statefulsets', ['sts'], true),
  kind('Job', 'batch/v1', true, 'jobs', [], true),
  kind('CronJob', 'batch/v1', true, 'cronjobs', ['cj'], true),
  kind('Service', 'v1', true, 'services', ['svc']),
  kind('Endpoints', 'v1', true, 'endpoints', ['ep']),
  kind('EndpointSlice', 'discovery.k8s.io/v1', true, 'endpointslices'),
  kind('Ingress', 'networking.k8s.io/v1', true, 'ingresses', ['ing']),
  kind('IngressClass', 'networking.k8s.io/v1', false, 'ingressclasses'),
  kind('NetworkPolicy', 'networking.k8s.io/v1', true, 'networkpolicies', ['netpol']),
  kind('ConfigMap', 'v1', true, 'configmaps', ['cm']),
  kind('Secret', 'v1', true, 'secrets'),
  kind('PersistentVolume', 'v1', false, 'persistentvolumes', ['pv'], true),
  kind('PersistentVolumeClaim', 'v1', true, 'persistentvolumeclaims', ['pvc'], true),
  kind('StorageClass', 'storage.k8s.io/v1', false, 'storageclasses', ['sc'], true),
  kind('ServiceAccount', 'v1', true, 'serviceaccounts', ['sa']),
  kind('HorizontalPodAutoscaler', 'autoscaling/v2', true, 'horizontalpodautoscalers', ['hpa'], false, ['autoscaling/v1']),
  kind('PodDisruptionBudget', 'policy/v1', true, 'poddisruptionbudgets', ['pdb']),
  kind('PriorityClass', 'scheduling.k8s.io/v1', false, 'priorityclasses', ['pc'], true),
  kind('ResourceQuota', 'v1', true, 'resourcequotas', ['quota']),
  kind('LimitRange', 'v1', true, 'limitranges', ['limits']),
  kind('Lease', 'coordination.k8s.io/v1', true, 'leases'),
  kind('Event', 'v1', true, 'events', ['ev'], false, ['events.k8s.io/v1']),
  kind('CustomResourceDefinition', 'apiextensions.k8s.io/v1', false, 'customresourcedefinitions', ['crd', 'crds'], true),
  kind('Role', 'rbac.authorization.k8s.io/v1', true, 'roles'),
  kind('ClusterRole', 'rbac.authorization.k8s.io/v1', false, 'clusterroles'),
  kind('RoleBinding', 'rbac.authorization.k8s.io/v1', true, 'rolebindings'),
  kind('ClusterRoleBinding', 'rbac.authorization.k8s.io/v1', false, 'clusterrolebindings'),
  kind('PodTemplate', 'v1', true, 'podtemplates'),
  kind('ControllerRevision', 'apps/v1', true, 'controllerrevisions', [], true),
];

// -------------------------------------------------------------------------------------
// lookups
// -------------------------------------------------------------------------------------

const byKind = new Map(KINDS.map((k) => [k.kind, k] as const));

const byName = new Map<string, KindInfo>(
  KINDS.flatMap((k) => {
    const names = [k.kind.toLowerCase(), k.plural, ...k.shortNames];
    const group = groupOf(k.apiVersion);
    const qualified = group === '' ? [] : names.map((n) => `${n}.${group}`);
    return [...names, ...qualified].map((n) => [n, k] as const);
  }),
);

/** `apps` of `apps/v1`; '' for the core group (`v1`). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** `v1` of `apps/v1` (and of `v1`). */
export const versionOf = (apiVersion: string): string => apiVersion.slice(apiVersion.indexOf('/') + 1);

/** `ReplicaSet.apps`, `Pod`: a kind qualified by its group, as upstream's errors name it. */
export const qualifiedKind = (kind: string, apiVersion: string): string => {
  const group = groupOf(apiVersion);
  return group === '' ? kind : `${kind}.${group}`;
};

export const kindInfo = (k: string): KindInfo | undefined => byKind.get(k);

/** Resolves what a person types (`deploy`, `pods`, `Deployment`, `deployments.apps`) as kubectl does. */
export const resolveKindName = (name: string): KindInfo | undefined =>
  byName.get(name.toLowerCase()) ?? byKind.get(name);

/** Whether `apiVersion` is a version the API serves for `k`. */
export const servesVersion = (k: KindInfo, apiVersion: string): boolean =>
  k.apiVersion === apiVersion || k.otherVersions.includes(apiVersion);

/** `deployment.apps`, `pod`: how kubectl names a kind in messages like `deployment.apps/web created`. */
export const qualifiedSingular = (k: KindInfo): string => {
  const group = groupOf(k.apiVersion);
  return group === '' ? k.kind.toLowerCase() : `${k.kind.toLowerCase()}.${group}`;
};
