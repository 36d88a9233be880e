/**
 * NodeResourcesBalancedAllocation (upstream plugins/noderesources/balanced_allocation.go).
 *
 * Favours nodes whose resources would be used in equal proportion once the pod is placed.
 * Unlike NodeResourcesFit it counts real requests (upstream useRequested), with no non-zero
 * defaults, for the node's pods and for the pod.
 *
 * Per resource with allocatable > 0: f = min(1, requested / allocatable) in float64. The
 * spread is |f₀ − f₁| / 2 for two resources, the population standard deviation for more,
 * 0 for fewer; score = trunc((1 − spread) · 100), the same float steps as upstream so the
 * truncation lands on the same integer. A pod requesting none of the resources is a
 * best-effort pod: upstream's PreScore returns Skip (kubernetes#129138, so best-effort pods
 * do not pile onto one node) and the plugin then scores 0, which is what this returns.
 */
import type { NodeInfo, PodInfo, ScorePlugin } from '../types.js';
import { nodeScore } from '../types.js';
import { MAX_NODE_SCORE } from '../types.js';
import type { ResourceSpec } from './resourcestrategies.js';
import { DEFAULT_RESOURCES, podRequestOf, resourceAmounts } from './resourcestrategies.js';

export const NAME = 'NodeResourcesBalancedAllocation';

/** The spread of the fractions (upstream's shortcut for two, population std-dev beyond). */
const spreadOf = (fractions: readonly number[]): number => {
  if (fractions.length === 2) return Math.abs(((fractions[0] as number) - (fractions[1] as number)) / 2);
  if (fractions.length < 2) return 0;
  const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
  const squares = fractions.reduce((sum, f) => sum + (f - mean) * (f - mean), 0);
  return Math.sqrt(squares / fractions.length);
};

/** The scorer on plain vectors (upstream balancedResourceScorer). */
export const balancedScore = (requested: readonly number[], allocatable: readonly number[]): number => {
  const fractions: number[] = [];
  requested.forEach((req, i) => {
    const alloc = allocatable[i] ?? 0;
    if (alloc === 0) return;
    fractions.push(Math.min(1, req / alloc));
  });
  // Go's int64(float64) conversion truncates toward zero.
  return Math.trunc((1 - spreadOf(fractions)) * MAX_NODE_SCORE);
};

/** upstream isBestEffortPod: the pod's real request is 0 for every configured resource. */
export const isBestEffort = (pod: PodInfo, resources: readonly ResourceSpec[]): boolean =>
  resources.every((r) => podRequestOf(pod, r.name, true) === 0);

/** The default cpu + memory case without intermediate arrays (it runs once per feasible node). */
const cpuAndMemoryScore = (pod: PodInfo, node: NodeInfo): number => {
  const r = pod.requests;
  if (r.cpuMillis === 0 && r.memoryBytes === 0) return 0;
  const { allocatable, usage } = node;
  const cpu = allocatable.cpuMillis === 0 ? undefined : Math.min(1, (usage.cpuMillis + r.cpuMillis) / allocatable.cpuMillis);
  const memory = allocatable.memoryBytes === 0 ? undefined : Math.min(1, (usage.memoryBytes + r.memoryBytes) / allocatable.memoryBytes);
  const spread = cpu === undefined || memory === undefined ? 0 : Math.abs((cpu - memory) / 2);
  return Math.trunc((1 - spread) * MAX_NODE_SCORE);
};

/** Weights are ignored (upstream requires them to be 1); only the resource names matter. */
export const balancedAllocationScore = (pod: PodInfo, node: NodeInfo, resources: readonly ResourceSpec[] = DEFAULT_RESOURCES): number => {
  if (resources === DEFAULT_RESOURCES || resources.length === 0) return cpuAndMemoryScore(pod, node);
  const list = resources;
  if (isBestEffort(pod, list)) return 0;
  const amounts = list.map((r) => resourceAmounts(pod, node, r.name, true));
  return balancedScore(
    amounts.map((a) => a.requested),
    amounts.map((a) => a.allocatable),
  );
};

/** upstream PreScore Skips a best-effort pod (it requests none of the resources). */
export const balancedAllocationWith = (resources: readonly ResourceSpec[] = DEFAULT_RESOURCES): ScorePlugin =>
  resources === DEFAULT_RESOURCES || resources.length === 0
    ? balancedDefault
    : nodeScore(NAME, (pod, node) => balancedAllocationScore(pod, node, resources), undefined, (pod) => isBestEffort(pod, resources));

/** cpu and memory: the default, with a fast path on the columns (the same arithmetic as cpuAndMemoryScore). */
const balancedDefault: ScorePlugin = {
  name: NAME,
  preScore: (ctx, pod) => {
    if (isBestEffort(pod, DEFAULT_RESOURCES)) return 'Skip';
    const { allocCpu, allocMem, reqCpu, reqMem } = ctx.snapshot.columns;
    const r = pod.requests;
    return {
      score: (node) => cpuAndMemoryScore(pod, node),
      scoreAt: (i) => {
        const ac = allocCpu[i] as number;
        const am = allocMem[i] as number;
        if (ac === 0 || am === 0) return MAX_NODE_SCORE;
        const cpu = Math.min(1, ((reqCpu[i] as number) + r.cpuMillis) / ac);
        const memory = Math.min(1, ((reqMem[i] as number) + r.memoryBytes) / am);
        return Math.trunc((1 - Math.abs((cpu - memory) / 2)) * MAX_NODE_SCORE);
      },
    };
  },
};

export const balancedAllocation: ScorePlugin = balancedAllocationWith();
