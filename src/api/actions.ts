/**
 * Actions: what controllers, kubelets and scenario inputs ask the API server to do.
 * Imperative intents; admission turns each into events (past-tense facts) or a logged
 * rejection. Every action that touches an existing object names it with its uid, so a
 * request against an object that was deleted and recreated meanwhile is a Conflict, as
 * a precondition on the real API server would be.
 */
import type { KubeObject, ObjectRef } from './meta.js';

/** What the scheduler records about one placement (see `kubesim describe pod`). */
export interface NodeScore {
  readonly node: string;
  /** Weighted total over the score plugins. */
  readonly score: number;
  /** Per-plugin normalized score (0–100, before weights), `{ NodeResourcesFit: 73 }`. */
  readonly pluginScores: Readonly<Record<string, number>>;
}

/** Why the scheduler chose a node: see ScheduleTraceCodec in log/events.ts. */
export interface ScheduleTrace {
  /** Nodes visited by the filters (feasible + failed): advances the rotating start index. */
  readonly evaluatedNodes: number;
  readonly feasibleNodes: number;
  /** The winning node's weighted score (absent when a single feasible node was taken unscored). */
  readonly score?: number;
  /** Per-plugin score of the winning node, `{ NodeResourcesFit: 73 }`. */
  readonly pluginScores?: Readonly<Record<string, number>>;
  /** plugin → reason → number of nodes it filtered out for that reason. */
  readonly rejected?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Plugins whose PreFilter or PreScore skipped this pod. */
  readonly skipped?: readonly string[];
  /** The next best feasible nodes (at most two), best first. */
  readonly runnersUp?: readonly NodeScore[];
}

export interface UnschedulableTrace {
  readonly evaluatedNodes: number;
  readonly rejected?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly skipped?: readonly string[];
}

/** metav1.DeletionPropagation: what happens to the dependents of a deleted object. */
export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/** The finalizers the API server adds for Foreground and Orphan deletion (the garbage collector removes them). */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

export type Action =
  | { readonly type: 'Create'; readonly object: KubeObject }
  | { readonly type: 'Update'; readonly object: KubeObject }
  | { readonly type: 'Scale'; readonly ref: ObjectRef; readonly replicas: number }
  | { readonly type: 'Delete'; readonly ref: ObjectRef; readonly gracePeriodSeconds?: number; readonly propagationPolicy?: PropagationPolicy }
  | { readonly type: 'RemoveFinalizer'; readonly ref: ObjectRef; readonly finalizer: string }
  | { readonly type: 'FinalizeNamespace'; readonly ref: ObjectRef }
  | { readonly type: 'UpdateStatus'; readonly ref: ObjectRef; readonly status: Readonly<Record<string, unknown>> }
  | { readonly type: 'Bind'; readonly pod: ObjectRef; readonly node: string; readonly trace: ScheduleTrace }
  | { readonly type: 'MarkUnschedulable'; readonly pod: ObjectRef; readonly message: string; readonly trace?: UnschedulableTrace }
  /** Sets the pod's status.nominatedNodeName (preemption); an empty node clears it. */
  | { readonly type: 'Nominate'; readonly pod: ObjectRef; readonly node: string }
  | { readonly type: 'StartPodSandbox'; readonly pod: ObjectRef; readonly podIP: string }
  | { readonly type: 'StartContainers'; readonly pod: ObjectRef }
  | { readonly type: 'MarkPodReady'; readonly pod: ObjectRef }
  /** The kubelet saw the pod's containers exit with this code (the API server decides whether that finished the pod). */
  | { readonly type: 'ExitContainers'; readonly pod: ObjectRef; readonly exitCode: number }
  /** The kubelet restarts exited containers once the crash back-off has passed. */
  | { readonly type: 'RestartContainers'; readonly pod: ObjectRef }
  | { readonly type: 'RemoveTerminatedPod'; readonly pod: ObjectRef };

export type ActionType = Action['type'];

/** The request together with who makes it and why (becomes the events' actor and reason). */
export interface Request {
  readonly actor: string;
  readonly reason: string;
  readonly action: Action;
}
