import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import { jobController } from '../../src/controllers/job.js';
import { formatIndexes, parseIndexes } from '../../src/controllers/job-indexes.js';
import { podBackoffRemainingMs } from '../../src/controllers/job-pods.js';
import { given } from '../support/given.js';
import { job } from '../support/job.js';

const createdPods = (actions: readonly { type: string; object?: KubeObject }[]): KubeObject[] =>
  actions.filter((a) => a.type === 'Create').map((a) => a.object as KubeObject);

describe('Job controller (given/when/then)', () => {
  it('creates parallelism pods with the tracking finalizer and a controller ref, then writes status', () => {
    const then = given(job('pi', { completions: 5, parallelism: 2 })).reconcile(jobController, 'default/pi', 0);
    then.thenActionTypes('Create', 'Create', 'UpdateStatus');
    const pods = createdPods(then.actions);
    expect(pods[0]?.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(pods[0]?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Job', name: 'pi', controller: true });
    expect(pods[0]?.metadata.labels?.['batch.kubernetes.io/job-name']).toBe('pi');
    expect(pods[0]?.metadata.generateName).toBe('pi-');
  });

  it('defaults to one pod when completions and parallelism are unset', () => {
    given(job('one')).reconcile(jobController, 'default/one', 0).thenActionTypes('Create', 'UpdateStatus');
  });

  it('creates nothing for a suspended Job and records the Suspended condition', () => {
    const then = given(job('s', { suspend: true })).reconcile(jobController, 'default/s', 0);
    then.thenActionTypes('UpdateStatus');
    const status = (then.actions[0] as unknown as { status: { conditions: { type: string; reason: string }[]; startTime?: string } }).status;
    expect(status.conditions.map((c) => `${c.type}/${c.reason}`)).toEqual(['Suspended/JobSuspended']);
    expect(status.startTime).toBeUndefined();
  });

  it('gives Indexed pods the lowest pending indexes, as annotation, label and name', () => {
    const pods = createdPods(given(job('ix', { completions: 3, parallelism: 2, mode: 'Indexed' })).reconcile(jobController, 'default/ix', 0).actions);
    expect(pods.map((p) => p.metadata.generateName)).toEqual(['ix-0-', 'ix-1-']);
    expect(pods.map((p) => p.metadata.labels?.['batch.kubernetes.io/job-completion-index'])).toEqual(['0', '1']);
  });
});

describe('completedIndexes (upstream orderedIntervals)', () => {
  it('writes runs as a-b, two neighbours as a,b, and parses them back', () => {
    expect(formatIndexes([0, 1, 2, 4, 6, 7])).toBe('0-2,4,6,7');
    expect(parseIndexes('0-2,4,6,7', 7)).toEqual([0, 1, 2, 4, 6]);
  });
});

describe('pod failure back-off', () => {
  it('waits 10 s · 2^(failures−1) from the last failure, capped at 10 min', () => {
    const j = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: {} } as never;
    const failedAt = (s: number) => ({ metadata: { name: `p${s}` }, spec: { containers: [] }, status: { phase: 'Failed', containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, finishedAt: `2025-01-01T00:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}Z` } } }] } }) as never;
    expect(podBackoffRemainingMs(j, [failedAt(10)], 12_000)).toBe(8000);
    expect(podBackoffRemainingMs(j, [failedAt(1), failedAt(10)], 10_000)).toBe(20_000);
    expect(podBackoffRemainingMs(j, Array.from({ length: 9 }, (_, i) => failedAt(i)), 8000)).toBe(600_000);
  });
});
