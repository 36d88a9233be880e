/**
 * A reference scheduling cycle (upstream schedule_one.go + framework/runtime at v1.34), for
 * differential tests of src/scheduler: every node's filter verdict in upstream's filter
 * order, the nodes visited from a start index until enough are feasible, and every score
 * plugin's normalized score and the weighted total over the feasible ones.
 *
 * Which plugins run is given by name (the profile under test); their order and weights are
 * upstream's, not the caller's. Volume plugins are passes and Skips here: the generators
 * create no PersistentVolumeClaims.
 */
import type { Pod } from '../../../src/api/pod.js';
import type { RefCluster, RefNode } from './cluster.js';
import { nodeTreeList, refNode } from './cluster.js';
import type { Verdict } from './filters.js';
import { nodeAffinity, nodeName, nodePorts, nodeResourcesFit, nodeUnschedulable, taintToleration } from './filters.js';
import { interPodFilter, interPodScores } from './interpod.js';
import { balancedScores, imageScores, leastAllocatedScores, nodeAffinityScores, taintScores } from './scores.js';
import { nodeAffinityOf } from './selectors.js';
import { spreadFilter, spreadScores } from './spread.js';

/** upstream default_plugins.go: Filter order. */
export const UPSTREAM_FILTER_ORDER = [
  'NodeUnschedulable',
  'NodeName',
  'TaintToleration',
  'NodeAffinity',
  'NodePorts',
  'NodeResourcesFit',
  'VolumeRestrictions',
  'NodeVolumeLimits',
  'VolumeBinding',
  'VolumeZone',
  'PodTopologySpread',
  'InterPodAffinity',
] as const;

/** upstream default score weights. */
export const UPSTREAM_SCORE_WEIGHTS: Readonly<Record<string, number>> = {
  TaintToleration: 3,
  NodeAffinity: 2,
  NodeResourcesFit: 1,
  VolumeBinding: 1,
  PodTopologySpread: 2,
  InterPodAffinity: 2,
  NodeResourcesBalancedAllocation: 1,
  ImageLocality: 1,
};

export interface RefPlugins {
  readonly filters: readonly string[];
  readonly scores: readonly string[];
}

export interface RefScores {
  /** Plugin → normalized score of each feasible node (in `feasible` order); Skipped plugins absent. */
  readonly byPlugin: Readonly<Record<string, readonly number[]>>;
  readonly skipped: readonly string[];
  readonly totals: readonly number[];
}

export interface RefCycle {
  /** Every node, in node-tree order. */
  readonly order: readonly string[];
  /** A PreFilter that rejected the pod on every node. */
  readonly rejected?: Verdict;
  /** The nodes PreFilter restricted the cycle to (undefined: all), and the status of the others. */
  readonly restrictedTo?: ReadonlySet<string>;
  readonly absent?: Verdict;
  /** The filter verdict of every candidate node (undefined: feasible), visited or not. */
  readonly verdicts: ReadonlyMap<string, Verdict | undefined>;
  /** The nodes the cycle visits, in visit order, and the feasible ones among them. */
  readonly visited: readonly string[];
  readonly feasible: readonly string[];
  /** Over `feasible` (absent when fewer than two: a single node is taken unscored). */
  readonly scores?: RefScores;
  /** The feasible nodes with the highest total (every feasible node when there is one). */
  readonly best: readonly string[];
}

type NodeCheck = (n: RefNode) => Verdict | undefined;

const filterChecks = (cluster: RefCluster, pod: Pod, all: readonly RefNode[], enabled: ReadonlySet<string>): NodeCheck[] => {
  for (const name of enabled) if (!(UPSTREAM_FILTER_ORDER as readonly string[]).includes(name)) throw new Error(`reference: no model of filter plugin ${name}`);
  const checks: NodeCheck[] = [];
  for (const name of UPSTREAM_FILTER_ORDER) {
    if (!enabled.has(name)) continue;
    if (name === 'NodeUnschedulable') checks.push((n) => nodeUnschedulable(pod, n));
    else if (name === 'NodeName') checks.push((n) => nodeName(pod, n));
    else if (name === 'TaintToleration') checks.push((n) => taintToleration(pod, n));
    else if (name === 'NodeAffinity') checks.push((n) => nodeAffinity(pod, n));
    else if (name === 'NodePorts') checks.push((n) => nodePorts(pod, n));
    else if (name === 'NodeResourcesFit') checks.push((n) => nodeResourcesFit(pod, n));
    else if (name === 'PodTopologySpread') {
      const check = spreadFilter(cluster, pod, all);
      if (check !== undefined) checks.push(check);
    } else if (name === 'InterPodAffinity') {
      const check = interPodFilter(cluster, pod, all);
      if (check !== undefined) checks.push(check);
    }
    // the volume plugins pass: no pod here has a PersistentVolumeClaim
  }
  return checks;
};

/** NodeAffinity's PreFilter: every required term with `metadata.name In` fields restricts the nodes to their union. */
const nodeNamesOf = (pod: Pod): Set<string> | 'all' => {
  const required = nodeAffinityOf(pod.spec.affinity).requiredDuringSchedulingIgnoredDuringExecution;
  const terms = required?.nodeSelectorTerms ?? [];
  if (terms.length === 0) return 'all';
  const union = new Set<string>();
  for (const t of terms) {
    let names: Set<string> | undefined;
    for (const f of t.matchFields ?? []) {
      if (f.key !== 'metadata.name' || f.operator !== 'In') continue;
      const these = new Set(f.values ?? []);
      names = names === undefined ? these : new Set([...names].filter((x) => these.has(x)));
    }
    if (names === undefined) return 'all';
    for (const x of names) union.add(x);
  }
  return union;
};

/** upstream numFeasibleNodesToFind (minFeasibleNodesToFind 100, minFeasibleNodesPercentageToFind 5). */
export const numFeasibleNodesToFind = (numAllNodes: number, percentage: number): number => {
  if (numAllNodes < 100) return numAllNodes;
  let pct = percentage;
  if (pct === 0) pct = Math.max(50 - Math.trunc(numAllNodes / 125), 5);
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < 100 ? 100 : n;
};

export const referenceCycle = (cluster: RefCluster, pod: Pod, plugins: RefPlugins, opts: { readonly startIndex: number; readonly percentageOfNodesToScore: number }): RefCycle => {
  const treeOrder = nodeTreeList(cluster.nodes);
  const all = treeOrder.map((n) => refNode(cluster, n));
  const order = all.map((n) => n.name);
  const enabled = new Set(plugins.filters);
  let candidates = all;
  let restrictedTo: Set<string> | undefined;
  let absent: Verdict | undefined;
  if (enabled.has('NodeAffinity')) {
    const names = nodeNamesOf(pod);
    if (names !== 'all' && names.size === 0) {
      const rejected: Verdict = { plugin: 'NodeAffinity', code: 'UnschedulableAndUnresolvable', reasons: ['pod affinity terms conflict'] };
      return { order, rejected, verdicts: new Map(), visited: [], feasible: [], best: [] };
    }
    if (names !== 'all') {
      restrictedTo = names;
      candidates = all.filter((n) => names.has(n.name));
      absent = { plugin: 'NodeAffinity', code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't satisfy plugin(s) [NodeAffinity]"] };
    }
  }
  const checks = filterChecks(cluster, pod, all, enabled);
  const verdicts = new Map<string, Verdict | undefined>();
  for (const n of candidates) {
    let verdict: Verdict | undefined;
    for (const check of checks) {
      verdict = check(n);
      if (verdict !== undefined) break;
    }
    verdicts.set(n.name, verdict);
  }
  const want = numFeasibleNodesToFind(candidates.length, opts.percentageOfNodesToScore);
  const visited: RefNode[] = [];
  const feasible: RefNode[] = [];
  for (let i = 0; i < candidates.length && feasible.length < want; i++) {
    const n = candidates[(opts.startIndex + i) % candidates.length] as RefNode;
    visited.push(n);
    if (verdicts.get(n.name) === undefined) feasible.push(n);
  }
  const base = { order, ...(restrictedTo === undefined ? {} : { restrictedTo, absent }), verdicts, visited: visited.map((n) => n.name), feasible: feasible.map((n) => n.name) };
  if (feasible.length <= 1) return { ...base, best: feasible.map((n) => n.name) };
  const scores = scoreAll(cluster, pod, plugins.scores, feasible, all);
  let top = -Infinity;
  for (const t of scores.totals) top = Math.max(top, t);
  return { ...base, scores, best: feasible.filter((_, i) => scores.totals[i] === top).map((n) => n.name) };
};

const scoreAll = (cluster: RefCluster, pod: Pod, enabled: readonly string[], feasible: readonly RefNode[], all: readonly RefNode[]): RefScores => {
  const byPlugin: Record<string, readonly number[]> = {};
  const skipped: string[] = [];
  const totals = feasible.map(() => 0);
  for (const name of enabled) {
    const scores = pluginScores(cluster, pod, name, feasible, all);
    if (scores === undefined) {
      skipped.push(name);
      continue;
    }
    byPlugin[name] = scores;
    const weight = UPSTREAM_SCORE_WEIGHTS[name] ?? 1;
    scores.forEach((s, i) => (totals[i] = (totals[i] as number) + s * weight));
  }
  return { byPlugin, skipped, totals };
};

const pluginScores = (cluster: RefCluster, pod: Pod, name: string, feasible: readonly RefNode[], all: readonly RefNode[]): readonly number[] | undefined => {
  switch (name) {
    case 'TaintToleration':
      return taintScores(pod, feasible);
    case 'NodeAffinity':
      return nodeAffinityScores(pod, feasible);
    case 'NodeResourcesFit':
      return leastAllocatedScores(pod, feasible);
    case 'NodeResourcesBalancedAllocation':
      return balancedScores(pod, feasible);
    case 'ImageLocality':
      return imageScores(pod, feasible, cluster.nodes);
    case 'PodTopologySpread':
      return spreadScores(cluster, pod, feasible, all);
    case 'InterPodAffinity':
      return interPodScores(cluster, pod, feasible, all);
    case 'VolumeBinding':
      return undefined; // PreScore Skips without static bindings or StorageCapacityScoring
    default:
      throw new Error(`reference: no model of score plugin ${name}`);
  }
};
