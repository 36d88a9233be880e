import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/pod.js';
import { getPod, namesWithLabel, podsOnNode, usageOf, unscheduledPods, podsOwnedBy, getByUid } from '../../src/state/queries.js';
import { evolve } from '../../src/state/evolve.js';
import { emptyState } from '../../src/state/state.js';
import { given } from '../support/given.js';
import { nodesOf, pod, pool, replicaSet } from '../support/fixtures.js';

const ref = (name: string, uid: string) => ({ kind: 'Pod', namespace: 'default', name, uid });

describe('evolve', () => {
  it('given a created pod, then it is stored with resourceVersion = its sequence number and indexed by uid and labels', () => {
    const g = given(pod('web-1', { labels: { app: 'web' } }));
    const p = getPod(g.state, 'default', 'web-1') as Pod;
    expect(p.metadata.resourceVersion).toBe(String(g.state.seq));
    expect(getByUid(g.state, p.metadata.uid ?? '')?.metadata.name).toBe('web-1');
    expect(namesWithLabel(g.state, 'Pod', 'default', 'app', 'web')).toEqual(['web-1']);
    expect(unscheduledPods(g.state)).toEqual(['default/web-1']);
  });

  it('when a pod is bound, then it moves from the scheduler queue to the node index and its requests count on the node', () => {
    const g0 = given(...nodesOf(pool('worker', 1)), pod('web-1', { cpu: '250m', memory: '1Gi' }));
    const uid = getPod(g0.state, 'default', 'web-1')?.metadata.uid ?? '';
    const g = g0.and({ type: 'Bind', pod: ref('web-1', uid), node: 'worker-0', trace: { evaluatedNodes: 1, feasibleNodes: 1 } });
    expect(unscheduledPods(g.state)).toEqual([]);
    expect(podsOnNode(g.state, 'worker-0').map((p) => p.metadata.name)).toEqual(['web-1']);
    expect(usageOf(g.state, 'worker-0')).toMatchObject({ cpuMillis: 250, memoryBytes: 1024 ** 3, pods: 1 });
    expect(getPod(g.state, 'default', 'web-1')?.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status).toBe('True');
  });

  it('when a bound pod is deleted, then the node gets its resources back and the indexes forget it', () => {
    const g0 = given(...nodesOf(pool('worker', 1)), pod('web-1', { cpu: '1', nodeName: 'worker-0', labels: { app: 'web' } }));
    const uid = getPod(g0.state, 'default', 'web-1')?.metadata.uid ?? '';
    expect(usageOf(g0.state, 'worker-0').cpuMillis).toBe(1000);
    const g = g0.and({ type: 'Delete', ref: ref('web-1', uid), gracePeriodSeconds: 0 });
    expect(getPod(g.state, 'default', 'web-1')).toBeUndefined();
    expect(usageOf(g.state, 'worker-0').cpuMillis).toBe(0);
    expect(namesWithLabel(g.state, 'Pod', 'default', 'app', 'web')).toEqual([]);
    expect(g.state.byUid.has(uid)).toBe(false);
  });

  it('indexes pods by the uid of their owner', () => {
    const g = given(replicaSet('web', 1));
    const rsUid = g.state.objects.get('ReplicaSet')?.get('default/web')?.metadata.uid ?? '';
    const owned = { ...pod('web-x'), metadata: { name: 'web-x', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rsUid, controller: true }] } };
    expect(podsOwnedBy(g.create(owned).state, rsUid).map((p) => p.metadata.name)).toEqual(['web-x']);
  });

  it('refuses a record out of sequence, naming it', () => {
    const record = { seq: 5, timeMs: 0, actor: 'x', reason: 'y', event: { type: 'ActionRejected' as const, action: 'Create', code: 'NotFound', message: 'm' } };
    expect(() => evolve(emptyState, record)).toThrow(/event #5: out of order/);
  });

  it('refuses a change to an object that does not exist, naming the record', () => {
    const record = { seq: 1, timeMs: 0, actor: 'x', reason: 'y', event: { type: 'PodBecameReady' as const, pod: ref('ghost', 'u') } };
    expect(() => evolve(emptyState, record)).toThrow(/event #1: Pod default\/ghost does not exist/);
  });

  it('leaves the maps an event does not touch identical (so memoised views stay valid)', () => {
    const g = given(...nodesOf(pool('worker', 2)));
    const nodes = g.state.objects.get('Node');
    const after = g.create(pod('web-1')).state;
    expect(after.objects.get('Node')).toBe(nodes);
    expect(after.nodeNames).toBe(g.state.nodeNames);
  });
});
