import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/api/actions.js';
import type { KubeObject } from '../../src/api/meta.js';
import type { CronJob } from '../../src/api/workloads.js';
import { cronJobController, syncCronJob } from '../../src/controllers/cronjob.js';
import { getObject } from '../../src/state/queries.js';
import type { Given } from '../support/given.js';
import { given } from '../support/given.js';
import { cronJob, finishedStatus, ownedJob, runName, setStatus, simAt, uidOf } from './cronjob-fixtures.js';

const MIN = 60_000;
const sync = (g: Given, nowMs: number, name = 'backup') => syncCronJob(g.state, getObject(g.state, 'CronJob', 'default', name) as unknown as CronJob, nowMs);
const created = (actions: readonly Action[]): KubeObject[] => actions.flatMap((a) => (a.type === 'Create' ? [a.object] : []));
const deleted = (actions: readonly Action[]): string[] => actions.flatMap((a) => (a.type === 'Delete' ? [`${a.ref.name}:${a.propagationPolicy ?? ''}`] : []));
const statusOf = (actions: readonly Action[]): Record<string, unknown> | undefined => {
  const a = actions.find((x) => x.type === 'UpdateStatus');
  return a?.type === 'UpdateStatus' ? a.status : undefined;
};

/** Applies the controller's requests at `nowMs` until it has nothing more to say (as the engine's settle loop would). */
const settle = (g0: Given, nowMs: number, name = 'backup'): Given => {
  let g = g0;
  for (let round = 0; round < 5; round++) {
    const then = g.reconcile(cronJobController, `default/${name}`, nowMs);
    if (then.actions.length === 0) return g;
    g = then.actions.reduce((acc, a) => acc.and(a, nowMs, 'cronjob-controller'), g);
  }
  throw new Error('cronjob controller did not settle in 5 rounds');
};

describe('CronJob controller: when a run is due', () => {
  it('given */5 created at 00:00, when reconciled at 00:04, then it starts nothing and asks to look again just after 00:05', () => {
    const then = given(cronJob('backup', '*/5 * * * *')).reconcile(cronJobController, 'default/backup', 4 * MIN);
    then.thenNothing();
    expect(then.result.requeueAfterMs).toBe(MIN + 100);
  });

  it('at 00:05 it creates the Job named after the scheduled minute, from the template, owned by the CronJob', () => {
    const g = given(cronJob('backup', '*/5 * * * *'));
    const then = g.reconcile(cronJobController, 'default/backup', 5 * MIN + 100);
    then.thenActionTypes('Create', 'UpdateStatus');
    const job = created(then.actions)[0];
    expect(job?.metadata).toEqual({
      name: runName('backup', '2025-01-01T00:05:00Z'),
      namespace: 'default',
      labels: { app: 'backup' },
      annotations: { team: 'ops', 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2025-01-01T00:05:00Z' },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'backup', uid: uidOf(g, 'CronJob', 'backup'), controller: true, blockOwnerDeletion: true }],
    });
    expect(statusOf(then.actions)).toEqual({ lastScheduleTime: '2025-01-01T00:05:00Z' });
    expect(then.result.requeueAfterMs).toBe(5 * MIN);
  });

  it('once the created Job is seen, status.active holds a reference to it, and nothing more is created for that time', () => {
    const g = settle(given(cronJob('backup', '*/5 * * * *')), 5 * MIN + 100);
    const job = getObject(g.state, 'Job', 'default', runName('backup', '2025-01-01T00:05:00Z'));
    const cj = getObject(g.state, 'CronJob', 'default', 'backup');
    expect(cj?.['status']).toEqual({ active: [{ apiVersion: 'batch/v1', kind: 'Job', name: job?.metadata.name, namespace: 'default', uid: job?.metadata.uid }], lastScheduleTime: '2025-01-01T00:05:00Z' });
    g.reconcile(cronJobController, 'default/backup', 5 * MIN + 200).thenNothing();
  });

  it('given @hourly reconciled first at 02:30, then only the most recent missed time (02:00) runs', () => {
    const then = given(cronJob('backup', '@hourly')).reconcile(cronJobController, 'default/backup', 150 * MIN);
    expect(created(then.actions).map((j) => j.metadata.name)).toEqual([runName('backup', '2025-01-01T02:00:00Z')]);
    expect(then.result.requeueAfterMs).toBe(30 * MIN + 100);
  });

  it('with a timeZone, runs at the local time across a DST change, and stamps the Job with the local offset', () => {
    // America/New_York springs forward on 2025-03-09: 09:00 local is 14:00Z before, 13:00Z after
    let g = given(cronJob('backup', '0 9 * * *', { timeZone: 'America/New_York' }));
    g = setStatus(g, 'CronJob', 'backup', { lastScheduleTime: '2025-03-07T14:00:00Z' }, simAt('2025-03-07T14:00:01Z'));
    const before = sync(g, simAt('2025-03-08T14:00:01Z'));
    expect(created(before.requests.map((r) => r.action))[0]?.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2025-03-08T09:00:00-05:00');
    // the next run is 23 hours later in UTC
    expect(before.requeueAfterMs).toBe(23 * 60 * MIN - 1000 + 100);
    g = setStatus(g, 'CronJob', 'backup', { lastScheduleTime: '2025-03-08T14:00:00Z' }, simAt('2025-03-08T14:00:01Z'));
    const after = sync(g, simAt('2025-03-09T13:00:01Z'));
    const job = created(after.requests.map((r) => r.action))[0];
    expect(job?.metadata.name).toBe(runName('backup', '2025-03-09T13:00:00Z'));
    expect(job?.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2025-03-09T09:00:00-04:00');
  });

  it('given startingDeadlineSeconds 60, when first reconciled 2 minutes after the 00:05 run, then that run is missed and it waits for 00:10', () => {
    const then = given(cronJob('backup', '*/5 * * * *', { startingDeadlineSeconds: 60 })).reconcile(cronJobController, 'default/backup', 7 * MIN);
    then.thenNothing();
    expect(then.result.requeueAfterMs).toBe(3 * MIN + 100);
  });

  it('given startingDeadlineSeconds 300, the same late reconcile still starts the 00:05 run', () => {
    const then = given(cronJob('backup', '*/5 * * * *', { startingDeadlineSeconds: 300 })).reconcile(cronJobController, 'default/backup', 7 * MIN);
    expect(created(then.actions).map((j) => j.metadata.name)).toEqual([runName('backup', '2025-01-01T00:05:00Z')]);
  });

  it('given more than 100 missed times, it still starts the most recent one and records TooManyMissedTimes as the reason', () => {
    const result = sync(given(cronJob('backup', '* * * * *')), 180 * MIN + 500);
    const create = result.requests.find((r) => r.action.type === 'Create');
    expect(create?.reason).toBe('TooManyMissedTimes');
    expect(create?.action.type === 'Create' && create.action.object.metadata.name).toBe(runName('backup', '2025-01-01T03:00:00Z'));
    expect(result.recorded).toContain('TooManyMissedTimes');
  });

  it('with exactly 100 missed times there is no warning', () => {
    const result = sync(given(cronJob('backup', '* * * * *')), 100 * MIN + 500);
    expect(result.requests.find((r) => r.action.type === 'Create')?.reason).toBe('SuccessfulCreate');
  });

  it('an irregular schedule first seen long after creation can skip its last activation, as upstream estimates (not lists) missed times', () => {
    // */17 3-5: 03:00, 03:17 … 05:51. Seen at 06:24, upstream counts 13 gaps of 17 minutes
    // from 03:00, looks from 06:07 on, finds nothing before now and waits for tomorrow.
    const result = sync(given(cronJob('backup', '*/17 3-5 * * *')), 384 * MIN);
    expect(result.requests).toEqual([]);
    expect(result.requeueAfterMs).toBe((24 * 60 + 180 - 384) * MIN + 100);
  });

  it('a suspended CronJob starts nothing and is not requeued (unsuspending it wakes it)', () => {
    const then = given(cronJob('backup', '*/5 * * * *', { suspend: true })).reconcile(cronJobController, 'default/backup', 60 * MIN);
    then.thenNothing();
    expect(then.result.requeueAfterMs).toBeUndefined();
  });

  it('a schedule that never fires (Feb 31) is an InvalidSchedule: nothing created, no requeue', () => {
    const result = sync(given(cronJob('backup', '59 23 31 2 *')), 60 * MIN);
    expect(result.requests).toEqual([]);
    expect(result.recorded).toEqual(['InvalidSchedule']);
    expect(result.requeueAfterMs).toBeUndefined();
  });

  it('does nothing for a CronJob that is gone', () => {
    given().reconcile(cronJobController, 'default/nope', 0).thenNothing();
  });
});

describe('CronJob controller: concurrency policies', () => {
  const withActiveRun = (policy: 'Allow' | 'Forbid' | 'Replace'): Given => settle(given(cronJob('backup', '*/5 * * * *', { concurrencyPolicy: policy })), 5 * MIN + 100);

  it('Forbid: while the 00:05 Job runs, the 00:10 run is skipped (JobAlreadyActive)', () => {
    const result = sync(withActiveRun('Forbid'), 10 * MIN + 100);
    expect(result.requests).toEqual([]);
    expect(result.recorded).toEqual(['JobAlreadyActive']);
    expect(result.requeueAfterMs).toBe(5 * MIN);
  });

  it('Forbid: once the 00:05 Job completed, the 00:10 run starts', () => {
    let g = withActiveRun('Forbid');
    g = setStatus(g, 'Job', runName('backup', '2025-01-01T00:05:00Z'), finishedStatus('Complete', '2025-01-01T00:05:01Z', '2025-01-01T00:07:00Z'), 7 * MIN);
    const result = sync(g, 10 * MIN + 100);
    expect(created(result.requests.map((r) => r.action)).map((j) => j.metadata.name)).toEqual([runName('backup', '2025-01-01T00:10:00Z')]);
    expect(result.recorded).toEqual(['SawCompletedJob', 'SuccessfulCreate']);
    expect(statusOf(result.requests.map((r) => r.action))).toEqual({ lastScheduleTime: '2025-01-01T00:10:00Z', lastSuccessfulTime: '2025-01-01T00:07:00Z' });
  });

  it('Allow: the 00:10 run starts beside the running 00:05 Job; both end up active', () => {
    const g = settle(withActiveRun('Allow'), 10 * MIN + 100);
    const active = (getObject(g.state, 'CronJob', 'default', 'backup')?.['status'] as { active: { name: string }[] }).active;
    expect(active.map((r) => r.name)).toEqual([runName('backup', '2025-01-01T00:05:00Z'), runName('backup', '2025-01-01T00:10:00Z')]);
  });

  it('Replace: the running Job is deleted (Background) before the 00:10 Job is created', () => {
    const then = withActiveRun('Replace').reconcile(cronJobController, 'default/backup', 10 * MIN + 100);
    then.thenActionTypes('Delete', 'Create', 'UpdateStatus');
    expect(deleted(then.actions)).toEqual([`${runName('backup', '2025-01-01T00:05:00Z')}:Background`]);
    expect(statusOf(then.actions)).toEqual({ lastScheduleTime: '2025-01-01T00:10:00Z' });
  });
});

describe('CronJob controller: status and history', () => {
  const withFinished = (g0: Given, runs: readonly [string, 'Complete' | 'Failed', string][]): Given =>
    runs.reduce((g, [name, type, start]) => setStatus(g.create(ownedJob(g, 'backup', name)), 'Job', name, finishedStatus(type, start, start)), g0);

  it('keeps 3 succeeded and 1 failed Job by default, deleting the oldest by status.startTime first', () => {
    const g = withFinished(given(cronJob('backup', '@yearly')), [
      ['s-e', 'Complete', '2025-01-01T00:05:00Z'],
      ['s-a', 'Complete', '2025-01-01T00:01:00Z'],
      ['s-d', 'Complete', '2025-01-01T00:04:00Z'],
      ['s-b', 'Complete', '2025-01-01T00:02:00Z'],
      ['s-c', 'Complete', '2025-01-01T00:03:00Z'],
      ['f-b', 'Failed', '2025-01-01T00:02:00Z'],
      ['f-a', 'Failed', '2025-01-01T00:01:00Z'],
    ]);
    const result = sync(g, 10 * MIN);
    expect(deleted(result.requests.map((r) => r.action))).toEqual(['s-a:Background', 's-b:Background', 'f-a:Background']);
    expect(statusOf(result.requests.map((r) => r.action))).toEqual({ lastSuccessfulTime: '2025-01-01T00:05:00Z' });
  });

  it('history limits of 0 delete every finished Job; unfinished Jobs are never cleaned up', () => {
    let g = withFinished(given(cronJob('backup', '@yearly', { successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 0 })), [
      ['done', 'Complete', '2025-01-01T00:01:00Z'],
      ['broke', 'Failed', '2025-01-01T00:02:00Z'],
    ]);
    g = g.create(ownedJob(g, 'backup', 'running'));
    expect(deleted(sync(g, 10 * MIN).requests.map((r) => r.action)).sort()).toEqual(['broke:Background', 'done:Background']);
  });

  it('an active reference whose Job is gone is dropped (MissingJob)', () => {
    let g = given(cronJob('backup', '@yearly'));
    g = setStatus(g, 'CronJob', 'backup', { active: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'gone', namespace: 'default', uid: 'uid-gone' }], lastScheduleTime: '2025-01-01T00:00:00Z' });
    const result = sync(g, MIN);
    expect(result.recorded).toEqual(['MissingJob']);
    expect(statusOf(result.requests.map((r) => r.action))).toEqual({ lastScheduleTime: '2025-01-01T00:00:00Z' });
  });

  it("a Job's changes wake its CronJob (by its controller reference); other objects do not", () => {
    let g = given(cronJob('backup', '@yearly'));
    g = g.create(ownedJob(g, 'backup', 'run-1'));
    const before = g.state;
    g = setStatus(g, 'Job', 'run-1', finishedStatus('Complete', '2025-01-01T00:00:00Z', '2025-01-01T00:01:00Z'));
    const record = g.records[g.records.length - 1];
    expect(record === undefined ? [] : [...cronJobController.watches(record, before, g.state)]).toEqual(['default/backup']);
    const orphan = g.create({ ...ownedJob(g, 'backup', 'orphan'), metadata: { name: 'orphan', namespace: 'default' } });
    const made = orphan.records[orphan.records.length - 1];
    expect(made === undefined ? [] : [...cronJobController.watches(made, g.state, orphan.state)]).toEqual([]);
  });
});
