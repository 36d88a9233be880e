import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import { seededRng } from '../../src/engine/rng.js';
import { fitErrorMessage, numFeasibleNodesToFind, selectHost } from '../../src/scheduler/framework.js';
import { leastAllocatedScore, fitsRequest } from '../../src/scheduler/plugins/noderesourcesfit.js';
import { nodeTreeOrder } from '../../src/scheduler/nodetree.js';
import { schedulerController } from '../../src/scheduler/scheduler.js';
import { EMPTY_USAGE } from '../../src/state/state.js';
import type { Node } from '../../src/api/node.js';
import { given } from '../support/given.js';
import { nodesOf, pod, pool } from '../support/fixtures.js';
import { nodeInfoFor, podInfoFor } from '../support/scheduler.js';

const info = (cpuMillis: number, memoryBytes: number, pods = 110, used: Partial<typeof EMPTY_USAGE> = {}) => ({
  ...nodeInfoFor({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } }),
  allocatable: { cpuMillis, memoryBytes, pods, scalar: {} },
  usage: { ...EMPTY_USAGE, ...used },
});
const req = (cpuMillis: number, memoryBytes: number, scalar: Record<string, number> = {}) =>
  podInfoFor(
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c' }] } },
    { cpuMillis, memoryBytes, nonZeroCpuMillis: cpuMillis || 100, nonZeroMemoryBytes: memoryBytes || 200 * 1024 * 1024, scalar },
  );

describe('percentageOfNodesToScore (upstream numFeasibleNodesToFind)', () => {
  it.each([
    [50, 0, 50],
    [99, 0, 99],
    [100, 0, 100],
    [1000, 0, 420], // adaptive: 50 − 1000/125 = 42%
    [5000, 0, 500], // 50 − 40 = 10%
    [6000, 0, 300], // 50 − 48 = 2% → floored at 5%
    [1000, 30, 300],
    [200, 10, 100], // never fewer than 100
  ])('%i nodes at %i%% → %i', (nodes, pct, expected) => {
    expect(numFeasibleNodesToFind(nodes, pct, true)).toBe(expected);
  });

  it('needs one feasible node when no plugin scores', () => {
    expect(numFeasibleNodesToFind(1000, 0, false)).toBe(1);
  });
});

describe('NodeResourcesFit', () => {
  it('fits when the request equals what is left', () => {
    expect(fitsRequest(req(1000, 0), info(4000, 1e9, 110, { cpuMillis: 3000 }))).toBeUndefined();
  });

  it('lists every insufficient resource; a request above allocatable is unresolvable', () => {
    expect(fitsRequest(req(5000, 2e9), info(4000, 1e9))).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ['Insufficient cpu', 'Insufficient memory'], plugin: 'NodeResourcesFit' });
    expect(fitsRequest(req(2000, 0), info(4000, 1e9, 110, { cpuMillis: 3000 }))?.code).toBe('Unschedulable');
  });

  it('counts pods even for a pod that requests nothing', () => {
    expect(fitsRequest(req(0, 0), info(4000, 1e9, 2, { pods: 2 }))?.reasons).toEqual(['Too many pods']);
  });

  it('checks extended resources the pod requests', () => {
    expect(fitsRequest(req(0, 0, { 'nvidia.com/gpu': 1 }), info(4000, 1e9))?.reasons).toEqual(['Insufficient nvidia.com/gpu']);
  });

  it('scores LeastAllocated with integer arithmetic on non-zero requests', () => {
    // cpu: (4000 − 1100)·100/4000 = 72.5 → 72; memory: (8Gi − 1Gi)·100/8Gi = 87.5 → 87; mean ⌊(72+87)/2⌋ = 79
    const gi = 1024 ** 3;
    expect(leastAllocatedScore(req(100, gi / 2), info(4000, 8 * gi, 110, { nonZeroCpuMillis: 1000, nonZeroMemoryBytes: gi / 2 }))).toBe(79);
  });
});

describe('selection and messages', () => {
  it('picks the highest total; among ties each has a chance, decided by the seed', () => {
    expect(selectHost([10, 80, 30], seededRng(1))).toBe(1);
    const picks = new Set(Array.from({ length: 40 }, (_, i) => selectHost([50, 50, 50], seededRng(i))));
    expect([...picks].sort()).toEqual([0, 1, 2]);
    expect(selectHost([50, 50, 50], seededRng(3))).toBe(selectHost([50, 50, 50], seededRng(3)));
  });

  it('words FailedScheduling as kube-scheduler: counts sorted as strings', () => {
    const failures = new Map<string, { reasons: string[] }>();
    for (let i = 0; i < 10; i++) failures.set(`a${i}`, { reasons: ['Insufficient cpu'] });
    failures.set('b', { reasons: ['Too many pods', 'Insufficient memory'] });
    failures.set('c', { reasons: ['Too many pods'] });
    expect(fitErrorMessage(12, failures)).toBe('0/12 nodes are available: 1 Insufficient memory, 10 Insufficient cpu, 2 Too many pods.');
    expect(fitErrorMessage(0, new Map())).toBe('no nodes available to schedule pods');
  });

  it('visits nodes zone by zone, round-robin', () => {
    const zoned = (name: string, zone: string): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'topology.kubernetes.io/zone': zone } } });
    const nodes = new Map([['a1', zoned('a1', 'a')], ['a2', zoned('a2', 'a')], ['a3', zoned('a3', 'a')], ['b1', zoned('b1', 'b')], ['c1', zoned('c1', 'c')], ['c2', zoned('c2', 'c')]]);
    expect(nodeTreeOrder(['a1', 'a2', 'a3', 'b1', 'c1', 'c2'], (n) => nodes.get(n))).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
  });
});

describe('scheduler controller', () => {
  const scheduler = schedulerController();

  it('given a pending pod and room, when reconciled, then it binds the pod to the least allocated node', () => {
    const busy = { ...pod('busy', { cpu: '3', nodeName: 'worker-0' }) } as KubeObject;
    const then = given(...nodesOf(pool('worker', 2)), busy, pod('web', { cpu: '500m' })).reconcile(scheduler, 'default/web');
    const bind = then.actions[0];
    expect(bind?.type === 'Bind' && bind.node).toBe('worker-1');
    expect(bind?.type === 'Bind' && bind.trace).toMatchObject({ evaluatedNodes: 2, feasibleNodes: 2 });
  });

  it('given no node with room, then it records why in kube-scheduler\'s words and retries later', () => {
    const then = given(...nodesOf(pool('worker', 3, '1')), pod('big', { cpu: '2' })).reconcile(scheduler, 'default/big');
    expect(then.actions).toEqual([
      {
        type: 'MarkUnschedulable',
        pod: expect.objectContaining({ name: 'big' }),
        message: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
        trace: { evaluatedNodes: 3, rejected: { NodeResourcesFit: { 'Insufficient cpu': 3 } }, skipped: ['NodeName', 'NodeAffinity', 'NodePorts', 'VolumeBinding', 'VolumeZone', 'PodTopologySpread', 'InterPodAffinity'] },
      },
    ]);
    expect(then.result.requeueAfterMs).toBe(5 * 60 * 1000);
  });

  it('given a higher-priority pod nominated to a node, when a lower-priority pod is scheduled, then the room it needs is held for it', () => {
    const high = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 100 } as KubeObject;
    const nominee = { ...pod('vip', { cpu: '3' }), spec: { priorityClassName: 'high', containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '3' } } }] } } as KubeObject;
    const g = given(high, ...nodesOf(pool('worker', 2)), pod('busy', { cpu: '3', nodeName: 'worker-1' }), nominee, pod('small', { cpu: '2' })).and({
      type: 'UpdateStatus',
      ref: { kind: 'Pod', namespace: 'default', name: 'vip' },
      status: { phase: 'Pending', nominatedNodeName: 'worker-0' },
    });
    const then = g.reconcile(schedulerController(), 'default/small');
    expect(then.actions[0]).toMatchObject({
      type: 'MarkUnschedulable',
      message: '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
    });
    // the nominee itself, and a pod of equal priority, see the node as it is
    const vip = g.reconcile(schedulerController(), 'default/vip').actions[0];
    expect(vip?.type === 'Bind' && vip.node).toBe('worker-0');
  });

  it('leaves pods for other schedulers alone', () => {
    const other = { ...pod('x'), spec: { schedulerName: 'my-scheduler', containers: [{ name: 'c', image: 'i' }] } } as KubeObject;
    given(...nodesOf(pool('worker', 1)), other).reconcile(scheduler, 'default/x').thenNothing();
  });
});
