/** Deployment fixtures for the controller specs. */
import type { Request } from '../../src/api/actions.js';
import type { KubeObject } from '../../src/api/meta.js';
import type { ReplicaSet } from '../../src/api/replicaset.js';
import type { Deployment } from '../../src/api/workloads.js';
import { dependentsOf, getObject } from '../../src/state/queries.js';
import type { ClusterState } from '../../src/state/state.js';

export interface DeploymentOpts {
  readonly ns?: string;
  readonly image?: string;
  readonly strategy?: 'RollingUpdate' | 'Recreate';
  readonly maxSurge?: number | string;
  readonly maxUnavailable?: number | string;
  readonly minReadySeconds?: number;
  readonly progressDeadlineSeconds?: number;
  readonly revisionHistoryLimit?: number;
  readonly paused?: boolean;
  readonly cpu?: string;
  /** A readiness probe that holds pods unready this long. */
  readonly readinessDelaySeconds?: number;
  readonly annotations?: Record<string, string>;
  readonly templateAnnotations?: Record<string, string>;
}

export const deployment = (name: string, replicas: number, opts: DeploymentOpts = {}): KubeObject => {
  const strategy =
    opts.strategy === 'Recreate'
      ? { type: 'Recreate' }
      : { type: 'RollingUpdate', rollingUpdate: { maxSurge: opts.maxSurge ?? '25%', maxUnavailable: opts.maxUnavailable ?? '25%' } };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: opts.ns ?? 'default', ...(opts.annotations === undefined ? {} : { annotations: opts.annotations }) },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy,
      ...(opts.minReadySeconds === undefined ? {} : { minReadySeconds: opts.minReadySeconds }),
      ...(opts.progressDeadlineSeconds === undefined ? {} : { progressDeadlineSeconds: opts.progressDeadlineSeconds }),
      ...(opts.revisionHistoryLimit === undefined ? {} : { revisionHistoryLimit: opts.revisionHistoryLimit }),
      ...(opts.paused === undefined ? {} : { paused: opts.paused }),
      template: {
        metadata: { labels: { app: name }, ...(opts.templateAnnotations === undefined ? {} : { annotations: opts.templateAnnotations }) },
        spec: {
          containers: [
            {
              name: 'main',
              image: opts.image ?? 'nginx:1.27',
              resources: { requests: { cpu: opts.cpu ?? '100m', memory: '64Mi' } },
              ...(opts.readinessDelaySeconds === undefined ? {} : { readinessProbe: { httpGet: { path: '/', port: 80 }, initialDelaySeconds: opts.readinessDelaySeconds } }),
            },
          ],
        },
      },
    },
  };
};

/** A request that applies (updates) an object, as `kubectl apply` of a changed manifest. */
export const apply = (object: KubeObject): Request => ({ actor: 'scenario', reason: 'Applied', action: { type: 'Update', object } });

export const scaleTo = (name: string, replicas: number, kind = 'Deployment'): Request => ({
  actor: 'scenario',
  reason: 'Scaled',
  action: { type: 'Scale', ref: { kind, namespace: 'default', name }, replicas },
});

export const deploymentIn = (s: ClusterState, name: string): Deployment | undefined => getObject(s, 'Deployment', 'default', name) as unknown as Deployment | undefined;

/** The Deployment's ReplicaSets, by name. */
export const replicaSetsOf = (s: ClusterState, name: string): ReplicaSet[] => {
  const d = getObject(s, 'Deployment', 'default', name);
  return d === undefined ? [] : (dependentsOf(s, d.metadata.uid ?? '').filter((o) => o.kind === 'ReplicaSet') as unknown as ReplicaSet[]);
};
