/**
 * Plugins' fast paths (NodeFilter.passes, NodeScorer.scoreAt read the snapshot's columns)
 * must agree with their full filters and scores on every node.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Node, Taint } from '../../src/api/node.js';
import type { Pod } from '../../src/api/pod.js';
import { defaultProfile } from '../../src/scheduler/profile.js';
import type { NodeInfo } from '../../src/scheduler/types.js';
import { EMPTY_USAGE } from '../../src/state/state.js';
import { contextOf, nodeInfoFor, podInfoFor } from '../support/scheduler.js';

const taint = fc.record({ key: fc.constantFrom('a', 'b', 'gpu'), value: fc.constantFrom('', 'x'), effect: fc.constantFrom('NoSchedule', 'NoExecute', 'PreferNoSchedule') }) as fc.Arbitrary<Taint>;

const nodeArb = fc.record({
  cpu: fc.integer({ min: 0, max: 8000 }),
  memGi: fc.integer({ min: 0, max: 16 }),
  pods: fc.integer({ min: 0, max: 5 }),
  usedCpu: fc.integer({ min: 0, max: 9000 }),
  usedMemMi: fc.integer({ min: 0, max: 20000 }),
  usedPods: fc.integer({ min: 0, max: 6 }),
  unschedulable: fc.boolean(),
  taints: fc.array(taint, { maxLength: 3 }),
});

const podArb = fc.record({
  cpu: fc.option(fc.integer({ min: 0, max: 5000 })),
  memMi: fc.option(fc.integer({ min: 0, max: 9000 })),
  tolerations: fc.array(fc.record({ key: fc.constantFrom('a', 'gpu', 'node.kubernetes.io/unschedulable'), operator: fc.constantFrom('Exists', 'Equal'), value: fc.constantFrom('', 'x'), effect: fc.constantFrom('', 'NoSchedule', 'PreferNoSchedule') }), { maxLength: 2 }),
});

const toNode = (n: typeof nodeArb extends fc.Arbitrary<infer T> ? T : never, i: number): NodeInfo => {
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `n${i}` },
    spec: { ...(n.unschedulable ? { unschedulable: true } : {}), taints: n.taints },
    status: { allocatable: { cpu: `${n.cpu}m`, memory: `${n.memGi}Gi`, pods: String(n.pods) } },
  };
  const usage = { ...EMPTY_USAGE, cpuMillis: n.usedCpu, nonZeroCpuMillis: n.usedCpu + 100, memoryBytes: n.usedMemMi * 2 ** 20, nonZeroMemoryBytes: n.usedMemMi * 2 ** 20, pods: n.usedPods };
  return nodeInfoFor(node, { usage });
};

describe('plugin fast paths', () => {
  it('given any nodes and pod, when a default plugin answers from the columns, then it agrees with its full filter and score', () => {
    fc.assert(
      fc.property(fc.array(nodeArb, { minLength: 1, maxLength: 8 }), podArb, (rawNodes, p) => {
        const nodes = rawNodes.map(toNode);
        const ctx = contextOf(nodes);
        const requests: Record<string, string> = {};
        if (p.cpu !== null) requests['cpu'] = `${p.cpu}m`;
        if (p.memMi !== null) requests['memory'] = `${p.memMi}Mi`;
        const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', resources: { requests } }], tolerations: p.tolerations } };
        const info = podInfoFor(pod);
        const snapshotNodes = ctx.snapshot.nodes;
        for (const plugin of defaultProfile.filters) {
          const pre = plugin.preFilter(ctx, info);
          if (pre.type !== 'Check' || pre.check.passes === undefined) continue;
          for (const n of snapshotNodes) expect([plugin.name, n.name, pre.check.passes(n.index)]).toEqual([plugin.name, n.name, pre.check.filter(n) === undefined]);
        }
        for (const { plugin } of defaultProfile.scores) {
          const scorer = plugin.preScore(ctx, info, snapshotNodes);
          if (scorer === 'Skip') continue;
          if (scorer.constant !== undefined) {
            const full = snapshotNodes.map((n) => scorer.score(n));
            scorer.normalize?.(full, snapshotNodes);
            expect([plugin.name, full]).toEqual([plugin.name, full.map(() => scorer.constant)]);
          }
          const at = scorer.scoreAt;
          if (at !== undefined) for (const n of snapshotNodes) expect([plugin.name, n.name, at(n.index)]).toEqual([plugin.name, n.name, scorer.score(n)]);
        }
      }),
      { seed: 4, numRuns: 300 },
    );
  });
});
