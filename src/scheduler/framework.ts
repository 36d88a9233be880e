/**
 * One scheduling cycle (upstream schedule_one.go): filter nodes until enough are
 * feasible, score them with each plugin, normalize, weight and sum, and pick the best,
 * breaking ties with the seeded PRNG. Sequential where upstream is parallel: upstream
 * stops its parallel workers at the same count, so the feasible set is the same.
 */
import type { ScheduleTrace } from '../api/actions.js';
import type { Rng } from '../state/controller.js';
import { compareStrings } from '../state/queries.js';
import type { CycleContext, FailureCode, FilterPlugin, NodeInfo, PodInfo, Profile } from './types.js';
import { MAX_NODE_SCORE } from './types.js';

export type CycleResult =
  | { readonly type: 'Feasible'; readonly node: string; readonly trace: ScheduleTrace }
  | { readonly type: 'Unschedulable'; readonly failures: ReadonlyMap<string, { code: FailureCode; reasons: readonly string[] }>; readonly totalNodes: number };

/** upstream: minFeasibleNodesToFind 100, minFeasibleNodesPercentageToFind 5. */
export const numFeasibleNodesToFind = (totalNodes: number, percentage: number, hasScorePlugins: boolean): number => {
  if (!hasScorePlugins) return 1;
  if (totalNodes < 100) return totalNodes;
  const adaptive = percentage <= 0 ? Math.max(50 - Math.trunc(totalNodes / 125), 5) : percentage;
  if (adaptive >= 100) return totalNodes;
  return Math.max(Math.trunc((totalNodes * adaptive) / 100), 100);
};

/** The nodes of a cycle, in visiting order; NodeInfo is built only for the nodes visited. */
export interface NodeList {
  readonly size: number;
  readonly at: (i: number) => NodeInfo;
}

export const nodeListOf = (nodes: readonly NodeInfo[]): NodeList => ({ size: nodes.length, at: (i) => nodes[i] as NodeInfo });

export const scheduleCycle = (
  ctx: CycleContext,
  profile: Profile,
  pod: PodInfo,
  nodes: NodeList,
  startIndex: number,
  rng: Rng,
): CycleResult => {
  const total = nodes.size;
  const want = numFeasibleNodesToFind(total, profile.percentageOfNodesToScore, profile.scores.length > 0);
  const feasible: NodeInfo[] = [];
  const failures = new Map<string, { code: FailureCode; reasons: readonly string[] }>();
  const filters = profile.filters.filter((f) => f.skip?.(ctx, pod) !== true);
  let evaluated = 0;
  for (let i = 0; i < total && feasible.length < want; i++) {
    const node = nodes.at((startIndex + i) % total);
    evaluated++;
    const failure = firstFailure(ctx, filters, pod, node);
    if (failure === undefined) feasible.push(node);
    else failures.set(node.name, failure);
  }
  if (feasible.length === 0) return { type: 'Unschedulable', failures, totalNodes: total };
  const first = feasible[0] as NodeInfo;
  if (feasible.length === 1) return { type: 'Feasible', node: first.name, trace: { evaluatedNodes: evaluated, feasibleNodes: 1 } };
  return pickBest(ctx, profile, pod, feasible, evaluated, rng);
};

/** upstream: the first failing filter ends the node's evaluation. */
const firstFailure = (ctx: CycleContext, filters: readonly FilterPlugin[], pod: PodInfo, node: NodeInfo): { code: FailureCode; reasons: readonly string[] } | undefined => {
  for (const plugin of filters) {
    const failure = plugin.filter(ctx, pod, node);
    if (failure !== undefined) return failure;
  }
  return undefined;
};

const pickBest = (ctx: CycleContext, profile: Profile, pod: PodInfo, feasible: readonly NodeInfo[], evaluated: number, rng: Rng): CycleResult => {
  const totals = new Array<number>(feasible.length).fill(0);
  const perPlugin: number[][] = [];
  for (const { plugin, weight } of profile.scores) {
    const scores = feasible.map((n) => plugin.score(ctx, pod, n));
    plugin.normalize?.(scores);
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i] ?? 0;
      if (s < 0 || s > MAX_NODE_SCORE) throw new Error(`plugin ${plugin.name} scored node ${feasible[i]?.name ?? '?'} ${s}, outside [0, ${MAX_NODE_SCORE}]`);
      totals[i] = (totals[i] ?? 0) + s * weight;
    }
    perPlugin.push(scores);
  }
  const winner = selectHost(totals, rng);
  const pluginScores: Record<string, number> = {};
  profile.scores.forEach(({ plugin }, p) => {
    pluginScores[plugin.name] = perPlugin[p]?.[winner] ?? 0;
  });
  const node = feasible[winner] as NodeInfo;
  return { type: 'Feasible', node: node.name, trace: { evaluatedNodes: evaluated, feasibleNodes: feasible.length, score: totals[winner] ?? 0, pluginScores } };
};

/** upstream selectHost: the highest total; among ties, reservoir sampling (k-th tie wins with 1/k). */
export const selectHost = (totals: readonly number[], rng: Rng): number => {
  let best = 0;
  let ties = 1;
  for (let i = 1; i < totals.length; i++) {
    const s = totals[i] ?? 0;
    const top = totals[best] ?? 0;
    if (s > top) {
      best = i;
      ties = 1;
    } else if (s === top) {
      ties++;
      if (rng.int(0, ties - 1) === 0) best = i;
    }
  }
  return best;
};

// -------------------------------------------------------------------------------------
// FailedScheduling message (upstream framework.FitError.Error)
// -------------------------------------------------------------------------------------

/** `0/5 nodes are available: 2 Insufficient cpu, 3 Too many pods.` — counts sorted as strings. */
export const fitErrorMessage = (totalNodes: number, failures: ReadonlyMap<string, { reasons: readonly string[] }>, postFilter?: string): string => {
  if (totalNodes === 0) return 'no nodes available to schedule pods';
  const histogram = new Map<string, number>();
  for (const { reasons } of failures.values()) for (const r of reasons) histogram.set(r, (histogram.get(r) ?? 0) + 1);
  const base = histogramMessage(totalNodes, histogram);
  return postFilter === undefined ? base : `${base} ${postFilter}`;
};

/** `0/N nodes are available: <count> <reason>, …` with the parts sorted as strings (counts included). */
export const histogramMessage = (totalNodes: number, counts: ReadonlyMap<string, number>): string => {
  const parts = [...counts].map(([reason, count]) => `${count} ${reason}`).sort(compareStrings);
  return `0/${totalNodes} nodes are available: ${parts.join(', ')}.`;
};
