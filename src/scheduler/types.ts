/**
 * The scheduling framework's vocabulary (upstream pkg/scheduler/framework): what a plugin
 * sees of the pod and of a node, the statuses filters return, the extension points.
 *
 * A cycle runs each filter plugin's PreFilter once (which may Skip the plugin for this pod,
 * or reject every node at once), then the per-node checks it returned, node by node; then
 * each score plugin's PreScore once over the feasible nodes (which may Skip), its per-node
 * score, and its NormalizeScore. Per-cycle precomputation lives in the closures PreFilter
 * and PreScore return, as upstream keeps it in CycleState.
 */
import type { Allocatable, PodRequests } from '../api/resources.js';
import type { Node, Taint } from '../api/node.js';
import type { Pod } from '../api/pod.js';
import type { NodeUsage } from '../state/state.js';
import type { ClusterState } from '../state/state.js';

export interface PodInfo {
  readonly pod: Pod;
  /** `<namespace>/<name>`. */
  readonly key: string;
  readonly requests: PodRequests;
  /** Succeeded or Failed: holds nothing on its node. */
  readonly terminal: boolean;
  /** Has pod affinity or anti-affinity terms (upstream PodInfo.RequiredAffinityTerms etc. non-empty). */
  readonly hasAffinity: boolean;
  readonly hasRequiredAntiAffinity: boolean;
  /** Host ports it asks for (containers and sidecars). */
  readonly hostPorts: readonly HostPort[];
}

/** A host port a pod asks for (upstream HostPortInfo entry); hostIP "0.0.0.0" binds every address. */
export interface HostPort {
  readonly hostIP: string;
  readonly protocol: string;
  readonly port: number;
}

/**
 * One node as the scheduler's cache sees it (upstream framework.NodeInfo). Immutable: the
 * cache replaces a node's NodeInfo when the node or its pods change.
 */
export interface NodeInfo {
  /** Position in `Snapshot.nodes` (node-tree order). */
  readonly index: number;
  readonly name: string;
  readonly node: Node;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  readonly allocatable: Allocatable;
  /** What the pods below request (upstream NodeInfo.Requested / NonZeroRequested). */
  readonly usage: NodeUsage;
  /** The non-terminal pods bound to the node, in key order. */
  readonly pods: readonly PodInfo[];
  /** The subset of `pods` with pod affinity or anti-affinity (upstream PodsWithAffinity). */
  readonly podsWithAffinity: readonly PodInfo[];
  /** The subset of `pods` with required anti-affinity (upstream PodsWithRequiredAntiAffinity). */
  readonly podsWithRequiredAntiAffinity: readonly PodInfo[];
  /** Host ports in use by `pods` (upstream NodeInfo.UsedPorts), flat. */
  readonly usedPorts: readonly HostPort[];
  /**
   * Unique to this NodeInfo value: a new NodeInfo (node or pods changed) gets a new
   * generation. Plugins key per-node memos on it (e.g. counts of pods matching a selector).
   */
  readonly generation: number;
}

/**
 * The numbers of every node by NodeInfo.index, in typed arrays: what plugins' fast paths
 * (NodeFilter.passes, NodeScorer.scoreAt) read. Requested amounts are the NodeInfo's usage;
 * taint counts are of NoSchedule/NoExecute (hard) and PreferNoSchedule (soft) taints.
 */
export interface NodeColumnsView {
  readonly allocCpu: Float64Array;
  readonly allocMem: Float64Array;
  readonly allocPods: Float64Array;
  readonly reqCpu: Float64Array;
  readonly reqMem: Float64Array;
  readonly nonZeroCpu: Float64Array;
  readonly nonZeroMem: Float64Array;
  readonly pods: Float64Array;
  readonly unschedulable: Uint8Array;
  readonly hardTaints: Int32Array;
  readonly softTaints: Int32Array;
  /** How many nodes have at least one PreferNoSchedule taint. */
  readonly softTaintedNodes: number;
}

/** The nodes of the cluster as one cycle sees them (upstream framework snapshot). */
export interface Snapshot {
  /** Every node, in node-tree order (zones interleaved): the order filters visit them. */
  readonly nodes: readonly NodeInfo[];
  readonly columns: NodeColumnsView;
  readonly byName: ReadonlyMap<string, NodeInfo>;
  /** Image name (as nodes report it) → how many nodes list it (upstream ImageStateSummary.NumNodes). */
  readonly nodesWithImage: () => ReadonlyMap<string, number>;
  /** Image name → its size as the cache records it: from the first node (creation order) that listed it. */
  readonly imageSizes: () => ReadonlyMap<string, number>;
  /** Pending pods nominated to this node by preemption (status.nominatedNodeName), in key order. */
  readonly nominatedPods: (node: string) => readonly PodInfo[];
  readonly hasNominatedPods: () => boolean;
  /**
   * Optional: which node indexes got a new NodeInfo since an earlier `version` of this
   * snapshot (undefined: too old, or the node list itself changed — look at every node).
   * Lets per-node memos catch up without comparing every node.
   */
  readonly changes?: { readonly version: () => number; readonly changedSince: (version: number) => readonly number[] | undefined };
}

/** upstream framework.Code: Unschedulable may be fixed by preemption, the other not. */
export type FailureCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface FilterFailure {
  readonly code: FailureCode;
  readonly reasons: readonly string[];
  readonly plugin: string;
}

/** Per-cycle inputs a plugin may read (the state the cycle runs against, and its nodes). */
export interface CycleContext {
  readonly state: ClusterState;
  readonly snapshot: Snapshot;
}

/** What a filter plugin's PreFilter hands to the per-node pass. */
export interface NodeFilter {
  /** undefined: the node passes. */
  readonly filter: (node: NodeInfo) => FilterFailure | undefined;
  /**
   * Optional fast path: whether the node at this index (Snapshot.nodes) passes, reading
   * Snapshot.columns; it must agree with `filter`, which still gives a failing node's reasons.
   */
  readonly passes?: (index: number) => boolean;
  /**
   * upstream PreFilterExtensions, for preemption's what-ifs: update the cycle's
   * precomputed state as if `pod` were added to / removed from `node`. Absent: the
   * plugin's state does not depend on other pods.
   */
  readonly addPod?: (pod: PodInfo, node: NodeInfo) => void;
  readonly removePod?: (pod: PodInfo, node: NodeInfo) => void;
}

export type PreFilterResult =
  | { readonly type: 'Skip' }
  /** Every node fails (upstream PreFilter returning UnschedulableAndUnresolvable). */
  | { readonly type: 'Reject'; readonly failure: FilterFailure }
  /** `nodeNames`: only these nodes can pass (upstream PreFilterResult.NodeNames), the rest are not visited. */
  | { readonly type: 'Check'; readonly check: NodeFilter; readonly nodeNames?: readonly string[] };

export const SKIP: PreFilterResult = { type: 'Skip' };

export interface FilterPlugin {
  readonly name: string;
  readonly preFilter: (ctx: CycleContext, pod: PodInfo) => PreFilterResult;
}

/** What a score plugin's PreScore hands to the per-node pass. */
export interface NodeScorer {
  /** Raw score of one feasible node. */
  readonly score: (node: NodeInfo) => number;
  /** Optional fast path: the same raw score by node index, reading Snapshot.columns. */
  readonly scoreAt?: (index: number) => number;
  /**
   * Set when PreScore already knows every feasible node's final (normalized) score is this
   * value: the framework adds it without scoring node by node. `score` must agree.
   */
  readonly constant?: number;
  /** Maps the raw scores (indexed like `feasible`) into [0, 100] in place; absent: they already are. */
  readonly normalize?: (scores: number[], feasible: readonly NodeInfo[]) => void;
}

export interface ScorePlugin {
  readonly name: string;
  /** PreScore over the feasible nodes; 'Skip': the plugin scores nothing for this pod (adds 0 everywhere). */
  readonly preScore: (ctx: CycleContext, pod: PodInfo, feasible: readonly NodeInfo[]) => NodeScorer | 'Skip';
}

export interface Profile {
  readonly schedulerName: string;
  readonly filters: readonly FilterPlugin[];
  readonly scores: readonly { readonly plugin: ScorePlugin; readonly weight: number }[];
  /** 0 means upstream's adaptive percentage. */
  readonly percentageOfNodesToScore: number;
}

export const MAX_NODE_SCORE = 100;

// -------------------------------------------------------------------------------------
// adapters for plugins without per-cycle state
// -------------------------------------------------------------------------------------

/** A filter whose verdict on a node depends only on the pod and that node. */
export const nodeFilter = (
  name: string,
  check: (pod: PodInfo, node: NodeInfo) => FilterFailure | undefined,
  skip?: (pod: PodInfo) => boolean,
): FilterPlugin => ({
  name,
  preFilter: (_ctx, pod) => (skip?.(pod) === true ? SKIP : { type: 'Check', check: { filter: (node) => check(pod, node) } }),
});

/** A score that depends only on the pod and the node, with an optional normalization. */
export const nodeScore = (
  name: string,
  score: (pod: PodInfo, node: NodeInfo) => number,
  normalize?: (scores: number[]) => void,
  skip?: (pod: PodInfo) => boolean,
): ScorePlugin => ({
  name,
  preScore: (_ctx, pod) => (skip?.(pod) === true ? 'Skip' : normalize === undefined ? { score: (node) => score(pod, node) } : { score: (node) => score(pod, node), normalize: (scores: number[]) => normalize(scores) }),
});
