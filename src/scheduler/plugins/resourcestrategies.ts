/**
 * NodeResourcesFit scoring strategies (upstream plugins/noderesources/resource_allocation.go,
 * least_allocated.go, most_allocated.go, requested_to_capacity_ratio.go, helper/shape_score.go,
 * and apis/config/validation for the shape and weight rules).
 *
 * Each strategy reads, per configured resource, allocatable and requested = what the node's
 * pods request + what the pod requests. cpu and memory use the "non-zero" requests (100m /
 * 200Mi for a container that states none); other resources use real requests, and an
 * extended resource the pod does not request is left out. Resources with allocatable 0 are
 * skipped. All arithmetic is upstream's int64 arithmetic: division truncates, and products
 * too large for a double's 53 bits go through BigInt so they stay exact.
 *
 * - LeastAllocated: per resource ⌊(alloc − req)·100 / alloc⌋ (0 when req > alloc).
 * - MostAllocated: per resource ⌊min(req, alloc)·100 / alloc⌋.
 * - Both: ⌊Σ s·w / Σ w⌋.
 * - RequestedToCapacityRatio: utilization ⌊req·100 / alloc⌋ (100 when req > alloc) through a
 *   piecewise-linear shape whose scores (0–10) are scaled ×10; only resources scoring > 0
 *   count, and the weighted mean is rounded half away from zero (Go's math.Round).
 */
import { absurd } from 'fp-ts/lib/function.js';
import type { NodeInfo, PodInfo, ScorePlugin } from '../types.js';
import { nodeScore } from '../types.js';
import { MAX_NODE_SCORE } from '../types.js';

export const NAME = 'NodeResourcesFit';

// ---------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------

export interface ResourceSpec {
  readonly name: string;
  readonly weight: number;
}

export interface ShapePoint {
  readonly utilization: number;
  readonly score: number;
}

export type ScoringStrategyType = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';

export interface ScoringStrategyConfig {
  readonly type: ScoringStrategyType;
  readonly resources?: readonly ResourceSpec[];
  readonly requestedToCapacityRatio?: { readonly shape: readonly ShapePoint[] };
}

/** upstream defaultResourceSpec: cpu and memory, weight 1 each (also when the list is empty). */
export const DEFAULT_RESOURCES: readonly ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

/** upstream config.MaxCustomPriorityScore: shape scores are given on 0–10. */
export const MAX_CUSTOM_PRIORITY_SCORE = 10;
const MAX_UTILIZATION = 100;

const resourcesOrDefault = (resources: readonly ResourceSpec[] | undefined): readonly ResourceSpec[] =>
  resources === undefined || resources.length === 0 ? DEFAULT_RESOURCES : resources;

// ---------------------------------------------------------------------------------------
// integer arithmetic (Go int64 semantics for the non-negative values scores deal in)
// ---------------------------------------------------------------------------------------

/**
 * ⌊a·b / c⌋ for non-negative a, b and positive c, exact like Go's int64 arithmetic. A double
 * quotient of two safe integers never crosses an integer boundary, so the fast path is exact;
 * larger products (memory in bytes × 100 beyond ~90 TB) go through BigInt.
 */
export const mulDivFloor = (a: number, b: number, c: number): number => {
  const product = a * b;
  if (Number.isSafeInteger(product) || !Number.isInteger(a) || !Number.isInteger(b) || !Number.isInteger(c)) {
    return Math.floor(product / c);
  }
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
};

/** Go's integer division: truncates toward zero (the shape's falling segments go negative). */
const goDiv = (a: number, b: number): number => Math.trunc(a / b);

/** Go's math.Round: half away from zero (JS's Math.round goes toward +∞ on halves). */
export const goRound = (x: number): number => (x < 0 ? -Math.round(-x) : Math.round(x));

// ---------------------------------------------------------------------------------------
// reading requests (upstream resourceAllocationScorer.calculateResourceAllocatableRequest)
// ---------------------------------------------------------------------------------------

export interface ResourceAmounts {
  readonly allocatable: number;
  readonly requested: number;
}

const SKIPPED: ResourceAmounts = { allocatable: 0, requested: 0 };

/** What the pod asks of one resource; `useRequested` (BalancedAllocation) means real requests, else non-zero ones. */
export const podRequestOf = (pod: PodInfo, name: string, useRequested: boolean): number => {
  const r = pod.requests;
  if (name === 'cpu') return useRequested ? r.cpuMillis : r.nonZeroCpuMillis;
  if (name === 'memory') return useRequested ? r.memoryBytes : r.nonZeroMemoryBytes;
  return r.scalar[name] ?? 0;
};

/**
 * Allocatable and requested of one resource on the node with the pod added. upstream skips
 * (0, 0) an extended resource the pod does not request; ephemeral-storage is not "scalar"
 * upstream, so it is scored even when the pod asks for none.
 */
export const resourceAmounts = (pod: PodInfo, node: NodeInfo, name: string, useRequested: boolean): ResourceAmounts => {
  const podRequest = podRequestOf(pod, name, useRequested);
  const { allocatable, usage } = node;
  if (name === 'cpu') {
    return { allocatable: allocatable.cpuMillis, requested: (useRequested ? usage.cpuMillis : usage.nonZeroCpuMillis) + podRequest };
  }
  if (name === 'memory') {
    return { allocatable: allocatable.memoryBytes, requested: (useRequested ? usage.memoryBytes : usage.nonZeroMemoryBytes) + podRequest };
  }
  if (podRequest === 0 && name !== 'ephemeral-storage') return SKIPPED;
  const alloc = allocatable.scalar[name];
  if (alloc === undefined) return SKIPPED;
  return { allocatable: alloc, requested: (usage.scalar[name] ?? 0) + podRequest };
};

// ---------------------------------------------------------------------------------------
// per-resource scores
// ---------------------------------------------------------------------------------------

export const leastRequestedScore = (requested: number, allocatable: number): number =>
  requested > allocatable ? 0 : mulDivFloor(allocatable - requested, MAX_NODE_SCORE, allocatable);

/** upstream: requested may exceed allocatable because of the non-zero defaults; cap it. */
export const mostRequestedScore = (requested: number, allocatable: number): number =>
  mulDivFloor(Math.min(requested, allocatable), MAX_NODE_SCORE, allocatable);

/**
 * upstream helper.BuildBrokenLinearFunction: the first point's score up to its utilization,
 * linear (Go integer division) between points, the last point's score beyond the last one.
 */
export const brokenLinear =
  (shape: readonly ShapePoint[]) =>
  (p: number): number => {
    for (let i = 0; i < shape.length; i++) {
      const cur = shape[i] as ShapePoint;
      if (p > cur.utilization) continue;
      if (i === 0) return cur.score;
      const prev = shape[i - 1] as ShapePoint;
      return prev.score + goDiv((cur.score - prev.score) * (p - prev.utilization), cur.utilization - prev.utilization);
    }
    return shape[shape.length - 1]?.score ?? 0;
  };

/** The configured shape with scores scaled from 0–10 to 0–MAX_NODE_SCORE. */
export const scaledShape = (shape: readonly ShapePoint[]): ShapePoint[] =>
  shape.map((p) => ({ utilization: p.utilization, score: p.score * (MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE) }));

const utilization = (requested: number, allocatable: number): number =>
  requested > allocatable ? MAX_UTILIZATION : mulDivFloor(requested, MAX_UTILIZATION, allocatable);

// ---------------------------------------------------------------------------------------
// node scores
// ---------------------------------------------------------------------------------------

type PerResource = (requested: number, allocatable: number) => number;

/** Σ s·w / Σ w over resources with allocatable > 0 (upstream least/mostResourceScorer). */
const weightedFloorMean = (pod: PodInfo, node: NodeInfo, resources: readonly ResourceSpec[], perResource: PerResource): number => {
  let total = 0;
  let weights = 0;
  for (const { name, weight } of resources) {
    const { allocatable, requested } = resourceAmounts(pod, node, name, false);
    if (allocatable === 0) continue;
    total += perResource(requested, allocatable) * weight;
    weights += weight;
  }
  return weights === 0 ? 0 : Math.floor(total / weights);
};

/** LeastAllocated with configurable weights; with the defaults it equals noderesourcesfit's leastAllocatedScore. */
export const leastAllocatedWeightedScore = (pod: PodInfo, node: NodeInfo, resources?: readonly ResourceSpec[]): number =>
  weightedFloorMean(pod, node, resourcesOrDefault(resources), leastRequestedScore);

export const mostAllocatedScore = (pod: PodInfo, node: NodeInfo, resources?: readonly ResourceSpec[]): number =>
  weightedFloorMean(pod, node, resourcesOrDefault(resources), mostRequestedScore);

/** Σ s·w / Σ w, rounded, over resources whose shape score is > 0 (upstream). */
const ratioScore = (pod: PodInfo, node: NodeInfo, f: (utilizationPct: number) => number, resources: readonly ResourceSpec[]): number => {
  let total = 0;
  let weights = 0;
  for (const { name, weight } of resources) {
    const { allocatable, requested } = resourceAmounts(pod, node, name, false);
    if (allocatable === 0) continue;
    const s = f(utilization(requested, allocatable));
    if (s <= 0) continue;
    total += s * weight;
    weights += weight;
  }
  return weights === 0 ? 0 : goRound(total / weights);
};

/** `shape` as configured: scores 0–10, already validated. */
export const requestedToCapacityRatioScore = (pod: PodInfo, node: NodeInfo, shape: readonly ShapePoint[], resources?: readonly ResourceSpec[]): number =>
  ratioScore(pod, node, brokenLinear(scaledShape(shape)), resourcesOrDefault(resources));

// ---------------------------------------------------------------------------------------
// validation (upstream apis/config/validation validateResources, validateFunctionShape)
// ---------------------------------------------------------------------------------------

const invalid = (path: string, value: number, msg: string): string => `${path}: Invalid value: ${value}: ${msg}`;

/** Errors in a shape, as upstream words them; empty when valid. */
export const validateShape = (shape: readonly ShapePoint[], path = 'shape'): string[] => {
  if (shape.length === 0) return [`${path}: Required value: at least one point must be specified`];
  const errors: string[] = [];
  // upstream reports only the first out-of-order point.
  const unsorted = shape.findIndex((p, i) => i > 0 && (shape[i - 1] as ShapePoint).utilization >= p.utilization);
  if (unsorted > 0) {
    errors.push(invalid(`${path}[${unsorted}].utilization`, (shape[unsorted] as ShapePoint).utilization, 'utilization values must be sorted in increasing order'));
  }
  shape.forEach((p, i) => {
    if (p.utilization < 0 || p.utilization > MAX_UTILIZATION) errors.push(invalid(`${path}[${i}].utilization`, p.utilization, `not in valid range [0, ${MAX_UTILIZATION}]`));
    if (p.score < 0 || p.score > MAX_CUSTOM_PRIORITY_SCORE) errors.push(invalid(`${path}[${i}].score`, p.score, `not in valid range [0, ${MAX_CUSTOM_PRIORITY_SCORE}]`));
  });
  return errors;
};

/** upstream validateResources: each weight in (0, 100]. */
export const validateResources = (resources: readonly ResourceSpec[], path = 'resources'): string[] =>
  resources.flatMap((r, i) =>
    r.weight <= 0 || r.weight > 100 ? [invalid(`${path}[${i}].weight`, r.weight, `resource weight of ${r.name} not in valid range (0, 100]`)] : [],
  );

export const validateScoringStrategy = (config: ScoringStrategyConfig, path = 'scoringStrategy'): string[] => {
  const errors = validateResources(config.resources ?? [], `${path}.resources`);
  const shape = config.requestedToCapacityRatio?.shape;
  if (shape !== undefined) errors.push(...validateShape(shape, `${path}.shape`));
  // kubesim's own rule: upstream would dereference a missing shape for this type.
  else if (config.type === 'RequestedToCapacityRatio') errors.push(`${path}.shape: Required value: RequestedToCapacityRatio needs a shape`);
  return errors;
};

// ---------------------------------------------------------------------------------------
// the plugin
// ---------------------------------------------------------------------------------------

/** LeastAllocated over cpu and memory (weights 1): the default, with a fast path on the columns. */
const leastAllocatedDefault: ScorePlugin = {
  name: NAME,
  preScore: (ctx, pod) => {
    const { allocCpu, allocMem, nonZeroCpu, nonZeroMem } = ctx.snapshot.columns;
    const cpu = pod.requests.nonZeroCpuMillis;
    const memory = pod.requests.nonZeroMemoryBytes;
    return {
      score: (node) => leastAllocatedWeightedScore(pod, node, DEFAULT_RESOURCES),
      scoreAt: (i) => {
        let total = 0;
        let weights = 0;
        const ac = allocCpu[i] as number;
        const am = allocMem[i] as number;
        if (ac !== 0) {
          total += leastRequestedScore((nonZeroCpu[i] as number) + cpu, ac);
          weights++;
        }
        if (am !== 0) {
          total += leastRequestedScore((nonZeroMem[i] as number) + memory, am);
          weights++;
        }
        return weights === 0 ? 0 : Math.floor(total / weights);
      },
    };
  },
};

/**
 * The NodeResourcesFit score plugin for a strategy. The config must have passed
 * validateScoringStrategy (the loader reports those errors as values); an invalid one
 * reaching here is a bug and throws.
 */
export const scoringStrategy = (config: ScoringStrategyConfig): ScorePlugin => {
  const errors = validateScoringStrategy(config);
  if (errors.length > 0) throw new Error(`invalid NodeResourcesFit scoringStrategy: ${errors.join('; ')}`);
  const resources = resourcesOrDefault(config.resources);
  switch (config.type) {
    case 'LeastAllocated':
      return resources === DEFAULT_RESOURCES ? leastAllocatedDefault : nodeScore(NAME, (pod, node) => leastAllocatedWeightedScore(pod, node, resources));
    case 'MostAllocated':
      return nodeScore(NAME, (pod, node) => mostAllocatedScore(pod, node, resources));
    case 'RequestedToCapacityRatio': {
      const f = brokenLinear(scaledShape(config.requestedToCapacityRatio?.shape ?? []));
      return nodeScore(NAME, (pod, node) => ratioScore(pod, node, f, resources));
    }
    default:
      return absurd(config.type);
  }
};
