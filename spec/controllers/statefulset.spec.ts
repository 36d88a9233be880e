import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/api/actions.js';
import type { KubeObject } from '../../src/api/meta.js';
import type { Pod } from '../../src/api/pod.js';
import { statefulSetController } from '../../src/controllers/statefulset.js';
import { getObject, listKind } from '../../src/state/queries.js';
import { nodesOf, pool } from '../support/fixtures.js';
import type { Given } from '../support/given.js';
import { given } from '../support/given.js';
import type { StatefulSetOpts } from '../support/statefulset.js';
import { statefulSet, storageClass, withImage } from '../support/statefulset.js';

const KEY = 'default/web';
const ref = (kind: string, name: string) => ({ kind, namespace: 'default', name });

const created = (actions: Action[], kind: string): string[] => actions.flatMap((a) => (a.type === 'Create' && a.object.kind === kind ? [a.object.metadata.name] : []));
const deleted = (actions: Action[], kind = 'Pod'): string[] => actions.flatMap((a) => (a.type === 'Delete' && a.ref.kind === kind ? [a.ref.name] : []));

/** Applies what one reconcile asks for, through admission. */
const step = (g: Given): Given => g.reconcile(statefulSetController, KEY).actions.reduce((acc, a) => acc.and(a), g);

/** Takes a pod through the kubelet's steps to Running and Ready. */
const ready = (g: Given, name: string): Given =>
  g
    .and({ type: 'Bind', pod: ref('Pod', name), node: 'worker-0', trace: { evaluatedNodes: 1, feasibleNodes: 1 } })
    .and({ type: 'StartPodSandbox', pod: ref('Pod', name), podIP: `10.0.0.${name.length}` })
    .and({ type: 'StartContainers', pod: ref('Pod', name) })
    .and({ type: 'MarkPodReady', pod: ref('Pod', name) });

/** The kubelet is done with a pod being deleted: it goes. */
const gone = (g: Given, name: string): Given => g.and({ type: 'RemoveTerminatedPod', pod: ref('Pod', name) });

const podNames = (g: Given): string[] => listKind(g.state, 'Pod', 'default').map((p) => p.metadata.name);
const podOf = (g: Given, name: string): Pod | undefined => getObject(g.state, 'Pod', 'default', name) as unknown as Pod | undefined;
const revisionOf = (g: Given, name: string): string => podOf(g, name)?.metadata.labels?.['controller-revision-hash'] ?? '';

/** A set of `n` whose pods have all been created and made Ready, one sync at a time. */
const readySet = (n: number, o: StatefulSetOpts = {}): Given => {
  let g = given(...nodesOf(pool('worker', 1)), storageClass(), statefulSet('web', n, o));
  for (let i = 0; i < 3 * n + 2; i++) {
    g = step(g);
    for (const p of podNames(g)) if (podOf(g, p)?.spec.nodeName === undefined) g = ready(g, p);
  }
  return step(g);
};

const scale = (g: Given, replicas: number): Given => g.and({ type: 'Scale', ref: ref('StatefulSet', 'web'), replicas });
const update = (g: Given, set: KubeObject): Given => {
  const current = getObject(g.state, 'StatefulSet', 'default', 'web') as KubeObject;
  return g.and({ type: 'Update', object: { ...current, spec: set['spec'] } });
};

describe('StatefulSet controller: identity and ordering', () => {
  it('given a new set with a claim template, when reconciled, then it makes revision 1, the claim of ordinal 0 and then pod web-0 only', () => {
    const then = given(storageClass(), statefulSet('web', 3, { claims: ['data'] })).reconcile(statefulSetController, KEY);
    expect(then.actions.map((a) => `${a.type} ${a.type === 'Create' ? a.object.kind : ''}`)).toEqual(['Create ControllerRevision', 'Create PersistentVolumeClaim', 'Create Pod', 'UpdateStatus ']);
    const pod = then.actions.find((a) => a.type === 'Create' && a.object.kind === 'Pod');
    const revision = then.actions[0]?.type === 'Create' ? then.actions[0].object : undefined;
    expect(revision).toMatchObject({ revision: 1, metadata: { labels: { app: 'web' }, ownerReferences: [{ kind: 'StatefulSet', name: 'web', controller: true }] } });
    expect(pod?.type === 'Create' && pod.object).toMatchObject({
      metadata: {
        name: 'web-0',
        labels: { app: 'web', 'statefulset.kubernetes.io/pod-name': 'web-0', 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': revision?.metadata.name },
        ownerReferences: [{ kind: 'StatefulSet', name: 'web', controller: true, blockOwnerDeletion: true }],
      },
      spec: { hostname: 'web-0', subdomain: 'web', volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-web-0' } }] },
    });
    const claim = then.actions[1]?.type === 'Create' ? then.actions[1].object : undefined;
    expect(claim).toMatchObject({ metadata: { name: 'data-web-0', labels: { app: 'web' } }, spec: { storageClassName: 'fast' } });
    expect(claim?.metadata.ownerReferences).toBeUndefined();
  });

  it('OrderedReady: creates ordinal 1 only once ordinal 0 is Running and Ready', () => {
    let g = step(given(...nodesOf(pool('worker', 1)), statefulSet('web', 3)));
    expect(podNames(g)).toEqual(['web-0']);
    expect(created(g.reconcile(statefulSetController, KEY).actions, 'Pod')).toEqual([]);
    g = ready(g, 'web-0');
    expect(created(g.reconcile(statefulSetController, KEY).actions, 'Pod')).toEqual(['web-1']);
  });

  it('OrderedReady with minReadySeconds waits until ordinal 0 is available, and asks to be requeued then', () => {
    const g = ready(step(given(...nodesOf(pool('worker', 1)), statefulSet('web', 2, { minReadySeconds: 10 }))), 'web-0');
    const early = g.reconcile(statefulSetController, KEY, g.state.timeMs);
    expect(created(early.actions, 'Pod')).toEqual([]);
    expect(early.result.requeueAfterMs).toBe(10_001);
    expect(created(g.reconcile(statefulSetController, KEY, g.state.timeMs + 10_001).actions, 'Pod')).toEqual(['web-1']);
  });

  it('Parallel: creates every ordinal in one sync, from spec.ordinals.start', () => {
    const then = given(statefulSet('web', 3, { policy: 'Parallel', start: 5 })).reconcile(statefulSetController, KEY);
    expect(created(then.actions, 'Pod')).toEqual(['web-5', 'web-6', 'web-7']);
  });

  it('scale down removes the highest ordinal first, one at a time, waiting for it to be gone', () => {
    let g = scale(readySet(3), 1);
    expect(deleted(g.reconcile(statefulSetController, KEY).actions)).toEqual(['web-2']);
    g = step(g);
    expect(podOf(g, 'web-2')?.metadata.deletionTimestamp).toBeDefined();
    expect(deleted(g.reconcile(statefulSetController, KEY).actions)).toEqual([]);
    g = gone(g, 'web-2');
    expect(deleted(g.reconcile(statefulSetController, KEY).actions)).toEqual(['web-1']);
  });

  it('Parallel scale down deletes all condemned pods at once, highest first', () => {
    const g = scale(readySet(3, { policy: 'Parallel' }), 0);
    expect(deleted(g.reconcile(statefulSetController, KEY).actions)).toEqual(['web-2', 'web-1', 'web-0']);
  });

  it('a pod being deleted is waited for before its successor of the same name is made', () => {
    let g = readySet(2);
    g = g.and({ type: 'Delete', ref: ref('Pod', 'web-0') });
    expect(created(g.reconcile(statefulSetController, KEY).actions, 'Pod')).toEqual([]);
    g = gone(g, 'web-0');
    expect(created(g.reconcile(statefulSetController, KEY).actions, 'Pod')).toEqual(['web-0']);
  });
});

describe('StatefulSet controller: claims and retention', () => {
  it('keeps claims (Retain) when scaling down: no ownerReferences, nothing deleted', () => {
    const g = scale(readySet(2, { claims: ['data'] }), 1);
    const actions = g.reconcile(statefulSetController, KEY).actions;
    expect(deleted(actions)).toEqual(['web-1']);
    expect(actions.filter((a) => a.type === 'Update' || deleted([a], 'PersistentVolumeClaim').length > 0)).toEqual([]);
  });

  it('whenDeleted=Delete: claims are made owned by the set (controller reference)', () => {
    const g = readySet(1, { claims: ['data'], whenDeleted: 'Delete' });
    const uid = getObject(g.state, 'StatefulSet', 'default', 'web')?.metadata.uid;
    expect(getObject(g.state, 'PersistentVolumeClaim', 'default', 'data-web-0')?.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid, controller: true, blockOwnerDeletion: true },
    ]);
  });

  it('whenScaled=Delete: the claim of a condemned pod gets the pod as owner before the pod is deleted', () => {
    const g = scale(readySet(2, { claims: ['data'], whenScaled: 'Delete' }), 1);
    const actions = g.reconcile(statefulSetController, KEY).actions;
    expect(actions.map((a) => a.type).slice(0, 2)).toEqual(['Update', 'Delete']);
    const update = actions[0];
    expect(update?.type === 'Update' && update.object.metadata).toMatchObject({ name: 'data-web-1', ownerReferences: [{ kind: 'Pod', name: 'web-1', uid: podOf(g, 'web-1')?.metadata.uid }] });
  });
});

describe('StatefulSet controller: updates and revisions', () => {
  it('RollingUpdate goes from the highest ordinal down and keeps ordinals below the partition', () => {
    let g = update(readySet(3, { partition: 1 }), withImage(statefulSet('web', 3, { partition: 1 }), 'nginx:1.28'));
    const old = revisionOf(g, 'web-0');
    expect(deleted(g.reconcile(statefulSetController, KEY).actions)).toEqual(['web-2']);
    g = gone(step(g), 'web-2');
    g = step(g);
    expect(revisionOf(g, 'web-2')).not.toBe(old);
    expect(deleted(g.reconcile(statefulSetController, KEY).actions)).toEqual([]); // web-2 not Ready yet
    g = ready(g, 'web-2');
    expect(deleted(g.reconcile(statefulSetController, KEY).actions)).toEqual(['web-1']);
    g = ready(step(gone(step(g), 'web-1')), 'web-1');
    expect(deleted(g.reconcile(statefulSetController, KEY).actions)).toEqual([]);
    expect(revisionOf(g, 'web-0')).toBe(old);
    const status = getObject(step(g).state, 'StatefulSet', 'default', 'web')?.['status'];
    expect(status).toMatchObject({ replicas: 3, currentReplicas: 1, updatedReplicas: 2, currentRevision: old });
  });

  it('a partition above replicas updates nothing', () => {
    const g = update(readySet(2, { partition: 5 }), withImage(statefulSet('web', 2, { partition: 5 }), 'nginx:1.28'));
    expect(deleted(g.reconcile(statefulSetController, KEY).actions)).toEqual([]);
  });

  it('OnDelete replaces nothing itself; a pod deleted by hand comes back at the update revision', () => {
    let g = update(readySet(2, { onDelete: true }), withImage(statefulSet('web', 2, { onDelete: true }), 'nginx:1.28'));
    const old = revisionOf(g, 'web-1');
    expect(deleted(g.reconcile(statefulSetController, KEY).actions)).toEqual([]);
    g = step(gone(g.and({ type: 'Delete', ref: ref('Pod', 'web-1') }), 'web-1'));
    expect(revisionOf(g, 'web-1')).not.toBe(old);
    expect(podOf(g, 'web-1')?.spec.containers[0]?.image).toBe('nginx:1.28');
    expect(revisionOf(g, 'web-0')).toBe(old);
  });

  it('a template change makes revision 2; going back renumbers revision 1 to 3 instead of copying it; status says so', () => {
    const base = readySet(1);
    let g = step(update(base, withImage(statefulSet('web', 1), 'nginx:1.28')));
    const revisions = () => listKind(g.state, 'ControllerRevision', 'default').map((r) => [r.metadata.name, r['revision']]);
    expect(revisions()).toHaveLength(2);
    const first = revisionOf(base, 'web-0');
    g = step(update(g, statefulSet('web', 1)));
    expect(revisions()).toHaveLength(2);
    expect(revisions().find(([n]) => n === first)?.[1]).toBe(3);
    expect(getObject(g.state, 'StatefulSet', 'default', 'web')?.['status']).toMatchObject({ updateRevision: first, collisionCount: 0 });
  });

  it('deletes revisions beyond revisionHistoryLimit that no pod uses, oldest first', () => {
    let g = readySet(1, { revisionHistoryLimit: 0, onDelete: true });
    for (const image of ['a:1', 'b:1', 'c:1']) g = step(update(g, withImage(statefulSet('web', 1, { revisionHistoryLimit: 0, onDelete: true }), image)));
    // live: web-0's revision (the first) and the update revision (c:1); the rest go
    expect(listKind(step(g).state, 'ControllerRevision', 'default')).toHaveLength(2);
  });

  it('reports status as apps/v1 serialises it', () => {
    const status = getObject(readySet(2).state, 'StatefulSet', 'default', 'web')?.['status'] as Record<string, unknown>;
    expect(Object.keys(status)).toEqual(['observedGeneration', 'replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'currentRevision', 'updateRevision', 'collisionCount', 'availableReplicas']);
    expect(status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2, collisionCount: 0 });
  });

  it('does nothing for a set that is gone', () => {
    given().reconcile(statefulSetController, KEY).thenNothing();
  });
});
