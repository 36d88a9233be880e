/**
 * Printers of the storage kinds (upstream pkg/printers/internalversion/printers.go:
 * printPersistentVolumeClaim, printPersistentVolume, printStorageClass) and the helpers
 * they share from pkg/apis/core/helper (GetAccessModesAsString, the storage class of a
 * claim or volume).
 */
import type { KubeObject } from '../api/meta.js';
import { formatQuantity, parseQuantity } from '../api/quantity.js';
import type { Printer } from './table-cells.js';
import { ageOf, field, stringAt } from './table-cells.js';

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

/** The access modes kubectl abbreviates, in the order it lists them whatever the object's order. */
const ACCESS_MODES: readonly (readonly [string, string])[] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** GetAccessModesAsString: each known mode once, abbreviated, comma-joined; unknown modes are left out. */
export const accessModes = (modes: unknown): string => {
  const present = Array.isArray(modes) ? (modes as unknown[]) : [];
  return ACCESS_MODES.filter(([mode]) => present.includes(mode))
    .map(([, short]) => short)
    .join(',');
};

/** Quantity.String() of `resources[storage]`: canonical ("1024Mi" reads 1Gi); "0" when absent, Go's zero Quantity. */
const storageOf = (o: KubeObject, ...path: readonly string[]): string => {
  const raw = field(o, ...path, 'storage');
  if (typeof raw !== 'string' && typeof raw !== 'number') return '0';
  const q = parseQuantity(raw);
  return q._tag === 'Right' ? formatQuantity(q.right) : String(raw);
};

const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** GetPersistentVolumeClaimClass / GetPersistentVolumeClass: the beta annotation when present (even empty), else spec.storageClassName. */
const storageClassOf = (o: KubeObject): string => o.metadata.annotations?.[BETA_CLASS_ANNOTATION] ?? stringAt(o, 'spec', 'storageClassName') ?? '';

/** A pointer-to-string cell: `<unset>` for nil. */
const orUnset = (v: string | undefined): string => v ?? '<unset>';

/** Status phase, or Terminating while the object is being deleted (PV and PVC alike). */
const phaseOf = (o: KubeObject): string => (o.metadata.deletionTimestamp !== undefined ? 'Terminating' : (stringAt(o, 'status', 'phase') ?? ''));

// -------------------------------------------------------------------------------------
// printers
// -------------------------------------------------------------------------------------

/** printPersistentVolumeClaim: CAPACITY and ACCESS MODES come from status, and only once the claim names a volume. */
const persistentVolumeClaim: Printer = {
  columns: [
    ...[{ name: 'Name' }, { name: 'Status' }, { name: 'Volume' }, { name: 'Capacity' }, { name: 'Access Modes' }],
    ...[{ name: 'StorageClass' }, { name: 'VolumeAttributesClass' }, { name: 'Age' }, { name: 'VolumeMode', wide: true }],
  ],
  cells: (o, nowMs) => {
    const volume = stringAt(o, 'spec', 'volumeName') ?? '';
    return [
      o.metadata.name,
      phaseOf(o),
      volume,
      volume === '' ? '' : storageOf(o, 'status', 'capacity'),
      volume === '' ? '' : accessModes(field(o, 'status', 'accessModes')),
      storageClassOf(o),
      orUnset(stringAt(o, 'spec', 'volumeAttributesClassName')),
      ageOf(o, nowMs),
      orUnset(stringAt(o, 'spec', 'volumeMode')),
    ];
  },
};

/** printPersistentVolume: CLAIM is namespace/name of spec.claimRef; REASON is status.reason. */
const persistentVolume: Printer = {
  columns: [
    ...[{ name: 'Name' }, { name: 'Capacity' }, { name: 'Access Modes' }, { name: 'Reclaim Policy' }, { name: 'Status' }, { name: 'Claim' }],
    ...[{ name: 'StorageClass' }, { name: 'VolumeAttributesClass' }, { name: 'Reason' }, { name: 'Age' }, { name: 'VolumeMode', wide: true }],
  ],
  cells: (o, nowMs) => {
    const claim = field(o, 'spec', 'claimRef');
    return [
      o.metadata.name,
      storageOf(o, 'spec', 'capacity'),
      accessModes(field(o, 'spec', 'accessModes')),
      stringAt(o, 'spec', 'persistentVolumeReclaimPolicy') ?? '',
      phaseOf(o),
      claim === undefined || claim === null ? '' : `${stringAt(claim, 'namespace') ?? ''}/${stringAt(claim, 'name') ?? ''}`,
      storageClassOf(o),
      orUnset(stringAt(o, 'spec', 'volumeAttributesClassName')),
      stringAt(o, 'status', 'reason') ?? '',
      ageOf(o, nowMs),
      orUnset(stringAt(o, 'spec', 'volumeMode')),
    ];
  },
};

const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

/** printStorageClass: `(default)` after the name of the default class; unset policies read as the apiserver defaults them. */
const storageClass: Printer = {
  columns: [{ name: 'Name' }, { name: 'Provisioner' }, { name: 'ReclaimPolicy' }, { name: 'VolumeBindingMode' }, { name: 'AllowVolumeExpansion' }, { name: 'Age' }],
  cells: (o, nowMs) => {
    const isDefault = DEFAULT_CLASS_ANNOTATIONS.some((a) => o.metadata.annotations?.[a] === 'true');
    return [
      isDefault ? `${o.metadata.name} (default)` : o.metadata.name,
      stringAt(o, 'provisioner') ?? '',
      stringAt(o, 'reclaimPolicy') ?? 'Delete',
      stringAt(o, 'volumeBindingMode') ?? 'Immediate',
      String(field(o, 'allowVolumeExpansion') === true),
      ageOf(o, nowMs),
    ];
  },
};

export const STORAGE_PRINTERS: Readonly<Record<string, Printer>> = {
  PersistentVolumeClaim: persistentVolumeClaim,
  PersistentVolume: persistentVolume,
  StorageClass: storageClass,
};
