/** Fixtures for pods that run to completion and Jobs. */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { KubeObject } from '../../src/api/meta.js';
import type { Pod } from '../../src/api/pod.js';
import type { Job } from '../../src/api/workloads.js';
import type { RunResult } from '../../src/engine/engine.js';
import { getObject, listKind } from '../../src/state/queries.js';
import { stateAt } from '../../src/state/replay.js';
import type { runCluster } from './fixtures.js';

export const NO_JITTER = { imagePullMs: 2000, containerStartMs: 1000, jitter: 0, shutdown: 'grace' as const };

export interface JobOpts {
  readonly completions?: number;
  readonly parallelism?: number;
  readonly mode?: 'Indexed' | 'NonIndexed';
  readonly backoffLimit?: number;
  readonly activeDeadlineSeconds?: number;
  readonly suspend?: boolean;
  readonly restartPolicy?: 'Never' | 'OnFailure';
  readonly run?: string;
  readonly exitCode?: number;
  readonly exitCodes?: string;
  readonly podFailurePolicy?: Record<string, unknown>;
  readonly cpu?: string;
}

export const job = (name: string, o: JobOpts = {}): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: 'default' },
  spec: {
    ...(o.completions === undefined ? {} : { completions: o.completions }),
    ...(o.parallelism === undefined ? {} : { parallelism: o.parallelism }),
    ...(o.mode === undefined ? {} : { completionMode: o.mode }),
    ...(o.backoffLimit === undefined ? {} : { backoffLimit: o.backoffLimit }),
    ...(o.activeDeadlineSeconds === undefined ? {} : { activeDeadlineSeconds: o.activeDeadlineSeconds }),
    ...(o.suspend === undefined ? {} : { suspend: o.suspend }),
    ...(o.podFailurePolicy === undefined ? {} : { podFailurePolicy: o.podFailurePolicy }),
    template: {
      metadata: {
        annotations: {
          ...(o.run === undefined ? {} : { 'kubesim.io/run-duration': o.run }),
          ...(o.exitCode === undefined ? {} : { 'kubesim.io/exit-code': String(o.exitCode) }),
          ...(o.exitCodes === undefined ? {} : { 'kubesim.io/exit-codes': o.exitCodes }),
        },
      },
      spec: { restartPolicy: o.restartPolicy ?? 'Never', containers: [{ name: 'main', image: 'busybox', resources: { requests: { cpu: o.cpu ?? '100m' } } }] },
    },
  },
});

export const ok = (r: ReturnType<typeof runCluster>): RunResult => {
  if (isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

export const jobAt = (r: RunResult, name: string, tMs: number): Job => getObject(stateAt(r.records, tMs), 'Job', 'default', name) as unknown as Job;

export const podsAt = (r: RunResult, tMs: number): Pod[] => listKind(stateAt(r.records, tMs), 'Pod', 'default') as unknown as Pod[];

export const conditionTypes = (j: Job): string[] => (j.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => `${c.type}/${c.reason ?? ''}`);

/** When each matching event happened. */
export const times = (r: RunResult, type: string, pred: (e: Record<string, unknown>) => boolean = () => true): number[] =>
  r.records.filter((x) => x.event.type === type && pred(x.event as unknown as Record<string, unknown>)).map((x) => x.timeMs);
