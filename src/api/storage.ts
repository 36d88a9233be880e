/**
 * Storage kinds: PersistentVolume and PersistentVolumeClaim (v1), StorageClass
 * (storage.k8s.io/v1). Open codecs; quantities stay as written (string or number) and are
 * parsed where read (api/quantity.ts), so a stored object round-trips unchanged.
 */
import * as t from 'io-ts';
import { ObjectMeta } from './meta.js';
import { LabelSelector } from './selector.js';

const ResourceList = t.record(t.string, t.union([t.string, t.number]));
export type StorageResourceList = t.TypeOf<typeof ResourceList>;

// -------------------------------------------------------------------------------------
// node affinity and topology (core v1 NodeSelector / TopologySelectorTerm)
// -------------------------------------------------------------------------------------

const NodeSelectorRequirement = t.intersection([t.type({ key: t.string, operator: t.string }), t.partial({ values: t.array(t.string) })]);
export const NodeSelectorTerm = t.partial({ matchExpressions: t.array(NodeSelectorRequirement), matchFields: t.array(NodeSelectorRequirement) });
export type NodeSelectorTerm = t.TypeOf<typeof NodeSelectorTerm>;

export const VolumeNodeAffinity = t.partial({ required: t.type({ nodeSelectorTerms: t.array(NodeSelectorTerm) }) });

export const TopologySelectorTerm = t.partial({
  matchLabelExpressions: t.array(t.type({ key: t.string, values: t.array(t.string) })),
});
export type TopologySelectorTerm = t.TypeOf<typeof TopologySelectorTerm>;

// -------------------------------------------------------------------------------------
// PersistentVolume (v1)
// -------------------------------------------------------------------------------------

export const ClaimRef = t.partial({ kind: t.string, apiVersion: t.string, namespace: t.string, name: t.string, uid: t.string, resourceVersion: t.string });
export type ClaimRef = t.TypeOf<typeof ClaimRef>;

export const PersistentVolumeSpec = t.partial({
  capacity: ResourceList,
  accessModes: t.array(t.string),
  persistentVolumeReclaimPolicy: t.string,
  storageClassName: t.string,
  volumeMode: t.string,
  nodeAffinity: VolumeNodeAffinity,
  claimRef: ClaimRef,
  mountOptions: t.array(t.string),
  volumeAttributesClassName: t.string,
});
export type PersistentVolumeSpec = t.TypeOf<typeof PersistentVolumeSpec>;

export const PersistentVolumeStatus = t.partial({ phase: t.string, message: t.string, reason: t.string, lastPhaseTransitionTime: t.string });

export const PersistentVolume = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('PersistentVolume'), metadata: ObjectMeta }),
  t.partial({ spec: PersistentVolumeSpec, status: PersistentVolumeStatus }),
]);
export type PersistentVolume = t.TypeOf<typeof PersistentVolume>;

// -------------------------------------------------------------------------------------
// PersistentVolumeClaim (v1)
// -------------------------------------------------------------------------------------

export const PersistentVolumeClaimSpec = t.partial({
  accessModes: t.array(t.string),
  resources: t.partial({ requests: ResourceList, limits: ResourceList }),
  storageClassName: t.string,
  volumeName: t.string,
  volumeMode: t.string,
  selector: LabelSelector,
  dataSource: t.unknown,
  dataSourceRef: t.unknown,
  volumeAttributesClassName: t.string,
});
export type PersistentVolumeClaimSpec = t.TypeOf<typeof PersistentVolumeClaimSpec>;

export const PersistentVolumeClaimStatus = t.partial({
  phase: t.string,
  accessModes: t.array(t.string),
  capacity: ResourceList,
  allocatedResources: ResourceList,
  conditions: t.array(t.intersection([t.type({ type: t.string, status: t.string }), t.partial({ reason: t.string, message: t.string })])),
});
export type PersistentVolumeClaimStatus = t.TypeOf<typeof PersistentVolumeClaimStatus>;

export const PersistentVolumeClaim = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('PersistentVolumeClaim'), metadata: ObjectMeta }),
  t.partial({ spec: PersistentVolumeClaimSpec, status: PersistentVolumeClaimStatus }),
]);
export type PersistentVolumeClaim = t.TypeOf<typeof PersistentVolumeClaim>;

// -------------------------------------------------------------------------------------
// StorageClass (storage.k8s.io/v1): its fields sit at the top level, not under spec
// -------------------------------------------------------------------------------------

export const StorageClass = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('StorageClass'), metadata: ObjectMeta }),
  t.partial({
    provisioner: t.string,
    parameters: t.record(t.string, t.string),
    reclaimPolicy: t.string,
    volumeBindingMode: t.string,
    allowVolumeExpansion: t.boolean,
    mountOptions: t.array(t.string),
    allowedTopologies: t.array(TopologySelectorTerm),
  }),
]);
export type StorageClass = t.TypeOf<typeof StorageClass>;
