import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import { garbageCollector } from '../../src/controllers/garbagecollector.js';
import { getObject } from '../../src/state/queries.js';
import { runCluster, at, nodesOf, pool, replicaSet as rsFixture } from '../support/fixtures.js';
import { isRight } from 'fp-ts/lib/Either.js';
import type { EventRecord } from '../../src/log/events.js';
import type { Given } from '../support/given.js';
import { given } from '../support/given.js';
import { pod } from '../support/fixtures.js';

const replicaSet = rsFixture;

const ownedBy = (g: Given, name: string, owner: { kind: string; name: string; uid?: string; ns?: string }): KubeObject => ({
  ...pod(name, { ns: owner.ns }),
  metadata: { name, namespace: owner.ns ?? 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, uid: owner.uid ?? getObject(g.state, owner.kind, 'default', owner.name)?.metadata.uid ?? '' }] },
});

describe('garbage collector (background propagation)', () => {
  it('given a pod whose owner is gone, when reconciled, then it deletes the pod', () => {
    const g0 = given(replicaSet('web', 0));
    const g1 = g0.create(ownedBy(g0, 'web-a', { kind: 'ReplicaSet', name: 'web' }));
    const uid = getObject(g1.state, 'ReplicaSet', 'default', 'web')?.metadata.uid ?? '';
    const g = g1.and({ type: 'Delete', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web', uid } });
    const then = g.reconcile(garbageCollector, 'Pod/default/web-a');
    expect(then.actions).toEqual([{ type: 'Delete', ref: expect.objectContaining({ kind: 'Pod', name: 'web-a' }) }]);
  });

  it('keeps a pod whose owner is there', () => {
    const g0 = given(replicaSet('web', 0));
    given().reconcile(garbageCollector, 'Pod/default/none').thenNothing();
    g0.create(ownedBy(g0, 'web-a', { kind: 'ReplicaSet', name: 'web' })).reconcile(garbageCollector, 'Pod/default/web-a').thenNothing();
  });

  it('treats an owner with the right uid but another name as absent (upstream matches uid, kind and name)', () => {
    const g0 = given(replicaSet('web', 0));
    const uid = getObject(g0.state, 'ReplicaSet', 'default', 'web')?.metadata.uid ?? '';
    const g = g0.create(ownedBy(g0, 'x', { kind: 'ReplicaSet', name: 'other', uid }));
    expect(g.reconcile(garbageCollector, 'Pod/default/x').actions.map((a) => a.type)).toEqual(['Delete']);
  });

  it('watches owner deletions: the dependents of the deleted uid become dirty', () => {
    const g0 = given(replicaSet('web', 0));
    const g1 = g0.create(ownedBy(g0, 'web-a', { kind: 'ReplicaSet', name: 'web' }));
    const uid = getObject(g1.state, 'ReplicaSet', 'default', 'web')?.metadata.uid ?? '';
    const g = g1.and({ type: 'Delete', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web', uid } });
    const last = g.records[g.records.length - 1];
    expect(last === undefined ? [] : [...garbageCollector.watches(last, g1.state, g.state)]).toEqual(['Pod/default/web-a']);
  });
});

const ownedBlocking = (g: Given, name: string, owner: string, block: boolean): KubeObject => {
  const uid = getObject(g.state, 'ReplicaSet', 'default', owner)?.metadata.uid ?? '';
  return { ...pod(name), metadata: { name, namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid, controller: true, ...(block ? { blockOwnerDeletion: true } : {}) }] } };
};

const rsRef = (g: Given) => ({ kind: 'ReplicaSet', namespace: 'default', name: 'web', uid: getObject(g.state, 'ReplicaSet', 'default', 'web')?.metadata.uid ?? '' });

describe('garbage collector (foreground and orphan propagation)', () => {
  it('given an owner deleted in the foreground, then it stays with the foregroundDeletion finalizer and the collector deletes its dependents in the foreground', () => {
    const g0 = given(replicaSet('web', 0));
    const g1 = g0.create(ownedBlocking(g0, 'web-a', 'web', true), ownedBlocking(g0, 'web-b', 'web', false));
    const g = g1.and({ type: 'Delete', ref: rsRef(g1), propagationPolicy: 'Foreground' });
    const owner = getObject(g.state, 'ReplicaSet', 'default', 'web');
    expect(owner?.metadata.deletionTimestamp).toBeDefined();
    expect(owner?.metadata.finalizers).toEqual(['foregroundDeletion']);
    const then = g.reconcile(garbageCollector, 'ReplicaSet/default/web');
    expect(then.actions).toEqual([
      { type: 'Delete', ref: expect.objectContaining({ name: 'web-a' }), propagationPolicy: 'Foreground' },
      { type: 'Delete', ref: expect.objectContaining({ name: 'web-b' }), propagationPolicy: 'Foreground' },
    ]);
  });

  it('removes the foregroundDeletion finalizer once no blocking dependent is left, and the owner goes with it', () => {
    const g0 = given(replicaSet('web', 0));
    const g1 = g0.create(ownedBlocking(g0, 'web-b', 'web', false));
    const g = g1.and({ type: 'Delete', ref: rsRef(g1), propagationPolicy: 'Foreground' });
    const then = g.reconcile(garbageCollector, 'ReplicaSet/default/web');
    expect(then.actions.map((a) => a.type)).toEqual(['Delete', 'RemoveFinalizer']);
    const done = g.and(then.actions[1] as never);
    expect(getObject(done.state, 'ReplicaSet', 'default', 'web')).toBeUndefined();
    expect(done.records.slice(-2).map((r) => r.event.type)).toEqual(['FinalizerRemoved', 'ObjectDeleted']);
  });

  it('given an owner deleted with Orphan, then its dependents lose the ownerReference and stay, and the owner goes', () => {
    const g0 = given(replicaSet('web', 0));
    const g1 = g0.create(ownedBlocking(g0, 'web-a', 'web', true));
    const g2 = g1.and({ type: 'Delete', ref: rsRef(g1), propagationPolicy: 'Orphan' });
    expect(getObject(g2.state, 'ReplicaSet', 'default', 'web')?.metadata.finalizers).toEqual(['orphan']);
    const first = g2.reconcile(garbageCollector, 'ReplicaSet/default/web');
    expect(first.actions.map((a) => a.type)).toEqual(['Update']);
    const g3 = g2.and(first.actions[0] as never);
    expect(getObject(g3.state, 'Pod', 'default', 'web-a')?.metadata.ownerReferences).toBeUndefined();
    const second = g3.reconcile(garbageCollector, 'ReplicaSet/default/web');
    expect(second.actions).toEqual([{ type: 'RemoveFinalizer', ref: expect.objectContaining({ name: 'web' }), finalizer: 'orphan' }]);
    const g4 = g3.and(second.actions[0] as never);
    expect(getObject(g4.state, 'ReplicaSet', 'default', 'web')).toBeUndefined();
    expect(getObject(g4.state, 'Pod', 'default', 'web-a')).toBeDefined();
  });

  it('keeps an object with a finalizer nobody removes (Terminating, as upstream), and deletes it when the last one is removed', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', finalizers: ['example.com/keep'] } };
    const g = given(cm);
    const ref = { kind: 'ConfigMap', namespace: 'default', name: 'c' };
    const deleting = g.and({ type: 'Delete', ref });
    expect(getObject(deleting.state, 'ConfigMap', 'default', 'c')?.metadata.deletionTimestamp).toBeDefined();
    const gone = deleting.and({ type: 'RemoveFinalizer', ref, finalizer: 'example.com/keep' });
    expect(getObject(gone.state, 'ConfigMap', 'default', 'c')).toBeUndefined();
  });
});

const deleteAt = (ms: number, kind: string, name: string, extra: Record<string, unknown> = {}) =>
  at(ms, { actor: 'scenario', reason: 'Deleted', action: { type: 'Delete', ref: { kind, namespace: 'default', name }, ...extra } as never });

const run = (inputs: ReturnType<typeof at>[]) => {
  const r = runCluster([...nodesOf(pool('worker', 2)), replicaSet('web', 3)], inputs, { durationMs: 120_000, kubelet: { imagePullMs: 1000, containerStartMs: 1000, jitter: 0, shutdown: { ms: 5000 } } });
  if (!isRight(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};
const timeOf = (records: readonly EventRecord[], type: string, kind: string): number[] =>
  records.filter((r) => r.event.type === type && 'ref' in r.event && r.event.ref?.kind === kind).map((r) => r.timeMs);

describe('propagation policies in a running cluster', () => {
  it('Background: the ReplicaSet goes at once, its pods after it', () => {
    const r = run([deleteAt(30_000, 'ReplicaSet', 'web')]);
    expect(timeOf(r.records, 'ObjectDeleted', 'ReplicaSet')).toEqual([30_000]);
    expect(timeOf(r.records, 'ObjectDeleting', 'Pod')).toEqual([30_000, 30_000, 30_000]);
    expect(r.state.objects.get('Pod')?.size ?? 0).toBe(0);
  });

  it('Foreground: the ReplicaSet waits for its pods to terminate (5 s shutdown), then goes', () => {
    const r = run([deleteAt(30_000, 'ReplicaSet', 'web', { propagationPolicy: 'Foreground' })]);
    expect(timeOf(r.records, 'ObjectDeleting', 'ReplicaSet')).toEqual([30_000]);
    expect(timeOf(r.records, 'ObjectDeleted', 'Pod')).toEqual([35_000, 35_000, 35_000]);
    expect(timeOf(r.records, 'ObjectDeleted', 'ReplicaSet')).toEqual([35_000]);
    expect(r.state.objects.get('Pod')?.size ?? 0).toBe(0);
  });

  it('Orphan: the ReplicaSet goes and its three pods keep running without an owner', () => {
    const r = run([deleteAt(30_000, 'ReplicaSet', 'web', { propagationPolicy: 'Orphan' })]);
    expect(timeOf(r.records, 'ObjectDeleted', 'ReplicaSet')).toEqual([30_000]);
    const pods = [...(r.state.objects.get('Pod')?.values() ?? [])];
    expect(pods).toHaveLength(3);
    for (const p of pods) expect(p.metadata.ownerReferences).toBeUndefined();
  });
});
