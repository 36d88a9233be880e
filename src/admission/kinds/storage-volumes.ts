/**
 * PersistentVolume and PersistentVolumeClaim (v1): upstream SetDefaults_PersistentVolume /
 * _PersistentVolumeClaim(Spec) and ValidatePersistentVolume(Update) /
 * ValidatePersistentVolumeClaim(Update) (pkg/apis/core/validation/validation.go), with the
 * v1.34 feature defaults (VolumeAttributesClass and RecoverVolumeExpansionFailure on).
 *
 * Not reproduced: the `cmp.Diff` upstream appends after "immutable after creation"
 * messages, and the per-plugin checks of most volume sources (only hostPath, local, nfs
 * and csi have their required fields checked).
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { KubeObject } from '../../api/meta.js';
import type { Quantity } from '../../api/quantity.js';
import { cmp, formatQuantity, parseQuantity } from '../../api/quantity.js';
import type { PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimSpec, PersistentVolumeSpec, StorageResourceList } from '../../api/storage.js';
import type { FieldError } from '../../api/validation.js';
import { forbidden, invalid, notSupported, required, requiredWith } from '../../api/validation.js';
import { dns1123SubdomainField, immutableErrors, sameValue } from './networking-fields.js';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];
const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];

/** The PV volume sources in upstream's checking order, with the path each duplicate is reported at. */
const VOLUME_SOURCES: readonly (readonly [field: string, errorPath: string])[] = [
  ['hostPath', 'hostPath'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['nfs', 'nfs'],
  ['rbd', 'rbd'],
  ['quobyte', 'quobyte'],
  ['cephfs', 'cephFS'],
  ['iscsi', 'iscsi'],
  ['cinder', 'cinder'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['scaleIO', 'scaleIO'],
  ['local', 'local'],
  ['storageos', 'storageos'],
  ['csi', 'csi'],
];
const SOURCE_FIELDS = VOLUME_SOURCES.map(([f]) => f);

const pvSpecOf = (o: KubeObject): PersistentVolumeSpec & Record<string, unknown> => ((o as unknown as PersistentVolume).spec ?? {}) as PersistentVolumeSpec & Record<string, unknown>;
const pvcSpecOf = (o: KubeObject): PersistentVolumeClaimSpec => (o as unknown as PersistentVolumeClaim).spec ?? {};

// -------------------------------------------------------------------------------------
// shared
// -------------------------------------------------------------------------------------

const accessModeErrors = (modes: readonly string[], path: string, missing: FieldError): FieldError[] => {
  if (modes.length === 0) return [missing];
  const errors = modes.filter((m) => !ACCESS_MODES.includes(m)).map((m) => notSupported(path, m, ACCESS_MODES));
  const rwop = modes.includes('ReadWriteOncePod');
  const others = modes.some((m) => m !== 'ReadWriteOncePod' && ACCESS_MODES.includes(m));
  return rwop && others ? [...errors, forbidden(path, 'may not use ReadWriteOncePod with other access modes')] : errors;
};

/** A quantity that must be > 0 (upstream ValidatePositiveQuantityValue, after parsing). */
const positiveQuantityErrors = (path: string, raw: string | number): FieldError[] => {
  const q = parseQuantity(typeof raw === 'string' ? raw.trim() : raw);
  if (isLeft(q)) return [invalid(path, raw, q.left)];
  return q.right.milli > 0n ? [] : [invalid(path, formatQuantity(q.right), 'must be greater than zero')];
};

const classNameErrors = (path: string, name: string | undefined): FieldError[] => (name === undefined || name === '' ? [] : dns1123SubdomainField(path, name));

const quantityOf = (raw: string | number | undefined): Quantity | undefined => {
  if (raw === undefined) return undefined;
  const q = parseQuantity(typeof raw === 'string' ? raw.trim() : raw);
  return isLeft(q) ? undefined : q.right;
};

// -------------------------------------------------------------------------------------
// PersistentVolume
// -------------------------------------------------------------------------------------

export const defaultPersistentVolume = (o: KubeObject): KubeObject => {
  const pv = o as unknown as PersistentVolume;
  const spec = pvSpecOf(o);
  return {
    ...o,
    spec: { ...spec, persistentVolumeReclaimPolicy: spec.persistentVolumeReclaimPolicy || 'Retain', volumeMode: spec.volumeMode ?? 'Filesystem' },
    status: { ...pv.status, phase: pv.status?.phase || 'Pending' },
  };
};

const capacityErrors = (capacity: StorageResourceList): FieldError[] => {
  const keys = Object.keys(capacity).sort();
  const errors: FieldError[] = keys.length === 0 ? [required('spec.capacity')] : [];
  if (!keys.includes('storage') || keys.length > 1) errors.push(notSupported('spec.capacity', capacity, ['storage']));
  return [...errors, ...keys.flatMap((k) => positiveQuantityErrors(`spec.capacity[${k}]`, capacity[k] ?? ''))];
};

const sourceFieldErrors = (field: string, source: Record<string, unknown>): FieldError[] => {
  const need = (key: string): FieldError[] => ((source[key] ?? '') === '' ? [required(`spec.${field}.${key}`)] : []);
  switch (field) {
    case 'hostPath':
    case 'local':
      return need('path');
    case 'nfs': {
      const path = typeof source['path'] === 'string' ? source['path'] : '';
      return [...need('server'), ...need('path'), ...(path !== '' && !path.startsWith('/') ? [invalid('spec.nfs.path', path, 'must be an absolute path')] : [])];
    }
    case 'csi':
      return [...need('driver'), ...need('volumeHandle')];
    default:
      return [];
  }
};

/** Exactly one volume source; flexVolume is counted without the "more than 1" check, as upstream does. */
const volumeSourceErrors = (spec: PersistentVolumeSpec & Record<string, unknown>): FieldError[] => {
  let count = 0;
  const errors: FieldError[] = [];
  for (const [field, errorPath] of VOLUME_SOURCES) {
    const source = spec[field];
    if (source === undefined || source === null) continue;
    if (count > 0 && field !== 'flexVolume') {
      errors.push(forbidden(`spec.${errorPath}`, 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    errors.push(...sourceFieldErrors(field, source as Record<string, unknown>));
    if (field === 'local' && spec.nodeAffinity?.required === undefined) errors.push(requiredWith('spec.nodeAffinity', 'Local volume requires node affinity'));
  }
  return count === 0 ? [...errors, requiredWith('spec', 'must specify a volume type')] : errors;
};

const attributesClassErrors = (spec: PersistentVolumeSpec & Record<string, unknown>): FieldError[] => {
  const name = spec.volumeAttributesClassName;
  if (name === undefined) return [];
  const errors = name === '' ? [requiredWith('spec.volumeAttributesClassName', 'an empty string is disallowed')] : dns1123SubdomainField('spec.volumeAttributesClassName', name);
  return spec['csi'] === undefined ? [...errors, requiredWith('spec.csi', 'has to be specified when using volumeAttributesClassName')] : errors;
};

export const validatePersistentVolume = (o: KubeObject): FieldError[] => {
  const spec = pvSpecOf(o);
  const policy = spec.persistentVolumeReclaimPolicy ?? '';
  const hostPath = (spec['hostPath'] as { path?: string } | undefined)?.path;
  return [
    ...accessModeErrors(spec.accessModes ?? [], 'spec.accessModes', required('spec.accessModes')),
    ...capacityErrors(spec.capacity ?? {}),
    ...(policy === '' || RECLAIM_POLICIES.includes(policy) ? [] : [notSupported('spec.persistentVolumeReclaimPolicy', policy, RECLAIM_POLICIES)]),
    ...volumeSourceErrors(spec),
    ...(hostPath !== undefined && /^\/+$/.test(hostPath) && policy === 'Recycle' ? [forbidden('spec.persistentVolumeReclaimPolicy', "may not be 'recycle' for a hostPath mount of '/'")] : []),
    ...classNameErrors('spec.storageClassName', spec.storageClassName),
    ...(spec.volumeMode === undefined || VOLUME_MODES.includes(spec.volumeMode) ? [] : [notSupported('spec.volumeMode', spec.volumeMode, VOLUME_MODES)]),
    ...attributesClassErrors(spec),
  ];
};

const sourcesOf = (spec: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(SOURCE_FIELDS.filter((f) => spec[f] !== undefined).map((f) => [f, spec[f]]));

/** upstream ValidatePersistentVolumeUpdate (the paths without `spec.` are upstream's). */
export const validatePersistentVolumeUpdate = (before: KubeObject, after: KubeObject): FieldError[] => {
  const old = pvSpecOf(before);
  const now = pvSpecOf(after);
  const errors: FieldError[] = [];
  if (!sameValue(sourcesOf(now), sourcesOf(old))) errors.push(forbidden('spec.persistentvolumesource', 'spec.persistentvolumesource is immutable after creation'));
  errors.push(...immutableErrors('volumeMode', now.volumeMode, old.volumeMode));
  if (old.nodeAffinity !== undefined && !sameValue(now.nodeAffinity, old.nodeAffinity)) {
    errors.push(invalid('nodeAffinity', now.nodeAffinity, 'field is immutable, except for updating from beta label to GA'));
  }
  if (old.volumeAttributesClassName !== undefined && now.volumeAttributesClassName === undefined) {
    errors.push(forbidden('spec.volumeAttributesClassName', 'update from non-nil value to nil is forbidden'));
  }
  return errors;
};

// -------------------------------------------------------------------------------------
// PersistentVolumeClaim
// -------------------------------------------------------------------------------------

export const defaultPersistentVolumeClaim = (o: KubeObject): KubeObject => {
  const pvc = o as unknown as PersistentVolumeClaim;
  const spec = pvcSpecOf(o);
  return { ...o, spec: { ...spec, volumeMode: spec.volumeMode ?? 'Filesystem' }, status: { ...pvc.status, phase: pvc.status?.phase || 'Pending' } };
};

export const validatePersistentVolumeClaim = (o: KubeObject): FieldError[] => {
  const spec = pvcSpecOf(o);
  const storage = spec.resources?.requests?.['storage'];
  return [
    ...accessModeErrors(spec.accessModes ?? [], 'spec.accessModes', requiredWith('spec.accessModes', 'at least 1 access mode is required')),
    ...(storage === undefined ? [required('spec.resources[storage]')] : positiveQuantityErrors('spec.resources[storage]', storage)),
    ...classNameErrors('spec.storageClassName', spec.storageClassName),
    ...(spec.volumeMode === undefined || VOLUME_MODES.includes(spec.volumeMode) ? [] : [notSupported('spec.volumeMode', spec.volumeMode, VOLUME_MODES)]),
    ...classNameErrors('spec.volumeAttributesClassName', spec.volumeAttributesClassName),
  ];
};

/** The spec as compared for immutability: quantities canonical, the fields an update may change taken from `old`. */
const comparable = (spec: PersistentVolumeClaimSpec, old: PersistentVolumeClaimSpec, bound: boolean): PersistentVolumeClaimSpec => {
  const requests = Object.fromEntries(Object.entries(spec.resources?.requests ?? {}).map(([k, v]) => [k, formatQuantityOf(v)]));
  const out: PersistentVolumeClaimSpec = { ...spec, ...(spec.resources === undefined ? {} : { resources: { ...spec.resources, requests } }) };
  if ((old.volumeName ?? '') === '') out.volumeName = old.volumeName; // volumeName may be set once
  // storageClassName may go from unset to a class (retroactive default StorageClass)
  if (old.storageClassName === undefined && (spec.storageClassName ?? '') !== '') out.storageClassName = undefined;
  if (bound && out.resources?.requests !== undefined) out.resources = { ...out.resources, requests: { ...out.resources.requests, storage: formatQuantityOf(old.resources?.requests?.['storage']) } };
  if (bound) out.volumeAttributesClassName = old.volumeAttributesClassName;
  return out;
};

const formatQuantityOf = (raw: string | number | undefined): string => {
  const q = quantityOf(raw);
  return q === undefined ? String(raw) : formatQuantity(q);
};

const canonicalSpec = (spec: PersistentVolumeClaimSpec): PersistentVolumeClaimSpec => comparable(spec, spec, false);

/** upstream ValidatePersistentVolumeClaimUpdate. */
export const validatePersistentVolumeClaimUpdate = (before: KubeObject, after: KubeObject): FieldError[] => {
  const old = pvcSpecOf(before);
  const now = pvcSpecOf(after);
  const bound = (after as unknown as PersistentVolumeClaim).status?.phase === 'Bound';
  const errors: FieldError[] = [];
  if (!sameValue(comparable(now, old, bound), canonicalSpec(old))) {
    errors.push(forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
  }
  const oldSize = quantityOf(old.resources?.requests?.['storage']);
  const newSize = quantityOf(now.resources?.requests?.['storage']);
  const statusSize = quantityOf((before as unknown as PersistentVolumeClaim).status?.capacity?.['storage']);
  // RecoverVolumeExpansionFailure: shrinking is allowed, but not to status.capacity or below
  if (oldSize !== undefined && newSize !== undefined && cmp(newSize, oldSize) < 0 && (statusSize === undefined ? newSize.milli <= 0n : cmp(newSize, statusSize) <= 0)) {
    errors.push(forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
  }
  return [...errors, ...immutableErrors('volumeMode', now.volumeMode, old.volumeMode)];
};
