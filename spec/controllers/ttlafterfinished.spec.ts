import { describe, expect, it } from 'vitest';
import { ttlAfterFinishedController } from '../../src/controllers/ttlafterfinished.js';
import type { Given } from '../support/given.js';
import { given } from '../support/given.js';
import { cronJob, finishedStatus, ownedJob, setStatus, simAt } from './cronjob-fixtures.js';

const FINISHED = '2025-01-01T00:10:00Z';
const withJob = (ttl: number | undefined, status?: Record<string, unknown>): Given => {
  let g = given(cronJob('backup', '@yearly'));
  g = g.create(ownedJob(g, 'backup', 'run', ttl));
  return status === undefined ? g : setStatus(g, 'Job', 'run', status, simAt(FINISHED));
};

describe('TTL-after-finished controller', () => {
  it('given a Job that completed at 00:10 with a TTL of 100s, when reconciled at 00:10, then it waits exactly 100s', () => {
    const then = withJob(100, finishedStatus('Complete', '2025-01-01T00:05:00Z', FINISHED)).reconcile(ttlAfterFinishedController, 'default/run', simAt(FINISHED));
    then.thenNothing();
    expect(then.result.requeueAfterMs).toBe(100_000);
  });

  it('at finish time + TTL it deletes the Job in the foreground, pinned to its uid', () => {
    const g = withJob(100, finishedStatus('Failed', '2025-01-01T00:05:00Z', FINISHED));
    const then = g.reconcile(ttlAfterFinishedController, 'default/run', simAt('2025-01-01T00:11:40Z'));
    then.thenActionTypes('Delete');
    const del = then.actions[0];
    expect(del?.type === 'Delete' && del.propagationPolicy).toBe('Foreground');
    expect(del?.type === 'Delete' && del.ref.uid).toMatch(/.+/);
  });

  it('a TTL of 0 deletes the Job as soon as it is seen finished', () => {
    withJob(0, finishedStatus('Complete', '2025-01-01T00:05:00Z', FINISHED)).reconcile(ttlAfterFinishedController, 'default/run', simAt(FINISHED)).thenActionTypes('Delete');
  });

  it('the finish time is the condition lastTransitionTime, not completionTime', () => {
    const status = { ...finishedStatus('Complete', '2025-01-01T00:05:00Z', FINISHED), completionTime: '2025-01-01T00:09:00Z' };
    const then = withJob(60, status).reconcile(ttlAfterFinishedController, 'default/run', simAt(FINISHED));
    expect(then.result.requeueAfterMs).toBe(60_000);
  });

  it('leaves alone Jobs without a TTL, unfinished Jobs, and Jobs finished False', () => {
    const now = simAt('2025-02-01T00:00:00Z');
    withJob(undefined, finishedStatus('Complete', '2025-01-01T00:05:00Z', FINISHED)).reconcile(ttlAfterFinishedController, 'default/run', now).thenNothing();
    const running = withJob(10).reconcile(ttlAfterFinishedController, 'default/run', now);
    running.thenNothing();
    expect(running.result.requeueAfterMs).toBeUndefined();
    withJob(10, { conditions: [{ type: 'Complete', status: 'False', lastTransitionTime: FINISHED }] }).reconcile(ttlAfterFinishedController, 'default/run', now).thenNothing();
  });

  it('watches only Jobs that need cleaning up', () => {
    const g = withJob(10);
    const before = g.state;
    const done = setStatus(g, 'Job', 'run', finishedStatus('Complete', '2025-01-01T00:05:00Z', FINISHED), simAt(FINISHED));
    const created = g.records[g.records.length - 1];
    const finished = done.records[done.records.length - 1];
    expect(created === undefined ? [] : [...ttlAfterFinishedController.watches(created, before, g.state)]).toEqual([]);
    expect(finished === undefined ? [] : [...ttlAfterFinishedController.watches(finished, before, done.state)]).toEqual(['default/run']);
  });
});
