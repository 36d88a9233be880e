/**
 * The human timeline of a run: one line per meaningful event,
 *   `  2m00s  scheduler         bound default/web-7d9f-xyz12 to worker-2`.
 * Status writes are left out unless `verbose`: they repeat what the other lines say.
 */
import { absurd } from 'fp-ts/lib/function.js';
import { formatClock, formatDuration } from '../api/duration.js';
import { kindInfo } from '../api/kinds.js';
import type { KubeObject, ObjectRef } from '../api/meta.js';
import { showRef } from '../api/meta.js';
import type { Event, EventRecord } from '../log/events.js';

const ACTOR_WIDTH = 18;
const TIME_WIDTH = 9;

const kindWord = (kind: string): string => {
  const info = kindInfo(kind);
  if (info === undefined) return kind.toLowerCase();
  const group = info.apiVersion.includes('/') ? info.apiVersion.split('/')[0] : '';
  return group === '' || group === 'apps' ? kind.toLowerCase() : `${kind.toLowerCase()}.${group ?? ''}`;
};

const obj = (ref: ObjectRef): string => `${kindWord(ref.kind)} ${showRef(ref)}`;

const statusSummary = (status: Readonly<Record<string, unknown>>): string =>
  Object.entries(status)
    .filter(([, v]) => typeof v === 'number' || typeof v === 'string')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');

/** What kubectl prints for the timeline inputs that update an object (`deployment.apps/web rolled back`). */
const KUBECTL_VERBS: Readonly<Record<string, string>> = {
  Applied: 'configured',
  ImageSet: 'image updated',
  RolledBack: 'rolled back',
  RolloutPaused: 'paused',
  RolloutResumed: 'resumed',
  RolloutRestarted: 'restarted',
};

/** `name=image` of each container of an object's pod template (or of a pod). */
const imagesOf = (o: KubeObject): string => {
  const spec = o['spec'] as { template?: { spec?: PodSpecLike }; jobTemplate?: { spec?: { template?: { spec?: PodSpecLike } } } } & PodSpecLike | undefined;
  const pod = spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec ?? spec;
  return [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])].map((c) => `${c.name}=${c.image ?? ''}`).join(' ');
};

interface PodSpecLike {
  readonly containers?: readonly { readonly name: string; readonly image?: string }[];
  readonly initContainers?: readonly { readonly name: string; readonly image?: string }[];
}

const updatedText = (o: KubeObject, reason: string): string => {
  const what = obj({ kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace });
  const verb = KUBECTL_VERBS[reason];
  if (verb === undefined) return `updated ${what}`;
  return reason === 'ImageSet' || reason === 'RolledBack' ? `${what} ${verb} (${imagesOf(o)})` : `${what} ${verb}`;
};

/** What an event says, in words; undefined for events the brief timeline leaves out. */
export const describeEvent = (e: Event, verbose = false, reason = ''): string | undefined => {
  switch (e.type) {
    case 'ObjectCreated':
      return e.object.kind === 'Node' ? `registered node ${e.object.metadata.name}` : `created ${obj({ kind: e.object.kind, name: e.object.metadata.name, namespace: e.object.metadata.namespace })}`;
    case 'ObjectUpdated':
      return updatedText(e.object, reason);
    case 'ObjectScaled':
      return `scaled ${obj(e.ref)} from ${e.from} to ${e.replicas}`;
    case 'ObjectDeleting':
      return e.ref.kind === 'Pod' || e.finalizers === undefined || e.finalizers.length === 0
        ? `deleting ${obj(e.ref)} (grace period ${e.gracePeriodSeconds}s)`
        : `deleting ${obj(e.ref)} (waiting for finalizers ${e.finalizers.join(', ')})`;
    case 'FinalizerRemoved':
      return `${obj(e.ref)}: finalizer ${e.finalizer} done`;
    case 'ObjectDeleted':
      return `deleted ${obj(e.ref)}`;
    case 'StatusUpdated':
      return verbose ? `${obj(e.ref)} status ${statusSummary(e.status)}` : undefined;
    case 'PodBound':
      return `bound ${showRef(e.pod)} to ${e.node}${e.trace.feasibleNodes > 1 ? ` (best of ${e.trace.feasibleNodes} feasible nodes, score ${e.trace.score ?? 0})` : ''}`;
    case 'PodUnschedulable':
      return `cannot schedule ${showRef(e.pod)}: ${e.message}`;
    case 'PodNominated':
      return e.node === '' ? `cleared the nominated node of ${showRef(e.pod)}` : `nominated ${showRef(e.pod)} to ${e.node}`;
    case 'PodSandboxStarted':
      return `${showRef(e.pod)} ContainerCreating (pod IP ${e.podIP})`;
    case 'PodContainersStarted':
      return `${showRef(e.pod)} Running`;
    case 'PodBecameReady':
      return `${showRef(e.pod)} Ready`;
    case 'PodContainersExited':
      return e.phase === undefined ? `${showRef(e.pod)} containers exited (exit code ${e.exitCode})` : `${showRef(e.pod)} ${e.phase} (exit code ${e.exitCode})`;
    case 'PodContainersRestarted':
      return `${showRef(e.pod)} restarted (restart ${e.restartCount}, back-off ${formatDuration(e.backOffMs)})`;
    case 'ActionRejected':
      return `rejected ${e.action}${e.ref === undefined ? '' : ` of ${obj(e.ref)}`}: ${e.message}`;
    default:
      return absurd(e);
  }
};

export const timelineLine = (r: EventRecord, verbose = false): string | undefined => {
  const text = describeEvent(r.event, verbose, r.reason);
  if (text === undefined) return undefined;
  return `${formatClock(r.timeMs).padStart(TIME_WIDTH)}  ${r.actor.padEnd(ACTOR_WIDTH - 1)} ${text}`;
};

export const renderTimeline = (records: Iterable<EventRecord>, verbose = false): string[] => {
  const lines: string[] = [];
  for (const r of records) {
    const line = timelineLine(r, verbose);
    if (line !== undefined) lines.push(line);
  }
  return lines;
};
