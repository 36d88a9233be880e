import { isLeft } from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Request } from '../../src/api/actions.js';
import type { KubeObject } from '../../src/api/meta.js';
import type { Node } from '../../src/api/node.js';
import type { Pod } from '../../src/api/pod.js';
import { isPodReady } from '../../src/api/pod.js';
import type { DaemonSet } from '../../src/api/workloads.js';
import { daemonPodSpec, nodeShouldRunDaemonPod, targetNodeName } from '../../src/controllers/daemonset-nodes.js';
import { subjectOf } from '../../src/log/subject.js';
import { evolve } from '../../src/state/evolve.js';
import { getObject, getPod, listKind, podsOwnedBy } from '../../src/state/queries.js';
import type { ClusterState } from '../../src/state/state.js';
import { emptyState } from '../../src/state/state.js';
import { nodeObject } from '../../src/world/nodes.js';
import { daemonSet } from '../support/daemonset.js';
import { at, pool, runCluster } from '../support/fixtures.js';

const LAST_CHANGE_MS = 60_000;
const END_MS = LAST_CHANGE_MS + 360_000; // podgc quarantine 40 s + a one-at-a-time rollout over ≤ 7 nodes
const NUM_RUNS = process.env['KUBESIM_LONG'] === '1' ? 150 : 6;

const nodeArb = fc.record({ role: fc.constantFrom('a', 'b'), taint: fc.constantFrom('none', 'NoSchedule', 'NoExecute') });
type NodeGen = { role: string; taint: string };
const makeNode = (g: NodeGen, ordinal: number, atMs: number): KubeObject =>
  nodeObject({ ...pool('w', 1), labels: { role: g.role }, ...(g.taint === 'none' ? {} : { taints: [{ key: 'dedicated', effect: g.taint }] }) }, ordinal, ordinal, atMs);

const changeArb = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), atSec: fc.integer({ min: 1, max: 60 }), node: nodeArb }),
  fc.record({ kind: fc.constant('remove' as const), atSec: fc.integer({ min: 1, max: 60 }), which: fc.nat() }),
  fc.record({ kind: fc.constant('image' as const), atSec: fc.integer({ min: 1, max: 60 }), image: fc.constantFrom('agent:2', 'agent:3', 'agent:1') }),
);

const dsArb = fc.record({
  selectRole: fc.boolean(),
  tolerate: fc.boolean(),
  strategy: fc.constantFrom({ maxUnavailable: 1 }, { maxUnavailable: '50%' }, { maxUnavailable: 0, maxSurge: 1 }, { maxUnavailable: 0, maxSurge: '100%' }),
});

type DsGen = { selectRole: boolean; tolerate: boolean; strategy: Record<string, unknown> };
const makeDs = (g: DsGen, image = 'agent:1'): KubeObject =>
  daemonSet('agent', {
    image,
    ...(g.selectRole ? { nodeSelector: { role: 'a' } } : {}),
    ...(g.tolerate ? { tolerations: [{ key: 'dedicated', operator: 'Exists' }] } : {}),
    strategy: { type: 'RollingUpdate', rollingUpdate: g.strategy },
  });

const create = (object: KubeObject, update = false): Request => ({ actor: 'scenario', reason: 'Applied', action: { type: update ? 'Update' : 'Create', object } });

/** Builds the inputs; node removals pick among the nodes existing at that point. */
const inputsOf = (dsGen: DsGen, initial: number, changes: readonly { kind: string; atSec: number; node?: NodeGen; which?: number; image?: string }[]) => {
  const live = Array.from({ length: initial }, (_, i) => i);
  let next = initial;
  const sorted = [...changes].sort((a, b) => a.atSec - b.atSec);
  return sorted.flatMap((c) => {
    if (c.kind === 'add' && c.node !== undefined) {
      live.push(next);
      return [at(c.atSec * 1000, create(makeNode(c.node, next++, c.atSec * 1000)))];
    }
    if (c.kind === 'remove' && live.length > 0) {
      const [gone] = live.splice((c.which ?? 0) % live.length, 1);
      return [at(c.atSec * 1000, { actor: 'scenario', reason: 'Deleted', action: { type: 'Delete', ref: { kind: 'Node', name: `w-${gone}` } } })];
    }
    if (c.kind === 'image') return [at(c.atSec * 1000, create(makeDs(dsGen, c.image), true))];
    return [];
  });
};

const daemonPodsFor = (s: ClusterState, node: string): Pod[] => {
  const ds = getObject(s, 'DaemonSet', 'default', 'agent');
  return podsOwnedBy(s, ds?.metadata.uid ?? '').filter((p) => p.metadata.deletionTimestamp === undefined && p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded' && targetNodeName(p.spec) === node);
};

/** At every step: at most one live daemon pod per node, or, with surge, one per revision hash and two at most. */
const checkStep = (s: ClusterState, node: string, surge: boolean, seed: number, seq: number): void => {
  const pods = daemonPodsFor(s, node);
  const hashes = new Set(pods.map((p) => p.metadata.labels?.['controller-revision-hash']));
  const ok = surge ? pods.length <= 2 && hashes.size === pods.length : pods.length <= 1;
  if (!ok) throw new Error(`seed ${seed}, seq ${seq}: node ${node} has ${pods.map((p) => `${p.metadata.name}(${p.metadata.labels?.['controller-revision-hash']})`).join(', ')}`);
};

describe('DaemonSet (property)', () => {
  it('never doubles up a node (beyond the surge pair) and converges to one updated ready pod per eligible node', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), dsArb, fc.array(nodeArb, { minLength: 1, maxLength: 3 }), fc.array(changeArb, { maxLength: 4 }), (seed, dsGen, nodes, changes) => {
        const inputs = inputsOf(dsGen, nodes.length, changes);
        const r = runCluster([...nodes.map((n, i) => makeNode(n, i, 0)), makeDs(dsGen)], inputs, { seed, durationMs: END_MS, kubelet: { imagePullMs: 1000, containerStartMs: 500, jitter: 0.2, shutdown: { ms: 2000 } } });
        if (isLeft(r)) throw new Error(`seed ${seed}: ${JSON.stringify(r.left)}`);
        const surge = 'maxSurge' in dsGen.strategy;
        let s = emptyState;
        for (const record of r.right.records) {
          const before = s;
          s = evolve(s, record);
          const ref = subjectOf(record.event);
          if (ref?.kind !== 'Pod') continue;
          const pod = getPod(s, ref.namespace, ref.name) ?? getPod(before, ref.namespace, ref.name);
          const node = pod === undefined ? undefined : targetNodeName(pod.spec);
          if (node !== undefined) checkStep(s, node, surge, seed, record.seq);
        }
        const ds = getObject(s, 'DaemonSet', 'default', 'agent') as unknown as DaemonSet;
        const spec = daemonPodSpec(ds);
        const image = ds.spec.template?.spec?.containers[0]?.image;
        const eligible = (listKind(s, 'Node') as unknown as Node[]).filter((n) => nodeShouldRunDaemonPod(spec, n).shouldRun).map((n) => n.metadata.name);
        for (const node of eligible) {
          const pods = daemonPodsFor(s, node);
          expect({ seed, node, count: pods.length, ready: pods.every(isPodReady), image: pods[0]?.spec.containers[0]?.image }).toEqual({ seed, node, count: 1, ready: true, image });
        }
        expect({ seed, desired: ds.status?.desiredNumberScheduled, updated: ds.status?.updatedNumberScheduled ?? 0, available: ds.status?.numberAvailable ?? 0 }).toEqual({ seed, desired: eligible.length, updated: eligible.length, available: eligible.length });
      }),
      { seed: 20261123, numRuns: NUM_RUNS },
    );
  });
});
