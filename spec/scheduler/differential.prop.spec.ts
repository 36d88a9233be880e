/**
 * Differential property: the optimised scheduler (src/scheduler) against a plain reference
 * written from upstream kube-scheduler v1.34 (spec/scheduler/reference/). For random small
 * clusters and one pending pod it checks the node-tree order, every node's filter verdict
 * (first failing plugin, code, reasons), the feasible set, the `rejected` histogram and the
 * Unschedulable result's per-node failures, every score plugin's normalized score on every
 * feasible node, the winner (one of the reference's best) with its total and plugin scores,
 * and, on more than 100 nodes with other percentages, upstream's numFeasibleNodesToFind.
 *
 * KUBESIM_LONG=1 runs a campaign ~25× larger (about two minutes). A failure prints the fast-check seed and path
 * and a JSON manifest of the scenario (objects in creation order) that reproduces it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import type { Pod } from '../../src/api/pod.js';
import { seededRng } from '../../src/engine/rng.js';
import { podInfoOf, snapshotOf } from '../../src/scheduler/cache.js';
import { scheduleCycle } from '../../src/scheduler/framework.js';
import * as interPodAffinity from '../../src/scheduler/plugins/interpodaffinity.js';
import * as podTopologySpread from '../../src/scheduler/plugins/podtopologyspread.js';
import { defaultProfile } from '../../src/scheduler/profile.js';
import type { Profile } from '../../src/scheduler/types.js';
import { getPod } from '../../src/state/queries.js';
import type { Scenario } from './reference/arbitraries.js';
import { scenarioArb } from './reference/arbitraries.js';
import { buildState, differential } from './reference/harness.js';

const LONG = process.env['KUBESIM_LONG'] === '1';
const SEED = 20260301;

/**
 * Disagreements this property found, now fixed and covered by the random cases too:
 * - sidecarRequests: podRequests ignored init containers with restartPolicy Always
 *   (upstream adds them to the pod's requests).
 * - imageSizePerNode: ImageLocality read each node's own reported size of an image;
 *   upstream's ImageStateSummary keeps the size the first node added to the cache reported.
 */
const KNOWN_BUGS = { sidecarRequests: false, imageSizePerNode: false };
const AVOID = { sidecars: !KNOWN_BUGS.sidecarRequests, imageSizesVary: !KNOWN_BUGS.imageSizePerNode };

const withPercentage = (profile: Profile, percentageOfNodesToScore: number): Profile => ({ ...profile, percentageOfNodesToScore });

/** The default profile plus PodTopologySpread and InterPodAffinity (upstream's filter order and weights) where it lacks them. */
const fullProfile = (): Profile => {
  const filters = defaultProfile.filters.map((f) => f.name);
  const scores = defaultProfile.scores.map((s) => s.plugin.name);
  return {
    ...defaultProfile,
    filters: [...defaultProfile.filters, ...[podTopologySpread.filter, interPodAffinity.filter].filter((f) => !filters.includes(f.name))],
    scores: [
      ...defaultProfile.scores,
      ...[
        { plugin: podTopologySpread.score, weight: 2 },
        { plugin: interPodAffinity.score, weight: 2 },
      ].filter((s) => !scores.includes(s.plugin.name)),
    ],
  };
};

const reproduction = (s: Scenario): string =>
  JSON.stringify({ objects: [...s.namespaces, ...s.nodes, ...s.services, ...s.owners, ...s.pods, s.incoming], succeeded: s.succeeded, terminating: s.terminating, startIndex: s.startIndex, seed: s.seed });

const agrees = (profile: Profile) => (s: Scenario) => {
  const { problems } = differential(s, profile);
  if (problems.length > 0) throw new Error(`${problems.length} disagreement(s) (rng seed ${s.seed}):\n  ${problems.slice(0, 8).join('\n  ')}\nscenario: ${reproduction(s)}`);
};

/** Prints a scenario as its size in a counterexample (the error message carries the manifest). */
const labelled = (arb: fc.Arbitrary<Scenario>): fc.Arbitrary<Scenario> =>
  arb.map((s) => Object.assign(s, { [fc.toStringMethod]: () => `<scenario: ${s.nodes.length} nodes, ${s.pods.length} pods, start ${s.startIndex}, rng seed ${s.seed}>` }));

const small = (roomy: boolean) => labelled(scenarioArb({ minNodes: 1, maxNodes: 30, maxPods: 30, roomy, ...AVOID }));

describe(`scheduler vs the upstream reference (property, seed ${SEED})`, () => {
  it(`default profile at percentageOfNodesToScore 100 (seed ${SEED})`, () => {
    fc.assert(fc.property(small(false), agrees(withPercentage(defaultProfile, 100))), { seed: SEED, numRuns: LONG ? 6000 : 250 });
  });

  it(`with PodTopologySpread and InterPodAffinity (seed ${SEED + 1})`, () => {
    fc.assert(fc.property(small(false), agrees(withPercentage(fullProfile(), 100))), { seed: SEED + 1, numRuns: LONG ? 6000 : 250 });
  });

  it(`with PodTopologySpread and InterPodAffinity, roomy nodes so that inter-pod rules decide (seed ${SEED + 2})`, () => {
    fc.assert(fc.property(small(true), agrees(withPercentage(fullProfile(), 100))), { seed: SEED + 2, numRuns: LONG ? 6000 : 250 });
  });

  it(`on more than 100 nodes, visits nodes from the start index until numFeasibleNodesToFind are feasible (seed ${SEED + 3})`, () => {
    // roomy clusters have more than numFeasibleNodesToFind feasible nodes, so the visit stops early
    const big = (roomy: boolean) => labelled(scenarioArb({ minNodes: 101, maxNodes: 240, maxPods: 40, roomy, ...AVOID }));
    fc.assert(
      fc.property(fc.oneof(big(true), big(false)), fc.constantFrom(0, 5, 30, 50, 70), (s, pct) => agrees(withPercentage(fullProfile(), pct))(s)),
      { seed: SEED + 3, numRuns: LONG ? 400 : 40 },
    );
  });
});

// -------------------------------------------------------------------------------------
// examples
// -------------------------------------------------------------------------------------

const node = (name: string, opts: { labels?: Record<string, string>; cpu?: string; memory?: string; pods?: string; taints?: unknown[]; unschedulable?: boolean; images?: unknown[] } = {}): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...opts.labels } },
    spec: { ...(opts.taints === undefined ? {} : { taints: opts.taints }), ...(opts.unschedulable === true ? { unschedulable: true } : {}) },
    status: { allocatable: { cpu: opts.cpu ?? '4', memory: opts.memory ?? '8Gi', pods: opts.pods ?? '110' }, ...(opts.images === undefined ? {} : { images: opts.images }) },
  }) as KubeObject;

const podObject = (name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}, extra: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels, ...extra }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' } } }], ...spec } }) as KubeObject;

const scenario = (s: Partial<Scenario> & { nodes: readonly KubeObject[]; incoming: KubeObject }): Scenario => ({
  namespaces: [],
  services: [],
  owners: [],
  pods: [],
  succeeded: [],
  terminating: [],
  startIndex: 0,
  seed: 1,
  ...s,
});

const at100 = withPercentage(defaultProfile, 100);

describe('scheduler vs the upstream reference (examples)', () => {
  it('a tie between identical nodes: every one of them is among the best, and the seed decides', () => {
    const s = scenario({ nodes: [node('node-0'), node('node-1'), node('node-2')], incoming: podObject('incoming', {}) });
    const { ref, problems } = differential(s, at100);
    expect(problems).toEqual([]);
    expect([...ref.best].sort()).toEqual(['node-0', 'node-1', 'node-2']);
    const state = buildState(s);
    const pod = podInfoOf(getPod(state, 'default', 'incoming') as Pod);
    const picks = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) {
      const r = scheduleCycle({ state, snapshot: snapshotOf(state) }, at100, pod, 0, seededRng(seed));
      if (r.type === 'Feasible') picks.add(r.node);
    }
    expect([...picks].sort()).toEqual(['node-0', 'node-1', 'node-2']);
  });

  it('a pod that fits nowhere: one reason per node, as upstream words them', () => {
    const s = scenario({
      nodes: [
        node('node-0', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }),
        node('node-1', { cpu: '500m' }),
        node('node-2', { labels: { disk: 'hdd' } }),
        node('node-3', { unschedulable: true }),
        node('node-4', { cpu: '250m', pods: '0' }),
      ],
      incoming: podObject('incoming', { nodeSelector: { disk: 'ssd' }, containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '1' } } }] }),
    });
    const { ref, result, problems } = differential(s, at100);
    expect(problems).toEqual([]);
    expect(result.type).toBe('Unschedulable');
    expect(Object.fromEntries(ref.verdicts)).toEqual({
      'node-0': { plugin: 'TaintToleration', code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {dedicated: gpu}'] },
      'node-1': { plugin: 'NodeAffinity', code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match Pod's node affinity/selector"] },
      'node-2': { plugin: 'NodeAffinity', code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match Pod's node affinity/selector"] },
      'node-3': { plugin: 'NodeUnschedulable', code: 'UnschedulableAndUnresolvable', reasons: ['node(s) were unschedulable'] },
      'node-4': { plugin: 'NodeAffinity', code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match Pod's node affinity/selector"] },
    });
    const noSelector = scenario({ ...s, incoming: podObject('incoming', { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '1' } } }] }) });
    const second = differential(noSelector, at100);
    expect(second.problems).toEqual([]);
    expect(second.ref.verdicts.get('node-1')).toEqual({ plugin: 'NodeResourcesFit', code: 'UnschedulableAndUnresolvable', reasons: ['Insufficient cpu'] });
    expect(second.ref.verdicts.get('node-4')).toEqual({ plugin: 'NodeResourcesFit', code: 'UnschedulableAndUnresolvable', reasons: ['Too many pods', 'Insufficient cpu'] });
  });

  it('default spreading: a pod a Service selects leans away from the zone and the nodes holding its peers', () => {
    const zone = (z: string) => ({ 'topology.kubernetes.io/zone': z });
    const peer = (name: string, nodeName: string) => podObject(name, { nodeName }, { app: 'web' });
    const s = scenario({
      nodes: [node('node-0', { labels: zone('a') }), node('node-1', { labels: zone('a') }), node('node-2', { labels: zone('b') }), node('node-3', { labels: zone('b') })],
      services: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } } as KubeObject],
      pods: [peer('web-0', 'node-0'), peer('web-1', 'node-0'), peer('web-2', 'node-1')],
      incoming: podObject('incoming', {}, { app: 'web' }),
    });
    const { ref, result, problems } = differential(s, withPercentage(fullProfile(), 100));
    expect(problems).toEqual([]);
    // hostname: ln(4+2)·cnt + 2; zone: ln(2+2)·cnt + 4; raw 14, 12, 6, 6 → ⌊100·(max+min−s)/max⌋
    const spread = Object.fromEntries(ref.feasible.map((n, i) => [n, ref.scores?.byPlugin['PodTopologySpread']?.[i]]));
    expect(spread).toEqual({ 'node-0': 42, 'node-1': 57, 'node-2': 100, 'node-3': 100 });
    expect(result.type === 'Feasible' ? result.node : undefined).toMatch(/^node-[23]$/);
  });

  it('on 150 nodes with the adaptive percentage, stops after 100 feasible nodes', () => {
    const nodes = Array.from({ length: 150 }, (_, i) => node(`node-${i}`));
    const { result, problems } = differential(scenario({ nodes, incoming: podObject('incoming', {}), startIndex: 120 }), defaultProfile);
    expect(problems).toEqual([]);
    expect(result.trace.evaluatedNodes).toBe(100);
  });

  it('a sidecar (init container with restartPolicy Always) adds to the pod requests', () => {
    const incoming = podObject('incoming', {
      containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '200m' } } }],
      initContainers: [{ name: 'proxy', image: 'nginx:1.27', restartPolicy: 'Always', resources: { requests: { cpu: '100m' } } }],
    });
    const { ref, problems } = differential(scenario({ nodes: [node('node-0', { cpu: '250m' })], incoming }), at100);
    expect(ref.verdicts.get('node-0')).toEqual({ plugin: 'NodeResourcesFit', code: 'UnschedulableAndUnresolvable', reasons: ['Insufficient cpu'] });
    expect(problems).toEqual([]);
  });

  it('ImageLocality takes an image size from the first node that reported it, not from each node', () => {
    const image = (sizeBytes: number) => [{ names: ['nginx:1.27'], sizeBytes }];
    const s = scenario({ nodes: [node('node-0', { images: image(1000 * 1000 * 1000) }), node('node-1', { images: image(30 * 1000 * 1000) })], incoming: podObject('incoming', {}) });
    const { ref, problems } = differential(s, at100);
    expect(ref.scores?.byPlugin['ImageLocality']).toEqual([95, 95]);
    expect(problems).toEqual([]);
  });
});
