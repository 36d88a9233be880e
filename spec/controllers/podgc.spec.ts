import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/pod.js';
import { QUARANTINE_MS, podGcController } from '../../src/controllers/podgc.js';
import { getPod } from '../../src/state/queries.js';
import { stateAt } from '../../src/state/replay.js';
import { at, nodesOf, pod, pool, runCluster } from '../support/fixtures.js';
import { given } from '../support/given.js';

const deleteNode = (name: string) => ({ actor: 'scenario', reason: 'Deleted', action: { type: 'Delete' as const, ref: { kind: 'Node', name } } });

describe('pod GC: orphaned pods (upstream gcOrphaned)', () => {
  it('deletes a pod bound to a deleted node only after the 40 s quarantine, marking it Failed with DisruptionTarget first', () => {
    const r = runCluster([...nodesOf(pool('worker', 2)), pod('lonely', { nodeName: 'worker-1' }), pod('safe', { nodeName: 'worker-0' })], [at(30_000, deleteNode('worker-1'))], { durationMs: 90_000 });
    if (isLeft(r)) throw new Error(JSON.stringify(r.left));
    const records = r.right.records;
    expect(getPod(stateAt(records, 30_000 + QUARANTINE_MS - 1000), 'default', 'lonely')).toBeDefined();
    expect(getPod(stateAt(records, 30_000 + QUARANTINE_MS), 'default', 'lonely')).toBeUndefined();
    expect(getPod(stateAt(records, 90_000), 'default', 'safe')).toBeDefined();
    const gc = records.filter((x) => x.actor === 'pod-garbage-collector');
    expect(gc.map((x) => x.event.type)).toEqual(['StatusUpdated', 'ObjectDeleted']);
    const status = gc[0]?.event.type === 'StatusUpdated' ? (gc[0].event.status as Pod['status']) : undefined;
    expect(status?.phase).toBe('Failed');
    expect(status?.conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' });
    expect(gc[0]?.timeMs).toBe(30_000 + QUARANTINE_MS);
  });

  it('does nothing when the node came back before the quarantine ended', () => {
    const g = given(...nodesOf(pool('worker', 1)), pod('p', { nodeName: 'worker-0' }));
    const gc = podGcController();
    expect(g.reconcile(gc, 'orphaned/worker-0@0', QUARANTINE_MS).actions).toEqual([]);
  });

  it('waits out the rest of the quarantine when looked at early', () => {
    const g = given(pod('p', { nodeName: 'gone-0' }));
    const then = g.reconcile(podGcController(), 'orphaned/gone-0@10000', 25_000);
    expect(then.actions).toEqual([]);
    expect(then.result.requeueAfterMs).toBe(25_000);
  });
});

describe('pod GC: terminated pods over the threshold (upstream gcTerminated)', () => {
  it('deletes the excess, evicted pods first, then the oldest', () => {
    let g = given(...nodesOf(pool('worker', 1)));
    for (const [i, name] of ['old', 'mid', 'evicted', 'new'].entries()) g = g.and({ type: 'Create', object: pod(name, { nodeName: 'worker-0' }) }, i * 1000);
    for (const name of ['old', 'mid', 'evicted', 'new']) {
      const status = { phase: 'Failed', ...(name === 'evicted' ? { reason: 'Evicted' } : {}) };
      g = g.and({ type: 'UpdateStatus', ref: { kind: 'Pod', namespace: 'default', name }, status }, 5000);
    }
    const then = g.reconcile(podGcController(2), 'terminated', 6000);
    expect(then.actions).toEqual([
      { type: 'Delete', ref: expect.objectContaining({ name: 'evicted' }), gracePeriodSeconds: 0 },
      { type: 'Delete', ref: expect.objectContaining({ name: 'old' }), gracePeriodSeconds: 0 },
    ]);
  });
});
