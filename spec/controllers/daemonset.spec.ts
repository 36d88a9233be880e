import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/api/actions.js';
import type { KubeObject } from '../../src/api/meta.js';
import type { Node } from '../../src/api/node.js';
import type { PodSpec } from '../../src/api/pod.js';
import type { ControllerRevision, DaemonSet } from '../../src/api/workloads.js';
import { daemonSetController } from '../../src/controllers/daemonset.js';
import { daemonPodSpec, nodeShouldRunDaemonPod, withDaemonTolerations } from '../../src/controllers/daemonset-nodes.js';
import { listKind } from '../../src/state/queries.js';
import { given } from '../support/given.js';
import { daemonSet, getDs, imagesByNode, makeReady, node, podsOf, reapTerminating, setImage, sync } from '../support/daemonset.js';

const verdict = (ds: KubeObject, n: KubeObject) => nodeShouldRunDaemonPod(daemonPodSpec(ds as unknown as DaemonSet), n as unknown as Node);
const created = (then: { actions: readonly Action[] }): KubeObject[] => then.actions.flatMap((a) => (a.type === 'Create' && a.object.kind === 'Pod' ? [a.object] : []));
const deletedNames = (then: { actions: readonly Action[] }): string[] => then.actions.flatMap((a) => (a.type === 'Delete' && a.ref.kind === 'Pod' ? [a.ref.name] : []));
const pinnedNode = (pod: KubeObject): unknown =>
  (pod['spec'] as PodSpec & { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: { matchFields: { values: string[] }[] }[] } } } }).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]?.matchFields[0]?.values[0];

describe('DaemonSet: which nodes should run a pod (upstream NodeShouldRunDaemonPod)', () => {
  it('a node whose labels fail the nodeSelector or required affinity runs nothing and keeps nothing', () => {
    const ds = daemonSet('agent', { nodeSelector: { disk: 'ssd' } });
    expect(verdict(ds, node('w-0', { labels: { disk: 'ssd' } }))).toEqual({ shouldRun: true, shouldContinueRunning: true });
    expect(verdict(ds, node('w-1', { labels: { disk: 'hdd' } }))).toEqual({ shouldRun: false, shouldContinueRunning: false });
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }] } } };
    const byAffinity = daemonSet('agent', { affinity });
    expect(verdict(byAffinity, node('w-0', { labels: { zone: 'b' } })).shouldRun).toBe(true);
    expect(verdict(byAffinity, node('w-0', { labels: { zone: 'c' } })).shouldRun).toBe(false);
  });

  it('an untolerated NoSchedule taint stops new pods but lets a running one stay; an untolerated NoExecute taint evicts it', () => {
    const ds = daemonSet('agent');
    expect(verdict(ds, node('w-0', { taints: [{ key: 'gpu', effect: 'NoSchedule' }] }))).toEqual({ shouldRun: false, shouldContinueRunning: true });
    expect(verdict(ds, node('w-0', { taints: [{ key: 'gpu', effect: 'NoExecute' }] }))).toEqual({ shouldRun: false, shouldContinueRunning: false });
    const tolerant = daemonSet('agent', { tolerations: [{ key: 'gpu', operator: 'Exists' }] });
    expect(verdict(tolerant, node('w-0', { taints: [{ key: 'gpu', effect: 'NoExecute' }] })).shouldRun).toBe(true);
    expect(verdict(ds, node('w-0', { taints: [{ key: 'gpu', effect: 'PreferNoSchedule' }] })).shouldRun).toBe(true);
  });

  it('the automatic tolerations make not-ready, unreachable, pressure and cordoned nodes eligible', () => {
    const ds = daemonSet('agent');
    for (const [key, effect] of [['node.kubernetes.io/not-ready', 'NoExecute'], ['node.kubernetes.io/unreachable', 'NoExecute'], ['node.kubernetes.io/memory-pressure', 'NoSchedule'], ['node.kubernetes.io/unschedulable', 'NoSchedule']] as const) {
      expect(verdict(ds, node('w-0', { taints: [{ key, effect }] })).shouldRun, key).toBe(true);
    }
    // network-unavailable only for hostNetwork pods
    const netTaint = { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] };
    expect(verdict(ds, node('w-0', netTaint)).shouldRun).toBe(false);
    expect(verdict(daemonSet('agent', { hostNetwork: true }), node('w-0', netTaint)).shouldRun).toBe(true);
  });

  it('an existing toleration of the same key, operator and effect is replaced, dropping its tolerationSeconds', () => {
    const tolerations = withDaemonTolerations({ containers: [], tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }] });
    expect(tolerations.filter((t) => t.key === 'node.kubernetes.io/not-ready')).toEqual([{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }]);
    expect(tolerations).toHaveLength(6);
  });
});

describe('DaemonSet controller: pods', () => {
  it('given 3 nodes of which one is tainted and one unlabelled, creates one pod per eligible node, pinned by name affinity', () => {
    const g = given(node('w-0', { labels: { role: 'edge' } }), node('w-1', { labels: { role: 'edge' }, taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }), node('w-2'), daemonSet('agent', { nodeSelector: { role: 'edge' } }));
    const pods = created(g.reconcile(daemonSetController, 'default/agent'));
    expect(pods.map(pinnedNode)).toEqual(['w-0']);
    const meta = pods[0]?.metadata;
    expect(meta?.generateName).toBe('agent-');
    expect(meta?.labels).toMatchObject({ app: 'agent', 'pod-template-generation': '1' });
    expect(meta?.labels?.['controller-revision-hash']).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(meta?.ownerReferences?.[0]).toMatchObject({ kind: 'DaemonSet', name: 'agent', controller: true, blockOwnerDeletion: true });
    const spec = pods[0]?.['spec'] as PodSpec;
    expect(spec.tolerations?.map((t) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    expect(spec.tolerations?.some((t) => t.tolerationSeconds !== undefined)).toBe(false);
  });

  it('the name affinity replaces the template\'s required terms and keeps its preferred ones', () => {
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['w-0', 'w-1'] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, preference: { matchExpressions: [{ key: 'fast', operator: 'Exists' }] } }],
      },
    };
    const pods = created(given(node('w-1', { labels: { zone: 'a' } }), daemonSet('agent', { affinity })).reconcile(daemonSetController, 'default/agent'));
    expect((pods[0]?.['spec'] as PodSpec).affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['w-1'] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, preference: { matchExpressions: [{ key: 'fast', operator: 'Exists' }] } }],
      },
    });
  });

  it('a node that gets an untolerated NoExecute taint loses its pod; a NoSchedule taint leaves it', () => {
    let g = makeReady(sync(given(node('w-0'), node('w-1'), daemonSet('agent'))));
    const taint = (name: string, effect: string) => {
      const n = listKind(g.state, 'Node').find((o) => o.metadata.name === name) as KubeObject;
      g = g.and({ type: 'Update', object: { ...n, spec: { ...(n['spec'] as object), taints: [{ key: 'maintenance', effect }] } } });
    };
    taint('w-0', 'NoSchedule');
    taint('w-1', 'NoExecute');
    const then = g.reconcile(daemonSetController, 'default/agent');
    expect(deletedNames(then)).toEqual(podsOf(g.state).filter((p) => p.spec.nodeName === 'w-1').map((p) => p.metadata.name));
    expect(created(then)).toEqual([]);
  });

  it('with two running pods on a node, deletes all but the oldest', () => {
    let g = sync(given(node('w-0'), daemonSet('agent')), 0);
    const first = podsOf(g.state)[0];
    // a second pod pinned to the same node, created later (as after a lost update)
    const { uid: _uid, name: _name, creationTimestamp: _ct, resourceVersion: _rv, ...meta } = first?.metadata ?? { name: '' };
    g = g.and({ type: 'Create', object: { apiVersion: 'v1', kind: 'Pod', metadata: { ...meta, name: '', generateName: 'agent-' }, spec: first?.spec ?? { containers: [] } } as KubeObject }, 5000);
    g = makeReady(g, 6000);
    expect(deletedNames(g.reconcile(daemonSetController, 'default/agent', 7000))).toEqual(podsOf(g.state).filter((p) => p.metadata.name !== first?.metadata.name).map((p) => p.metadata.name));
  });

  it('a failed daemon pod is deleted, and a new one made once it is gone', () => {
    let g = makeReady(sync(given(node('w-0'), daemonSet('agent'))));
    const pod = podsOf(g.state)[0];
    g = g.and({ type: 'UpdateStatus', ref: { kind: 'Pod', namespace: 'default', name: pod?.metadata.name ?? '' }, status: { ...pod?.status, phase: 'Failed' } });
    expect(deletedNames(g.reconcile(daemonSetController, 'default/agent'))).toEqual([pod?.metadata.name]);
    g = reapTerminating(sync(g));
    expect(podsOf(g.state)).toHaveLength(0);
    expect(created(g.reconcile(daemonSetController, 'default/agent')).map(pinnedNode)).toEqual(['w-0']);
  });
});

describe('DaemonSet controller: status and history', () => {
  it('reports desired, current, ready, available and updated counts, the first four even when zero', () => {
    let g = given(node('w-0'), node('w-1'), node('w-2', { taints: [{ key: 'x', effect: 'NoSchedule' }] }), daemonSet('agent'));
    const first = g.reconcile(daemonSetController, 'default/agent').actions.find((a) => a.type === 'UpdateStatus');
    expect(first?.type === 'UpdateStatus' && first.status).toEqual({ currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 2, numberReady: 0, observedGeneration: 1, numberUnavailable: 2 });
    g = makeReady(sync(g));
    g = sync(g);
    expect(getDs(g.state).status).toEqual({ currentNumberScheduled: 2, numberMisscheduled: 0, desiredNumberScheduled: 2, numberReady: 2, observedGeneration: 1, updatedNumberScheduled: 2, numberAvailable: 2 });
  });

  it('keeps one ControllerRevision per template, numbered, labelled with the hash the pods carry, and prunes beyond revisionHistoryLimit', () => {
    let g = makeReady(sync(given(node('w-0'), daemonSet('agent', { revisionHistoryLimit: 1, strategy: { type: 'OnDelete' } }))));
    for (const image of ['agent:2', 'agent:3']) g = sync(setImage(g, image));
    g = sync(g);
    const revisions = listKind(g.state, 'ControllerRevision') as unknown as ControllerRevision[];
    // revision 1 is still worn by the (OnDelete) pod, so it stays; revision 2 is pruned
    expect(revisions.map((r) => r.revision).sort()).toEqual([1, 3]);
    const podHash = podsOf(g.state)[0]?.metadata.labels?.['controller-revision-hash'];
    expect(revisions.find((r) => r.revision === 1)?.metadata.labels?.['controller-revision-hash']).toBe(podHash);
    expect(revisions.every((r) => r.metadata.name === `agent-${r.metadata.labels?.['controller-revision-hash']}`)).toBe(true);
  });

  it('a revision name taken by other data bumps status.collisionCount and nothing else', () => {
    let g = given(node('w-0'), daemonSet('agent'));
    const planned = g.reconcile(daemonSetController, 'default/agent').actions.find((a) => a.type === 'Create' && a.object.kind === 'ControllerRevision');
    const squatter = planned?.type === 'Create' ? { ...planned.object, data: { spec: { template: { $patch: 'replace' } } }, metadata: { ...planned.object.metadata, ownerReferences: [] } } : undefined;
    g = g.create(squatter as KubeObject);
    const then = g.reconcile(daemonSetController, 'default/agent');
    expect(then.actions.map((a) => a.type)).toEqual(['UpdateStatus']);
    g = sync(g);
    expect(getDs(g.state).status?.collisionCount).toBe(1);
    expect(created(g.reconcile(daemonSetController, 'default/agent'))).toHaveLength(1);
  });
});

describe('DaemonSet controller: update strategies', () => {
  const threeReady = (opts: Parameters<typeof daemonSet>[1] = {}) => makeReady(sync(given(node('w-0'), node('w-1'), node('w-2'), daemonSet('agent', opts))), 0);

  it('RollingUpdate with maxUnavailable 1 replaces one node at a time, in node order', () => {
    let g = setImage(threeReady(), 'agent:2', 10_000);
    expect(deletedNames(g.reconcile(daemonSetController, 'default/agent', 10_000))).toHaveLength(1);
    g = reapTerminating(sync(g, 10_000), 11_000);
    expect(imagesByNode(g.state)).toEqual({ 'w-1': ['agent:1'], 'w-2': ['agent:1'] });
    g = sync(g, 12_000); // manage creates the replacement; no further deletion while it is unavailable
    expect(imagesByNode(g.state)).toEqual({ 'w-0': ['agent:2'], 'w-1': ['agent:1'], 'w-2': ['agent:1'] });
    expect(deletedNames(g.reconcile(daemonSetController, 'default/agent', 12_000))).toEqual([]);
    g = makeReady(g, 13_000);
    expect(deletedNames(g.reconcile(daemonSetController, 'default/agent', 14_000))).toEqual(podsOf(g.state).filter((p) => p.spec.nodeName === 'w-1').map((p) => p.metadata.name));
  });

  it('maxUnavailable as a percentage rounds up: 50% of 3 nodes is 2', () => {
    const g = setImage(threeReady({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%' } } }), 'agent:2', 10_000);
    expect(deletedNames(g.reconcile(daemonSetController, 'default/agent', 10_000))).toHaveLength(2);
  });

  it('RollingUpdate with maxSurge 1 starts the new pod beside the old one and deletes the old one once the new is available', () => {
    let g = setImage(threeReady({ minReadySeconds: 5, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } }), 'agent:2', 10_000);
    const first = g.reconcile(daemonSetController, 'default/agent', 10_000);
    expect(created(first).map(pinnedNode)).toEqual(['w-0']);
    expect(deletedNames(first)).toEqual([]);
    g = makeReady(sync(g, 10_000), 11_000);
    expect(imagesByNode(g.state)['w-0']).toEqual(['agent:1', 'agent:2']);
    // ready but not yet available (minReadySeconds 5): the old pod stays, and a recheck is asked for
    const waiting = g.reconcile(daemonSetController, 'default/agent', 12_000);
    expect(deletedNames(waiting)).toEqual([]);
    expect(waiting.result.requeueAfterMs).toBe(4001);
    const later = g.reconcile(daemonSetController, 'default/agent', 16_001);
    expect(deletedNames(later)).toEqual(podsOf(g.state).filter((p) => p.spec.nodeName === 'w-0' && p.spec.containers[0]?.image === 'agent:1').map((p) => p.metadata.name));
  });

  it('OnDelete leaves old pods alone; a pod deleted by hand comes back with the new template', () => {
    let g = setImage(threeReady({ strategy: { type: 'OnDelete' } }), 'agent:2', 10_000);
    expect(deletedNames(g.reconcile(daemonSetController, 'default/agent', 10_000))).toEqual([]);
    const victim = podsOf(g.state).find((p) => p.spec.nodeName === 'w-1');
    g = reapTerminating(g.and({ type: 'Delete', ref: { kind: 'Pod', namespace: 'default', name: victim?.metadata.name ?? '' } }, 11_000), 11_000);
    g = sync(sync(g, 12_000), 12_000);
    expect(imagesByNode(g.state)).toEqual({ 'w-0': ['agent:1'], 'w-1': ['agent:2'], 'w-2': ['agent:1'] });
    expect(getDs(g.state).status?.updatedNumberScheduled).toBe(1);
  });
});
