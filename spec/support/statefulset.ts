/** Builders for StatefulSet specs: the set, a WaitForFirstConsumer StorageClass, and pod-status helpers. */
import type { KubeObject } from '../../src/api/meta.js';

export interface StatefulSetOpts {
  readonly ns?: string;
  readonly policy?: 'OrderedReady' | 'Parallel';
  readonly partition?: number;
  readonly onDelete?: boolean;
  readonly claims?: readonly string[];
  readonly whenDeleted?: 'Retain' | 'Delete';
  readonly whenScaled?: 'Retain' | 'Delete';
  readonly start?: number;
  readonly image?: string;
  readonly minReadySeconds?: number;
  readonly readinessDelaySeconds?: number;
  readonly revisionHistoryLimit?: number;
}

export const STORAGE_CLASS = 'fast';

export const storageClass = (): KubeObject => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: STORAGE_CLASS },
  provisioner: 'pd.csi.storage.gke.io',
  volumeBindingMode: 'WaitForFirstConsumer',
});

const claimTemplate = (name: string): Record<string, unknown> => ({
  metadata: { name },
  spec: { accessModes: ['ReadWriteOnce'], storageClassName: STORAGE_CLASS, resources: { requests: { storage: '1Gi' } } },
});

export const statefulSet = (name: string, replicas: number, o: StatefulSetOpts = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name, namespace: o.ns ?? 'default' },
  spec: {
    replicas,
    serviceName: name,
    selector: { matchLabels: { app: name } },
    ...(o.policy === undefined ? {} : { podManagementPolicy: o.policy }),
    ...(o.start === undefined ? {} : { ordinals: { start: o.start } }),
    ...(o.minReadySeconds === undefined ? {} : { minReadySeconds: o.minReadySeconds }),
    ...(o.revisionHistoryLimit === undefined ? {} : { revisionHistoryLimit: o.revisionHistoryLimit }),
    updateStrategy: o.onDelete === true ? { type: 'OnDelete' } : { type: 'RollingUpdate', rollingUpdate: { partition: o.partition ?? 0 } },
    ...(o.whenDeleted === undefined && o.whenScaled === undefined
      ? {}
      : { persistentVolumeClaimRetentionPolicy: { whenDeleted: o.whenDeleted ?? 'Retain', whenScaled: o.whenScaled ?? 'Retain' } }),
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [
          {
            name: 'main',
            image: o.image ?? 'nginx:1.27',
            resources: { requests: { cpu: '100m', memory: '128Mi' } },
            ...(o.readinessDelaySeconds === undefined ? {} : { readinessProbe: { httpGet: { path: '/', port: 80 }, initialDelaySeconds: o.readinessDelaySeconds } }),
          },
        ],
      },
    },
    ...(o.claims === undefined ? {} : { volumeClaimTemplates: o.claims.map(claimTemplate) }),
  },
});

/** The set with its template's image changed (a new revision). */
export const withImage = (set: KubeObject, image: string): KubeObject => {
  const spec = set['spec'] as { template: { spec: { containers: Record<string, unknown>[] } } };
  const containers = spec.template.spec.containers.map((c) => ({ ...c, image }));
  return { ...set, spec: { ...spec, template: { ...spec.template, spec: { ...spec.template.spec, containers } } } };
};
