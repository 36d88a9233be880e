/** Builders shared by the CronJob and TTL-after-finished specs. */
import type { KubeObject } from '../../src/api/meta.js';
import { SIM_EPOCH_MS } from '../../src/api/time.js';
import type { Given } from '../support/given.js';
import { getObject } from '../../src/state/queries.js';

export interface CronJobOpts {
  readonly concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  readonly suspend?: boolean;
  readonly startingDeadlineSeconds?: number;
  readonly timeZone?: string;
  readonly successfulJobsHistoryLimit?: number;
  readonly failedJobsHistoryLimit?: number;
}

export const cronJob = (name: string, schedule: string, opts: CronJobOpts = {}): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name, namespace: 'default' },
  spec: {
    schedule,
    ...opts,
    jobTemplate: {
      metadata: { labels: { app: name }, annotations: { team: 'ops' } },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36' }] } } },
    },
  },
});

/** Simulated ms of an RFC 3339 instant. */
export const simAt = (iso: string): number => Date.parse(iso) - SIM_EPOCH_MS;

/** The job name upstream gives a run scheduled at `iso`. */
export const runName = (cj: string, iso: string): string => `${cj}-${Date.parse(iso) / 60_000}`;

export const uidOf = (g: Given, kind: string, name: string): string => getObject(g.state, kind, 'default', name)?.metadata.uid ?? '';

/** A Job controlled by the CronJob `owner`, optionally with a TTL. */
export const ownedJob = (g: Given, owner: string, name: string, ttlSecondsAfterFinished?: number): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: 'default', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: owner, uid: uidOf(g, 'CronJob', owner), controller: true, blockOwnerDeletion: true }] },
  spec: {
    ...(ttlSecondsAfterFinished === undefined ? {} : { ttlSecondsAfterFinished }),
    template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36' }] } },
  },
});

/** A Job status as the Job controller writes it when the Job finishes. */
export const finishedStatus = (type: 'Complete' | 'Failed', startTime: string, finishTime: string): Record<string, unknown> => ({
  startTime,
  ...(type === 'Complete' ? { completionTime: finishTime, succeeded: 1 } : { failed: 1 }),
  conditions: [{ type, status: 'True', lastTransitionTime: finishTime, lastProbeTime: finishTime }],
});

export const setStatus = (g: Given, kind: string, name: string, status: Record<string, unknown>, nowMs?: number): Given =>
  g.and({ type: 'UpdateStatus', ref: { kind, namespace: 'default', name, uid: uidOf(g, kind, name) }, status }, nowMs);
