import { isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/api/actions.js';
import type { KubeObject } from '../../src/api/meta.js';
import type { Pod } from '../../src/api/pod.js';
import { fromLabelSelector } from '../../src/api/selector.js';
import { seededRng } from '../../src/engine/rng.js';
import type { EventRecord } from '../../src/log/events.js';
import { podInfoOf, snapshotOf } from '../../src/scheduler/cache.js';
import { scheduleCycle } from '../../src/scheduler/framework.js';
import type { Budget, PostFilterOutcome } from '../../src/scheduler/preemption.js';
import { NOT_ELIGIBLE_NEVER, NOT_ELIGIBLE_TERMINATING, numCandidates, postFilter, splitByBudgets } from '../../src/scheduler/preemption.js';
import * as interPodAffinity from '../../src/scheduler/plugins/interpodaffinity.js';
import { defaultProfile } from '../../src/scheduler/profile.js';
import { getPod } from '../../src/state/queries.js';
import type { Given } from '../support/given.js';
import { given, SEED } from '../support/given.js';
import { at, create, nodesOf, pod, pool, runCluster } from '../support/fixtures.js';

// -------------------------------------------------------------------------------------
// fixtures
// -------------------------------------------------------------------------------------

const priorityClass = (name: string, value: number, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'scheduling.k8s.io/v1',
  kind: 'PriorityClass',
  metadata: { name },
  value,
  ...extra,
});

const CLASSES = [priorityClass('low', 100), priorityClass('mid', 500), priorityClass('high', 1000), priorityClass('polite', 1000, { preemptionPolicy: 'Never' })];

type PodOpts = Parameters<typeof pod>[1] & { cls?: string; antiAffinity?: Record<string, string> };

/** A pod of a priority class; with `nodeName` it is bound (bypassing the scheduler). */
const classPod = (name: string, opts: PodOpts = {}): KubeObject => {
  const p = pod(name, opts) as KubeObject & { spec: Record<string, unknown> };
  const anti = opts.antiAffinity === undefined ? {} : { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: opts.antiAffinity }, topologyKey: 'kubernetes.io/hostname' }] } } };
  return { ...p, spec: { ...p.spec, ...(opts.cls === undefined ? {} : { priorityClassName: opts.cls }), ...anti } };
};

const pdb = (name: string, matchLabels: Record<string, string>): KubeObject => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec: { minAvailable: 1, selector: { matchLabels } } });

const podRef = (g: Given, name: string) => {
  const p = getPod(g.state, 'default', name) as Pod;
  return { kind: 'Pod', namespace: 'default', name, uid: p.metadata.uid ?? '' };
};

/** Sets status fields of a stored object (what the kubelet or a controller would write). */
const withStatus = (g: Given, kind: string, name: string, status: Record<string, unknown>): Given => {
  const o = g.state.objects.get(kind)?.get(`default/${name}`) as KubeObject;
  return g.and({ type: 'UpdateStatus', ref: { kind, namespace: 'default', name, uid: o.metadata.uid ?? '' }, status: { ...(o['status'] as object | undefined), ...status } });
};

const started = (g: Given, name: string, second: number): Given => withStatus(g, 'Pod', name, { startTime: `2025-01-01T00:00:${String(second).padStart(2, '0')}Z` });

/** One scheduling cycle of `name` against the state, then PostFilter (the pod must not fit). */
const preempt = (g: Given, name: string, seed = SEED): PostFilterOutcome => {
  const ctx = { state: g.state, snapshot: snapshotOf(g.state) };
  const p = getPod(g.state, 'default', name) as Pod;
  const info = podInfoOf(p);
  const result = scheduleCycle(ctx, defaultProfile, info, 0, seededRng(seed), p.status?.nominatedNodeName);
  if (result.type !== 'Unschedulable') throw new Error(`seed ${seed}: ${name} fits on ${result.node}`);
  return postFilter(ctx, defaultProfile, info, result, seededRng(seed).split('preempt'), 60_000);
};

const types = (o: PostFilterOutcome): string[] => o.requests.map((r) => `${r.action.type} ${'ref' in r.action ? r.action.ref.name : 'pod' in r.action ? r.action.pod.name : ''}`);

const oneNode = (...objects: KubeObject[]): Given => given(...CLASSES, ...nodesOf(pool('n', 1, '4')), ...objects);

// -------------------------------------------------------------------------------------
// specs
// -------------------------------------------------------------------------------------

describe('preemption eligibility (upstream PodEligibleToPreemptOthers)', () => {
  it('given preemptionPolicy Never from the class, then the pod preempts nobody', () => {
    const g = oneNode(classPod('victim', { cpu: '4', nodeName: 'n-0', cls: 'low' }), classPod('p', { cpu: '1', cls: 'polite' }));
    expect(preempt(g, 'p')).toEqual({ message: `preemption: ${NOT_ELIGIBLE_NEVER}`, requests: [] });
  });

  it('given victims it preempted still terminating on its nominated node, then it waits (nomination kept)', () => {
    let g = oneNode(classPod('victim', { cpu: '3', nodeName: 'n-0', cls: 'low' }), classPod('other', { cpu: '1', nodeName: 'n-0', cls: 'low' }), classPod('p', { cpu: '2', cls: 'high' }));
    g = withStatus(g, 'Pod', 'victim', { conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod' }] });
    g = g.and({ type: 'Delete', ref: podRef(g, 'victim') }).and({ type: 'Nominate', pod: podRef(g, 'p'), node: 'n-0' });
    expect(preempt(g, 'p')).toEqual({ message: `preemption: ${NOT_ELIGIBLE_TERMINATING}`, requests: [] });
  });

  it('given a terminating pod the scheduler did not preempt (no DisruptionTarget), then it may preempt again', () => {
    let g = oneNode(classPod('leaving', { cpu: '3', nodeName: 'n-0', cls: 'low' }), classPod('other', { cpu: '1', nodeName: 'n-0', cls: 'low' }), classPod('p', { cpu: '2', cls: 'high' }));
    g = g.and({ type: 'Delete', ref: podRef(g, 'leaving') }).and({ type: 'Nominate', pod: podRef(g, 'p'), node: 'n-0' });
    expect(preempt(g, 'p').nominatedNode).toBe('n-0');
  });
});

describe('victims on a node (upstream SelectVictimsOnNode)', () => {
  it('given equal priorities, then the most recently started pods go and the oldest are reprieved', () => {
    let g = oneNode(...['a', 'b', 'c', 'd'].map((n) => classPod(n, { cpu: '1', nodeName: 'n-0', cls: 'low' })), classPod('p', { cpu: '1500m', cls: 'high' }));
    g = started(started(started(started(g, 'a', 4), 'b', 1), 'c', 3), 'd', 2);
    const out = preempt(g, 'p');
    expect(out.victims).toEqual(['default/c', 'default/a']);
    expect(types(out)).toEqual(['UpdateStatus c', 'Delete c', 'UpdateStatus a', 'Delete a', 'Nominate p']);
    expect(out.message).toBeUndefined();
  });

  it('marks each victim DisruptionTarget in the scheduler\'s words, then deletes it gracefully, as the scheduler', () => {
    const g = oneNode(classPod('a', { cpu: '4', nodeName: 'n-0', cls: 'low' }), classPod('p', { cpu: '1', cls: 'high' }));
    const [status, del, nominate] = preempt(g, 'p').requests;
    expect(status).toMatchObject({ actor: 'scheduler', reason: 'Preempted', action: { type: 'UpdateStatus', ref: podRef(g, 'a') } });
    const conditions = (status?.action as Extract<Action, { type: 'UpdateStatus' }>).status['conditions'];
    expect(conditions).toEqual([
      { type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod', lastProbeTime: null, lastTransitionTime: '2025-01-01T00:01:00Z' },
    ]);
    expect(del).toEqual({ actor: 'scheduler', reason: 'Preempted', action: { type: 'Delete', ref: podRef(g, 'a') } });
    expect(nominate).toEqual({ actor: 'scheduler', reason: 'Nominated', action: { type: 'Nominate', pod: podRef(g, 'p'), node: 'n-0' } });
  });

  it('never picks pods of equal or higher priority; a node that still does not fit is reported with the filter\'s reason', () => {
    const g = oneNode(classPod('peer', { cpu: '3', nodeName: 'n-0', cls: 'high' }), classPod('small', { cpu: '1', nodeName: 'n-0', cls: 'low' }), classPod('p', { cpu: '2', cls: 'high' }));
    expect(preempt(g, 'p')).toEqual({ message: 'preemption: 0/1 nodes are available: 1 Insufficient cpu.', requests: [], nominatedNode: '' });
  });

  it('tells nodes without lower-priority pods from nodes preemption cannot help', () => {
    const g = given(
      ...CLASSES,
      ...nodesOf(pool('n', 2, '4'), { name: 't', count: 1, capacity: { cpu: '4', memory: '8Gi', pods: '110' }, taints: [{ key: 'x', value: 'y', effect: 'NoSchedule' }] }),
      classPod('a', { cpu: '4', nodeName: 'n-0', cls: 'high' }),
      classPod('b', { cpu: '4', nodeName: 'n-1', cls: 'high' }),
      classPod('p', { cpu: '1', cls: 'high' }),
    );
    expect(preempt(g, 'p').message).toBe('preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.');
  });

  it('keeps the plugins\' what-if state right: a victim the pod is anti-affine to goes, and the cycle\'s state is restored', () => {
    const g = oneNode(classPod('batch', { cpu: '100m', nodeName: 'n-0', cls: 'low', labels: { app: 'batch' } }), classPod('p', { cpu: '100m', cls: 'high', antiAffinity: { app: 'batch' } }));
    const profile = { ...defaultProfile, filters: [...defaultProfile.filters, interPodAffinity.filter] };
    const ctx = { state: g.state, snapshot: snapshotOf(g.state) };
    const info = podInfoOf(getPod(g.state, 'default', 'p') as Pod);
    const result = scheduleCycle(ctx, profile, info, 0, seededRng(SEED));
    expect(result.type === 'Unschedulable' && result.failures.get('n-0')?.reasons).toEqual(["node(s) didn't match pod anti-affinity rules"]);
    if (result.type !== 'Unschedulable') return;
    expect(postFilter(ctx, profile, info, result, seededRng(SEED)).victims).toEqual(['default/batch']);
    const node = ctx.snapshot.byName.get('n-0');
    expect(node && result.filters.checks.find((c) => c.name === 'InterPodAffinity')?.check.filter(node)?.reasons).toEqual(["node(s) didn't match pod anti-affinity rules"]);
  });
});

describe('PodDisruptionBudgets', () => {
  it('reprieves a pod a budget protects before a more important one it does not', () => {
    let g = oneNode(classPod('db', { cpu: '2', nodeName: 'n-0', cls: 'low', labels: { app: 'db' } }), classPod('web', { cpu: '2', nodeName: 'n-0', cls: 'low', labels: { app: 'web' } }), pdb('db', { app: 'db' }), classPod('p', { cpu: '2', cls: 'high' }));
    g = started(started(g, 'web', 1), 'db', 5); // web is older: without the budget, db would go
    expect(preempt(g, 'p').victims).toEqual(['default/web']);
  });

  it('given a budget that allows a disruption, then its pod is an ordinary victim again', () => {
    let g = oneNode(classPod('db', { cpu: '2', nodeName: 'n-0', cls: 'low', labels: { app: 'db' } }), classPod('web', { cpu: '2', nodeName: 'n-0', cls: 'low', labels: { app: 'web' } }), pdb('db', { app: 'db' }), classPod('p', { cpu: '2', cls: 'high' }));
    g = withStatus(started(started(g, 'web', 1), 'db', 5), 'PodDisruptionBudget', 'db', { disruptionsAllowed: 1 });
    expect(preempt(g, 'p').victims).toEqual(['default/db']);
  });

  it('spends disruptionsAllowed pod by pod, skipping disruptedPods, other namespaces and pods without labels', () => {
    const selector = fromLabelSelector({ matchLabels: { app: 'db' } });
    if (!isRight(selector)) throw new Error('selector');
    const budget: Budget = { namespace: 'default', selector: selector.right, allowed: 1, disrupted: new Set(['a']) };
    const item = (name: string, labels?: Record<string, string>, namespace = 'default') => ({ pod: { metadata: { name, namespace, ...(labels === undefined ? {} : { labels }) } } as unknown as Pod });
    const pods = [item('a', { app: 'db' }), item('b', { app: 'db' }), item('other', { app: 'db' }, 'prod'), item('bare'), item('c', { app: 'db' }), item('d', { app: 'db' })];
    const { violating, nonViolating } = splitByBudgets(pods, [budget]);
    expect(violating.map((p) => p.pod.metadata.name)).toEqual(['c', 'd']);
    expect(nonViolating.map((p) => p.pod.metadata.name)).toEqual(['a', 'b', 'other', 'bare']);
  });

  it('prefers the node whose victims violate no budget', () => {
    const g = given(
      ...CLASSES,
      ...nodesOf(pool('n', 2, '4')),
      classPod('db', { cpu: '4', nodeName: 'n-0', cls: 'low', labels: { app: 'db' } }),
      classPod('web', { cpu: '4', nodeName: 'n-1', cls: 'mid', labels: { app: 'web' } }),
      pdb('db', { app: 'db' }),
      classPod('p', { cpu: '1', cls: 'high' }),
    );
    // db has the lower priority, but preempting it would violate its budget
    for (const seed of [1, 2, 3, 4]) expect(preempt(g, 'p', seed).nominatedNode).toBe('n-1');
  });
});

describe('which node (upstream pickOneNodeForPreemption)', () => {
  const twoNodes = (a: KubeObject[], b: KubeObject[], p: KubeObject): Given => given(...CLASSES, ...nodesOf(pool('n', 2, '4')), ...a, ...b, p);
  const high = (cpu: string): KubeObject => classPod('p', { cpu, cls: 'high' });

  it('the lowest highest-priority victim', () => {
    const g = twoNodes([classPod('a', { cpu: '4', nodeName: 'n-0', cls: 'mid' })], [classPod('b', { cpu: '4', nodeName: 'n-1', cls: 'low' })], high('1'));
    for (const seed of [1, 2, 3, 4]) expect(preempt(g, 'p', seed).nominatedNode).toBe('n-1');
  });

  it('then the smallest sum of priorities', () => {
    const g = twoNodes(
      [classPod('a1', { cpu: '2', nodeName: 'n-0', cls: 'mid' }), classPod('a2', { cpu: '2', nodeName: 'n-0', cls: 'mid' })],
      [classPod('b1', { cpu: '2', nodeName: 'n-1', cls: 'mid' }), classPod('b2', { cpu: '2', nodeName: 'n-1', cls: 'low' })],
      high('4'),
    );
    for (const seed of [1, 2, 3, 4]) expect(preempt(g, 'p', seed).nominatedNode).toBe('n-1');
  });

  it('then the fewest victims (reachable only when the sums tie: upstream adds 2^31 per victim)', () => {
    const g = given(
      ...CLASSES,
      priorityClass('floor', -(2 ** 31)),
      ...nodesOf(pool('n', 2, '4')),
      classPod('a', { cpu: '4', nodeName: 'n-0', cls: 'low' }),
      classPod('b1', { cpu: '2', nodeName: 'n-1', cls: 'low' }),
      classPod('b2', { cpu: '2', nodeName: 'n-1', cls: 'floor' }),
      high('3'),
    );
    for (const seed of [1, 2, 3, 4]) expect(preempt(g, 'p', seed).nominatedNode).toBe('n-0');
  });

  it('the sum counts each victim 2^31 above its priority, so fewer victims usually win already', () => {
    const g = twoNodes(
      [classPod('a1', { cpu: '2', nodeName: 'n-0', cls: 'low' }), classPod('a2', { cpu: '2', nodeName: 'n-0', cls: 'low' })],
      [classPod('b1', { cpu: '3', nodeName: 'n-1', cls: 'low' }), classPod('b2', { cpu: '1', nodeName: 'n-1', cls: 'high' })],
      high('3'),
    );
    for (const seed of [1, 2, 3, 4]) expect(preempt(g, 'p', seed)).toMatchObject({ nominatedNode: 'n-1', victims: ['default/b1'] });
  });

  it('then the latest start time of the highest-priority victims', () => {
    let g = twoNodes([classPod('a', { cpu: '4', nodeName: 'n-0', cls: 'low' })], [classPod('b', { cpu: '4', nodeName: 'n-1', cls: 'low' })], high('1'));
    g = started(started(g, 'a', 9), 'b', 3);
    for (const seed of [1, 2, 3, 4]) expect(preempt(g, 'p', seed).nominatedNode).toBe('n-0');
  });

  it('then the first candidate found, from a seeded offset: the same for a seed, both nodes over seeds', () => {
    const g = twoNodes([classPod('a', { cpu: '4', nodeName: 'n-0', cls: 'low' })], [classPod('b', { cpu: '4', nodeName: 'n-1', cls: 'low' })], high('1'));
    const picks = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => preempt(g, 'p', seed).nominatedNode);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => preempt(g, 'p', seed).nominatedNode)).toEqual(picks);
    expect(new Set(picks)).toEqual(new Set(['n-0', 'n-1']));
  });

  it.each([
    [1, 1],
    [50, 50],
    [100, 100],
    [999, 100],
    [1000, 100],
    [1009, 100],
    [5000, 500],
  ])('%i candidate nodes → dry-run until %i candidates (a tenth, at least 100)', (nodes, wanted) => {
    expect(numCandidates(nodes)).toBe(wanted);
  });
});

describe('nominations', () => {
  it('clears lower-priority pods nominated to the chosen node and keeps the others', () => {
    let g = oneNode(classPod('a', { cpu: '4', nodeName: 'n-0', cls: 'low' }), classPod('waiting-low', { cpu: '1', cls: 'low' }), classPod('waiting-high', { cpu: '1', cls: 'high' }), classPod('p', { cpu: '1', cls: 'high' }));
    g = g.and({ type: 'Nominate', pod: podRef(g, 'waiting-low'), node: 'n-0' }).and({ type: 'Nominate', pod: podRef(g, 'waiting-high'), node: 'n-0' });
    const out = preempt(g, 'p');
    expect(types(out)).toEqual(['Nominate waiting-low', 'UpdateStatus a', 'Delete a', 'Nominate p']);
    expect(out.requests[0]?.action).toEqual({ type: 'Nominate', pod: podRef(g, 'waiting-low'), node: '' });
  });

  it('counts equal or higher-priority nominated pods as placed: they keep the room they were promised', () => {
    let g = oneNode(classPod('a', { cpu: '2', nodeName: 'n-0', cls: 'low' }), classPod('b', { cpu: '2', nodeName: 'n-0', cls: 'low' }), classPod('promised', { cpu: '2', cls: 'high' }), classPod('p', { cpu: '2', cls: 'high' }));
    g = g.and({ type: 'Nominate', pod: podRef(g, 'promised'), node: 'n-0' });
    expect(preempt(g, 'p').victims).toEqual(['default/a', 'default/b']);
  });

  it('clears the pod\'s own nomination when no node can be made to fit', () => {
    let g = oneNode(classPod('a', { cpu: '4', nodeName: 'n-0', cls: 'high' }), classPod('p', { cpu: '1', cls: 'high' }));
    g = g.and({ type: 'Nominate', pod: podRef(g, 'p'), node: 'n-0' });
    const out = preempt(g, 'p');
    expect(out.nominatedNode).toBe('');
    expect(out.requests.map((r) => r.action)).toEqual([{ type: 'Nominate', pod: podRef(g, 'p'), node: '' }]);
  });

  it('records a nomination as PodNominated on status.nominatedNodeName, and a clearing removes the field', () => {
    let g = oneNode(classPod('p', { cpu: '1', cls: 'high' }));
    g = g.and({ type: 'Nominate', pod: podRef(g, 'p'), node: 'n-0' });
    expect(g.records.at(-1)?.event).toEqual({ type: 'PodNominated', pod: podRef(g, 'p'), node: 'n-0' });
    expect(getPod(g.state, 'default', 'p')?.status?.nominatedNodeName).toBe('n-0');
    const same = g.decide({ type: 'Nominate', pod: podRef(g, 'p'), node: 'n-0' });
    expect(isRight(same) && same.right).toEqual([]);
    g = g.and({ type: 'Nominate', pod: podRef(g, 'p'), node: '' });
    expect(getPod(g.state, 'default', 'p')?.status).not.toHaveProperty('nominatedNodeName');
  });
});

// -------------------------------------------------------------------------------------
// a running cluster
// -------------------------------------------------------------------------------------

describe('preemption in a running cluster (default controllers)', () => {
  const low = (i: number) => classPod(`low-${i}`, { cpu: '2', cls: 'low', labels: { tier: 'batch' } });
  const withGrace = (o: KubeObject, seconds: number): KubeObject => ({ ...o, spec: { ...(o['spec'] as object), terminationGracePeriodSeconds: seconds } });
  const run = (seed: number) => {
    const r = runCluster([...CLASSES, ...nodesOf(pool('n', 2, '4')), ...[0, 1, 2, 3].map((i) => withGrace(low(i), 5))], [at(10_000, create(classPod('urgent', { cpu: '3', cls: 'high' })))], { seed, durationMs: 40_000 });
    if (!isRight(r)) throw new Error(`seed ${seed}: ${JSON.stringify(r.left)}`);
    return r.right;
  };
  const of = (records: readonly EventRecord[], type: string, name?: string) =>
    records.filter((r) => r.event.type === type && (name === undefined || JSON.stringify(r.event).includes(`"name":"${name}"`)));

  it.each([1, 2, 3])('seed %i: the urgent pod preempts the two low pods of one node, which terminate gracefully, and is bound there', (seed) => {
    const { records, state } = run(seed);
    const nominated = of(records, 'PodNominated', 'urgent');
    expect(nominated.map((r) => r.timeMs)).toEqual([10_000]);
    const node = (nominated[0]?.event as { node: string }).node;
    const victims = of(records, 'ObjectDeleting').filter((r) => r.actor === 'scheduler' && r.reason === 'Preempted');
    expect(victims).toHaveLength(2);
    expect(victims.every((r) => r.event.type === 'ObjectDeleting' && r.event.gracePeriodSeconds === 5)).toBe(true);
    const gone = of(records, 'ObjectDeleted').filter((r) => victims.some((v) => v.event.type === 'ObjectDeleting' && r.event.type === 'ObjectDeleted' && v.event.ref.name === r.event.ref.name));
    expect(gone.map((r) => r.timeMs)).toEqual([15_000, 15_000]);
    const bound = of(records, 'PodBound', 'urgent');
    expect(bound.map((r) => [r.timeMs, (r.event as { node: string }).node])).toEqual([[15_000, node]]);
    expect(getPod(state, 'default', 'urgent')?.status).toMatchObject({ nominatedNodeName: node, phase: 'Running' });
    const first = of(records, 'PodUnschedulable', 'urgent')[0]?.event as { message: string };
    expect(first.message).toBe('0/2 nodes are available: 2 Insufficient cpu.');
  });

  it('is deterministic: the same seed writes the same log', () => {
    expect(JSON.stringify(run(5).records)).toBe(JSON.stringify(run(5).records));
  });
});
