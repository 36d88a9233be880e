/**
 * Running one scheduler plugin the way the framework does (PreFilter then Filter, PreScore
 * then Score then NormalizeScore), for plugin specs.
 */
import type { Node } from '../../src/api/node.js';
import type { Pod } from '../../src/api/pod.js';
import type { PodRequests } from '../../src/api/resources.js';
import { columnsOf, nodeInfoOf, podInfoOf, summariseImages } from '../../src/scheduler/cache.js';
import type { CycleContext, FilterFailure, FilterPlugin, NodeInfo, PodInfo, ScorePlugin, Snapshot } from '../../src/scheduler/types.js';
import type { ClusterState, NodeUsage } from '../../src/state/state.js';
import { emptyState } from '../../src/state/state.js';

/** A snapshot holding exactly these NodeInfos, in this order. */
export const snapshotFrom = (nodes: readonly NodeInfo[]): Snapshot => {
  const list = nodes.map((n, index) => ({ ...n, index }));
  return {
    nodes: list,
    columns: columnsOf(list),
    byName: new Map(list.map((n) => [n.name, n])),
    nodesWithImage: () => summariseImages(list).counts,
    imageSizes: () => summariseImages(list).sizes,
    nominatedPods: () => [],
    hasNominatedPods: () => false,
  };
};

export const contextOf = (nodes: readonly NodeInfo[], state: ClusterState = emptyState): CycleContext => ({ state, snapshot: snapshotFrom(nodes) });

/** A NodeInfo for a Node object with these pods, and a usage that may differ from their sum. */
export const nodeInfoFor = (node: Node, opts: { pods?: readonly PodInfo[]; usage?: NodeUsage } = {}): NodeInfo => nodeInfoOf(0, node, opts.pods ?? [], opts.usage);

/** A PodInfo for a pod, with requests given explicitly (or computed from the spec). */
export const podInfoFor = (pod: Pod, requests?: PodRequests): PodInfo => (requests === undefined ? podInfoOf(pod) : { ...podInfoOf(pod), requests });

/** The plugin's verdict on one node: undefined (passes, or PreFilter skipped), or the failure. */
export const verdict = (plugin: FilterPlugin, pod: PodInfo, node: NodeInfo, ctx: CycleContext = contextOf([node])): FilterFailure | undefined => {
  const pre = plugin.preFilter(ctx, pod);
  if (pre.type === 'Skip') return undefined;
  if (pre.type === 'Reject') return pre.failure;
  return pre.check.filter(node);
};

/** Raw scores (before NormalizeScore) of the nodes; a PreScore Skip gives undefined. */
export const rawScores = (plugin: ScorePlugin, pod: PodInfo, nodes: readonly NodeInfo[], ctx: CycleContext = contextOf(nodes)): number[] | undefined => {
  const scorer = plugin.preScore(ctx, pod, nodes);
  return scorer === 'Skip' ? undefined : nodes.map((n) => scorer.score(n));
};

/** Final scores (after NormalizeScore) of the nodes; a PreScore Skip gives undefined. */
export const finalScores = (plugin: ScorePlugin, pod: PodInfo, nodes: readonly NodeInfo[], ctx: CycleContext = contextOf(nodes)): number[] | undefined => {
  const scorer = plugin.preScore(ctx, pod, nodes);
  if (scorer === 'Skip') return undefined;
  const scores = nodes.map((n) => scorer.score(n));
  scorer.normalize?.(scores, nodes);
  return scores;
};

/** The raw score of one node (0 when PreScore skips). */
export const rawScore = (plugin: ScorePlugin, pod: PodInfo, node: NodeInfo, ctx?: CycleContext): number => rawScores(plugin, pod, [node], ctx)?.[0] ?? 0;
