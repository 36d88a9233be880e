/**
 * API versions Kubernetes served once and removed (upstream: the deprecated API migration
 * guide, kubernetes.io/docs/reference/using-api/deprecation-guide). A manifest written at
 * one of them is refused, as a current API server refuses it, with a word on what to use.
 */

interface Removal {
  readonly removedIn: string;
  /** The version to use instead, or what replaces the kind. */
  readonly use: string;
}

const removed = (apiVersion: string, kinds: readonly string[], removedIn: string, use: string): [string, Removal][] =>
  kinds.map((k) => [`${apiVersion} ${k}`, { removedIn, use }]);

const REMOVED = new Map<string, Removal>([
  ...removed('extensions/v1beta1', ['Deployment', 'DaemonSet', 'ReplicaSet'], 'v1.16', 'apps/v1'),
  ...removed('extensions/v1beta1', ['NetworkPolicy'], 'v1.16', 'networking.k8s.io/v1'),
  ...removed('extensions/v1beta1', ['Ingress'], 'v1.22', 'networking.k8s.io/v1'),
  ...removed('extensions/v1beta1', ['PodSecurityPolicy'], 'v1.16', 'Pod Security Admission (PodSecurityPolicy itself was removed in v1.25)'),
  ...removed('apps/v1beta1', ['Deployment', 'StatefulSet', 'ControllerRevision'], 'v1.16', 'apps/v1'),
  ...removed('apps/v1beta2', ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ControllerRevision'], 'v1.16', 'apps/v1'),
  ...removed('networking.k8s.io/v1beta1', ['Ingress', 'IngressClass'], 'v1.22', 'networking.k8s.io/v1'),
  ...removed('batch/v1beta1', ['CronJob'], 'v1.25', 'batch/v1'),
  ...removed('batch/v2alpha1', ['CronJob'], 'v1.21', 'batch/v1'),
  ...removed('policy/v1beta1', ['PodDisruptionBudget'], 'v1.25', 'policy/v1'),
  ...removed('policy/v1beta1', ['PodSecurityPolicy'], 'v1.25', 'Pod Security Admission'),
  ...removed('autoscaling/v2beta1', ['HorizontalPodAutoscaler'], 'v1.25', 'autoscaling/v2'),
  ...removed('autoscaling/v2beta2', ['HorizontalPodAutoscaler'], 'v1.26', 'autoscaling/v2'),
  ...removed('discovery.k8s.io/v1beta1', ['EndpointSlice'], 'v1.25', 'discovery.k8s.io/v1'),
  ...removed('events.k8s.io/v1beta1', ['Event'], 'v1.25', 'events.k8s.io/v1'),
  ...removed('storage.k8s.io/v1beta1', ['StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment'], 'v1.22', 'storage.k8s.io/v1'),
  ...removed('storage.k8s.io/v1beta1', ['CSIStorageCapacity'], 'v1.27', 'storage.k8s.io/v1'),
  ...removed('rbac.authorization.k8s.io/v1beta1', ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'], 'v1.22', 'rbac.authorization.k8s.io/v1'),
  ...removed('rbac.authorization.k8s.io/v1alpha1', ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'], 'v1.22', 'rbac.authorization.k8s.io/v1'),
  ...removed('scheduling.k8s.io/v1beta1', ['PriorityClass'], 'v1.22', 'scheduling.k8s.io/v1'),
  ...removed('scheduling.k8s.io/v1alpha1', ['PriorityClass'], 'v1.17', 'scheduling.k8s.io/v1'),
  ...removed('coordination.k8s.io/v1beta1', ['Lease'], 'v1.22', 'coordination.k8s.io/v1'),
  ...removed('apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition'], 'v1.22', 'apiextensions.k8s.io/v1'),
  ...removed('admissionregistration.k8s.io/v1beta1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], 'v1.22', 'admissionregistration.k8s.io/v1'),
  ...removed('certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], 'v1.22', 'certificates.k8s.io/v1'),
  ...removed('apiregistration.k8s.io/v1beta1', ['APIService'], 'v1.22', 'apiregistration.k8s.io/v1'),
  ...removed('node.k8s.io/v1beta1', ['RuntimeClass'], 'v1.25', 'node.k8s.io/v1'),
  ...removed('flowcontrol.apiserver.k8s.io/v1beta1', ['FlowSchema', 'PriorityLevelConfiguration'], 'v1.26', 'flowcontrol.apiserver.k8s.io/v1'),
  ...removed('flowcontrol.apiserver.k8s.io/v1beta2', ['FlowSchema', 'PriorityLevelConfiguration'], 'v1.29', 'flowcontrol.apiserver.k8s.io/v1'),
]);

/** Why a kind is not served at this apiVersion any more, if it was removed. */
export const removalOf = (apiVersion: string, kind: string): string | undefined => {
  const r = REMOVED.get(`${apiVersion} ${kind}`);
  return r === undefined ? undefined : `${apiVersion} ${kind} was removed in Kubernetes ${r.removedIn}; use ${r.use}`;
};

/** The API server's refusal of a kind at a version it does not serve. */
export const noMatchMessage = (apiVersion: string, kind: string): string => {
  const why = removalOf(apiVersion, kind);
  return `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}${why === undefined ? '' : ` (${why})`}`;
};
