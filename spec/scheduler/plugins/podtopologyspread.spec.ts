/**
 * PodTopologySpread (kube-scheduler v1.34): Filter reasons and normalized scores on small
 * clusters, hand-computed; cases named "upstream:" reproduce rows of
 * pkg/scheduler/framework/plugins/podtopologyspread/{filtering,scoring}_test.go.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/meta.js';
import type { Pod } from '../../../src/api/pod.js';
import { podInfoOf, SchedulerCache, snapshotOf } from '../../../src/scheduler/cache.js';
import * as pts from '../../../src/scheduler/plugins/podtopologyspread.js';
import type { CycleContext, NodeFilter, NodeInfo, PodInfo } from '../../../src/scheduler/types.js';
import { evolve } from '../../../src/state/evolve.js';
import { emptyState } from '../../../src/state/state.js';
import { given } from '../../support/given.js';

// -------------------------------------------------------------------------------------
// builders
// -------------------------------------------------------------------------------------

const HOST = 'kubernetes.io/hostname';
const FOO = { matchExpressions: [{ key: 'foo', operator: 'Exists' }] };

const node = (name: string, labels: Record<string, string>, taints?: unknown[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels },
  ...(taints === undefined ? {} : { spec: { taints } }),
  status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } },
});

/** node-<x> in zone `zone`, with hostname and `node` labels. */
const zoned = (x: string, zone: string): KubeObject => node(`node-${x}`, { zone, node: `node-${x}`, [HOST]: `node-${x}` });

interface PodOpts {
  node?: string;
  labels?: Record<string, string>;
  ns?: string;
  spread?: unknown[];
  owner?: { apiVersion: string; kind: string; name: string };
  nodeSelector?: Record<string, string>;
  tolerations?: unknown[];
}

const pod = (name: string, o: PodOpts = {}): Pod =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.ns ?? 'default',
      labels: o.labels ?? { foo: '' },
      ...(o.owner === undefined ? {} : { ownerReferences: [{ ...o.owner, uid: `uid-${o.owner.name}`, controller: true }] }),
    },
    spec: {
      containers: [{ name: 'c', image: 'pause' }],
      ...(o.node === undefined ? {} : { nodeName: o.node }),
      ...(o.spread === undefined ? {} : { topologySpreadConstraints: o.spread }),
      ...(o.nodeSelector === undefined ? {} : { nodeSelector: o.nodeSelector }),
      ...(o.tolerations === undefined ? {} : { tolerations: o.tolerations }),
    },
  }) as Pod;

/** `n` pods labelled foo on node-<x>. */
const podsOn = (x: string, n: number, o: PodOpts = {}): Pod[] => Array.from({ length: n }, (_, i) => pod(`p-${x}${i + 1}${o.ns ?? ''}`, { ...o, node: `node-${x}` }));

const spread = (maxSkew: number, topologyKey: string, when: 'DoNotSchedule' | 'ScheduleAnyway', labelSelector: unknown = FOO, extra: Record<string, unknown> = {}): unknown => ({
  maxSkew,
  topologyKey,
  whenUnsatisfiable: when,
  ...(labelSelector === null ? {} : { labelSelector }),
  ...extra,
});

const namespace = (name: string, labels: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

const service = (name: string, selector: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default' },
  spec: { selector, ports: [{ port: 80 }] },
});

const ctxOf = (...objects: KubeObject[]): CycleContext => {
  const state = given(...objects).state;
  return { state, snapshot: snapshotOf(state) };
};

type Verdict = 'ok' | 'U' | 'UU';

/** PreFilter, then Filter on every node: node name → 'ok' or `<code>: <reason>`, or 'Skip'. */
const checkOf = (ctx: CycleContext, incoming: Pod): NodeFilter | 'Skip' | string => {
  const r = pts.filter.preFilter(ctx, podInfoOf(incoming));
  if (r.type === 'Skip') return 'Skip';
  if (r.type === 'Reject') return r.failure.reasons.join(', ');
  return r.check;
};

const verdicts = (ctx: CycleContext, check: NodeFilter): Record<string, Verdict> => {
  const out: Record<string, Verdict> = {};
  for (const n of ctx.snapshot.nodes) {
    const f = check.filter(n);
    if (f === undefined) out[n.name] = 'ok';
    else {
      expect(f.plugin).toBe(pts.NAME);
      expect(f.reasons).toEqual([f.code === 'Unschedulable' ? pts.ERR_REASON_CONSTRAINTS_NOT_MATCH : pts.ERR_REASON_NODE_LABEL_NOT_MATCH]);
      out[n.name] = f.code === 'Unschedulable' ? 'U' : 'UU';
    }
  }
  return out;
};

const filterAll = (ctx: CycleContext, incoming: Pod): Record<string, Verdict> | string => {
  const check = checkOf(ctx, incoming);
  return typeof check === 'string' ? check : verdicts(ctx, check);
};

/** PreScore over the `feasible` nodes (all by default), Score, NormalizeScore: name → score, or 'Skip'. */
const scoreAll = (ctx: CycleContext, incoming: Pod, feasibleNames?: string[]): Record<string, number> | 'Skip' => {
  const feasible = ctx.snapshot.nodes.filter((n) => feasibleNames === undefined || feasibleNames.includes(n.name));
  const scorer = pts.score.preScore(ctx, podInfoOf(incoming), feasible);
  if (scorer === 'Skip') return 'Skip';
  const scores = feasible.map((n) => scorer.score(n));
  scorer.normalize?.(scores, feasible);
  return Object.fromEntries(feasible.map((n, i) => [n.name, scores[i] as number]));
};

const nodeNamed = (ctx: CycleContext, name: string): NodeInfo => ctx.snapshot.byName.get(name) as NodeInfo;
const info = (p: Pod): PodInfo => podInfoOf(p);

// -------------------------------------------------------------------------------------
// Filter
// -------------------------------------------------------------------------------------

describe('PodTopologySpread PreFilter', () => {
  it('given a pod without constraints, when prefiltered, then the plugin is skipped (the system defaults are ScheduleAnyway)', () => {
    const ctx = ctxOf(zoned('a', 'zone1'), service('s', { foo: '' }));
    expect(filterAll(ctx, pod('p'))).toBe('Skip');
  });

  it('given only ScheduleAnyway constraints, when prefiltered, then the plugin is skipped', () => {
    const ctx = ctxOf(zoned('a', 'zone1'));
    expect(filterAll(ctx, pod('p', { spread: [spread(1, 'zone', 'ScheduleAnyway')] }))).toBe('Skip');
  });

  it('given a constraint whose selector has a bad operator, when prefiltered, then every node is rejected with the parse error', () => {
    const ctx = ctxOf(zoned('a', 'zone1'));
    const bad = pod('p', { spread: [spread(1, 'zone', 'DoNotSchedule', { matchExpressions: [{ key: 'foo', operator: 'Bogus' }] })] });
    expect(filterAll(ctx, bad)).toBe(`get constraints from pod: obtaining pod's hard topology spread constraints: "Bogus" is not a valid label selector operator`);
  });
});

describe('PodTopologySpread Filter', () => {
  const fourNodes = [zoned('a', 'zone1'), zoned('b', 'zone1'), zoned('x', 'zone2'), zoned('y', 'zone2')];

  it('upstream "no existing pods": every node fits', () => {
    const ctx = ctxOf(...fourNodes);
    expect(filterAll(ctx, pod('p', { spread: [spread(1, 'zone', 'DoNotSchedule')] }))).toEqual({ 'node-a': 'ok', 'node-b': 'ok', 'node-x': 'ok', 'node-y': 'ok' });
  });

  it('given 3/1 matching pods across zones and maxSkew 1, then the crowded zone is Unschedulable (3+1−1 > 1)', () => {
    const ctx = ctxOf(...fourNodes, ...podsOn('a', 2), ...podsOn('b', 1), ...podsOn('x', 1));
    expect(filterAll(ctx, pod('p', { spread: [spread(1, 'zone', 'DoNotSchedule')] }))).toEqual({ 'node-a': 'U', 'node-b': 'U', 'node-x': 'ok', 'node-y': 'ok' });
  });

  it('given the incoming pod does not match its own selector, then it adds nothing to the skew', () => {
    const ctx = ctxOf(...fourNodes, ...podsOn('a', 2), ...podsOn('x', 1));
    const p = pod('p', { labels: { bar: '' }, spread: [spread(1, 'zone', 'DoNotSchedule')] });
    // zone1: 2 + 0 − 1 = 1 ≤ 1
    expect(filterAll(ctx, p)).toEqual({ 'node-a': 'ok', 'node-b': 'ok', 'node-x': 'ok', 'node-y': 'ok' });
  });

  it('given a node without the topology key, then it is UnschedulableAndUnresolvable (missing required label) and its pods do not count', () => {
    const ctx = ctxOf(zoned('a', 'zone1'), zoned('x', 'zone2'), node('node-n', { node: 'node-n' }), ...podsOn('n', 5), ...podsOn('a', 1));
    expect(filterAll(ctx, pod('p', { spread: [spread(1, 'zone', 'DoNotSchedule')] }))).toEqual({ 'node-a': 'U', 'node-x': 'ok', 'node-n': 'UU' });
  });

  it('given two constraints, then a node must carry both keys to count, and the first failing constraint decides the reason', () => {
    // node-b lacks `node`: its zone1 pods don't count for either constraint
    const ctx = ctxOf(zoned('a', 'zone1'), node('node-b', { zone: 'zone1' }), zoned('x', 'zone2'), ...podsOn('b', 3), ...podsOn('x', 1));
    const p = pod('p', { spread: [spread(1, 'zone', 'DoNotSchedule'), spread(1, 'node', 'DoNotSchedule')] });
    // zone: zone1 0, zone2 1 → min 0; zone2 1+1−0 = 2 > 1; node: node-a 0, node-x 1
    expect(filterAll(ctx, p)).toEqual({ 'node-a': 'ok', 'node-b': 'UU', 'node-x': 'U' });
  });

  it('given pods in another namespace or terminating, then they are not counted', () => {
    const state = given(namespace('other'), zoned('a', 'zone1'), zoned('x', 'zone2'), ...podsOn('a', 3, { ns: 'other' }), pod('p-gone', { node: 'node-a' })).and({
      type: 'Delete',
      ref: { kind: 'Pod', namespace: 'default', name: 'p-gone' },
    }).state;
    const ctx = { state, snapshot: snapshotOf(state) };
    // guard: the fixture really holds the terminating pod
    expect(nodeNamed(ctx, 'node-a').pods.filter((p) => p.pod.metadata.deletionTimestamp !== undefined).map((p) => p.key)).toEqual(['default/p-gone']);
    expect(filterAll(ctx, pod('p', { spread: [spread(1, 'zone', 'DoNotSchedule')] }))).toEqual({ 'node-a': 'ok', 'node-x': 'ok' });
  });

  it('given an empty labelSelector, then no existing pod counts but the pod matches itself (v1.34 countPodsMatchSelector)', () => {
    const ctx = ctxOf(zoned('a', 'zone1'), zoned('x', 'zone2'), ...podsOn('a', 3));
    expect(filterAll(ctx, pod('p', { spread: [spread(1, 'zone', 'DoNotSchedule', {})] }))).toEqual({ 'node-a': 'ok', 'node-x': 'ok' });
    // with maxSkew 0 the self match alone is a skew of 1
    expect(filterAll(ctx, pod('p', { spread: [spread(0, 'zone', 'DoNotSchedule', {})] }))).toEqual({ 'node-a': 'U', 'node-x': 'U' });
  });

  it('given minDomains above the number of domains, then the global minimum is 0', () => {
    const ctx = ctxOf(...fourNodes, ...podsOn('a', 1), ...podsOn('x', 1));
    expect(filterAll(ctx, pod('p', { spread: [spread(1, 'zone', 'DoNotSchedule')] }))).toEqual({ 'node-a': 'ok', 'node-b': 'ok', 'node-x': 'ok', 'node-y': 'ok' });
    // 2 zones < minDomains 3: 1 + 1 − 0 = 2 > 1 everywhere
    const p = pod('p', { spread: [spread(1, 'zone', 'DoNotSchedule', FOO, { minDomains: 3 })] });
    expect(filterAll(ctx, p)).toEqual({ 'node-a': 'U', 'node-b': 'U', 'node-x': 'U', 'node-y': 'U' });
    // 2 zones ≥ minDomains 2: the real minimum again
    expect(filterAll(ctx, pod('p', { spread: [spread(1, 'zone', 'DoNotSchedule', FOO, { minDomains: 2 })] }))).toEqual({
      'node-a': 'ok',
      'node-b': 'ok',
      'node-x': 'ok',
      'node-y': 'ok',
    });
  });

  it('given nodeAffinityPolicy Honor (the default), then domains the pod cannot land on are left out of the minimum; Ignore counts them', () => {
    const ctx = ctxOf(...fourNodes, ...podsOn('a', 1), ...podsOn('b', 1));
    // zone2 excluded: zone1 alone, 2 + 1 − 2 = 1 ≤ 1
    const honor = pod('p', { nodeSelector: { zone: 'zone1' }, spread: [spread(1, 'zone', 'DoNotSchedule')] });
    expect(filterAll(ctx, honor)).toEqual({ 'node-a': 'ok', 'node-b': 'ok', 'node-x': 'ok', 'node-y': 'ok' });
    // zone2 counted at 0: 2 + 1 − 0 = 3 > 1
    const ignore = pod('p', { nodeSelector: { zone: 'zone1' }, spread: [spread(1, 'zone', 'DoNotSchedule', FOO, { nodeAffinityPolicy: 'Ignore' })] });
    expect(filterAll(ctx, ignore)).toEqual({ 'node-a': 'U', 'node-b': 'U', 'node-x': 'ok', 'node-y': 'ok' });
  });

  it('given nodeTaintsPolicy Honor, then nodes with untolerated NoSchedule taints are left out; Ignore (the default) counts them', () => {
    const taint = [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }];
    const ctx = ctxOf(zoned('a', 'zone1'), node('node-x', { zone: 'zone2' }, taint), ...podsOn('a', 1));
    // zone2 counted at 0 → zone1 1 + 1 − 0 = 2 > 1
    expect(filterAll(ctx, pod('p', { spread: [spread(1, 'zone', 'DoNotSchedule')] }))).toEqual({ 'node-a': 'U', 'node-x': 'ok' });
    // zone2 left out → zone1 1 + 1 − 1 = 1
    const honor = pod('p', { spread: [spread(1, 'zone', 'DoNotSchedule', FOO, { nodeTaintsPolicy: 'Honor' })] });
    expect(filterAll(ctx, honor)).toEqual({ 'node-a': 'ok', 'node-x': 'ok' });
    // tolerated: counted again
    const tolerant = pod('p', { tolerations: [{ key: 'dedicated', operator: 'Exists' }], spread: [spread(1, 'zone', 'DoNotSchedule', FOO, { nodeTaintsPolicy: 'Honor' })] });
    expect(filterAll(ctx, tolerant)).toEqual({ 'node-a': 'U', 'node-x': 'ok' });
  });

  it('given matchLabelKeys, then only pods with the same values of those labels count', () => {
    const v1 = { foo: '', version: 'v1' };
    const v2 = { foo: '', version: 'v2' };
    const ctx = ctxOf(zoned('a', 'zone1'), zoned('x', 'zone2'), ...podsOn('a', 2, { labels: v1 }), ...podsOn('x', 2, { labels: v2 }));
    const p = (labels: Record<string, string>): Pod => pod('p', { labels, spread: [spread(1, 'zone', 'DoNotSchedule', FOO, { matchLabelKeys: ['version'] })] });
    expect(filterAll(ctx, p(v2))).toEqual({ 'node-a': 'ok', 'node-x': 'U' });
    expect(filterAll(ctx, p(v1))).toEqual({ 'node-a': 'U', 'node-x': 'ok' });
    // a key the pod lacks adds nothing: both versions count, 2 + 1 − 2 = 1
    expect(filterAll(ctx, p({ foo: '' }))).toEqual({ 'node-a': 'ok', 'node-x': 'ok' });
  });

  it('given a nil labelSelector, then nothing matches, not even the pod itself', () => {
    const ctx = ctxOf(zoned('a', 'zone1'), zoned('x', 'zone2'), ...podsOn('a', 5));
    expect(filterAll(ctx, pod('p', { spread: [spread(0, 'zone', 'DoNotSchedule', null, { matchLabelKeys: ['foo'] })] }))).toEqual({ 'node-a': 'ok', 'node-x': 'ok' });
  });
});


describe('PodTopologySpread AddPod / RemovePod (preemption what-ifs)', () => {
  const incoming = pod('p', { spread: [spread(1, 'node', 'DoNotSchedule')] });

  it('upstream "node a and b both impact current min match": adding a pod to node-a makes node-a fail, removing it restores', () => {
    const ctx = ctxOf(zoned('a', 'zone1'), zoned('b', 'zone1'));
    const check = checkOf(ctx, incoming) as NodeFilter;
    const added = info(pod('p-a1', { node: 'node-a' }));
    check.addPod?.(added, nodeNamed(ctx, 'node-a'));
    expect(verdicts(ctx, check)).toEqual({ 'node-a': 'U', 'node-b': 'ok' });
    check.removePod?.(added, nodeNamed(ctx, 'node-a'));
    expect(verdicts(ctx, check)).toEqual({ 'node-a': 'ok', 'node-b': 'ok' });
  });

  it('upstream "add a pod in a different namespace doesn\'t change topologyKeyToMinPodsMap"', () => {
    const ctx = ctxOf(zoned('a', 'zone1'), zoned('b', 'zone1'), ...podsOn('b', 1));
    const check = checkOf(ctx, incoming) as NodeFilter;
    check.addPod?.(info(pod('p-a1', { node: 'node-a', ns: 'ns1' })), nodeNamed(ctx, 'node-a'));
    expect(verdicts(ctx, check)).toEqual({ 'node-a': 'ok', 'node-b': 'U' });
  });

  it('given victims removed from the crowded node, then that node fits the what-if', () => {
    const victims = podsOn('a', 2);
    const ctx = ctxOf(zoned('a', 'zone1'), zoned('b', 'zone1'), ...victims);
    const check = checkOf(ctx, incoming) as NodeFilter;
    expect(verdicts(ctx, check)).toEqual({ 'node-a': 'U', 'node-b': 'ok' });
    for (const v of victims) check.removePod?.(info(v), nodeNamed(ctx, 'node-a'));
    expect(verdicts(ctx, check)).toEqual({ 'node-a': 'ok', 'node-b': 'ok' });
  });

  it('keeps two critical paths as upstream does (not a full minimum), with ties taken in value order', () => {
    const ctx = ctxOf(zoned('a', 'zone1'), zoned('b', 'zone1'), zoned('c', 'zone1'));
    const check = checkOf(ctx, incoming) as NodeFilter;
    check.addPod?.(info(pod('p-a1', { node: 'node-a' })), nodeNamed(ctx, 'node-a'));
    check.addPod?.(info(pod('p-b1', { node: 'node-b' })), nodeNamed(ctx, 'node-b'));
    // paths [a:0, b:0] → [b:0, a:1] → [b:1, a:1]: the minimum reads 1 although node-c holds 0
    expect(verdicts(ctx, check)).toEqual({ 'node-a': 'ok', 'node-b': 'ok', 'node-c': 'ok' });
  });

  it('given the what-ifs of one cycle, then the next PreFilter starts from the cluster again', () => {
    const ctx = ctxOf(zoned('a', 'zone1'), zoned('b', 'zone1'));
    const first = checkOf(ctx, incoming) as NodeFilter;
    first.addPod?.(info(pod('p-a1', { node: 'node-a' })), nodeNamed(ctx, 'node-a'));
    expect(filterAll(ctx, incoming)).toEqual({ 'node-a': 'ok', 'node-b': 'ok' });
  });
});

// -------------------------------------------------------------------------------------
// Score
// -------------------------------------------------------------------------------------

describe('PodTopologySpread PreScore', () => {
  it('given only DoNotSchedule constraints, then scoring is skipped', () => {
    const ctx = ctxOf(zoned('a', 'zone1'), zoned('b', 'zone1'));
    expect(scoreAll(ctx, pod('p', { spread: [spread(1, 'zone', 'DoNotSchedule')] }))).toBe('Skip');
  });

  it('given no constraints and nothing selecting the pod, then there are no default constraints and scoring is skipped', () => {
    const ctx = ctxOf(zoned('a', 'zone1'), service('s', { app: 'other' }));
    expect(scoreAll(ctx, pod('p'))).toBe('Skip');
  });
});

describe('PodTopologySpread Score', () => {
  const hosts = (...xs: string[]): KubeObject[] => xs.map((x) => node(`node-${x}`, { [HOST]: `node-${x}` }));
  const soft = (maxSkew: number, key = HOST, selector: unknown = FOO): Pod => pod('p', { spread: [spread(maxSkew, key, 'ScheduleAnyway', selector)] });
  const spread2103 = [...podsOn('a', 2), ...podsOn('b', 1), ...podsOn('d', 3)];
  const spread4321 = [...podsOn('a', 4), ...podsOn('b', 3), ...podsOn('c', 2), ...podsOn('d', 1)];

  it('upstream "one constraint on node, no existing pods": every node 100', () => {
    expect(scoreAll(ctxOf(...hosts('a', 'b')), soft(1))).toEqual({ 'node-a': 100, 'node-b': 100 });
  });

  it('upstream "one constraint on node, only one node is candidate": 100', () => {
    const ctx = ctxOf(...hosts('a', 'b'), ...podsOn('a', 2), ...podsOn('b', 1));
    expect(scoreAll(ctx, soft(1), ['node-a'])).toEqual({ 'node-a': 100 });
  });

  it('upstream "one constraint on node, all 4 nodes are candidates" (2/1/0/3)', () => {
    expect(scoreAll(ctxOf(...hosts('a', 'b', 'c', 'd'), ...spread2103), soft(1))).toEqual({ 'node-a': 20, 'node-b': 60, 'node-c': 100, 'node-d': 0 });
  });

  it('upstream "one constraint on node, null selector": nothing counts, every node 100', () => {
    expect(scoreAll(ctxOf(...hosts('a', 'b', 'c', 'd'), ...spread2103), soft(1, HOST, null))).toEqual({ 'node-a': 100, 'node-b': 100, 'node-c': 100, 'node-d': 100 });
  });

  it('upstream "… maxSkew=2" (2/1/0/3) and "… maxSkew=3" (4/3/2/1): maxSkew−1 waters differences down', () => {
    expect(scoreAll(ctxOf(...hosts('a', 'b', 'c', 'd'), ...spread2103), soft(2))).toEqual({ 'node-a': 33, 'node-b': 66, 'node-c': 100, 'node-d': 16 });
    expect(scoreAll(ctxOf(...hosts('a', 'b', 'c', 'd'), ...spread4321), soft(3))).toEqual({ 'node-a': 44, 'node-b': 66, 'node-c': 77, 'node-d': 100 });
  });

  it('upstream "one constraint on node, 3 out of 4 nodes are candidates" (4/2/1/~3~)', () => {
    const ctx = ctxOf(...hosts('a', 'b', 'x', 'y'), ...podsOn('a', 4), ...podsOn('b', 2), ...podsOn('x', 1), ...podsOn('y', 3));
    expect(scoreAll(ctx, soft(1), ['node-a', 'node-b', 'node-x'])).toEqual({ 'node-a': 33, 'node-b': 83, 'node-x': 100 });
  });

  it('upstream "… one node doesn\'t match topology key": that node scores 0 and is not a domain', () => {
    const ctx = ctxOf(...hosts('a', 'x', 'y'), node('node-b', { n: 'node-b' }), ...podsOn('a', 4), ...podsOn('b', 2), ...podsOn('x', 1), ...podsOn('y', 3));
    expect(scoreAll(ctx, soft(1), ['node-a', 'node-b', 'node-x'])).toEqual({ 'node-a': 16, 'node-b': 0, 'node-x': 100 });
  });

  it('upstream "one constraint on zone, 3 out of 4 nodes are candidates": zone counts include infeasible nodes', () => {
    const ctx = ctxOf(zoned('a', 'zone1'), zoned('b', 'zone1'), zoned('x', 'zone2'), zoned('y', 'zone2'), ...podsOn('a', 4), ...podsOn('b', 2), ...podsOn('x', 1), ...podsOn('y', 3));
    expect(scoreAll(ctx, soft(1, 'zone'), ['node-a', 'node-b', 'node-x'])).toEqual({ 'node-a': 75, 'node-b': 75, 'node-x': 100 });
  });

  it('given zone and hostname constraints with 2 of 4 nodes feasible (2/~1~/2/~4~), then raw round(3·ln4 + 2·ln4)=7 and round(6·ln4 + 2·ln4)=11', () => {
    const ctx = ctxOf(zoned('a', 'zone1'), zoned('b', 'zone1'), zoned('x', 'zone2'), zoned('y', 'zone2'), ...podsOn('a', 2), ...podsOn('b', 1), ...podsOn('x', 2), ...podsOn('y', 4));
    const p = pod('p', { spread: [spread(1, 'zone', 'ScheduleAnyway'), spread(1, HOST, 'ScheduleAnyway')] });
    // ⌊100·(11+7−7)/11⌋ = 100, ⌊100·(11+7−11)/11⌋ = 63
    expect(scoreAll(ctx, p, ['node-a', 'node-x'])).toEqual({ 'node-a': 100, 'node-x': 63 });
  });

  it('upstream "system defaulting, nodes don\'t have zone, pods match service": hostname spreading alone (4/3/2/1)', () => {
    expect(scoreAll(ctxOf(...hosts('a', 'b', 'c', 'd'), ...spread4321, service('s', { foo: '' })), pod('p'))).toEqual({ 'node-a': 44, 'node-b': 66, 'node-c': 77, 'node-d': 100 });
  });

  it('given a pod owned by a ReplicaSet, then the default constraints use the ReplicaSet selector (zone maxSkew 5, hostname 3)', () => {
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'pause' }] } } },
    };
    const web = { app: 'web' };
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web' };
    const real = (x: string, zone: string): KubeObject => node(`node-${x}`, { [pts.LABEL_TOPOLOGY_ZONE]: zone, [HOST]: `node-${x}` });
    const ctx = ctxOf(real('a', 'zone1'), real('b', 'zone1'), real('x', 'zone2'), rs, ...podsOn('a', 3, { labels: web }), ...podsOn('x', 1, { labels: web }), ...podsOn('b', 4));
    // hostname: ln(3+2)=1.609; zone: ln(2+2)=1.386 (node-b's foo pods don't match app=web)
    // a: 3·1.609+2 + 3·1.386+4 = 14.99 → 15; b: 0+2 + 3·1.386+4 = 10.16 → 10; x: 1.609+2 + 1.386+4 = 9.0 → 9
    expect(scoreAll(ctx, pod('p', { labels: web, owner }))).toEqual({ 'node-a': 60, 'node-b': 93, 'node-x': 100 });
    // not owned by it: nothing selects the pod
    expect(scoreAll(ctx, pod('p', { labels: web }))).toBe('Skip');
  });

  it('given the system defaults and nodes without zone, then those nodes get hostname scores only, and count in one "" zone with nodes labelled ""', () => {
    const zone = pts.LABEL_TOPOLOGY_ZONE;
    const ctx = ctxOf(
      node('node-a', { [zone]: 'zone1', [HOST]: 'node-a' }),
      node('node-b', { [HOST]: 'node-b' }),
      node('node-c', { [HOST]: 'node-c' }),
      node('node-d', { [zone]: '', [HOST]: 'node-d' }),
      ...podsOn('a', 2),
      ...podsOn('b', 1),
      service('s', { foo: '' }),
    );
    // hostname ln6: a 2·1.792+2 = 5.58, b 1.792+2 = 3.79, c 2, d 2
    // zone (domains zone1 and "": ln4 = 1.386): a 2·1.386+4 = 6.77; d ("" holds node-b's pod) 1.386+4 = 5.39; b, c lack the label
    // raw a 12, b 4, c 2, d 7 → ⌊100·(14−s)/12⌋
    expect(scoreAll(ctx, pod('p'))).toEqual({ 'node-a': 16, 'node-b': 83, 'node-c': 100, 'node-d': 58 });
  });
});

// -------------------------------------------------------------------------------------
// memos across cycles
// -------------------------------------------------------------------------------------

describe('PodTopologySpread memos', () => {
  it('given a cache that follows two pods being bound, then the next cycle recounts that node, as a fresh snapshot does', () => {
    const base = given(zoned('a', 'zone1'), zoned('x', 'zone2'), ...podsOn('a', 1));
    const next = base.create(pod('p-x1', { node: 'node-x' }), pod('p-x2', { node: 'node-x' }));
    const incoming = pod('p', { spread: [spread(1, 'zone', 'DoNotSchedule')] });
    const cache = new SchedulerCache();
    let state = base.records.reduce(evolve, emptyState);
    // zone1 1, zone2 0
    expect(filterAll({ state, snapshot: cache.snapshot(state) }, incoming)).toEqual({ 'node-a': 'U', 'node-x': 'ok' });
    const generationA = cache.view.byName.get('node-a')?.generation;
    for (const record of next.records.slice(base.records.length)) {
      const after = evolve(state, record);
      cache.observe(record, state, after);
      state = after;
    }
    // zone1 1, zone2 2
    expect(filterAll({ state, snapshot: cache.snapshot(state) }, incoming)).toEqual({ 'node-a': 'ok', 'node-x': 'U' });
    // the cache refreshed node-x only; a fresh snapshot agrees
    expect(cache.view.byName.get('node-a')?.generation).toBe(generationA);
    expect(filterAll({ state, snapshot: snapshotOf(state) }, incoming)).toEqual({ 'node-a': 'ok', 'node-x': 'U' });
  });
});

// -------------------------------------------------------------------------------------
// the incremental path agrees with a fresh snapshot
// -------------------------------------------------------------------------------------

/** A small deterministic generator (no ambient randomness in specs). */
const lcg = (seed: number): (() => number) => {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
};

describe('PodTopologySpread: a cache followed step by step agrees with fresh snapshots', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: 30 steps of binds and graceful deletes on 6 nodes in 3 zones (one without zone)`, () => {
      const rand = lcg(seed);
      const nodes = [zoned('a', 'z1'), zoned('b', 'z1'), zoned('c', 'z2'), zoned('d', 'z2'), zoned('e', 'z3'), node('node-f', { node: 'node-f', [HOST]: 'node-f' })];
      const names = ['node-a', 'node-b', 'node-c', 'node-d', 'node-e', 'node-f'];
      const labelsOf: Record<string, string>[] = [{ foo: '' }, { foo: '', bar: '' }, { bar: '' }, { other: 'x' }];
      let g = given(namespace('other'), service('s', { bar: '' }), ...nodes);
      const cache = new SchedulerCache();
      let state = g.records.reduce(evolve, emptyState);
      cache.snapshot(state);
      const incoming = [
        pod('in-1', { spread: [spread(1, 'zone', 'DoNotSchedule'), spread(1, HOST, 'ScheduleAnyway')] }),
        pod('in-2', { labels: { bar: '' }, spread: [spread(2, 'node', 'DoNotSchedule', { matchLabels: { bar: '' } }, { minDomains: 4 }), spread(1, 'zone', 'ScheduleAnyway', { matchLabels: { bar: '' } })] }),
        pod('in-3', { labels: { bar: '' } }), // the system defaults, from Service s
      ];
      const bound: string[] = [];
      for (let step = 0; step < 30; step++) {
        const before = g.records.length;
        if (bound.length > 0 && rand() < 0.25) {
          const victim = bound.splice(Math.floor(rand() * bound.length), 1)[0] as string;
          g = g.and({ type: 'Delete', ref: { kind: 'Pod', namespace: victim.startsWith('o') ? 'other' : 'default', name: victim } });
        } else {
          const name = `${rand() < 0.2 ? 'o' : 'd'}${step}`;
          g = g.create(pod(name, { node: names[Math.floor(rand() * names.length)] as string, labels: labelsOf[Math.floor(rand() * labelsOf.length)] ?? {}, ns: name.startsWith('o') ? 'other' : 'default' }));
          bound.push(name);
        }
        for (const record of g.records.slice(before)) {
          const after = evolve(state, record);
          cache.observe(record, state, after);
          state = after;
        }
        const gensBefore = cache.view.nodes.map((n) => n.generation);
        const followed: CycleContext = { state, snapshot: cache.snapshot(state) };
        // guard: the cache refreshed the one node the step touched, it did not rebuild
        expect(cache.view.nodes.filter((n, i) => n.generation !== gensBefore[i])).toHaveLength(1);
        const fresh: CycleContext = { state, snapshot: snapshotOf(state) };
        for (const p of incoming) {
          expect(filterAll(followed, p), `seed ${seed} step ${step} ${p.metadata.name}`).toEqual(filterAll(fresh, p));
          expect(scoreAll(followed, p), `seed ${seed} step ${step} ${p.metadata.name}`).toEqual(scoreAll(fresh, p));
        }
      }
    });
  }
});
