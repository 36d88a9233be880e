import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/meta.js';
import { formatFieldError } from '../../../src/api/validation.js';
import { STORAGE_RULES } from '../../../src/admission/kinds/storage.js';
import type { KindRules } from '../../../src/admission/kinds/rules.js';

const rules = (kind: string): KindRules => {
  const r = STORAGE_RULES.find((k) => k.kind === kind);
  if (r === undefined) throw new Error(`no rules for ${kind}`);
  return r;
};

const defaulted = (o: KubeObject): KubeObject => rules(o.kind).defaults?.(o) ?? o;
const errorsOf = (o: KubeObject): string[] => (rules(o.kind).validate?.(defaulted(o)) ?? []).map(formatFieldError);
const updateErrorsOf = (before: KubeObject, after: KubeObject): string[] => (rules(after.kind).validateUpdate?.(defaulted(before), defaulted(after)) ?? []).map(formatFieldError);

const pv = (spec: Record<string, unknown>, status?: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: 'pv-1' },
  spec,
  ...(status === undefined ? {} : { status }),
});
const pvc = (spec: Record<string, unknown>, status?: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'data', namespace: 'default' },
  spec,
  ...(status === undefined ? {} : { status }),
});
const sc = (fields: Record<string, unknown>): KubeObject => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, ...fields });

const goodPV = { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } };
const goodPVC = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };

describe('PersistentVolume', () => {
  it('defaults reclaim policy Retain, volumeMode Filesystem and phase Pending', () => {
    const o = defaulted(pv(goodPV));
    expect(o['spec']).toEqual({ ...goodPV, persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' });
    expect(o['status']).toEqual({ phase: 'Pending' });
  });

  it('keeps a phase already set', () => {
    expect(defaulted(pv(goodPV, { phase: 'Bound' }))['status']).toEqual({ phase: 'Bound' });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['valid', goodPV, []],
    ['accessModes required', { ...goodPV, accessModes: [] }, ['spec.accessModes: Required value']],
    [
      'accessModes enum',
      { ...goodPV, accessModes: ['ReadWriteSometimes'] },
      ['spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"'],
    ],
    ['ReadWriteOncePod alone', { ...goodPV, accessModes: ['ReadWriteOncePod', 'ReadOnlyMany'] }, ['spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes']],
    ['capacity required', { ...goodPV, capacity: {} }, ['spec.capacity: Required value', 'spec.capacity: Unsupported value: {}: supported values: "storage"']],
    ['capacity positive', { ...goodPV, capacity: { storage: '0' } }, ['spec.capacity[storage]: Invalid value: "0": must be greater than zero']],
    ['capacity only storage', { ...goodPV, capacity: { storage: '1Gi', cpu: '1' } }, ['spec.capacity: Unsupported value: {"storage":"1Gi","cpu":"1"}: supported values: "storage"']],
    ['reclaim policy enum', { ...goodPV, persistentVolumeReclaimPolicy: 'Keep' }, ['spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"']],
    ['a volume type', { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] }, ['spec: Required value: must specify a volume type']],
    ['one volume type', { ...goodPV, nfs: { server: 'nfs.example.com', path: '/exports' } }, ['spec.nfs: Forbidden: may not specify more than 1 volume type']],
    ['cephfs is reported as cephFS', { ...goodPV, cephfs: { monitors: ['m'] } }, ['spec.cephFS: Forbidden: may not specify more than 1 volume type']],
    ['local needs node affinity', { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], local: { path: '/mnt/disk' } }, ['spec.nodeAffinity: Required value: Local volume requires node affinity']],
    ['hostPath path', { ...goodPV, hostPath: {} }, ['spec.hostPath.path: Required value']],
    ['no Recycle of /', { ...goodPV, hostPath: { path: '/' }, persistentVolumeReclaimPolicy: 'Recycle' }, ["spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a hostPath mount of '/'"]],
    ['volumeMode enum', { ...goodPV, volumeMode: 'Raw' }, ['spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"']],
    ['volumeAttributesClassName needs csi', { ...goodPV, volumeAttributesClassName: 'gold' }, ['spec.csi: Required value: has to be specified when using volumeAttributesClassName']],
  ])('%s', (_t, spec, expected) => {
    expect(errorsOf(pv(spec))).toEqual(expected);
  });

  it('refuses a changed volume source', () => {
    expect(updateErrorsOf(pv(goodPV), pv({ ...goodPV, hostPath: { path: '/other' } }))).toEqual(['spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation']);
  });

  it('refuses a changed volumeMode at upstream\'s path', () => {
    expect(updateErrorsOf(pv(goodPV), pv({ ...goodPV, volumeMode: 'Block' }))).toEqual(['volumeMode: Invalid value: "Block": field is immutable']);
  });

  it('lets capacity and claimRef change', () => {
    expect(updateErrorsOf(pv(goodPV), pv({ ...goodPV, capacity: { storage: '20Gi' }, claimRef: { namespace: 'default', name: 'data' } }))).toEqual([]);
  });
});

describe('PersistentVolumeClaim', () => {
  it('defaults volumeMode Filesystem and phase Pending', () => {
    const o = defaulted(pvc(goodPVC));
    expect(o['spec']).toEqual({ ...goodPVC, volumeMode: 'Filesystem' });
    expect(o['status']).toEqual({ phase: 'Pending' });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['valid', goodPVC, []],
    ['accessModes required', { resources: { requests: { storage: '1Gi' } } }, ['spec.accessModes: Required value: at least 1 access mode is required']],
    ['storage request required', { accessModes: ['ReadWriteOnce'], resources: {} }, ['spec.resources[storage]: Required value']],
    ['storage request positive', { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '0Gi' } } }, ['spec.resources[storage]: Invalid value: "0": must be greater than zero']],
    [
      'storage request parses',
      { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: 'lots' } } },
      ["spec.resources[storage]: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ],
    [
      'storageClassName syntax',
      { ...goodPVC, storageClassName: 'Fast_SSD' },
      [
        "spec.storageClassName: Invalid value: \"Fast_SSD\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
  ])('%s', (_t, spec, expected) => {
    expect(errorsOf(pvc(spec))).toEqual(expected);
  });

  const immutable = 'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';

  it('lets the binder set volumeName once', () => {
    expect(updateErrorsOf(pvc(goodPVC), pvc({ ...goodPVC, volumeName: 'pv-1' }))).toEqual([]);
    expect(updateErrorsOf(pvc({ ...goodPVC, volumeName: 'pv-1' }), pvc({ ...goodPVC, volumeName: 'pv-2' }))).toEqual([immutable]);
  });

  it('lets a bound claim grow', () => {
    const bound = { phase: 'Bound', capacity: { storage: '1Gi' } };
    expect(updateErrorsOf(pvc(goodPVC, bound), pvc({ ...goodPVC, resources: { requests: { storage: '2Gi' } } }, bound))).toEqual([]);
  });

  it('refuses a request change on an unbound claim', () => {
    expect(updateErrorsOf(pvc(goodPVC), pvc({ ...goodPVC, resources: { requests: { storage: '2Gi' } } }))).toEqual([immutable]);
  });

  it('treats the same quantity written differently as unchanged', () => {
    expect(updateErrorsOf(pvc(goodPVC), pvc({ ...goodPVC, resources: { requests: { storage: '1024Mi' } } }))).toEqual([]);
  });

  it('refuses shrinking to status.capacity or below', () => {
    const bound = { phase: 'Bound', capacity: { storage: '1Gi' } };
    const big = pvc({ ...goodPVC, resources: { requests: { storage: '4Gi' } } }, bound);
    expect(updateErrorsOf(big, pvc(goodPVC, bound))).toEqual(['spec.resources.requests.storage: Forbidden: field can not be less than status.capacity']);
    expect(updateErrorsOf(big, pvc({ ...goodPVC, resources: { requests: { storage: '2Gi' } } }, bound))).toEqual([]);
  });

  it('lets only a bound claim change volumeAttributesClassName', () => {
    const bound = { phase: 'Bound', capacity: { storage: '1Gi' } };
    const gold = { ...goodPVC, volumeAttributesClassName: 'gold' };
    expect(updateErrorsOf(pvc(goodPVC, bound), pvc(gold, bound))).toEqual([]);
    expect(updateErrorsOf(pvc(goodPVC), pvc(gold))).toEqual([immutable]);
  });

  it('refuses a changed access mode', () => {
    expect(updateErrorsOf(pvc(goodPVC), pvc({ ...goodPVC, accessModes: ['ReadWriteMany'] }))).toEqual([immutable]);
  });

  it('lets an unset storageClassName be set (retroactive default class)', () => {
    expect(updateErrorsOf(pvc(goodPVC), pvc({ ...goodPVC, storageClassName: 'standard' }))).toEqual([]);
    expect(updateErrorsOf(pvc({ ...goodPVC, storageClassName: 'a' }), pvc({ ...goodPVC, storageClassName: 'b' }))).toEqual([immutable]);
  });
});

describe('StorageClass', () => {
  it('defaults reclaimPolicy Delete and volumeBindingMode Immediate', () => {
    expect(defaulted(sc({ provisioner: 'ebs.csi.aws.com' }))).toMatchObject({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['valid', { provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' }, []],
    ['provisioner required', {}, ['provisioner: Required value']],
    ['reclaimPolicy enum', { provisioner: 'a.io/b', reclaimPolicy: 'Recycle' }, ['reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"']],
    ['volumeBindingMode enum', { provisioner: 'a.io/b', volumeBindingMode: 'Later' }, ['volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"']],
    ['provisioner is a qualified name', { provisioner: 'a/b/c' }, [
      "provisioner: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]],
  ])('%s', (_t, fields, expected) => {
    expect(errorsOf(sc(fields))).toEqual(expected);
  });

  it('refuses updates to parameters, provisioner, reclaimPolicy and volumeBindingMode', () => {
    const before = sc({ provisioner: 'a.io/x', parameters: { type: 'gp2' } });
    const after = sc({ provisioner: 'b.io/y', parameters: { type: 'gp3' }, reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer' });
    expect(updateErrorsOf(before, after)).toEqual([
      'parameters: Forbidden: updates to parameters are forbidden.',
      'provisioner: Forbidden: updates to provisioner are forbidden.',
      'reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.',
      'volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable',
    ]);
  });

  it('allows changing allowVolumeExpansion', () => {
    expect(updateErrorsOf(sc({ provisioner: 'a.io/x' }), sc({ provisioner: 'a.io/x', allowVolumeExpansion: true }))).toEqual([]);
  });

  it('converts v1beta1 to v1 unchanged otherwise', () => {
    const beta = { ...sc({ provisioner: 'a.io/x' }), apiVersion: 'storage.k8s.io/v1beta1' };
    expect(rules('StorageClass').convert?.(beta, 'storage.k8s.io/v1beta1')).toEqual(sc({ provisioner: 'a.io/x' }));
  });
});

describe('codecs', () => {
  it('types PV capacity as quantities written as strings or numbers', () => {
    expect(rules('PersistentVolume').codec.is(pv({ capacity: { storage: 5 } }))).toBe(true);
    expect(rules('PersistentVolume').codec.is(pv({ capacity: { storage: true } }))).toBe(false);
  });

  it('passes unknown PVC fields through', () => {
    expect(rules('PersistentVolumeClaim').codec.is({ ...pvc(goodPVC), extra: 1 })).toBe(true);
  });
});
