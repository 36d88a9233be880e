/**
 * The scheduler's cache follows the log incrementally; at every step it must equal a cache
 * built from scratch from the same state (the property that keeps the scheduler a function
 * of the state it is given).
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import type { EventRecord } from '../../src/log/events.js';
import { nodeInfoOf, podInfoOf, SchedulerCache, snapshotOf } from '../../src/scheduler/cache.js';
import * as interPod from '../../src/scheduler/plugins/interpodaffinity.js';
import * as spread from '../../src/scheduler/plugins/podtopologyspread.js';
import type { Pod } from '../../src/api/pod.js';
import type { PodInfo, Snapshot } from '../../src/scheduler/types.js';
import { evolve } from '../../src/state/evolve.js';
import type { ClusterState } from '../../src/state/state.js';
import { emptyState } from '../../src/state/state.js';
import { at, create, nodesOf, pod, pool, replicaSet, runCluster } from '../support/fixtures.js';

const zoned = (o: KubeObject, zone: string): KubeObject => ({ ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, 'topology.kubernetes.io/zone': zone } } });

const withHostPort = (o: KubeObject, port: number): KubeObject => {
  const spec = o['spec'] as { containers: { ports?: unknown[] }[] };
  return { ...o, spec: { ...spec, containers: spec.containers.map((c) => ({ ...c, ports: [{ containerPort: port, hostPort: port }] })) } };
};

type Step = { readonly sec: number; readonly what: 'scale' | 'addNode' | 'deleteNode' | 'pod' | 'deletePod'; readonly n: number };

const recordsOf = (seed: number, steps: readonly Step[]): readonly EventRecord[] => {
  const nodes = nodesOf(pool('worker', 4)).map((n, i) => zoned(n, i % 2 === 0 ? 'a' : 'b'));
  const input = ({ sec, what, n }: Step, i: number) => {
    switch (what) {
      case 'scale':
        return at(sec * 1000, { actor: 'scenario', reason: 'Scaled', action: { type: 'Scale', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web' }, replicas: n } });
      case 'addNode':
        return at(sec * 1000, create(zoned({ ...(nodes[0] as KubeObject), metadata: { name: `extra-${i}` } }, n % 2 === 0 ? 'a' : 'c')));
      case 'deleteNode':
        return at(sec * 1000, { actor: 'scenario', reason: 'Deleted', action: { type: 'Delete', ref: { kind: 'Node', name: `worker-${n % 4}` } } });
      case 'pod':
        return at(sec * 1000, create(withHostPort(pod(`p-${i}`, { cpu: '100m', labels: { app: 'x' } }), 8000 + (n % 2))));
      case 'deletePod':
        return at(sec * 1000, { actor: 'scenario', reason: 'Deleted', action: { type: 'Delete', ref: { kind: 'Pod', namespace: 'default', name: `p-${n}` } } });
    }
  };
  // deleting what is not there (yet) is refused and the run goes on
  const inputs = steps.map((s, i) => ({ ...input(s, i), abortOnRejection: false }));
  const run = runCluster([...nodes, replicaSet('web', 3)], inputs, {
    seed,
    durationMs: 60_000,
    kubelet: { imagePullMs: 2000, containerStartMs: 1000, jitter: 0.5, shutdown: { ms: 5000 } },
  });
  if (isLeft(run)) throw new Error(`seed ${seed}: ${JSON.stringify(run.left)}`);
  return run.right.records;
};

/** What a cycle can observe of a snapshot. */
const view = (s: Snapshot) =>
  s.nodes.map((n, i) => ({
    nominated: s.nominatedPods(n.name).map((p) => p.key),
    i,
    index: n.index,
    name: n.name,
    same: s.byName.get(n.name) === n,
    labels: n.labels,
    taints: n.taints,
    allocatable: n.allocatable,
    usage: n.usage,
    pods: n.pods.map((p) => [p.key, p.pod.metadata.labels, p.pod.spec]),
    ports: n.usedPorts,
    affinity: n.podsWithAffinity.length,
  }));

/** A pod that spreads like web's pods and avoids them; what the spread and affinity plugins make of each node. */
const probe = (state: ClusterState, snapshot: Snapshot) => {
  const pod = podInfoOf({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'probe', namespace: 'default', labels: { app: 'web' } },
    spec: {
      containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '100m' } } }],
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'x' } } }],
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: { app: 'x' } } } }],
        },
      },
    },
  } as unknown as Pod);
  const ctx = { state, snapshot };
  const verdicts = [spread.filter, interPod.filter].map((plugin) => {
    const pre = plugin.preFilter(ctx, pod);
    return pre.type === 'Check' ? snapshot.nodes.map((n) => pre.check.filter(n)?.reasons ?? 'ok') : pre.type;
  });
  const scores = [spread.score, interPod.score].map((plugin) => {
    const scorer = plugin.preScore(ctx, pod, snapshot.nodes);
    if (scorer === 'Skip') return 'Skip';
    const raw = snapshot.nodes.map((n) => scorer.score(n));
    scorer.normalize?.(raw, snapshot.nodes);
    return raw;
  });
  return { verdicts, scores };
};

describe('scheduler cache', () => {
  it('given any run, when it follows the log record by record, then it equals a cache rebuilt from the state at every step', () => {
    const step = fc.record({
      sec: fc.integer({ min: 1, max: 40 }),
      what: fc.constantFrom<Step['what']>('scale', 'addNode', 'deleteNode', 'pod', 'deletePod'),
      n: fc.integer({ min: 0, max: 6 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.array(step, { maxLength: 6 }), (seed, steps) => {
        const records = recordsOf(seed, steps);
        const cache = new SchedulerCache();
        let state: ClusterState = emptyState;
        for (const r of records) {
          const before = state;
          state = evolve(before, r);
          cache.observe(r, before, state);
          // read it now and then, as the scheduler does between records
          if (r.seq % 3 === 0 || r.seq === records.length) {
            const followed = cache.snapshot(state);
            const fresh = snapshotOf(state);
            expect(view(followed)).toEqual(view(fresh));
            // plugins' per-node memos follow the cache too
            expect(probe(state, followed)).toEqual(probe(state, fresh));
          }
        }
      }),
      { seed: 91, numRuns: 12 },
    );
  });

  it('given a state it did not follow, when asked for a snapshot, then it rebuilds rather than answer for another state', () => {
    const records = recordsOf(5, [{ sec: 5, what: 'scale', n: 6 }]);
    const cache = new SchedulerCache();
    let state: ClusterState = emptyState;
    for (const r of records) state = evolve(state, r);
    const early = records.slice(0, Math.floor(records.length / 2)).reduce(evolve, emptyState);
    expect(view(cache.snapshot(state))).toEqual(view(snapshotOf(state)));
    expect(view(cache.snapshot(early))).toEqual(view(snapshotOf(early)));
    expect(view(cache.snapshot(state))).toEqual(view(snapshotOf(state)));
  });
});

describe('per-node pod counts (PodCountMemo)', () => {
  const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } } as const;
  const p = (name: string, app: string) => podInfoOf({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app } }, spec: { containers: [{ name: 'c' }] } } as Pod);
  const isWeb = (pod: Pod): boolean => pod.metadata.labels?.['app'] === 'web';

  it('given a node whose pods are added, removed and changed, when counted after each change, then it equals a fresh count', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.constantFrom('add', 'remove', 'relabel')), { maxLength: 30 }), (steps) => {
        const memo = new spread.PodCountMemo(isWeb);
        let pods = new Map<string, PodInfo>();
        for (const [i, what] of steps) {
          const name = `p${i}`;
          const next = new Map(pods);
          if (what === 'remove') next.delete(name);
          else next.set(name, p(name, what === 'add' ? 'web' : pods.get(name)?.pod.metadata.labels?.['app'] === 'web' ? 'db' : 'web'));
          pods = next;
          const info = nodeInfoOf(0, node, [...pods.values()].sort((a, b) => (a.key < b.key ? -1 : 1)));
          expect(memo.of(info)).toBe(info.pods.filter((x) => isWeb(x.pod)).length);
        }
      }),
      { seed: 12, numRuns: 200 },
    );
  });
});
