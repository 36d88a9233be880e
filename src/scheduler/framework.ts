/**
 * One scheduling cycle (upstream schedule_one.go): PreFilter, then Filter node by node
 * until enough nodes are feasible, then PreScore, Score, NormalizeScore, weights, and the
 * best node, ties broken with the seeded PRNG. Sequential where upstream is parallel:
 * upstream stops its parallel workers at the same count, so the feasible set is the same.
 */
import type { NodeScore, ScheduleTrace, UnschedulableTrace } from '../api/actions.js';
import type { Rng } from '../state/controller.js';
import { compareStrings } from '../state/queries.js';
import type { CycleContext, FilterFailure, NodeFilter, NodeInfo, NodeScorer, PodInfo, Profile } from './types.js';
import { MAX_NODE_SCORE } from './types.js';
import { nodeInfoOf } from './cache.js';

/** upstream: minFeasibleNodesToFind 100, minFeasibleNodesPercentageToFind 5. */
export const numFeasibleNodesToFind = (totalNodes: number, percentage: number, hasScorePlugins: boolean): number => {
  if (!hasScorePlugins) return 1;
  if (totalNodes < 100) return totalNodes;
  const adaptive = percentage <= 0 ? Math.max(50 - Math.trunc(totalNodes / 125), 5) : percentage;
  if (adaptive >= 100) return totalNodes;
  return Math.max(Math.trunc((totalNodes * adaptive) / 100), 100);
};

// -------------------------------------------------------------------------------------
// PreFilter and Filter
// -------------------------------------------------------------------------------------

export interface FilterCheck {
  readonly name: string;
  readonly check: NodeFilter;
}

/** The outcome of every PreFilter of a profile for one pod. */
export interface PreparedFilters {
  readonly checks: readonly FilterCheck[];
  readonly skipped: readonly string[];
  /** The nodes PreFilter restricted the cycle to (undefined: every node), and by which plugins. */
  readonly nodeNames?: ReadonlySet<string>;
  readonly restrictedBy: readonly string[];
  /** A PreFilter that failed the pod on every node. */
  readonly rejected?: FilterFailure;
}

export const preFilter = (ctx: CycleContext, profile: Profile, pod: PodInfo): PreparedFilters => {
  const checks: FilterCheck[] = [];
  const skipped: string[] = [];
  const restrictedBy: string[] = [];
  let nodeNames: Set<string> | undefined;
  for (const plugin of profile.filters) {
    const result = plugin.preFilter(ctx, pod);
    if (result.type === 'Skip') skipped.push(plugin.name);
    else if (result.type === 'Reject') return { checks, skipped, restrictedBy, rejected: result.failure };
    else {
      checks.push({ name: plugin.name, check: result.check });
      if (result.nodeNames !== undefined) {
        restrictedBy.push(plugin.name);
        const names = new Set(result.nodeNames);
        nodeNames = nodeNames === undefined ? names : new Set([...nodeNames].filter((n) => names.has(n)));
      }
    }
  }
  if (nodeNames !== undefined && nodeNames.size === 0) {
    const reason = restrictedBy.length === 1 ? `node(s) didn't satisfy plugin ${restrictedBy[0] ?? ''}` : `node(s) didn't satisfy plugin(s) [${restrictedBy.join(' ')}] simultaneously`;
    return { checks, skipped, restrictedBy, rejected: { code: 'UnschedulableAndUnresolvable', reasons: [reason], plugin: restrictedBy[0] ?? '' } };
  }
  return nodeNames === undefined ? { checks, skipped, restrictedBy } : { checks, skipped, restrictedBy, nodeNames };
};

/** upstream: the first failing filter ends the node's evaluation. */
export const runFilters = (checks: readonly FilterCheck[], node: NodeInfo): FilterFailure | undefined => {
  for (let i = 0; i < checks.length; i++) {
    const failure = (checks[i] as FilterCheck).check.filter(node);
    if (failure !== undefined) return failure;
  }
  return undefined;
};

/**
 * upstream RunFilterPluginsWithNominatedPods: pods nominated to the node (other than the
 * pod itself) with a priority at least `priority` count as placed there; a node must pass
 * both with them and without them (the nominated pods may yet go elsewhere).
 */
export const filtersWithNominated = (checks: readonly FilterCheck[], node: NodeInfo, nominated: readonly PodInfo[], priority: number, self: string): FilterFailure | undefined => {
  const placed = nominated.filter((p) => p.key !== self && (p.pod.spec.priority ?? 0) >= priority);
  if (placed.length === 0) return runFilters(checks, node);
  const withThem = nodeInfoOf(node.index, node.node, [...node.pods, ...placed].sort((a, b) => compareStrings(a.key, b.key)), undefined, node);
  for (const p of placed) for (const c of checks) c.check.addPod?.(p, withThem);
  const failure = runFilters(checks, withThem);
  for (const p of placed) for (const c of checks) c.check.removePod?.(p, withThem);
  return failure ?? runFilters(checks, node);
};

const runFiltersWithNominated = (ctx: CycleContext, checks: readonly FilterCheck[], pod: PodInfo, node: NodeInfo): FilterFailure | undefined =>
  filtersWithNominated(checks, node, ctx.snapshot.nominatedPods(node.name), pod.pod.spec.priority ?? 0, pod.key);

// -------------------------------------------------------------------------------------
// the cycle
// -------------------------------------------------------------------------------------

export type CycleResult =
  | { readonly type: 'Feasible'; readonly node: string; readonly trace: ScheduleTrace }
  | {
      readonly type: 'Unschedulable';
      /** Failing nodes visited by the filters, with their first failure. */
      readonly failures: ReadonlyMap<string, FilterFailure>;
      /** The status of the nodes the filters never visited (PreFilter's verdict), if any. */
      readonly absent?: FilterFailure;
      /** A PreFilter that rejected the pod outright: the message names only it. */
      readonly preFilterMessage?: string;
      readonly totalNodes: number;
      readonly trace: UnschedulableTrace;
      readonly filters: PreparedFilters;
    };

/**
 * Runs one cycle for `pod` against the context's snapshot, visiting nodes from
 * `startIndex`. `nominatedNode` (the pod's status.nominatedNodeName) is tried first and
 * taken if it passes the filters, as upstream's evaluateNominatedNode.
 */
export const scheduleCycle = (ctx: CycleContext, profile: Profile, pod: PodInfo, startIndex: number, rng: Rng, nominatedNode?: string): CycleResult => {
  const all = ctx.snapshot.nodes;
  const filters = preFilter(ctx, profile, pod);
  if (filters.rejected !== undefined) {
    const reason = filters.rejected.reasons.join(', ');
    return {
      type: 'Unschedulable',
      failures: new Map(),
      absent: filters.rejected,
      preFilterMessage: reason,
      totalNodes: all.length,
      trace: { evaluatedNodes: 0, rejected: { [filters.rejected.plugin]: { [reason]: all.length } }, ...skippedOf(filters.skipped) },
      filters,
    };
  }
  if (nominatedNode !== undefined) {
    const node = ctx.snapshot.byName.get(nominatedNode);
    if (node !== undefined && (filters.nodeNames === undefined || filters.nodeNames.has(node.name)) && runFiltersWithNominated(ctx, filters.checks, pod, node) === undefined) {
      return { type: 'Feasible', node: node.name, trace: { evaluatedNodes: 1, feasibleNodes: 1, ...skippedOf(filters.skipped) } };
    }
  }
  const restrict = filters.nodeNames;
  // a restriction names few nodes (a DaemonSet pod names one): look them up, in node-tree order
  const nodes = restrict === undefined ? all : [...restrict].map((name) => ctx.snapshot.byName.get(name)).filter((n): n is NodeInfo => n !== undefined).sort((a, b) => a.index - b.index);
  const total = nodes.length;
  const want = numFeasibleNodesToFind(total, profile.percentageOfNodesToScore, profile.scores.length > 0);
  // scratch arrays reused from cycle to cycle (a cycle never runs inside another)
  const feasible = SCRATCH.feasible;
  const feasibleIndex = SCRATCH.index;
  feasible.length = 0;
  feasibleIndex.length = 0;
  // failing nodes and why, in visiting order; a Map only if the cycle ends unschedulable
  const failedNodes = SCRATCH.failedNodes;
  const failedWhy = SCRATCH.failedWhy;
  failedNodes.length = 0;
  failedWhy.length = 0;
  const checks = filters.checks;
  if (ctx.snapshot.hasNominatedPods()) {
    for (let i = 0; i < total && feasible.length < want; i++) {
      const node = nodes[(startIndex + i) % total] as NodeInfo;
      const failure = runFiltersWithNominated(ctx, checks, pod, node);
      if (failure === undefined) {
        feasible.push(node);
        feasibleIndex.push(node.index);
      } else {
        failedNodes.push(node);
        failedWhy.push(failure);
      }
    }
  } else {
    // the fast paths answer pass/fail from the columns; a failing node's reasons come from
    // the full filter of the first check that failed (the ones before it passed)
    let lastFailure: FilterFailure | undefined;
    const passes = checks.map(
      (c) =>
        c.check.passes ??
        ((index: number) => {
          lastFailure = c.check.filter(all[index] as NodeInfo);
          return lastFailure === undefined;
        }),
    );
    // each check at its own call site, so V8 sees one closure shape per site and can inline it
    const p0 = passes[0] ?? ALWAYS;
    const p1 = passes[1] ?? ALWAYS;
    const p2 = passes[2] ?? ALWAYS;
    const p3 = passes[3] ?? ALWAYS;
    const rest = passes.slice(4);
    const failingCheck = (index: number): number => {
      if (!p0(index)) return 0;
      if (!p1(index)) return 1;
      if (!p2(index)) return 2;
      if (!p3(index)) return 3;
      for (let c = 0; c < rest.length; c++) if (!(rest[c] as (index: number) => boolean)(index)) return c + 4;
      return -1;
    };
    for (let i = 0; i < total && feasible.length < want; i++) {
      const k = (startIndex + i) % total;
      const node = nodes[k] as NodeInfo;
      const index = restrict === undefined ? k : node.index;
      const failed = failingCheck(index);
      if (failed < 0) {
        feasible.push(node);
        feasibleIndex.push(index);
      } else {
        const check = (checks[failed] as FilterCheck).check;
        failedNodes.push(node);
        failedWhy.push((check.passes === undefined ? lastFailure : check.filter(node)) as FilterFailure);
      }
    }
  }
  const evaluatedNodes = feasible.length + failedNodes.length;
  const absent: FilterFailure | undefined =
    restrict === undefined ? undefined : { code: 'UnschedulableAndUnresolvable', reasons: [`node(s) didn't satisfy plugin(s) [${[...filters.restrictedBy].sort(compareStrings).join(' ')}]`], plugin: filters.restrictedBy[0] ?? '' };
  if (feasible.length === 0) {
    const failures = new Map<string, FilterFailure>();
    for (let i = 0; i < failedNodes.length; i++) failures.set((failedNodes[i] as NodeInfo).name, failedWhy[i] as FilterFailure);
    const rejected = rejectedHistogram(failures.values());
    if (absent !== undefined && all.length > failures.size) {
      const reason = absent.reasons[0] as string;
      rejected[absent.plugin] = { ...rejected[absent.plugin], [reason]: (rejected[absent.plugin]?.[reason] ?? 0) + all.length - failures.size };
    }
    return {
      type: 'Unschedulable',
      failures,
      ...(absent === undefined ? {} : { absent }),
      totalNodes: all.length,
      trace: { evaluatedNodes, ...(Object.keys(rejected).length > 0 ? { rejected } : {}), ...skippedOf(filters.skipped) },
      filters,
    };
  }
  const base = { evaluatedNodes, feasibleNodes: feasible.length, ...(failedWhy.length > 0 ? { rejected: rejectedHistogram(failedWhy) } : {}) };
  const first = feasible[0] as NodeInfo;
  if (feasible.length === 1) return { type: 'Feasible', node: first.name, trace: { ...base, ...skippedOf(filters.skipped) } };
  return pickBest(ctx, profile, pod, feasible, feasibleIndex, base, filters.skipped, rng);
};

const ALWAYS = (): boolean => true;

/** Buffers one cycle fills and the next reuses: no results ever point into them. */
const SCRATCH = { feasible: [] as NodeInfo[], index: [] as number[], failedNodes: [] as NodeInfo[], failedWhy: [] as FilterFailure[], totals: new Float64Array(0), scores: [] as number[][] };

const skippedOf = (skipped: readonly string[]): { skipped?: readonly string[] } => (skipped.length > 0 ? { skipped } : {});

/** plugin → reason → nodes: the filter verdicts of a cycle, for the trace. */
export const rejectedHistogram = (failures: Iterable<FilterFailure>): Record<string, Record<string, number>> => {
  const out: Record<string, Record<string, number>> = {};
  for (const f of failures) {
    const byReason = (out[f.plugin] ??= {});
    for (const r of f.reasons) byReason[r] = (byReason[r] ?? 0) + 1;
  }
  return out;
};

// -------------------------------------------------------------------------------------
// scoring
// -------------------------------------------------------------------------------------

const pickBest = (
  ctx: CycleContext,
  profile: Profile,
  pod: PodInfo,
  feasible: readonly NodeInfo[],
  feasibleIndex: readonly number[],
  base: Omit<ScheduleTrace, 'score' | 'pluginScores'>,
  filterSkips: readonly string[],
  rng: Rng,
): CycleResult => {
  const n = feasible.length;
  if (SCRATCH.totals.length < n) SCRATCH.totals = new Float64Array(Math.max(n, 2 * SCRATCH.totals.length));
  const totals = SCRATCH.totals.subarray(0, n);
  totals.fill(0);
  /** Σ weight · score of the plugins that gave every node the same score. */
  let constantPart = 0;
  const skipped = [...filterSkips];
  const scored: { name: string; scores: number[] | undefined; constant: number }[] = [];
  for (const { plugin, weight } of profile.scores) {
    const scorer = plugin.preScore(ctx, pod, feasible);
    if (scorer === 'Skip') {
      if (!skipped.includes(plugin.name)) skipped.push(plugin.name);
      continue;
    }
    if (scorer.constant !== undefined) {
      const c = scorer.constant;
      if (!(c >= 0 && c <= MAX_NODE_SCORE)) throw new Error(`plugin ${plugin.name} scored every node ${c}, outside [0, ${MAX_NODE_SCORE}]`);
      constantPart += c * weight;
      scored.push({ name: plugin.name, scores: undefined, constant: c });
      continue;
    }
    const scores = scoreAll(scorer, feasible, feasibleIndex, scratchScores(scored.length));
    for (let i = 0; i < n; i++) {
      const s = scores[i] as number;
      if (!(s >= 0 && s <= MAX_NODE_SCORE)) throw new Error(`plugin ${plugin.name} scored node ${feasible[i]?.name ?? '?'} ${s}, outside [0, ${MAX_NODE_SCORE}]`);
      totals[i] = (totals[i] as number) + s * weight;
    }
    scored.push({ name: plugin.name, scores, constant: 0 });
  }
  const winner = selectHost(totals, rng);
  const at = (i: number): NodeScore => {
    const pluginScores: Record<string, number> = {};
    for (const { name, scores, constant } of scored) pluginScores[name] = scores === undefined ? constant : (scores[i] as number);
    return { node: (feasible[i] as NodeInfo).name, score: (totals[i] as number) + constantPart, pluginScores };
  };
  const best = at(winner);
  const runnersUp = topOthers(totals, winner).map(at);
  return {
    type: 'Feasible',
    node: best.node,
    trace: { ...base, score: best.score, pluginScores: best.pluginScores, ...skippedOf(skipped), ...(runnersUp.length > 0 ? { runnersUp } : {}) },
  };
};

/** The `p`-th plugin's score buffer, emptied. */
const scratchScores = (p: number): number[] => {
  while (SCRATCH.scores.length <= p) SCRATCH.scores.push([]);
  const scores = SCRATCH.scores[p] as number[];
  scores.length = 0;
  return scores;
};

const scoreAll = (scorer: NodeScorer, feasible: readonly NodeInfo[], feasibleIndex: readonly number[], scores: number[]): number[] => {
  // filled by push: a packed array, which V8 reads and writes faster than a holey one
  const at = scorer.scoreAt;
  if (at !== undefined) for (let i = 0; i < feasible.length; i++) scores.push(at(feasibleIndex[i] as number));
  else for (let i = 0; i < feasible.length; i++) scores.push(scorer.score(feasible[i] as NodeInfo));
  scorer.normalize?.(scores, feasible);
  return scores;
};

/** The two best indexes other than `winner`, best first; among equal totals the earlier index. */
const topOthers = (totals: Float64Array, winner: number): number[] => {
  let first = -1;
  let second = -1;
  for (let i = 0; i < totals.length; i++) {
    if (i === winner) continue;
    const s = totals[i] as number;
    if (first < 0 || s > (totals[first] as number)) {
      second = first;
      first = i;
    } else if (second < 0 || s > (totals[second] as number)) second = i;
  }
  return first < 0 ? [] : second < 0 ? [first] : [first, second];
};

/**
 * upstream selectHost: the highest total, each of the tied nodes equally likely. Upstream
 * draws once per tie (reservoir sampling); kubesim counts the ties and draws once, which
 * gives every tied node the same 1/T chance with one call to the seeded PRNG.
 */
export const selectHost = (totals: ArrayLike<number>, rng: Rng): number => {
  let top = -1;
  let ties = 0;
  for (let i = 0; i < totals.length; i++) {
    const s = totals[i] as number;
    if (s > top) {
      top = s;
      ties = 1;
    } else if (s === top) ties++;
  }
  let k = ties <= 1 ? 0 : rng.int(0, ties - 1);
  for (let i = 0; i < totals.length; i++) if (totals[i] === top && k-- === 0) return i;
  return 0;
};

// -------------------------------------------------------------------------------------
// FailedScheduling message (upstream framework.FitError.Error)
// -------------------------------------------------------------------------------------

/**
 * `0/5 nodes are available: 2 Insufficient cpu, 3 Too many pods.` — counts sorted as
 * strings; nodes the filters never visited count with `absent`'s reasons; a PreFilter
 * rejection replaces the histogram with its own message.
 */
export const fitErrorMessage = (
  totalNodes: number,
  failures: ReadonlyMap<string, { reasons: readonly string[] }>,
  postFilter?: string,
  absent?: { reasons: readonly string[] },
  preFilterMessage?: string,
): string => {
  if (totalNodes === 0) return 'no nodes available to schedule pods';
  let base: string;
  if (preFilterMessage !== undefined) base = `0/${totalNodes} nodes are available: ${preFilterMessage}.`;
  else {
    const histogram = new Map<string, number>();
    for (const { reasons } of failures.values()) for (const r of reasons) histogram.set(r, (histogram.get(r) ?? 0) + 1);
    if (absent !== undefined && failures.size < totalNodes) for (const r of absent.reasons) histogram.set(r, (histogram.get(r) ?? 0) + totalNodes - failures.size);
    base = histogramMessage(totalNodes, histogram);
  }
  return postFilter === undefined ? base : `${base} ${postFilter}`;
};

/** `0/N nodes are available: <count> <reason>, …` with the parts sorted as strings (counts included). */
export const histogramMessage = (totalNodes: number, counts: ReadonlyMap<string, number>): string => {
  const parts = [...counts].map(([reason, count]) => `${count} ${reason}`).sort(compareStrings);
  return parts.length === 0 ? `0/${totalNodes} nodes are available.` : `0/${totalNodes} nodes are available: ${parts.join(', ')}.`;
};
