/**
 * StatefulSet pod identity and health (upstream pkg/controller/statefulset
 * stateful_set_utils.go): ordinals parsed from names, the pod a set makes for an ordinal,
 * the claims it needs, and the readiness predicates the ordered policy waits on.
 */
import type { KubeObject, OwnerReference } from '../api/meta.js';
import type { Pod, PodTemplateSpec, Volume } from '../api/pod.js';
import { isPodReady, podCondition } from '../api/pod.js';
import { simMsOf } from '../api/time.js';
import type { StatefulSet } from '../api/workloads.js';
import { POD_REVISION_HASH_LABEL } from './history.js';

/** upstream apps.StatefulSetPodNameLabel. */
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** upstream apps.PodIndexLabel (feature PodIndexLabel, on by default since v1.28). */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

// -------------------------------------------------------------------------------------
// ordinals and names
// -------------------------------------------------------------------------------------

/** upstream statefulPodRegex `(.*)-([0-9]+)$`. */
const STATEFUL_POD_NAME = /^(.*)-([0-9]+)$/;
const INT32_MAX = 2 ** 31 - 1;

/** upstream getParentNameAndOrdinal: ordinal -1 when the name has none (or it overflows an int32). */
export const parentAndOrdinal = (podName: string): { parent: string; ordinal: number } => {
  const m = STATEFUL_POD_NAME.exec(podName);
  if (m === null) return { parent: '', ordinal: -1 };
  const ordinal = Number(m[2]);
  return { parent: m[1] ?? '', ordinal: ordinal <= INT32_MAX ? ordinal : -1 };
};

export const ordinalOf = (pod: { metadata: { name: string } }): number => parentAndOrdinal(pod.metadata.name).ordinal;

export const isMemberOf = (set: StatefulSet, pod: Pod): boolean => parentAndOrdinal(pod.metadata.name).parent === set.metadata.name;

export const replicasOf = (set: StatefulSet): number => set.spec.replicas ?? 1;

/** upstream getStartOrdinal: spec.ordinals.start, else 0. */
export const startOrdinal = (set: StatefulSet): number => set.spec.ordinals?.start ?? 0;

/** upstream podInOrdinalRange: start ≤ ordinal ≤ start + replicas − 1. */
export const inOrdinalRange = (set: StatefulSet, ordinal: number): boolean => ordinal >= startOrdinal(set) && ordinal < startOrdinal(set) + replicasOf(set);

export const podName = (set: StatefulSet, ordinal: number): string => `${set.metadata.name}-${ordinal}`;

/** upstream getPersistentVolumeClaimName: `<template>-<set>-<ordinal>`. */
export const claimName = (set: StatefulSet, template: string, ordinal: number): string => `${template}-${set.metadata.name}-${ordinal}`;

/** The names of the claim templates, in spec order. */
export const claimTemplateNames = (set: StatefulSet): string[] =>
  (set.spec.volumeClaimTemplates ?? []).map((c) => (c['metadata'] as { name?: string } | undefined)?.name ?? '').filter((n) => n !== '');

export const revisionOfPod = (pod: Pod): string => pod.metadata.labels?.[POD_REVISION_HASH_LABEL] ?? '';

// -------------------------------------------------------------------------------------
// health (upstream isCreated / isRunningAndReady / isRunningAndAvailable / isUnavailable)
// -------------------------------------------------------------------------------------

/** A pod the API server holds (the placeholders this sync builds have no phase yet). */
export const isCreated = (pod: Pod): boolean => pod.status?.phase !== undefined;
export const isTerminating = (pod: Pod): boolean => pod.metadata.deletionTimestamp !== undefined;
export const isFailedOrSucceeded = (pod: Pod): boolean => pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded';
export const isRunningAndReady = (pod: Pod): boolean => pod.status?.phase === 'Running' && isPodReady(pod);

/** upstream podutil.IsPodAvailable: ready for strictly longer than minReadySeconds. */
export const isAvailable = (pod: Pod, minReadySeconds: number, nowMs: number): boolean => {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = simMsOf(podCondition(pod, 'Ready')?.lastTransitionTime ?? '');
  return since + minReadySeconds * 1000 < nowMs;
};

export const isRunningAndAvailable = (pod: Pod, minReadySeconds: number, nowMs: number): boolean => isRunningAndReady(pod) && isAvailable(pod, minReadySeconds, nowMs);

export const isUnavailable = (pod: Pod, minReadySeconds: number, nowMs: number): boolean => isTerminating(pod) || !isRunningAndAvailable(pod, minReadySeconds, nowMs);

/** When a ready pod that is not yet available becomes so (the requeue for minReadySeconds). */
export const availableInMs = (pod: Pod, minReadySeconds: number, nowMs: number): number | undefined => {
  if (minReadySeconds <= 0 || !isRunningAndReady(pod) || isTerminating(pod)) return undefined;
  const since = simMsOf(podCondition(pod, 'Ready')?.lastTransitionTime ?? '');
  const wait = since + minReadySeconds * 1000 - nowMs + 1;
  return wait > 0 ? wait : undefined;
};

// -------------------------------------------------------------------------------------
// the pod of an ordinal (upstream newStatefulSetPod: GetPodFromTemplate, initIdentity, updateStorage)
// -------------------------------------------------------------------------------------

export const setControllerRef = (set: StatefulSet): OwnerReference => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  name: set.metadata.name,
  uid: set.metadata.uid ?? '',
  controller: true,
  blockOwnerDeletion: true,
});

/** upstream updateStorage: a volume per claim template (replacing a same-named one), then the template's others. */
const volumesFor = (set: StatefulSet, ordinal: number, own: readonly Volume[]): Volume[] => {
  const templates = claimTemplateNames(set);
  const claims: Volume[] = templates.map((t) => ({ name: t, persistentVolumeClaim: { claimName: claimName(set, t, ordinal) } }));
  return [...claims, ...own.filter((v) => !templates.includes(v.name))];
};

/**
 * The pod for `ordinal` from `template` at `revision`: name `<set>-<ordinal>`, the
 * pod-name, pod-index and controller-revision-hash labels, hostname and subdomain
 * (upstream initIdentity sets them on creation only), and a claim volume per template.
 */
export const newStatefulSetPod = (set: StatefulSet, template: PodTemplateSpec | undefined, revision: string, ordinal: number): KubeObject => {
  const name = podName(set, ordinal);
  const spec = template?.spec ?? { containers: [] };
  const volumes = volumesFor(set, ordinal, spec.volumes ?? []);
  const serviceName = set.spec.serviceName ?? '';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${set.metadata.name}-`,
      namespace: set.metadata.namespace ?? 'default',
      labels: { ...template?.metadata?.labels, [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [POD_REVISION_HASH_LABEL]: revision },
      ...(template?.metadata?.annotations === undefined ? {} : { annotations: { ...template.metadata.annotations } }),
      ownerReferences: [setControllerRef(set)],
    },
    spec: {
      ...spec,
      ...(volumes.length === 0 ? {} : { volumes }),
      hostname: name,
      ...(serviceName === '' ? {} : { subdomain: serviceName }),
    },
  };
};

/** upstream identityMatches: the pod-name label is right (name and namespace are by construction). */
export const identityMatches = (set: StatefulSet, pod: Pod): boolean =>
  isMemberOf(set, pod) && pod.metadata.namespace === set.metadata.namespace && pod.metadata.labels?.[POD_NAME_LABEL] === pod.metadata.name;

/** upstream updateIdentity, for a pod that lost its identity labels (labels are mutable; spec is not). */
export const withIdentity = (pod: Pod): KubeObject => ({
  ...(pod as unknown as KubeObject),
  metadata: { ...pod.metadata, labels: { ...pod.metadata.labels, [POD_NAME_LABEL]: pod.metadata.name, [POD_INDEX_LABEL]: String(ordinalOf(pod)) } },
});
