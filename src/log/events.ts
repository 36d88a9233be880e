/**
 * The event vocabulary: every change to the simulated cluster is one of these facts.
 * Past tense, one meaningful change each; `evolve` (src/state) is the only reader that
 * changes state. The io-ts codecs are the single source of the types.
 */
import * as t from 'io-ts';
import { KubeObject, ObjectRef } from '../api/meta.js';

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const ev = <T extends string, P extends t.Props>(type: T, props: P) =>
  t.type({ type: t.literal(type), ...props });

/** A feasible node's weighted total and its per-plugin normalized scores (before weights). */
export const NodeScoreCodec = t.type({ node: t.string, score: t.number, pluginScores: t.record(t.string, t.number) });

/**
 * Why the scheduler chose what it chose, kept compact: counts, not per-node lists.
 * `rejected`: plugin → reason → how many nodes that plugin filtered out for that reason
 * (the first failing filter of each node, as upstream). `skipped`: plugins whose PreFilter
 * or PreScore had nothing to do for this pod. `runnersUp`: the next best feasible nodes
 * (at most two), so a reader sees by how much the winner won.
 */
export const ScheduleTraceCodec = t.intersection([
  t.type({ evaluatedNodes: t.number, feasibleNodes: t.number }),
  t.partial({
    score: t.number,
    pluginScores: t.record(t.string, t.number),
    rejected: t.record(t.string, t.record(t.string, t.number)),
    skipped: t.array(t.string),
    runnersUp: t.array(NodeScoreCodec),
  }),
]);

/** The trace of a cycle that found no node: the filters' verdicts as for a binding. */
export const UnschedulableTraceCodec = t.intersection([
  t.type({ evaluatedNodes: t.number }),
  t.partial({ rejected: t.record(t.string, t.record(t.string, t.number)), skipped: t.array(t.string) }),
]);

export const ObjectCreated = ev('ObjectCreated', { object: KubeObject });
export const ObjectUpdated = ev('ObjectUpdated', { object: KubeObject });
export const ObjectScaled = ev('ObjectScaled', { ref: ObjectRef, from: t.number, replicas: t.number });
/**
 * Deletion began but the object stays for now: a pod's graceful termination
 * (deletionTimestamp = now + grace), or finalizers to run first (deletionTimestamp = now).
 * `finalizers`, when present, is the object's finalizer list from now on (the API server
 * adds `foregroundDeletion` or `orphan` for those propagation policies).
 */
export const ObjectDeleting = t.intersection([
  ev('ObjectDeleting', { ref: ObjectRef, deletionTimestamp: t.string, gracePeriodSeconds: t.number }),
  t.partial({ finalizers: t.array(t.string) }),
]);
/** A controller finished its part of a deletion and removed its finalizer. */
export const FinalizerRemoved = ev('FinalizerRemoved', { ref: ObjectRef, finalizer: t.string });
export const ObjectDeleted = ev('ObjectDeleted', { ref: ObjectRef });
export const StatusUpdated = ev('StatusUpdated', { ref: ObjectRef, status: t.record(t.string, t.unknown) });
export const PodBound = ev('PodBound', { pod: ObjectRef, node: t.string, trace: ScheduleTraceCodec });
export const PodUnschedulable = t.intersection([ev('PodUnschedulable', { pod: ObjectRef, message: t.string }), t.partial({ trace: UnschedulableTraceCodec })]);
/** The scheduler nominated a node for the pod (status.nominatedNodeName); `node` '' cleared it. */
export const PodNominated = ev('PodNominated', { pod: ObjectRef, node: t.string });
export const PodSandboxStarted = ev('PodSandboxStarted', { pod: ObjectRef, podIP: t.string });
export const PodContainersStarted = ev('PodContainersStarted', { pod: ObjectRef });
export const PodBecameReady = ev('PodBecameReady', { pod: ObjectRef });
/**
 * The pod's containers exited with `exitCode`. `phase` is set when that finished the pod
 * (its restartPolicy restarts nothing, or it is being deleted); otherwise the kubelet
 * restarts the containers after its crash back-off (PodContainersRestarted).
 */
export const PodContainersExited = t.intersection([
  ev('PodContainersExited', { pod: ObjectRef, exitCode: t.number }),
  t.partial({ phase: t.keyof({ Succeeded: null, Failed: null }) }),
]);
/** The kubelet started the exited containers again, `backOffMs` after they exited; restartCount is the new count. */
export const PodContainersRestarted = ev('PodContainersRestarted', { pod: ObjectRef, restartCount: t.number, backOffMs: t.number });
export const ActionRejected = t.intersection([
  ev('ActionRejected', { action: t.string, code: t.string, message: t.string }),
  t.partial({ ref: ObjectRef }),
]);

const codecs = {
  ObjectCreated,
  ObjectUpdated,
  ObjectScaled,
  ObjectDeleting,
  ObjectDeleted,
  FinalizerRemoved,
  StatusUpdated,
  PodBound,
  PodUnschedulable,
  PodNominated,
  PodSandboxStarted,
  PodContainersStarted,
  PodBecameReady,
  PodContainersExited,
  PodContainersRestarted,
  ActionRejected,
} as const;

export type EventType = keyof typeof codecs;
export const EVENT_TYPES = Object.keys(codecs) as readonly EventType[];

export const Event = t.union([
  ObjectCreated,
  ObjectUpdated,
  ObjectScaled,
  ObjectDeleting,
  ObjectDeleted,
  FinalizerRemoved,
  StatusUpdated,
  PodBound,
  PodUnschedulable,
  PodNominated,
  PodSandboxStarted,
  PodContainersStarted,
  PodBecameReady,
  PodContainersExited,
  PodContainersRestarted,
  ActionRejected,
]);
export type Event = t.TypeOf<typeof Event>;
export type EventOf<K extends EventType> = Extract<Event, { type: K }>;

/** The codec for one event type (decoding dispatches on `type` instead of trying each branch). */
export const codecFor = (type: string): t.Mixed | undefined =>
  Object.prototype.hasOwnProperty.call(codecs, type) ? codecs[type as EventType] : undefined;

// -------------------------------------------------------------------------------------
// envelope
// -------------------------------------------------------------------------------------

/** Who caused an event: a controller (`replicaset`), the scheduler, a kubelet, the scenario. */
export const Actor = t.string;

export const EventRecord = t.type({
  seq: t.number,
  /** Simulated time in integer milliseconds since the start of the run. */
  timeMs: t.number,
  actor: Actor,
  /** Why, in Kubernetes' event-reason style: `SuccessfulCreate`, `Scheduled`, `Killing`. */
  reason: t.string,
  event: Event,
});
export type EventRecord = t.TypeOf<typeof EventRecord>;
