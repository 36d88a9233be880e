/**
 * Reference scores of the node-local score plugins (upstream v1.34 plugins/*: PreScore,
 * Score, NormalizeScore). Each returns the normalized scores of the feasible nodes, in
 * their order, or undefined when its PreScore Skips.
 */
import type { Node } from '../../../src/api/node.js';
import type { Pod } from '../../../src/api/pod.js';
import type { RefNode } from './cluster.js';
import { podAmounts } from './resources.js';
import { anyTolerates, isEmptyTerm, nodeAffinityOf, termMatches } from './selectors.js';

/** helper.DefaultNormalizeScore(100, reverse). */
const defaultNormalize = (scores: readonly number[], reverse: boolean): number[] => {
  let max = 0;
  for (const s of scores) max = Math.max(max, s);
  if (max === 0) return scores.map((s) => (reverse ? 100 : s));
  return scores.map((s) => {
    const v = Math.floor((100 * s) / max);
    return reverse ? 100 - v : v;
  });
};

/** TaintToleration: intolerable PreferNoSchedule taints, by tolerations with an empty or PreferNoSchedule effect; reversed. */
export const taintScores = (pod: Pod, feasible: readonly RefNode[]): number[] => {
  const tolerations = (pod.spec.tolerations ?? []).filter((t) => (t.effect ?? '') === '' || t.effect === 'PreferNoSchedule');
  const raw = feasible.map((n) => n.taints.filter((t) => t.effect === 'PreferNoSchedule' && !anyTolerates(tolerations, t)).length);
  return defaultNormalize(raw, true);
};

/** NodeAffinity: Σ weights of the preferred terms the node matches (weight-0 and empty terms dropped); Skip without the field. */
export const nodeAffinityScores = (pod: Pod, feasible: readonly RefNode[]): number[] | undefined => {
  const preferred = nodeAffinityOf(pod.spec.affinity).preferredDuringSchedulingIgnoredDuringExecution;
  if (preferred === undefined || preferred === null) return undefined;
  const raw = feasible.map((n) => {
    let sum = 0;
    for (const term of preferred) {
      if (term.weight === 0 || isEmptyTerm(term.preference)) continue;
      if (termMatches(term.preference, n.name, n.labels)) sum += term.weight;
    }
    return sum;
  });
  return defaultNormalize(raw, false);
};

const nodeRequested = (n: RefNode, nonZero: boolean): { cpuMillis: number; memoryBytes: number } => {
  let cpuMillis = 0;
  let memoryBytes = 0;
  for (const p of n.pods) {
    const a = podAmounts(p, nonZero);
    cpuMillis += a.cpuMillis;
    memoryBytes += a.memoryBytes;
  }
  return { cpuMillis, memoryBytes };
};

/** NodeResourcesFit, LeastAllocated, cpu and memory with weight 1, on non-zero requests. */
export const leastAllocatedScores = (pod: Pod, feasible: readonly RefNode[]): number[] => {
  const want = podAmounts(pod, true);
  return feasible.map((n) => {
    const used = nodeRequested(n, true);
    const pairs: [number, number][] = [
      [n.alloc.cpuMillis, used.cpuMillis + want.cpuMillis],
      [n.alloc.memoryBytes, used.memoryBytes + want.memoryBytes],
    ];
    let sum = 0;
    let weights = 0;
    for (const [alloc, req] of pairs) {
      if (alloc === 0) continue;
      sum += req > alloc ? 0 : Math.floor(((alloc - req) * 100) / alloc);
      weights += 1;
    }
    return weights === 0 ? 0 : Math.floor(sum / weights);
  });
};

/** NodeResourcesBalancedAllocation on real requests; Skip for a pod requesting no cpu and no memory. */
export const balancedScores = (pod: Pod, feasible: readonly RefNode[]): number[] | undefined => {
  const want = podAmounts(pod, false);
  if (want.cpuMillis === 0 && want.memoryBytes === 0) return undefined;
  return feasible.map((n) => {
    const used = nodeRequested(n, false);
    const fractions: number[] = [];
    for (const [alloc, req] of [
      [n.alloc.cpuMillis, used.cpuMillis + want.cpuMillis],
      [n.alloc.memoryBytes, used.memoryBytes + want.memoryBytes],
    ] as const) {
      if (alloc === 0) continue;
      fractions.push(Math.min(1, req / alloc));
    }
    let std = 0;
    if (fractions.length === 2) std = Math.abs(((fractions[0] as number) - (fractions[1] as number)) / 2);
    else if (fractions.length > 2) {
      const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
      std = Math.sqrt(fractions.reduce((a, f) => a + (f - mean) * (f - mean), 0) / fractions.length);
    }
    return Math.trunc((1 - std) * 100);
  });
};

// -------------------------------------------------------------------------------------
// ImageLocality
// -------------------------------------------------------------------------------------

const MIB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MIB;
const MAX_CONTAINER_THRESHOLD = 1000 * MIB;

const normalizedImageName = (name: string): string => (name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name);

const imageNames = (node: Node): string[] => (node.status?.images ?? []).flatMap((i) => i.names ?? []);

/**
 * The cache's ImageStateSummary (backend/cache/cache.go addNodeImageStates): Size is the one
 * reported by the first node added to the cache that lists the name, NumNodes the number of
 * nodes listing it.
 */
const imageState = (all: readonly Node[], name: string): { size: number; numNodes: number } | undefined => {
  let size: number | undefined;
  let numNodes = 0;
  for (const node of all) {
    let listed = false;
    for (const image of node.status?.images ?? []) {
      if (!(image.names ?? []).includes(name)) continue;
      if (size === undefined) size = image.sizeBytes ?? 0;
      listed = true;
    }
    if (listed) numNodes++;
  }
  return size === undefined ? undefined : { size, numNodes };
};

/** ImageLocality over every node of the snapshot (`allInCreationOrder`: the cache's insertion order). */
export const imageScores = (pod: Pod, feasible: readonly RefNode[], allInCreationOrder: readonly Node[]): number[] => {
  const containers = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  const total = allInCreationOrder.length;
  return feasible.map((n) => {
    const here = imageNames(n.node);
    let sum = 0;
    for (const c of containers) {
      const name = normalizedImageName(c.image ?? '');
      if (!here.includes(name)) continue;
      const state = imageState(allInCreationOrder, name) as { size: number; numNodes: number };
      sum += Math.trunc(state.size * (state.numNodes / total));
    }
    const maxThreshold = MAX_CONTAINER_THRESHOLD * containers.length;
    const clamped = sum < MIN_THRESHOLD ? MIN_THRESHOLD : sum > maxThreshold ? maxThreshold : sum;
    return Math.floor((100 * (clamped - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
  });
};
