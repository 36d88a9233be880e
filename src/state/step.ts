/**
 * What one event does to the one object it is about: the per-object half of `evolve`,
 * shared by the live fold (evolve.ts) and the log's history (history.ts) so that the two
 * cannot disagree. Pure; resourceVersion is stamped by the caller.
 */
import type { KubeObject } from '../api/meta.js';
import { nsName } from '../api/meta.js';
import type { Pod } from '../api/pod.js';
import { timestampAt } from '../api/time.js';
import type { Event, EventRecord } from '../log/events.js';
import * as podStatus from './pod-status.js';

export class EvolveError extends Error {
  constructor(readonly seq: number, message: string) {
    super(`event #${seq}: ${message}`);
  }
}

export const alreadyExists = (seq: number, kind: string, key: string): EvolveError => new EvolveError(seq, `${kind} ${key} already exists`);
export const doesNotExist = (seq: number, kind: string, key: string): EvolveError => new EvolveError(seq, `${kind} ${key} does not exist`);
export const uidMismatch = (seq: number, kind: string, name: string, uid: string, stored: string | undefined): EvolveError =>
  new EvolveError(seq, `${kind} ${name}: uid ${uid} is not the stored ${stored ?? ''}`);

/** Refuses a record that does not follow the last one folded (a reordered or spliced log). */
export const checkOrder = (record: EventRecord, lastSeq: number, lastTimeMs: number): void => {
  if (record.seq !== lastSeq + 1) throw new EvolveError(record.seq, `out of order: expected #${lastSeq + 1}`);
  if (record.timeMs < lastTimeMs) throw new EvolveError(record.seq, `time goes back from ${lastTimeMs} to ${record.timeMs} ms`);
};

const bump = (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, generation: (o.metadata.generation ?? 1) + 1 } });

const asPod = (o: KubeObject): Pod => o as unknown as Pod;
const asObject = (p: Pod): KubeObject => p as unknown as KubeObject;

/**
 * The object after `e` (undefined once deleted). `before` is the stored object the event
 * is about (undefined only for ObjectCreated); `hostIP` is the InternalIP of the pod's node
 * when the event happened (read only by PodSandboxStarted).
 */
export const stepObject = (before: KubeObject | undefined, e: Event, timeMs: number, hostIP: () => string): KubeObject | undefined => {
  const o = before as KubeObject;
  switch (e.type) {
    case 'ObjectCreated':
      return e.object;
    case 'ObjectUpdated':
      return e.object;
    case 'ObjectScaled':
      return bump({ ...o, spec: { ...(o['spec'] as object), replicas: e.replicas } });
    case 'ObjectDeleting':
      return {
        ...o,
        metadata: {
          ...o.metadata,
          deletionTimestamp: e.deletionTimestamp,
          deletionGracePeriodSeconds: e.gracePeriodSeconds,
          ...(e.finalizers === undefined ? {} : { finalizers: e.finalizers }),
        },
      };
    case 'FinalizerRemoved':
      return { ...o, metadata: withoutFinalizer(o.metadata, e.finalizer) };
    case 'ObjectDeleted':
      return undefined;
    case 'StatusUpdated':
      return { ...o, status: e.status };
    case 'PodBound':
      return asObject(podStatus.bound(asPod(o), e.node, timestampAt(timeMs)));
    case 'PodUnschedulable':
      return asObject(podStatus.unschedulable(asPod(o), e.message, timestampAt(timeMs)));
    case 'PodNominated':
      return asObject(nominated(asPod(o), e.node));
    case 'PodSandboxStarted':
      return asObject(podStatus.sandboxStarted(asPod(o), hostIP(), e.podIP, timestampAt(timeMs)));
    case 'PodContainersStarted':
      return asObject(podStatus.containersStarted(asPod(o), timestampAt(timeMs)));
    case 'PodBecameReady':
      return asObject(podStatus.becameReady(asPod(o), timestampAt(timeMs)));
    case 'PodContainersExited':
      return asObject(podStatus.containersExited(asPod(o), e.exitCode, e.phase, timestampAt(timeMs)));
    case 'PodContainersRestarted':
      return asObject(podStatus.containersRestarted(asPod(o), e.restartCount, timestampAt(timeMs)));
    case 'ActionRejected':
      return before;
  }
};

/** status.nominatedNodeName set, or left out when cleared (upstream omits the empty string). */
const nominated = (pod: Pod, node: string): Pod => {
  const { nominatedNodeName: _n, ...rest } = pod.status ?? {};
  return { ...pod, status: node === '' ? rest : { ...rest, nominatedNodeName: node } };
};

const withoutFinalizer = (m: KubeObject['metadata'], finalizer: string): KubeObject['metadata'] => {
  const rest = (m.finalizers ?? []).filter((f) => f !== finalizer);
  const { finalizers: _f, ...others } = m;
  return rest.length === 0 ? others : { ...others, finalizers: rest };
};

export const withVersion = (o: KubeObject, seq: number): KubeObject => ({
  ...o,
  metadata: { ...o.metadata, resourceVersion: String(seq) },
});

/**
 * Lifecycle steps the kubelet model times its next step from (see ClusterState.podProgressMs):
 * the pod key and the new progress time (undefined: forget it), or null when the event is
 * not such a step.
 */
export const progressOf = (r: EventRecord): { key: string; ms: number | undefined } | null => {
  const e = r.event;
  switch (e.type) {
    case 'PodBound':
    case 'PodSandboxStarted':
    case 'PodContainersStarted':
    case 'PodBecameReady':
    case 'PodContainersExited':
    case 'PodContainersRestarted':
      return { key: nsName(e.pod.namespace, e.pod.name), ms: r.timeMs };
    case 'ObjectDeleting':
      return e.ref.kind === 'Pod' ? { key: nsName(e.ref.namespace, e.ref.name), ms: r.timeMs } : null;
    case 'ObjectCreated':
      return e.object.kind === 'Pod' && (e.object['spec'] as { nodeName?: string } | undefined)?.nodeName !== undefined
        ? { key: nsName(e.object.metadata.namespace, e.object.metadata.name), ms: r.timeMs }
        : null;
    case 'ObjectDeleted':
      return e.ref.kind === 'Pod' ? { key: nsName(e.ref.namespace, e.ref.name), ms: undefined } : null;
    default:
      return null;
  }
};

/** The InternalIP a Node reports (what a pod on it gets as hostIP). */
export const internalIPOf = (node: KubeObject | undefined): string =>
  (node?.['status'] as { addresses?: { type: string; address: string }[] } | undefined)?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
