import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import { timestampAt } from '../../src/api/time.js';
import { accessModes } from '../../src/report/table-storage.js';
import { renderTable } from '../../src/report/tables.js';

// Cells follow upstream printPersistentVolumeClaim / printPersistentVolume and
// pkg/apis/core/helper (GetAccessModesAsString, the beta storage-class annotation).
const NOW_MS = 600_000;
const opts = { wide: false, allNamespaces: false, nowMs: NOW_MS };
const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, creationTimestamp: timestampAt(NOW_MS - 120_000), ...extra });

describe('GetAccessModesAsString', () => {
  it('abbreviates each mode once, in RWO, ROX, RWX, RWOP order whatever the object says', () => {
    expect(accessModes(['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'])).toBe('RWO,RWX');
    expect(accessModes(['ReadWriteOncePod', 'ReadOnlyMany'])).toBe('ROX,RWOP');
    expect(accessModes(undefined)).toBe('');
  });
});

describe('kubectl get pvc', () => {
  const pvc = (name: string, spec: Record<string, unknown>, status: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: meta(name, { namespace: 'default', ...extra }),
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem', ...spec },
    status,
  });
  const claims = [
    pvc('data-web-0', { storageClassName: 'fast' }, { phase: 'Pending' }),
    pvc('data-web-1', { storageClassName: 'fast', volumeName: 'pv-1' }, { phase: 'Bound', capacity: { storage: '1024Mi' }, accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] }),
    pvc('old', { storageClassName: 'fast', volumeName: 'pv-2', volumeAttributesClassName: 'gold' }, { phase: 'Bound', capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'] }, {
      annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' },
      deletionTimestamp: timestampAt(NOW_MS - 5000),
    }),
  ];

  it('shows CAPACITY and ACCESS MODES from status, and only once bound to a volume; the beta annotation beats storageClassName', () => {
    expect(renderTable('PersistentVolumeClaim', claims, opts)).toBe(
      [
        'NAME         STATUS        VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE',
        'data-web-0   Pending                                          fast           <unset>                 2m',
        'data-web-1   Bound         pv-1     1Gi        RWO,ROX        fast           <unset>                 2m',
        'old          Terminating   pv-2     5Gi        RWO            legacy         gold                    2m',
        '',
      ].join('\n'),
    );
  });

  it('-o wide adds VOLUMEMODE, `<unset>` when the claim has none', () => {
    const wide = renderTable('PersistentVolumeClaim', [claims[0]!, pvc('raw', { volumeMode: undefined }, { phase: 'Pending' })], { ...opts, wide: true }).split('\n');
    expect(wide[0]).toMatch(/ AGE +VOLUMEMODE$/);
    expect(wide[1]).toMatch(/ 2m +Filesystem$/);
    expect(wide[2]).toMatch(/ 2m +<unset>$/);
  });
});

describe('kubectl get pv', () => {
  const pv = (name: string, spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: meta(name),
    spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'fast', ...spec },
    status,
  });

  it('prints CLAIM as namespace/name, REASON from status and the policy as written', () => {
    const volumes = [
      pv('pv-1', { claimRef: { namespace: 'default', name: 'data-web-1' } }, { phase: 'Bound' }),
      pv('pv-2', { persistentVolumeReclaimPolicy: 'Retain', capacity: undefined }, { phase: 'Failed', reason: 'RecycleFailed' }),
    ];
    expect(renderTable('PersistentVolume', volumes, opts)).toBe(
      [
        'NAME   CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM                STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON          AGE',
        'pv-1   10Gi       RWO            Delete           Bound    default/data-web-1   fast           <unset>                                 2m',
        'pv-2   0          RWO            Retain           Failed                        fast           <unset>                 RecycleFailed   2m',
        '',
      ].join('\n'),
    );
  });
});
