import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import { garbageCollector } from '../../src/controllers/garbagecollector.js';
import { getObject } from '../../src/state/queries.js';
import type { Given } from '../support/given.js';
import { given } from '../support/given.js';
import { pod, replicaSet } from '../support/fixtures.js';

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
