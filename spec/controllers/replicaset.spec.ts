import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import type { Pod } from '../../src/api/pod.js';
import { BURST_REPLICAS, replicaSetController } from '../../src/controllers/replicaset.js';
import { rankForDeletion } from '../../src/controllers/pod-ranking.js';
import { getObject } from '../../src/state/queries.js';
import type { Given } from '../support/given.js';
import { given } from '../support/given.js';
import { nodesOf, pod, pool, replicaSet } from '../support/fixtures.js';

const rsUid = (g: Given, name = 'web'): string => getObject(g.state, 'ReplicaSet', 'default', name)?.metadata.uid ?? '';

const ownedPod = (g: Given, name: string, extra: { nodeName?: string } = {}): KubeObject => ({
  ...pod(name, { labels: { app: 'web' }, ...extra }),
  metadata: { name, namespace: 'default', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rsUid(g), controller: true, blockOwnerDeletion: true }] },
});

describe('ReplicaSet controller', () => {
  it('given a ReplicaSet of 3 and no pods, when reconciled, then it creates 3 pods from the template, owned by it', () => {
    const then = given(replicaSet('web', 3)).reconcile(replicaSetController, 'default/web');
    then.thenActionTypes('Create', 'Create', 'Create', 'UpdateStatus');
    const created = then.actions[0];
    expect(created?.type === 'Create' && created.object.metadata).toMatchObject({ generateName: 'web-', labels: { app: 'web' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'web', controller: true }] });
  });

  it('creates at most the burst limit in one sync', () => {
    const then = given(replicaSet('web', BURST_REPLICAS + 20)).reconcile(replicaSetController, 'default/web');
    expect(then.actions.filter((a) => a.type === 'Create')).toHaveLength(BURST_REPLICAS);
  });

  it('given 3 pods and replicas 1, when reconciled, then it deletes the 2 that rank first: unscheduled before scheduled', () => {
    let g = given(...nodesOf(pool('worker', 1)), replicaSet('web', 3));
    g = g.create(ownedPod(g, 'web-a', { nodeName: 'worker-0' }), ownedPod(g, 'web-b'), ownedPod(g, 'web-c'));
    g = g.and({ type: 'Scale', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web' }, replicas: 1 });
    const deleted = g.reconcile(replicaSetController, 'default/web').actions.filter((a) => a.type === 'Delete').map((a) => (a.type === 'Delete' ? a.ref.name : ''));
    expect(deleted.sort()).toEqual(['web-b', 'web-c']);
  });

  it('adopts an orphan pod that matches its selector instead of creating one', () => {
    const g = given(pod('stray', { labels: { app: 'web' } }), replicaSet('web', 1));
    const then = g.reconcile(replicaSetController, 'default/web');
    expect(then.actions.map((a) => a.type)).toEqual(['Update', 'UpdateStatus']);
    const update = then.actions[0];
    expect(update?.type === 'Update' && update.object.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: 'web', controller: true });
  });

  it('reports status counts as Kubernetes serialises them (zero counts omitted) with observedGeneration', () => {
    let g = given(replicaSet('web', 2));
    g = g.create(ownedPod(g, 'web-a'), ownedPod(g, 'web-b'));
    const status = g.reconcile(replicaSetController, 'default/web').actions.find((a) => a.type === 'UpdateStatus');
    expect(status?.type === 'UpdateStatus' && status.status).toEqual({ replicas: 2, fullyLabeledReplicas: 2, observedGeneration: 1 });
  });

  it('does nothing for a ReplicaSet that is gone', () => {
    given().reconcile(replicaSetController, 'default/nope').thenNothing();
  });
});

describe('deletion ranking (upstream ActivePodsWithRanks)', () => {
  const p = (name: string, opts: { node?: string; phase?: string; ready?: boolean; readySince?: string; created?: string; cost?: string; restarts?: number }): Pod =>
    ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, uid: `uid-${name}`, creationTimestamp: opts.created ?? '2025-01-01T00:00:00Z', ...(opts.cost === undefined ? {} : { annotations: { 'controller.kubernetes.io/pod-deletion-cost': opts.cost } }) },
      spec: { containers: [{ name: 'c' }], ...(opts.node === undefined ? {} : { nodeName: opts.node }) },
      status: {
        phase: (opts.phase ?? 'Running') as Pod['status'] extends infer S ? (S extends { phase?: infer P } ? P : never) : never,
        conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True', lastTransitionTime: opts.readySince ?? '2025-01-01T00:00:00Z' }],
        containerStatuses: [{ name: 'c', ready: true, restartCount: opts.restarts ?? 0 }],
      },
    }) as Pod;
  const order = (pods: Pod[]) => rankForDeletion(pods, 3_600_000).map((x) => x.metadata.name);

  it('unassigned, then pending, then not ready go first', () => {
    expect(order([p('running', { node: 'n1' }), p('unassigned', {}), p('pending', { node: 'n2', phase: 'Pending' }), p('notready', { node: 'n3', ready: false })])).toEqual(['unassigned', 'pending', 'notready', 'running']);
  });

  it('lower pod-deletion-cost goes first, then pods doubled up on a node', () => {
    expect(order([p('a', { node: 'n1', cost: '10' }), p('b', { node: 'n2', cost: '-5' })])).toEqual(['b', 'a']);
    expect(order([p('alone', { node: 'n1' }), p('twin1', { node: 'n2' }), p('twin2', { node: 'n2' })]).slice(0, 2).sort()).toEqual(['twin1', 'twin2']);
  });

  it('ready for less time goes first, by logarithmic buckets; more restarts go first', () => {
    expect(order([p('old', { node: 'n1', readySince: '2025-01-01T00:00:00Z' }), p('new', { node: 'n2', readySince: '2025-01-01T00:59:00Z' })])).toEqual(['new', 'old']);
    expect(order([p('calm', { node: 'n1' }), p('crashy', { node: 'n2', restarts: 4 })])).toEqual(['crashy', 'calm']);
  });

  it('selecting the first k gives exactly the sorted prefix, for every k (seeded random pods)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ node: fc.option(fc.constantFrom('n1', 'n2', 'n3'), { nil: undefined }), phase: fc.constantFrom('Pending', 'Running'), ready: fc.boolean(), cost: fc.option(fc.constantFrom('-1', '0', '5'), { nil: undefined }), readyMin: fc.integer({ min: 0, max: 59 }), createdMin: fc.integer({ min: 0, max: 59 }), restarts: fc.integer({ min: 0, max: 2 }) }), { maxLength: 30 }),
        fc.nat(35),
        (specs, k) => {
          const minute = (m: number) => `2025-01-01T00:${String(m).padStart(2, '0')}:00Z`;
          const pods = specs.map((o, i) => p(`p${i}`, { ...(o.node === undefined ? {} : { node: o.node }), phase: o.phase, ready: o.ready, ...(o.cost === undefined ? {} : { cost: o.cost }), readySince: minute(o.readyMin), created: minute(o.createdMin), restarts: o.restarts }));
          const names = (xs: Pod[]) => xs.map((x) => x.metadata.name);
          expect(names(rankForDeletion(pods, 3_600_000, k))).toEqual(names(rankForDeletion(pods, 3_600_000)).slice(0, k));
        },
      ),
      { seed: 5, numRuns: 200 },
    );
  });

  it('is a total order: ties end in name order, whatever the input order', () => {
    const pods = [p('c', { node: 'n1' }), p('a', { node: 'n2' }), p('b', { node: 'n3' })];
    expect(order(pods)).toEqual(order([...pods].reverse()));
  });
});

