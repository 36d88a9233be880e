import { isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import type { EventRecord } from '../../src/log/events.js';
import { getObject, keysInNamespace } from '../../src/state/queries.js';
import { given } from '../support/given.js';
import { namespaceController } from '../../src/controllers/namespace.js';
import { serviceAccountController } from '../../src/controllers/serviceaccount.js';
import { at, create, namespace, nodesOf, pool, replicaSet, runCluster } from '../support/fixtures.js';

const inShop = (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, namespace: 'shop' } });
const deleteShop = (ms: number) => at(ms, { actor: 'scenario', reason: 'Deleted', action: { type: 'Delete', ref: { kind: 'Namespace', name: 'shop' } } });
const kubelet = { imagePullMs: 1000, containerStartMs: 1000, jitter: 0, shutdown: { ms: 5000 } } as const;

const run = (inputs: ReturnType<typeof at>[]) => {
  const r = runCluster([...nodesOf(pool('worker', 2)), namespace('shop'), inShop(replicaSet('web', 3))], inputs, { durationMs: 120_000, kubelet });
  if (!isRight(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};
const events = (records: readonly EventRecord[], type: string, kind: string) =>
  records.filter((r) => r.event.type === type && 'ref' in r.event && r.event.ref?.kind === kind);

describe('namespaces', () => {
  it('every namespace gets a `default` ServiceAccount, from the serviceaccount controller', () => {
    const r = run([]);
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'shop']) {
      expect(getObject(r.state, 'ServiceAccount', ns, 'default')?.metadata.name, ns).toBe('default');
    }
    expect(r.records.filter((x) => x.actor === 'serviceaccount-controller')).toHaveLength(5);
  });

  it('deleting a namespace makes it Terminating, deletes its content (pods with their grace) and then the namespace', () => {
    const r = run([deleteShop(30_000)]);
    const terminating = r.records.find((x) => x.event.type === 'StatusUpdated' && x.event.ref.kind === 'Namespace');
    expect(terminating?.timeMs).toBe(30_000);
    expect(events(r.records, 'ObjectDeleted', 'ReplicaSet').map((x) => x.timeMs)).toEqual([30_000]);
    expect(events(r.records, 'ObjectDeleted', 'ServiceAccount').map((x) => x.timeMs)).toEqual([30_000]);
    expect(events(r.records, 'ObjectDeleted', 'Pod').map((x) => x.timeMs)).toEqual([35_000, 35_000, 35_000]);
    expect(events(r.records, 'ObjectDeleted', 'Namespace').map((x) => x.timeMs)).toEqual([35_000]);
    expect(getObject(r.state, 'Namespace', undefined, 'shop')).toBeUndefined();
    expect(keysInNamespace(r.state, 'shop')).toEqual([]);
  });

  it('refuses new content in a Terminating namespace, and the deletion of default, kube-system and kube-public', () => {
    const g = given(namespace('shop'), inShop(replicaSet('web', 0))).and({ type: 'Delete', ref: { kind: 'Namespace', name: 'shop' } });
    expect(getObject(g.state, 'Namespace', undefined, 'shop')?.['status']).toEqual({ phase: 'Terminating' });
    const refused = g.decide(create(inShop({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } })).action);
    expect(refused).toEqual({ _tag: 'Left', left: { code: 'Forbidden', message: 'configmaps "c" is forbidden: unable to create new content in namespace shop because it is being terminated' } });
    for (const name of ['default', 'kube-system', 'kube-public']) {
      expect(g.decide({ type: 'Delete', ref: { kind: 'Namespace', name } })).toEqual({ _tag: 'Left', left: { code: 'Forbidden', message: `namespaces "${name}" is forbidden: this namespace may not be deleted` } });
    }
    g.reconcile(namespaceController, 'shop').thenActionTypes('Delete');
    given(namespace('shop')).reconcile(namespaceController, 'shop').thenNothing();
  });

  it('recreates a deleted `default` ServiceAccount', () => {
    const g = given(namespace('shop'));
    g.reconcile(serviceAccountController, 'shop').thenActionTypes('Create');
    const withAccount = g.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'shop' } });
    withAccount.reconcile(serviceAccountController, 'shop').thenNothing();
  });
});
