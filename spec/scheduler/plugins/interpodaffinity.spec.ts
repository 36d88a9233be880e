/**
 * InterPodAffinity (kube-scheduler v1.34): Filter reasons and normalized scores on small
 * clusters, hand-computed; cases named "upstream:" reproduce rows of
 * pkg/scheduler/framework/plugins/interpodaffinity/{filtering,scoring}_test.go.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/meta.js';
import type { Pod } from '../../../src/api/pod.js';
import { podInfoOf, SchedulerCache, snapshotOf } from '../../../src/scheduler/cache.js';
import * as ipa from '../../../src/scheduler/plugins/interpodaffinity.js';
import type { CycleContext, NodeFilter, NodeInfo } from '../../../src/scheduler/types.js';
import { evolve } from '../../../src/state/evolve.js';
import { emptyState } from '../../../src/state/state.js';
import { given } from '../../support/given.js';

// -------------------------------------------------------------------------------------
// builders
// -------------------------------------------------------------------------------------

const HOST = 'kubernetes.io/hostname';
const CHINA = { region: 'China' };
const INDIA = { region: 'India' };
const AZ1 = { az: 'az1' };
const AZ2 = { az: 'az2' };
const CHINA_AZ1 = { region: 'China', az: 'az1' };
const S1 = { security: 'S1' };
const S2 = { security: 'S2' };

const node = (name: string, labels: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels },
  status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } },
});

const namespace = (name: string, labels: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

let podSeq = 0;
const pod = (labels: Record<string, string>, o: { node?: string; ns?: string; affinity?: unknown; name?: string } = {}): Pod =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: o.name ?? `p${++podSeq}`, namespace: o.ns ?? 'default', labels },
    spec: {
      containers: [{ name: 'c', image: 'pause' }],
      ...(o.node === undefined ? {} : { nodeName: o.node }),
      ...(o.affinity === undefined ? {} : { affinity: o.affinity }),
    },
  }) as Pod;

const inOp = (key: string, ...values: string[]): unknown => ({ key, operator: 'In', values });
const selector = (...matchExpressions: unknown[]): unknown => ({ matchExpressions });
const term = (labelSelector: unknown, topologyKey: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ labelSelector, topologyKey, ...extra });
const weighted = (weight: number, podAffinityTerm: unknown): unknown => ({ weight, podAffinityTerm });

const affinity = (o: { required?: unknown[]; preferred?: unknown[]; antiRequired?: unknown[]; antiPreferred?: unknown[] }): unknown => ({
  ...(o.required === undefined && o.preferred === undefined
    ? {}
    : {
        podAffinity: {
          ...(o.required === undefined ? {} : { requiredDuringSchedulingIgnoredDuringExecution: o.required }),
          ...(o.preferred === undefined ? {} : { preferredDuringSchedulingIgnoredDuringExecution: o.preferred }),
        },
      }),
  ...(o.antiRequired === undefined && o.antiPreferred === undefined
    ? {}
    : {
        podAntiAffinity: {
          ...(o.antiRequired === undefined ? {} : { requiredDuringSchedulingIgnoredDuringExecution: o.antiRequired }),
          ...(o.antiPreferred === undefined ? {} : { preferredDuringSchedulingIgnoredDuringExecution: o.antiPreferred }),
        },
      }),
});

const ctxOf = (...objects: KubeObject[]): CycleContext => {
  const state = given(...objects).state;
  return { state, snapshot: snapshotOf(state) };
};

type Verdict = 'ok' | 'affinity' | 'anti-affinity' | 'existing anti-affinity';

const REASONS: Record<string, Verdict> = {
  [ipa.ERR_REASON_AFFINITY_RULES_NOT_MATCH]: 'affinity',
  [ipa.ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH]: 'anti-affinity',
  [ipa.ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH]: 'existing anti-affinity',
};

const checkOf = (ctx: CycleContext, incoming: Pod): NodeFilter | string => {
  const r = ipa.filter.preFilter(ctx, podInfoOf(incoming));
  if (r.type === 'Skip') return 'Skip';
  if (r.type === 'Reject') return `${r.failure.code}: ${r.failure.reasons.join(', ')}`;
  return r.check;
};

const verdicts = (ctx: CycleContext, check: NodeFilter): Record<string, Verdict> => {
  const out: Record<string, Verdict> = {};
  for (const n of ctx.snapshot.nodes) {
    const f = check.filter(n);
    if (f === undefined) {
      out[n.name] = 'ok';
      continue;
    }
    const verdict = REASONS[f.reasons[0] ?? ''] as Verdict;
    // upstream codes: affinity UnschedulableAndUnresolvable, the anti-affinity rules Unschedulable
    expect([f.plugin, f.code, f.reasons.length]).toEqual([ipa.NAME, verdict === 'affinity' ? 'UnschedulableAndUnresolvable' : 'Unschedulable', 1]);
    out[n.name] = verdict;
  }
  return out;
};

const filterAll = (ctx: CycleContext, incoming: Pod): Record<string, Verdict> | string => {
  const check = checkOf(ctx, incoming);
  return typeof check === 'string' ? check : verdicts(ctx, check);
};

const scoreAll = (ctx: CycleContext, incoming: Pod): Record<string, number> | 'Skip' => {
  const feasible = ctx.snapshot.nodes;
  const scorer = ipa.score.preScore(ctx, podInfoOf(incoming), feasible);
  if (scorer === 'Skip') return 'Skip';
  const scores = feasible.map((n) => scorer.score(n));
  scorer.normalize?.(scores, feasible);
  return Object.fromEntries(feasible.map((n, i) => [n.name, scores[i] as number]));
};

const nodeNamed = (ctx: CycleContext, name: string): NodeInfo => ctx.snapshot.byName.get(name) as NodeInfo;

// upstream's terms
const S1_IN_REGION = term(selector(inOp('security', 'S1')), 'region');
const stayWithS1InRegion = affinity({ preferred: [weighted(5, S1_IN_REGION)] });
const stayWithS2InRegion = affinity({ preferred: [weighted(6, term(selector(inOp('security', 'S2')), 'region'))] });
const awayFromS1InAz = affinity({ antiPreferred: [weighted(5, term(selector(inOp('security', 'S1')), 'az'))] });
const awayFromS2InAz = affinity({ antiPreferred: [weighted(5, term(selector(inOp('security', 'S2')), 'az'))] });
const stayWithS1InRegionAwayFromS2InAz = affinity({
  preferred: [weighted(8, S1_IN_REGION)],
  antiPreferred: [weighted(5, term(selector(inOp('security', 'S2')), 'az'))],
});
const SECURITY_EXISTS = selector({ key: 'security', operator: 'Exists' }, { key: 'wrongkey', operator: 'DoesNotExist' });
const hardAffinity = affinity({ required: [term(selector(inOp('security', 'S1', 'value2')), 'region'), term(SECURITY_EXISTS, 'region')] });

// -------------------------------------------------------------------------------------
// PreFilter
// -------------------------------------------------------------------------------------

describe('InterPodAffinity PreFilter', () => {
  it('given no required terms and no existing pod with required anti-affinity, when prefiltered, then the plugin is skipped', () => {
    const ctx = ctxOf(node('node1', CHINA), pod(S1, { node: 'node1', affinity: stayWithS1InRegion }));
    expect(filterAll(ctx, pod(S1, { affinity: stayWithS1InRegion }))).toBe('Skip');
  });

  it('given existing required anti-affinity that does not match the pod, then the plugin is skipped', () => {
    const ctx = ctxOf(node('node1', CHINA), pod(S1, { node: 'node1', affinity: affinity({ antiRequired: [term(selector(inOp('security', 'S2')), 'region')] }) }));
    expect(filterAll(ctx, pod(S1))).toBe('Skip');
    expect(filterAll(ctx, pod(S2))).toEqual({ node1: 'existing anti-affinity' });
  });

  it('given a term with a bad operator, then every node is rejected with upstream\'s parse message', () => {
    const ctx = ctxOf(node('node1', CHINA));
    const bad = pod(S1, { affinity: affinity({ required: [term(selector({ key: 'security', operator: 'Near' }), 'region')] }) });
    expect(filterAll(ctx, bad)).toBe('UnschedulableAndUnresolvable: parsing pod: requiredAffinityTerms: "Near" is not a valid label selector operator');
  });
});

// -------------------------------------------------------------------------------------
// Filter
// -------------------------------------------------------------------------------------

describe('InterPodAffinity Filter: required affinity', () => {
  const nodes = [node('node1', CHINA), node('node2', CHINA_AZ1), node('node3', INDIA), node('node4', AZ1)];
  const withS1 = pod(S2, { affinity: affinity({ required: [S1_IN_REGION] }) });

  it('given an S1 pod in China, then the China nodes fit, India is UnschedulableAndUnresolvable, and so is a node without the key', () => {
    const ctx = ctxOf(...nodes, pod(S1, { node: 'node1' }));
    expect(filterAll(ctx, withS1)).toEqual({ node1: 'ok', node2: 'ok', node3: 'affinity', node4: 'affinity' });
  });

  it('given several terms, then only a pod matching all of them counts, in each term\'s domain', () => {
    const web = { ...S1, app: 'web' };
    const p = pod(S2, { affinity: affinity({ required: [S1_IN_REGION, term(selector(inOp('app', 'web')), 'az')] }) });
    const ctx = ctxOf(...nodes, pod(S1, { node: 'node2' }), pod({ app: 'web' }, { node: 'node2' }), pod(web, { node: 'node4' }));
    // node4's pod matches both but node4 has no region: no pair for `region`; node2 lacks a pod matching both
    expect(filterAll(ctx, p)).toEqual({ node1: 'affinity', node2: 'affinity', node3: 'affinity', node4: 'affinity' });
    const ctx2 = ctxOf(...nodes, pod(web, { node: 'node2' }));
    // node2 (China, az1) holds one: China nodes with az1 fit; node1 has no az, node4 has no region
    expect(filterAll(ctx2, p)).toEqual({ node1: 'affinity', node2: 'ok', node3: 'affinity', node4: 'affinity' });
  });

  it('given no pod matches anywhere and the pod matches its own terms, then it may go to any node with the keys (first pod of a group)', () => {
    const self = pod(S1, { affinity: affinity({ required: [S1_IN_REGION] }) });
    expect(filterAll(ctxOf(...nodes), self)).toEqual({ node1: 'ok', node2: 'ok', node3: 'ok', node4: 'affinity' });
    // a matching pod on a node without the key makes no pair: still the first
    expect(filterAll(ctxOf(...nodes, pod(S1, { node: 'node4' })), self)).toEqual({ node1: 'ok', node2: 'ok', node3: 'ok', node4: 'affinity' });
    // once one exists in China, only China fits
    expect(filterAll(ctxOf(...nodes, pod(S1, { node: 'node1' })), self)).toEqual({ node1: 'ok', node2: 'ok', node3: 'affinity', node4: 'affinity' });
  });

  it('given the pod does not match its own terms, then no node fits an empty cluster', () => {
    expect(filterAll(ctxOf(...nodes), withS1)).toEqual({ node1: 'affinity', node2: 'affinity', node3: 'affinity', node4: 'affinity' });
  });

  it('given namespaces, then a term counts pods in its own namespace by default, in listed namespaces, or in namespaces its namespaceSelector matches', () => {
    const objs = [namespace('team-a', { team: 'a' }), namespace('team-b', { team: 'b' }), node('node1', CHINA), node('node3', INDIA)];
    const ctx = ctxOf(...objs, pod(S1, { node: 'node1', ns: 'team-a' }), pod(S1, { node: 'node3', ns: 'team-b' }));
    const with_ = (extra: Record<string, unknown>): Pod => pod(S2, { affinity: affinity({ required: [term(selector(inOp('security', 'S1')), 'region', extra)] }) });
    expect(filterAll(ctx, with_({}))).toEqual({ node1: 'affinity', node3: 'affinity' });
    expect(filterAll(ctx, with_({ namespaces: ['team-b'] }))).toEqual({ node1: 'affinity', node3: 'ok' });
    expect(filterAll(ctx, with_({ namespaceSelector: { matchLabels: { team: 'a' } } }))).toEqual({ node1: 'ok', node3: 'affinity' });
    expect(filterAll(ctx, with_({ namespaceSelector: {} }))).toEqual({ node1: 'ok', node3: 'ok' });
    // namespaces and namespaceSelector are ORed
    expect(filterAll(ctx, with_({ namespaces: ['team-b'], namespaceSelector: { matchLabels: { team: 'a' } } }))).toEqual({ node1: 'ok', node3: 'ok' });
  });

  it('given matchLabelKeys, then only pods with the same values of those labels count (kube-apiserver\'s merge)', () => {
    const v1 = { app: 'web', version: 'v1' };
    const v2 = { app: 'web', version: 'v2' };
    const ctx = ctxOf(node('node1', CHINA), node('node3', INDIA), pod(v1, { node: 'node1' }), pod(v2, { node: 'node3' }));
    const p = (labels: Record<string, string>): Pod => pod(labels, { affinity: affinity({ required: [term(selector(inOp('app', 'web')), 'region', { matchLabelKeys: ['version'] })] }) });
    expect(filterAll(ctx, p(v1))).toEqual({ node1: 'ok', node3: 'affinity' });
    expect(filterAll(ctx, p(v2))).toEqual({ node1: 'affinity', node3: 'ok' });
  });
});

describe('InterPodAffinity Filter: anti-affinity', () => {
  const nodes = [node('node1', { ...CHINA, [HOST]: 'node1' }), node('node2', { ...CHINA, [HOST]: 'node2' }), node('node3', INDIA)];
  const awayFromS1 = (key: string): Pod => pod(S2, { affinity: affinity({ antiRequired: [term(selector(inOp('security', 'S1')), key)] }) });

  it('given an S1 pod on node1, then anti-affinity on hostname fails node1 only, and on region all of China; a node without the key fits', () => {
    const ctx = ctxOf(...nodes, pod(S1, { node: 'node1' }));
    expect(filterAll(ctx, awayFromS1(HOST))).toEqual({ node1: 'anti-affinity', node2: 'ok', node3: 'ok' });
    expect(filterAll(ctx, awayFromS1('region'))).toEqual({ node1: 'anti-affinity', node2: 'anti-affinity', node3: 'ok' });
  });

  it('given an existing pod with required anti-affinity to the pod, then its domain is Unschedulable for the pod (symmetry)', () => {
    const hater = pod(S2, { node: 'node1', affinity: affinity({ antiRequired: [term(selector(inOp('security', 'S1')), 'region')] }) });
    const ctx = ctxOf(...nodes, hater);
    expect(filterAll(ctx, pod(S1))).toEqual({ node1: 'existing anti-affinity', node2: 'existing anti-affinity', node3: 'ok' });
  });

  it('given an existing pod\'s term with a namespaceSelector, then it is matched against the labels of the incoming pod\'s namespace', () => {
    const term1 = term(selector(inOp('security', 'S1')), 'region', { namespaceSelector: { matchLabels: { team: 'a' } } });
    const ctx = ctxOf(namespace('team-a', { team: 'a' }), namespace('team-b', { team: 'b' }), ...nodes, pod(S2, { node: 'node3', affinity: affinity({ antiRequired: [term1] }) }));
    expect(filterAll(ctx, pod(S1, { ns: 'team-a' }))).toEqual({ node1: 'ok', node2: 'ok', node3: 'existing anti-affinity' });
    expect(filterAll(ctx, pod(S1, { ns: 'team-b' }))).toBe('Skip');
  });

  it('given mismatchLabelKeys, then anti-affinity applies to pods whose value differs (kube-apiserver\'s merge)', () => {
    const ctx = ctxOf(...nodes, pod({ app: 'db', tenant: 'x' }, { node: 'node1' }), pod({ app: 'db', tenant: 'y' }, { node: 'node2' }));
    const p = pod({ app: 'db', tenant: 'x' }, { affinity: affinity({ antiRequired: [term(selector({ key: 'app', operator: 'Exists' }), HOST, { mismatchLabelKeys: ['tenant'] })] }) });
    expect(filterAll(ctx, p)).toEqual({ node1: 'ok', node2: 'anti-affinity', node3: 'ok' });
  });

  it('checks required affinity first, then the pod\'s anti-affinity, then existing pods\'', () => {
    const hater = pod({ app: 'x' }, { node: 'node2', affinity: affinity({ antiRequired: [term(selector(inOp('security', 'S1')), HOST)] }) });
    const ctx = ctxOf(...nodes, pod({ app: 'x' }, { node: 'node1' }), hater);
    const p = pod(S1, { affinity: affinity({ required: [term(selector(inOp('app', 'x')), 'region')], antiRequired: [term(selector(inOp('app', 'x')), HOST)] }) });
    expect(filterAll(ctx, p)).toEqual({ node1: 'anti-affinity', node2: 'anti-affinity', node3: 'affinity' });
    const p2 = pod(S1, { affinity: affinity({ required: [term(selector(inOp('app', 'x')), 'region')] }) });
    expect(filterAll(ctx, p2)).toEqual({ node1: 'ok', node2: 'existing anti-affinity', node3: 'affinity' });
  });
});

describe('InterPodAffinity AddPod / RemovePod (preemption what-ifs)', () => {
  const nodes = [node('node1', { ...CHINA, [HOST]: 'node1' }), node('node2', { ...CHINA, [HOST]: 'node2' }), node('node3', INDIA)];

  it('given the only S1 pod of node1 removed, then the pod\'s anti-affinity no longer fails node1; added back, it does', () => {
    const victim = pod(S1, { node: 'node1' });
    const ctx = ctxOf(...nodes, victim);
    const check = checkOf(ctx, pod(S2, { affinity: affinity({ antiRequired: [term(selector(inOp('security', 'S1')), HOST)] }) })) as NodeFilter;
    check.removePod?.(podInfoOf(victim), nodeNamed(ctx, 'node1'));
    expect(verdicts(ctx, check)).toEqual({ node1: 'ok', node2: 'ok', node3: 'ok' });
    check.addPod?.(podInfoOf(victim), nodeNamed(ctx, 'node1'));
    expect(verdicts(ctx, check)).toEqual({ node1: 'anti-affinity', node2: 'ok', node3: 'ok' });
  });

  it('given a pod with anti-affinity to the incoming pod added, then its domain fails; the pod\'s own affinity counts added pods', () => {
    const ctx = ctxOf(...nodes, pod({ app: 'x' }, { node: 'node3' }));
    const check = checkOf(ctx, pod(S1, { affinity: affinity({ required: [term(selector(inOp('app', 'x')), 'region')] }) })) as NodeFilter;
    expect(verdicts(ctx, check)).toEqual({ node1: 'affinity', node2: 'affinity', node3: 'ok' });
    check.addPod?.(podInfoOf(pod({ app: 'x' }, { node: 'node1' })), nodeNamed(ctx, 'node1'));
    expect(verdicts(ctx, check)).toEqual({ node1: 'ok', node2: 'ok', node3: 'ok' });
    const hater = pod({ app: 'y' }, { node: 'node3', affinity: affinity({ antiRequired: [term(selector(inOp('security', 'S1')), 'region')] }) });
    check.addPod?.(podInfoOf(hater), nodeNamed(ctx, 'node3'));
    expect(verdicts(ctx, check)).toEqual({ node1: 'ok', node2: 'ok', node3: 'existing anti-affinity' });
  });

  it('given the only matching pod removed, then the first-pod exception applies again', () => {
    const only = pod(S1, { node: 'node3' });
    const ctx = ctxOf(...nodes, only);
    const check = checkOf(ctx, pod(S1, { affinity: affinity({ required: [S1_IN_REGION] }) })) as NodeFilter;
    expect(verdicts(ctx, check)).toEqual({ node1: 'affinity', node2: 'affinity', node3: 'ok' });
    check.removePod?.(podInfoOf(only), nodeNamed(ctx, 'node3'));
    expect(verdicts(ctx, check)).toEqual({ node1: 'ok', node2: 'ok', node3: 'ok' });
  });
});

// -------------------------------------------------------------------------------------
// Score
// -------------------------------------------------------------------------------------

describe('InterPodAffinity Score (upstream TestPreferredAffinity)', () => {
  const three = [node('node1', CHINA), node('node2', INDIA), node('node3', AZ1)];

  it('upstream "all nodes are same priority as Affinity is nil": Skip', () => {
    expect(scoreAll(ctxOf(...three), pod(S1))).toBe('Skip');
  });

  it('given preferred terms that match no pod, then PreScore skips (no topology score)', () => {
    expect(scoreAll(ctxOf(...three, pod(S2, { node: 'node1' })), pod(S1, { affinity: stayWithS1InRegion }))).toBe('Skip');
  });

  it('upstream "Affinity: pod that matches topology key & pods in nodes will get high score …"', () => {
    const ctx = ctxOf(...three, pod(S1, { node: 'node1' }), pod(S2, { node: 'node2' }), pod(S1, { node: 'node3' }));
    expect(scoreAll(ctx, pod(S1, { affinity: stayWithS1InRegion }))).toEqual({ node1: 100, node2: 0, node3: 0 });
  });

  it('upstream "All the nodes that have the same topology key & label value … have the same score"', () => {
    const ctx = ctxOf(node('node1', CHINA), node('node2', CHINA_AZ1), node('node3', INDIA), pod(S1, { node: 'node1' }));
    expect(scoreAll(ctx, pod({}, { affinity: stayWithS1InRegion }))).toEqual({ node1: 100, node2: 100, node3: 0 });
  });

  it('upstream "Affinity: nodes in one region has more matching pods comparing to other region …"', () => {
    const nodes = [node('node1', CHINA), node('node2', INDIA), node('node3', CHINA), node('node4', CHINA), node('node5', INDIA)];
    const pods = ['node1', 'node1', 'node2', 'node3', 'node4', 'node5'].map((n) => pod(S2, { node: n }));
    expect(scoreAll(ctxOf(...nodes, ...pods), pod(S1, { affinity: stayWithS2InRegion }))).toEqual({ node1: 100, node2: 0, node3: 100, node4: 100, node5: 0 });
  });

  it('upstream "Affinity: different Label operators and values …": raw 2 / 10 / 0', () => {
    const affinity3 = affinity({
      preferred: [weighted(8, term(selector({ key: 'security', operator: 'NotIn', values: ['S1'] }, inOp('security', 'S2')), 'region')), weighted(2, term(SECURITY_EXISTS, 'region'))],
    });
    const ctx = ctxOf(...three, pod(S1, { node: 'node1' }), pod(S2, { node: 'node2' }), pod(S1, { node: 'node3' }));
    expect(scoreAll(ctx, pod(S1, { affinity: affinity3 }))).toEqual({ node1: 20, node2: 100, node3: 0 });
  });

  it('upstream "Affinity symmetry: considered only the preferredDuringSchedulingIgnoredDuringExecution …"', () => {
    const ctx = ctxOf(...three, pod(S1, { node: 'node1', affinity: stayWithS1InRegion }), pod(S2, { node: 'node2', affinity: stayWithS2InRegion }));
    expect(scoreAll(ctx, pod(S2))).toEqual({ node1: 0, node2: 100, node3: 0 });
  });

  it('upstream "Affinity symmetry: considered RequiredDuringSchedulingIgnoredDuringExecution …" (hardPodAffinityWeight 1 per term)', () => {
    const ctx = ctxOf(...three, pod(S1, { node: 'node1', affinity: hardAffinity }), pod(S2, { node: 'node2', affinity: hardAffinity }));
    expect(scoreAll(ctx, pod(S1))).toEqual({ node1: 100, node2: 100, node3: 0 });
  });

  it('upstream "Anti Affinity: one node has more matching pods …" and "Anti Affinity symmetry …"', () => {
    const ctx = ctxOf(node('node1', AZ1), node('node2', INDIA), pod(S1, { node: 'node1' }), pod(S1, { node: 'node1' }), pod(S2, { node: 'node2' }));
    expect(scoreAll(ctx, pod(S1, { affinity: awayFromS1InAz }))).toEqual({ node1: 0, node2: 100 });
    const sym = ctxOf(node('node1', AZ1), node('node2', AZ2), pod(S1, { node: 'node1', affinity: awayFromS2InAz }), pod(S2, { node: 'node2', affinity: awayFromS1InAz }));
    expect(scoreAll(sym, pod(S2))).toEqual({ node1: 0, node2: 100 });
  });

  it('upstream "Affinity and Anti Affinity and symmetry …": 8, −5, 8, −5', () => {
    const nodes = [node('node1', CHINA), node('node2', AZ1), node('node3', INDIA), node('node4', AZ2)];
    const pods = [
      pod(S1, { node: 'node1' }),
      pod(S2, { node: 'node2' }),
      pod({}, { node: 'node3', affinity: stayWithS1InRegionAwayFromS2InAz }),
      pod({}, { node: 'node4', affinity: awayFromS1InAz }),
    ];
    expect(scoreAll(ctxOf(...nodes, ...pods), pod(S1, { affinity: stayWithS1InRegionAwayFromS2InAz }))).toEqual({ node1: 100, node2: 0, node3: 100, node4: 0 });
  });

  it('upstream "Avoid panic when partial nodes in a topology don\'t have pods with affinity": equal raw scores normalize to 0', () => {
    const ctx = ctxOf(node('node1', CHINA), node('node2', CHINA), pod(S1, { node: 'node1' }), pod({}, { node: 'node2', affinity: stayWithS1InRegionAwayFromS2InAz }));
    expect(scoreAll(ctx, pod(S1))).toEqual({ node1: 0, node2: 0 });
  });

  it('upstream "Affinity with pods matching NamespaceSelector" (namespaces and namespaceSelector ORed)', () => {
    const t1 = { team: 'team1' };
    const t2 = { team: 'team2' };
    const nss = [namespace('subteam1-team1', t1), namespace('subteam2-team1', t1), namespace('subteam1-team2', t2), namespace('subteam2-team2', t2)];
    const nsAffinity = affinity({ preferred: [weighted(5, term(selector(inOp('security', 'S1')), 'region', { namespaces: ['subteam2-team2'], namespaceSelector: { matchExpressions: [inOp('team', 'team1')] } }))] });
    const pods = [
      pod(S1, { node: 'node1', ns: 'subteam1-team1' }),
      pod(S1, { node: 'node1', ns: 'subteam1-team1' }),
      pod(S1, { node: 'node1', ns: 'subteam1-team2' }),
      pod(S1, { node: 'node2', ns: 'subteam2-team1' }),
    ];
    const ctx = ctxOf(...nss, node('node1', CHINA), node('node2', INDIA), ...pods);
    expect(scoreAll(ctx, pod(S1, { ns: 'subteam1-team1', affinity: nsAffinity }))).toEqual({ node1: 100, node2: 0 });
  });

  it('given raw scores 8, −5 and 0, then normalization divides first in float64: trunc(100·5/13) = 38', () => {
    const ctx = ctxOf(node('node1', CHINA), node('node2', AZ1), node('node3', INDIA), pod(S1, { node: 'node1' }), pod(S2, { node: 'node2' }));
    expect(scoreAll(ctx, pod(S1, { affinity: stayWithS1InRegionAwayFromS2InAz }))).toEqual({ node1: 100, node2: 0, node3: 38 });
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

describe('InterPodAffinity: a cache followed step by step agrees with fresh snapshots', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: 30 steps of binds and graceful deletes of pods with and without (anti-)affinity`, () => {
      const rand = lcg(seed);
      const names = ['node1', 'node2', 'node3', 'node4', 'node5'];
      const nodes = [node('node1', { ...CHINA_AZ1, [HOST]: 'node1' }), node('node2', { ...CHINA, [HOST]: 'node2' }), node('node3', { ...INDIA, az: 'az2', [HOST]: 'node3' }), node('node4', { ...AZ1, [HOST]: 'node4' }), node('node5', { [HOST]: 'node5' })];
      const affinities = [
        undefined,
        undefined,
        stayWithS1InRegion,
        awayFromS2InAz,
        hardAffinity,
        affinity({ antiRequired: [term(selector(inOp('security', 'S2')), HOST)] }),
        affinity({ antiRequired: [term(selector(inOp('security', 'S1')), 'region', { namespaceSelector: { matchLabels: { team: 'a' } } })] }),
      ];
      const labelsOf = [S1, S2, { ...S1, app: 'web' }, {}];
      let g = given(namespace('team-a', { team: 'a' }), ...nodes);
      const cache = new SchedulerCache();
      let state = g.records.reduce(evolve, emptyState);
      cache.snapshot(state);
      const incomingPods = [
        pod(S1, { name: 'in-1', affinity: affinity({ required: [S1_IN_REGION], antiRequired: [term(selector(inOp('security', 'S2')), 'az')] }) }),
        pod(S2, { name: 'in-2', affinity: stayWithS1InRegionAwayFromS2InAz }),
        pod(S1, { name: 'in-3', ns: 'team-a' }),
        pod({ ...S1, app: 'web' }, { name: 'in-4', affinity: affinity({ required: [term(selector(inOp('app', 'web')), HOST, { namespaceSelector: {} })] }) }),
      ];
      const bound: { name: string; ns: string }[] = [];
      for (let step = 0; step < 30; step++) {
        const before = g.records.length;
        if (bound.length > 0 && rand() < 0.25) {
          const victim = bound.splice(Math.floor(rand() * bound.length), 1)[0] as { name: string; ns: string };
          g = g.and({ type: 'Delete', ref: { kind: 'Pod', namespace: victim.ns, name: victim.name } });
        } else {
          const ns = rand() < 0.3 ? 'team-a' : 'default';
          const p = pod(labelsOf[Math.floor(rand() * labelsOf.length)] as Record<string, string>, {
            name: `e${step}`,
            ns,
            node: names[Math.floor(rand() * names.length)] as string,
            affinity: affinities[Math.floor(rand() * affinities.length)],
          });
          g = g.create(p);
          bound.push({ name: p.metadata.name, ns });
        }
        for (const record of g.records.slice(before)) {
          const after = evolve(state, record);
          cache.observe(record, state, after);
          state = after;
        }
        const followed: CycleContext = { state, snapshot: cache.snapshot(state) };
        const fresh: CycleContext = { state, snapshot: snapshotOf(state) };
        for (const p of incomingPods) {
          expect(filterAll(followed, p), `seed ${seed} step ${step} ${p.metadata.name}`).toEqual(filterAll(fresh, p));
          expect(scoreAll(followed, p), `seed ${seed} step ${step} ${p.metadata.name}`).toEqual(scoreAll(fresh, p));
        }
      }
    });
  }
});
