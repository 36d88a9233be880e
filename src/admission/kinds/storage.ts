/**
 * The API server's rules for the storage kinds: PersistentVolume, PersistentVolumeClaim
 * (storage-volumes.ts) and StorageClass (upstream storage/v1 SetDefaults_StorageClass and
 * ValidateStorageClass / ValidateStorageClassUpdate, pkg/apis/storage/validation).
 */
import type { KubeObject } from '../../api/meta.js';
import { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/storage.js';
import type { FieldError } from '../../api/validation.js';
import { forbidden, invalid, notSupported, required, requiredWith, tooLong } from '../../api/validation.js';
import type { KindRules } from './rules.js';
import { immutableErrors, labelValueErrors, qualifiedNameErrors, sameValue } from './networking-fields.js';
import {
  defaultPersistentVolume,
  defaultPersistentVolumeClaim,
  validatePersistentVolume,
  validatePersistentVolumeClaim,
  validatePersistentVolumeClaimUpdate,
  validatePersistentVolumeUpdate,
} from './storage-volumes.js';

const SC_RECLAIM_POLICIES = ['Delete', 'Retain'];
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];
const MAX_PARAMETERS = 512;
const MAX_PARAMETERS_BYTES = 256 * 1024;

const scOf = (o: KubeObject): StorageClass => o as unknown as StorageClass;

export const defaultStorageClass = (o: KubeObject): KubeObject => {
  const sc = scOf(o);
  return { ...o, reclaimPolicy: sc.reclaimPolicy ?? 'Delete', volumeBindingMode: sc.volumeBindingMode ?? 'Immediate' };
};

/** upstream validateProvisioner: a qualified name, checked in lower case. */
const provisionerErrors = (provisioner: string): FieldError[] => {
  if (provisioner === '') return [required('provisioner')];
  const lower = provisioner.toLowerCase();
  return qualifiedNameErrors(lower).map((m) => invalid('provisioner', lower, m));
};

const parametersErrors = (params: Readonly<Record<string, string>>): FieldError[] => {
  const keys = Object.keys(params).sort();
  if (keys.length > MAX_PARAMETERS) return [tooLong('parameters', MAX_PARAMETERS)];
  const errors = keys.filter((k) => k === '').map((k) => invalid('parameters', k, 'field can not be empty.'));
  const bytes = keys.reduce((n, k) => n + Buffer.byteLength(k) + Buffer.byteLength(params[k] ?? ''), 0);
  return bytes > MAX_PARAMETERS_BYTES ? [...errors, tooLong('parameters', MAX_PARAMETERS_BYTES)] : errors;
};

/** upstream ValidateTopologySelectorTerm, lightly: keys are label names, values label values, never empty. */
const topologyErrors = (sc: StorageClass): FieldError[] =>
  (sc.allowedTopologies ?? []).flatMap((term, i) =>
    (term.matchLabelExpressions ?? []).flatMap((e, j) => {
      const path = `allowedTopologies[${i}].matchLabelExpressions[${j}]`;
      return [
        ...qualifiedNameErrors(e.key).map((m) => invalid(`${path}.key`, e.key, m)),
        ...(e.values.length === 0 ? [requiredWith(`${path}.values`, 'must specify as least one value')] : []),
        ...e.values.flatMap((v, k) => labelValueErrors(v).map((m) => invalid(`${path}.values[${k}]`, v, m))),
      ];
    }),
  );

export const validateStorageClass = (o: KubeObject): FieldError[] => {
  const sc = scOf(o);
  const policy = sc.reclaimPolicy ?? '';
  const mode = sc.volumeBindingMode;
  return [
    ...provisionerErrors(sc.provisioner ?? ''),
    ...parametersErrors(sc.parameters ?? {}),
    ...(policy === '' || SC_RECLAIM_POLICIES.includes(policy) ? [] : [notSupported('reclaimPolicy', policy, SC_RECLAIM_POLICIES)]),
    ...(mode === undefined ? [required('volumeBindingMode')] : BINDING_MODES.includes(mode) ? [] : [notSupported('volumeBindingMode', mode, BINDING_MODES)]),
    ...topologyErrors(sc),
  ];
};

/** upstream ValidateStorageClassUpdate: parameters, provisioner, reclaimPolicy and volumeBindingMode are fixed. */
export const validateStorageClassUpdate = (before: KubeObject, after: KubeObject): FieldError[] => {
  const old = scOf(before);
  const now = scOf(after);
  const errors: FieldError[] = [];
  if (!sameValue(now.parameters ?? {}, old.parameters ?? {})) errors.push(forbidden('parameters', 'updates to parameters are forbidden.'));
  if (now.provisioner !== old.provisioner) errors.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if (now.reclaimPolicy !== old.reclaimPolicy) errors.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  return [...errors, ...immutableErrors('volumeBindingMode', now.volumeBindingMode, old.volumeBindingMode)];
};

/** StorageClass was served as storage.k8s.io/v1beta1 with the same shape. */
const convertStorageClass = (o: KubeObject): KubeObject => ({ ...o, apiVersion: 'storage.k8s.io/v1' });

export const STORAGE_RULES: readonly KindRules[] = [
  { kind: 'PersistentVolume', codec: PersistentVolume, defaults: defaultPersistentVolume, validate: validatePersistentVolume, validateUpdate: validatePersistentVolumeUpdate },
  { kind: 'PersistentVolumeClaim', codec: PersistentVolumeClaim, defaults: defaultPersistentVolumeClaim, validate: validatePersistentVolumeClaim, validateUpdate: validatePersistentVolumeClaimUpdate },
  { kind: 'StorageClass', codec: StorageClass, convert: convertStorageClass, defaults: defaultStorageClass, validate: validateStorageClass, validateUpdate: validateStorageClassUpdate },
];
