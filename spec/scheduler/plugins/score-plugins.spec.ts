/**
 * Exact scores for the resource and image score plugins. Where a case carries an upstream
 * name it reproduces that row of kubernetes/kubernetes pkg/scheduler/framework/plugins
 * (…_test.go) with the same inputs; upstream's "cpu": "4000" means cores, written here in
 * millicores (ratios are unchanged).
 */
import { describe, expect, it } from 'vitest';
import type { Node } from '../../../src/api/node.js';
import type { Pod } from '../../../src/api/pod.js';
import type { PodRequests } from '../../../src/api/resources.js';
import { balancedAllocation, balancedAllocationScore, balancedScore } from '../../../src/scheduler/plugins/balancedallocation.js';
import { imageLocality, imagePriority, normalizedImageName } from '../../../src/scheduler/plugins/imagelocality.js';
import { leastAllocatedScore } from '../../../src/scheduler/plugins/noderesourcesfit.js';
import type { ShapePoint } from '../../../src/scheduler/plugins/resourcestrategies.js';
import {
  brokenLinear,
  goRound,
  leastAllocatedWeightedScore,
  mostAllocatedScore,
  mulDivFloor,
  requestedToCapacityRatioScore,
  scoringStrategy,
  validateScoringStrategy,
  validateShape,
} from '../../../src/scheduler/plugins/resourcestrategies.js';
import type { NodeInfo, PodInfo } from '../../../src/scheduler/types.js';
import { nodeInfoFor, podInfoFor, rawScore, rawScores } from '../../support/scheduler.js';
import type { NodeUsage } from '../../../src/state/state.js';
import { EMPTY_USAGE } from '../../../src/state/state.js';

const MIB = 1024 * 1024;
const EXT = 'intel.com/foo';

type NodeOpts = { used?: Partial<NodeUsage>; scalar?: Record<string, number>; name?: string };

const node = (cpuMillis: number, memoryBytes: number, opts: NodeOpts = {}): NodeInfo => ({
  ...nodeInfoFor({ apiVersion: 'v1', kind: 'Node', metadata: { name: opts.name ?? 'n' } }),
  allocatable: { cpuMillis, memoryBytes, pods: 110, scalar: opts.scalar ?? {} },
  usage: { ...EMPTY_USAGE, ...opts.used },
});

/** Existing pods whose containers all state cpu and memory: non-zero requests equal real ones. */
const used = (cpuMillis: number, memoryBytes: number, scalar: Record<string, number> = {}): Partial<NodeUsage> => ({
  cpuMillis,
  memoryBytes,
  nonZeroCpuMillis: cpuMillis,
  nonZeroMemoryBytes: memoryBytes,
  scalar,
});

const podInfo = (r: Partial<PodRequests>): PodInfo =>
  podInfoFor({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c' }] } }, {
    cpuMillis: r.cpuMillis ?? 0,
    memoryBytes: r.memoryBytes ?? 0,
    nonZeroCpuMillis: r.nonZeroCpuMillis ?? r.cpuMillis ?? 0,
    nonZeroMemoryBytes: r.nonZeroMemoryBytes ?? r.memoryBytes ?? 0,
    scalar: r.scalar ?? {},
  });

/** Requests stated on every container (upstream st.MakePod().Req(...)). */
const req = (cpuMillis: number, memoryBytes: number, scalar: Record<string, number> = {}): PodInfo => podInfo({ cpuMillis, memoryBytes, scalar });
const NOTHING = podInfo({});

describe('integer arithmetic helpers', () => {
  it('mulDivFloor stays exact where a double product would round', () => {
    expect(mulDivFloor(9007199254740991, 100, 100)).toBe(9007199254740991);
    expect(mulDivFloor(2 ** 50, 100, 2 ** 51)).toBe(50);
    expect(mulDivFloor(3000, 100, 4000)).toBe(75);
    expect(mulDivFloor(1, 100, 3)).toBe(33);
    // a·100 = 33·c − 1 needs 57 bits; a double product rounds up to 33·c and would give 33.
    expect(mulDivFloor(1486187877032264, 100, 2 ** 52 + 1)).toBe(32);
  });

  it('goRound rounds halves away from zero like Go math.Round', () => {
    expect([goRound(2.5), goRound(-2.5), goRound(37.5), goRound(3.125)]).toEqual([3, -3, 38, 3]);
  });
});

describe('MostAllocated (upstream most_allocated_test.go TestMostAllocatedScoringStrategy)', () => {
  it.each([
    ['nothing scheduled, nothing requested', NOTHING, node(4_000_000, 10000), 0],
    ['nothing scheduled, resources requested, differently sized nodes / node1', req(3_000_000, 5000), node(4_000_000, 10000), 62],
    ['nothing scheduled, resources requested, differently sized nodes / node2', req(3_000_000, 5000), node(6_000_000, 10000), 50],
    ['no resources requested, pods scheduled with resources / node1', NOTHING, node(10_000_000, 20000, { used: used(6_000_000, 0) }), 30],
    ['no resources requested, pods scheduled with resources / node2', NOTHING, node(10_000_000, 20000, { used: used(6_000_000, 5000) }), 42],
    ['resources requested, pods scheduled with resources / node1', req(3_000_000, 5000), node(10_000_000, 20000, { used: used(3_000_000, 0) }), 42],
    ['resources requested, pods scheduled with resources / node2', req(3_000_000, 5000), node(10_000_000, 20000, { used: used(3_000_000, 5000) }), 55],
    ['resources requested equal node capacity / node1', req(5_000_000, 9000), node(5_000_000, 10000), 95],
    ['resources requested equal node capacity / node2', req(5_000_000, 9000), node(10_000_000, 9000), 75],
  ])('%s → %i', (_name, pod, n, expected) => {
    expect(mostAllocatedScore(pod, n)).toBe(expected);
  });

  it('no resources requested, pods scheduled, nonzero request for resource: 80 and 30 (non-zero defaults, capped at capacity)', () => {
    const defaults = { nonZeroCpuMillis: 100, nonZeroMemoryBytes: 200 * MIB };
    const pod = podInfo(defaults);
    const busy = { ...EMPTY_USAGE, nonZeroCpuMillis: 200, nonZeroMemoryBytes: 400 * MIB };
    expect(mostAllocatedScore(pod, node(250, 1000 * MIB, { used: busy }))).toBe(80);
    expect(mostAllocatedScore(pod, node(250, 1000 * MIB))).toBe(30);
  });

  it('weights: memory 2, cpu 1 → 58 and 50 (nothing scheduled, resources requested, differently sized nodes)', () => {
    const weights = [
      { name: 'memory', weight: 2 },
      { name: 'cpu', weight: 1 },
    ];
    expect(mostAllocatedScore(req(3_000_000, 5000), node(4_000_000, 10000), weights)).toBe(58);
    expect(mostAllocatedScore(req(3_000_000, 5000), node(6_000_000, 10000), weights)).toBe(50);
  });

  it('bypass extended resource if the pod does not request / honor extended resource if the pod request', () => {
    const set = [
      { name: 'cpu', weight: 1 },
      { name: 'memory', weight: 1 },
      { name: EXT, weight: 1 },
    ];
    expect(mostAllocatedScore(req(3_000_000, 5000), node(6_000_000, 10000), set)).toBe(50);
    expect(mostAllocatedScore(req(3_000_000, 5000), node(6_000_000, 10000, { scalar: { [EXT]: 4 } }), set)).toBe(50);
    expect(mostAllocatedScore(req(3_000_000, 5000, { [EXT]: 2 }), node(6_000_000, 10000, { scalar: { [EXT]: 4 } }), set)).toBe(50);
    expect(mostAllocatedScore(req(3_000_000, 5000, { [EXT]: 2 }), node(6_000_000, 10000, { scalar: { [EXT]: 10 } }), set)).toBe(40);
  });

  it("if the node doesn't have a resource: 45 on both nodes", () => {
    const set = [
      { name: EXT, weight: 2 },
      { name: 'cpu', weight: 1 },
      { name: 'memory', weight: 1 },
    ];
    expect(mostAllocatedScore(req(3_000_000, 4000), node(6_000_000, 10000), set)).toBe(45);
    expect(mostAllocatedScore(req(3_000_000, 4000), node(6_000_000, 10000, { scalar: { [EXT]: 4 } }), set)).toBe(45);
  });
});

describe('LeastAllocated with weights', () => {
  it('equals noderesourcesfit.leastAllocatedScore with the default resources', () => {
    const cases: [PodInfo, NodeInfo][] = [
      [req(3000, 5000), node(4000, 10000)],
      [req(1000, 0), node(4000, 3 * MIB, { used: used(2500, MIB) })],
      [podInfo({ nonZeroCpuMillis: 100, nonZeroMemoryBytes: 200 * MIB }), node(250, 100 * MIB)],
    ];
    for (const [pod, n] of cases) expect(leastAllocatedWeightedScore(pod, n)).toBe(leastAllocatedScore(pod, n));
  });

  it('weights the per-resource scores: cpu 25·1 + memory 50·3 over 4 → 43', () => {
    expect(leastAllocatedWeightedScore(req(3000, 5000), node(4000, 10000), [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 3 }])).toBe(43);
  });
});

describe('broken linear shape (upstream TestBrokenLinearFunction)', () => {
  it.each<[ShapePoint[], [number, number][]]>([
    [
      [{ utilization: 10, score: 1 }, { utilization: 90, score: 9 }],
      [[-10, 1], [0, 1], [9, 1], [10, 1], [15, 1], [19, 1], [20, 2], [89, 8], [90, 9], [99, 9], [100, 9], [110, 9]],
    ],
    [
      [{ utilization: 0, score: 2 }, { utilization: 40, score: 10 }, { utilization: 100, score: 0 }],
      [[-10, 2], [0, 2], [20, 6], [30, 8], [40, 10], [70, 5], [100, 0], [110, 0]],
    ],
    [
      [{ utilization: 0, score: 2 }, { utilization: 40, score: 2 }, { utilization: 100, score: 2 }],
      [[-10, 2], [0, 2], [20, 2], [30, 2], [40, 2], [70, 2], [100, 2], [110, 2]],
    ],
  ])('shape %j', (shape, assertions) => {
    const f = brokenLinear(shape);
    expect(assertions.map(([p]) => f(p))).toEqual(assertions.map(([, s]) => s));
  });

  it('truncates toward zero on a falling segment: 100 → 0 over 0..3 at p=1 is 67, not 66', () => {
    expect(brokenLinear([{ utilization: 0, score: 100 }, { utilization: 3, score: 0 }])(1)).toBe(67);
  });
});

describe('RequestedToCapacityRatio (upstream requested_to_capacity_ratio_test.go)', () => {
  const falling = [
    { utilization: 0, score: 10 },
    { utilization: 100, score: 0 },
  ];

  it.each([
    ['nothing scheduled, nothing requested', NOTHING, node(4_000_000, 10000), 100],
    ['nothing scheduled, resources requested, differently sized nodes / node1', req(3_000_000, 5000), node(4_000_000, 10000), 38],
    ['nothing scheduled, resources requested, differently sized nodes / node2', req(3_000_000, 5000), node(6_000_000, 10000), 50],
    ['no resources requested, pods scheduled with resources / node1', NOTHING, node(4_000_000, 10000, { used: used(3_000_000, 5000) }), 38],
    ['no resources requested, pods scheduled with resources / node2', NOTHING, node(6_000_000, 10000, { used: used(3_000_000, 5000) }), 50],
  ])('TestRequestedToCapacityRatioScoringStrategy: %s → %i', (_name, pod, n, expected) => {
    expect(requestedToCapacityRatioScore(pod, n, falling)).toBe(expected);
  });

  it('leaves resources whose shape score is 0 out of the mean: cpu over capacity scores 0, memory 50 → 50', () => {
    expect(requestedToCapacityRatioScore(req(3000, 5000), node(2000, 10000), falling)).toBe(50);
  });

  it.each([
    ['nothing scheduled, nothing requested', NOTHING, 8, 0, 0],
    ['resources requested, pods scheduled with less resources', req(0, 0, { [EXT]: 2 }), 8, 0, 2],
    ['resources requested, pods scheduled with less resources (node2)', req(0, 0, { [EXT]: 2 }), 4, 0, 5],
    ['resources requested, pods scheduled with resources, on node with existing pod running', req(0, 0, { [EXT]: 2 }), 4, 2, 10],
    ['resources requested, pods scheduled with more resources', req(0, 0, { [EXT]: 4 }), 8, 0, 5],
  ])('TestResourceBinPackingSingleExtended: %s', (_name, pod, extAlloc, extUsed, expected) => {
    const rising = [
      { utilization: 0, score: 0 },
      { utilization: 100, score: 1 },
    ];
    const n = node(4000, 10000 * MIB, { scalar: { [EXT]: extAlloc }, used: used(0, 0, { [EXT]: extUsed }) });
    expect(requestedToCapacityRatioScore(pod, n, rising, [{ name: EXT, weight: 1 }])).toBe(expected);
  });

  it('TestResourceBinPackingMultipleExtended: weights 3 and 5, (2·3 + 5·5)/8 rounds to 4 and (5·3 + 2·5)/8 to 3', () => {
    const rising = [
      { utilization: 0, score: 0 },
      { utilization: 100, score: 1 },
    ];
    const set = [
      { name: 'intel.com/foo', weight: 3 },
      { name: 'intel.com/bar', weight: 5 },
    ];
    const pod = req(0, 0, { 'intel.com/foo': 2, 'intel.com/bar': 2 });
    expect(requestedToCapacityRatioScore(pod, node(4000, MIB, { scalar: { 'intel.com/foo': 8, 'intel.com/bar': 4 } }), rising, set)).toBe(4);
    expect(requestedToCapacityRatioScore(pod, node(4000, MIB, { scalar: { 'intel.com/foo': 4, 'intel.com/bar': 8 } }), rising, set)).toBe(3);
  });
});

describe('shape and weight validation (upstream validateFunctionShape, validateResources)', () => {
  it('accepts a sorted shape inside the ranges', () => {
    expect(validateShape([{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }])).toEqual([]);
  });

  it('requires a point', () => {
    expect(validateShape([])).toEqual(['shape: Required value: at least one point must be specified']);
  });

  it('reports only the first unsorted point, then every out-of-range value', () => {
    expect(
      validateShape([
        { utilization: 50, score: 1 },
        { utilization: 50, score: 11 },
        { utilization: 10, score: -1 },
        { utilization: 101, score: 2 },
      ]),
    ).toEqual([
      'shape[1].utilization: Invalid value: 50: utilization values must be sorted in increasing order',
      'shape[1].score: Invalid value: 11: not in valid range [0, 10]',
      'shape[2].score: Invalid value: -1: not in valid range [0, 10]',
      'shape[3].utilization: Invalid value: 101: not in valid range [0, 100]',
    ]);
  });

  it.each([
    ['resource with negative weight', [{ name: 'memory', weight: -1 }, { name: 'cpu', weight: 1 }], 'scoringStrategy.resources[0].weight'],
    ['resource with zero weight', [{ name: 'memory', weight: 1 }, { name: 'cpu', weight: 0 }], 'scoringStrategy.resources[1].weight'],
    ['resource weight larger than MaxNodeScore', [{ name: 'memory', weight: 101 }], 'scoringStrategy.resources[0].weight'],
  ])('%s → %s', (_name, resources, field) => {
    const errors = validateScoringStrategy({ type: 'MostAllocated', resources });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.startsWith(`${field}: Invalid value:`)).toBe(true);
  });

  it('RequestedToCapacityRatio without a shape is rejected', () => {
    expect(validateScoringStrategy({ type: 'RequestedToCapacityRatio' })).toEqual(['scoringStrategy.shape: Required value: RequestedToCapacityRatio needs a shape']);
  });
});

describe('scoringStrategy', () => {
  it('builds a NodeResourcesFit plugin for each type', () => {
    const pod = req(3_000_000, 5000);
    const n = node(4_000_000, 10000);
    const shape = [
      { utilization: 0, score: 10 },
      { utilization: 100, score: 0 },
    ];
    expect(rawScore(scoringStrategy({ type: 'LeastAllocated' }), pod, n)).toBe(37);
    expect(rawScore(scoringStrategy({ type: 'MostAllocated' }), pod, n)).toBe(62);
    expect(rawScore(scoringStrategy({ type: 'MostAllocated', resources: [] }), pod, n)).toBe(62);
    const ratio = scoringStrategy({ type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape } });
    expect([ratio.name, rawScore(ratio, pod, n)]).toEqual(['NodeResourcesFit', 38]);
  });

  it('refuses a config that did not pass validation', () => {
    expect(() => scoringStrategy({ type: 'MostAllocated', resources: [{ name: 'cpu', weight: 0 }] })).toThrow(/resources\[0\]\.weight/);
  });
});

describe('NodeResourcesBalancedAllocation (inputs of upstream balanced_allocation_test.go, v1.34 std-dev formula)', () => {
  // cpuAndMemory = 3000m / 5000 bytes, cpuOnly = 3000m / 0.
  it.each([
    ['nothing scheduled, resources requested, differently sized machines / machine1 (0.75, 0.5)', req(3000, 5000), node(4000, 10000), 87],
    ['nothing scheduled, resources requested, differently sized machines / machine2 (0.5, 0.5)', req(3000, 5000), node(6000, 10000), 100],
    ['resources requested, pods scheduled with resources / machine1 (0.6, 0.25)', req(3000, 5000), node(10000, 20000, { used: used(3000, 0) }), 82],
    ['resources requested, pods scheduled with resources / machine2 (0.6, 0.5)', req(3000, 5000), node(10000, 20000, { used: used(3000, 5000) }), 95],
    ['… differently sized machines / machine2 (0.6, 0.2)', req(3000, 5000), node(10000, 50000, { used: used(3000, 5000) }), 80],
    ['requested resources exceed node capacity / machine1 (1.5→1, 0)', req(3000, 0), node(4000, 10000, { used: used(3000, 0) }), 50],
    ['requested resources exceed node capacity / machine2 (1.5→1, 0.5)', req(3000, 0), node(4000, 10000, { used: used(3000, 5000) }), 75],
  ])('%s → %i', (_name, pod, n, expected) => {
    expect(balancedAllocationScore(pod, n)).toBe(expected);
  });

  it('scores a best-effort pod 0 (upstream PreScore Skip), even on zero-resource nodes', () => {
    expect(balancedAllocationScore(NOTHING, node(4000, 10000))).toBe(0);
    expect(balancedAllocationScore(NOTHING, node(0, 0, { used: used(3000, 5000) }))).toBe(0);
  });

  it('counts real requests, not the non-zero defaults: (0.5, 0) → 75', () => {
    const pod = podInfo({ cpuMillis: 1000, nonZeroCpuMillis: 1000, nonZeroMemoryBytes: 200 * MIB });
    const busy = { ...EMPTY_USAGE, nonZeroCpuMillis: 500, nonZeroMemoryBytes: 600 * MIB };
    expect(balancedAllocationScore(pod, node(2000, 1024 * MIB, { used: busy }))).toBe(75);
  });

  it('skips resources with allocatable 0; fewer than two fractions spread 0 → 100', () => {
    expect(balancedAllocationScore(req(1000, 0), node(2000, 0))).toBe(100);
  });

  it('uses the population standard deviation for three resources: (0.5, 0.5, 1) → 76', () => {
    expect(balancedScore([1, 2, 4], [2, 4, 4])).toBe(76);
    const three = [
      { name: 'cpu', weight: 1 },
      { name: 'memory', weight: 1 },
      { name: EXT, weight: 1 },
    ];
    expect(balancedAllocationScore(req(1000, 2000, { [EXT]: 4 }), node(2000, 4000, { scalar: { [EXT]: 4 } }), three)).toBe(76);
  });

  it('is the registered plugin name', () => {
    expect(balancedAllocation.name).toBe('NodeResourcesBalancedAllocation');
  });
});

describe('ImageLocality (upstream image_locality_test.go TestImageLocalityPriority)', () => {
  type Img = [names: string[], mib: number];
  const imageNode = (name: string, images: Img[]): Node => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    status: { images: images.map(([names, mib]) => ({ names, sizeBytes: mib * MIB })) },
  });
  const podWith = (images: string[], init: string[] = []): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: {
      containers: images.map((image, i) => ({ name: `c${i}`, image })),
      ...(init.length === 0 ? {} : { initContainers: init.map((image, i) => ({ name: `i${i}`, image })) }),
    },
  });
  const scores = (pod: Pod, nodes: Node[]): number[] => {
    const infos = nodes.map((n) => nodeInfoFor(n));
    return rawScores(imageLocality, podInfoFor(pod, NOTHING.requests), infos) ?? [];
  };

  const n403002000 = (name: string) => imageNode(name, [[['gcr.io/40:latest', 'gcr.io/40:v1', 'gcr.io/40:v1'], 40], [['gcr.io/300:latest', 'gcr.io/300:v1'], 300], [['gcr.io/2000:latest'], 2000]]);
  const n25010 = (name: string) => imageNode(name, [[['gcr.io/250:latest'], 250], [['gcr.io/10:latest', 'gcr.io/10:v1'], 10]]);
  const n60040900 = (name: string) => imageNode(name, [[['gcr.io/600:latest'], 600], [['gcr.io/40:latest'], 40], [['gcr.io/900:latest'], 900]]);
  const n300600900 = (name: string) => imageNode(name, [[['gcr.io/300:latest'], 300], [['gcr.io/600:latest'], 600], [['gcr.io/900:latest'], 900]]);
  const n400030 = (name: string) => imageNode(name, [[['gcr.io/4000:latest'], 4000], [['gcr.io/30:latest'], 30]]);
  const n203040 = (name: string) => imageNode(name, [[['gcr.io/20:latest'], 20], [['gcr.io/30:latest'], 30], [['gcr.io/40:latest'], 40]]);
  const bare = (name: string) => imageNode(name, []);

  it.each<[string, Pod, Node[], number[]]>([
    ['two images spread on two nodes, prefer the larger image one', podWith(['gcr.io/40', 'gcr.io/250']), [n403002000('node1'), n25010('node2')], [0, 5]],
    ['two images on one node, prefer this node', podWith(['gcr.io/40', 'gcr.io/300']), [n403002000('node1'), n25010('node2')], [7, 0]],
    ['if exceed limit, use limit', podWith(['gcr.io/10', 'gcr.io/4000']), [n400030('node1'), n25010('node2')], [100, 0]],
    ['if exceed limit, use limit (with node which has no images present)', podWith(['gcr.io/10', 'gcr.io/4000']), [n400030('node1'), n25010('node2'), bare('node3')], [66, 0, 0]],
    ['pod with multiple large images, node2 is preferred', podWith(['gcr.io/300', 'gcr.io/600', 'gcr.io/900']), [n60040900('node1'), n300600900('node2'), bare('node3')], [32, 36, 0]],
    ['pod with multiple small images', podWith(['gcr.io/30', 'gcr.io/40']), [n203040('node1'), n400030('node2')], [1, 0]],
    ['include InitContainers: two images spread on two nodes, prefer the larger image one', podWith(['gcr.io/30'], ['gcr.io/300']), [n403002000('node1'), n203040('node2')], [6, 0]],
  ])('%s', (_name, pod, nodes, expected) => {
    expect(scores(pod, nodes)).toEqual(expected);
  });

  it('counts a node once per image name even when it lists the name twice (gcr.io/40:v1 on 1 of 2 nodes → 20 MiB < 23 MiB)', () => {
    expect(scores(podWith(['gcr.io/40:v1']), [n403002000('node1'), n25010('node2')])).toEqual([0, 0]);
  });

  it('normalizes names as upstream TestNormalizedImageName (and adds no docker.io prefix)', () => {
    expect(normalizedImageName('root')).toBe('root:latest');
    expect(normalizedImageName('gcr.io:5000/root')).toBe('gcr.io:5000/root:latest');
    expect(normalizedImageName('root:tag')).toBe('root:tag');
    expect(normalizedImageName('root@sha256:abc')).toBe('root@sha256:abc');
    expect(normalizedImageName('nginx')).toBe('nginx:latest');
  });

  it('clamps to [23 MiB, 1000 MiB · containers]', () => {
    expect(imagePriority(10 * MIB, 1)).toBe(0);
    expect(imagePriority(5000 * MIB, 2)).toBe(100);
    expect(imagePriority(511.5 * MIB, 1)).toBe(50);
  });

  it('ignores malformed status.images entries', () => {
    const odd = { ...bare('node1'), status: { images: [{ sizeBytes: 500 * MIB }, { names: ['gcr.io/500:latest'] }] } } as Node;
    expect(scores(podWith(['gcr.io/500']), [odd])).toEqual([0]);
  });
});
