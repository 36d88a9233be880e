/**
 * The scheduling framework's vocabulary (upstream pkg/scheduler/framework): what a plugin
 * sees of the pod and of a node, the statuses filters return, the extension points.
 */
import type { Allocatable, PodRequests } from '../api/resources.js';
import type { Node } from '../api/node.js';
import type { Pod } from '../api/pod.js';
import type { NodeUsage } from '../state/state.js';
import type { ClusterState } from '../state/state.js';

export interface PodInfo {
  readonly pod: Pod;
  readonly requests: PodRequests;
}

export interface NodeInfo {
  readonly name: string;
  readonly node: Node;
  readonly allocatable: Allocatable;
  /** What the pods already bound to the node request (the scheduler cache's NodeInfo.Requested). */
  readonly usage: NodeUsage;
}

/** upstream framework.Code: Unschedulable may be fixed by preemption, the other not. */
export type FailureCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface FilterFailure {
  readonly code: FailureCode;
  readonly reasons: readonly string[];
  readonly plugin: string;
}

/** Per-cycle inputs a plugin may read (the state the cycle runs against). */
export interface CycleContext {
  readonly state: ClusterState;
}

export interface FilterPlugin {
  readonly name: string;
  /** undefined: the node passes. */
  readonly filter: (ctx: CycleContext, pod: PodInfo, node: NodeInfo) => FilterFailure | undefined;
  /** upstream PreFilter returning Skip: the filter has nothing to check for this pod, on any node. */
  readonly skip?: (ctx: CycleContext, pod: PodInfo) => boolean;
}

export interface ScorePlugin {
  readonly name: string;
  /** Raw score of one feasible node. */
  readonly score: (ctx: CycleContext, pod: PodInfo, node: NodeInfo) => number;
  /** Maps raw scores into [0, 100] in place (upstream NormalizeScore); absent: raw scores already are. */
  readonly normalize?: (scores: number[]) => void;
}

export interface Profile {
  readonly schedulerName: string;
  readonly filters: readonly FilterPlugin[];
  readonly scores: readonly { readonly plugin: ScorePlugin; readonly weight: number }[];
  /** 0 means upstream's adaptive percentage. */
  readonly percentageOfNodesToScore: number;
}

export const MAX_NODE_SCORE = 100;
