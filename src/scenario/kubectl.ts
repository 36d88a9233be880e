/**
 * The timeline inputs that kubectl computes on the client before it writes (k8s.io/kubectl
 * pkg/cmd/set/set_image.go, pkg/cmd/rollout/*, pkg/polymorphichelpers/{rollback,
 * objectpauser,objectresumer,objectrestarter,updatepodspec}.go): each reads the object
 * as it stands at the input's instant and becomes one Update, or kubectl's refusal.
 *
 * Refusals are kubectl's messages without the `error: <resource> "<name>"` prefix it adds
 * when it prints them; the runner puts the timeline entry's location in front instead.
 * `skipped rollback (current template already matches revision N)` is not an error in
 * kubectl (it prints it and exits 0): here it makes no request.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import type { Request } from '../api/actions.js';
import { kindInfo, versionOf } from '../api/kinds.js';
import type { KubeObject } from '../api/meta.js';
import type { Container, PodSpec, PodTemplateSpec } from '../api/pod.js';
import { timestampAt } from '../api/time.js';
import { resourceName } from '../admission/rejection.js';
import { getObject } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { templateOfRevision } from '../controllers/history.js';
import type { ControllerRevision } from '../api/workloads.js';
import { equalIgnoreHash, HISTORY_KINDS, REVISION_ANNOTATION, revisionsOf, withoutHash } from './revisions.js';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export interface WorkloadRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** The requests of one input, or why kubectl refuses it. */
export type KubectlResult = Either<string, readonly Request[]>;

const ACTOR = 'scenario';

/** upstream UpdatePodSpecForObject: the kinds `kubectl set image` can change. */
export const SET_IMAGE_KINDS: readonly string[] = ['Pod', 'ReplicationController', 'Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet', 'Job', 'CronJob'];
/** objectpauser / objectresumer: Deployments only. */
export const PAUSE_KINDS: readonly string[] = ['Deployment'];
/** objectrestarter. */
export const RESTART_KINDS: readonly string[] = ['Deployment', 'DaemonSet', 'StatefulSet'];
/** The kinds a RollbackerFn exists for. */
export const UNDO_KINDS: readonly string[] = HISTORY_KINDS;

/** `ReplicaSet.apps`: how kubectl prints a GroupKind. */
export const groupKind = (kind: string): string => {
  const info = kindInfo(kind);
  const group = info === undefined || !info.apiVersion.includes('/') ? '' : info.apiVersion.slice(0, info.apiVersion.indexOf('/'));
  return group === '' ? kind : `${kind}.${group}`;
};

/**
 * kubectl's refusal for a kind an input does not apply to (known before the run). The
 * pause, resume and restart refusals name the object, as kubectl prints them
 * (`error: replicasets.apps "web" pausing is not supported`).
 */
export const unsupportedKindMessage = (input: 'setImage' | 'undo' | 'pause' | 'resume' | 'restart', kind: string, name: string): string | undefined => {
  const subject = `${resourceName(kind)} ${JSON.stringify(name)}`;
  switch (input) {
    case 'setImage':
      return SET_IMAGE_KINDS.includes(kind) ? undefined : `the object is not a pod or does not have a pod template: *${versionOf(kindInfo(kind)?.apiVersion ?? 'v1')}.${kind}`;
    case 'undo':
      return UNDO_KINDS.includes(kind) ? undefined : `no rollbacker has been implemented for ${JSON.stringify(groupKind(kind))}`;
    case 'pause':
      return PAUSE_KINDS.includes(kind) ? undefined : `${subject} pausing is not supported`;
    case 'resume':
      return PAUSE_KINDS.includes(kind) ? undefined : `${subject} resuming is not supported`;
    case 'restart':
      return RESTART_KINDS.includes(kind) ? undefined : `${subject} restarting is not supported`;
  }
};

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

const update = (object: KubeObject, reason: string): Request => ({ actor: ACTOR, reason, action: { type: 'Update', object } });

const current = (state: ClusterState, ref: WorkloadRef): Either<string, KubeObject> => {
  const o = getObject(state, ref.kind, ref.namespace, ref.name);
  return o === undefined ? left(`${resourceName(ref.kind)} ${JSON.stringify(ref.name)} not found`) : right(o);
};

type Spec = Record<string, unknown>;
const specOf = (o: KubeObject): Spec => (o['spec'] as Spec | undefined) ?? {};

/** The object with its pod template (or a Pod's spec) replaced through `f`. */
const withTemplate = (o: KubeObject, f: (t: PodTemplateSpec) => PodTemplateSpec): KubeObject => {
  const spec = specOf(o);
  if (o.kind === 'Pod') return { ...o, spec: f({ spec: spec as unknown as PodSpec }).spec };
  if (o.kind === 'CronJob') {
    const jobTemplate = (spec['jobTemplate'] as Spec | undefined) ?? {};
    const jobSpec = (jobTemplate['spec'] as Spec | undefined) ?? {};
    return { ...o, spec: { ...spec, jobTemplate: { ...jobTemplate, spec: { ...jobSpec, template: f((jobSpec['template'] as PodTemplateSpec | undefined) ?? {}) } } } };
  }
  return { ...o, spec: { ...spec, template: f((spec['template'] as PodTemplateSpec | undefined) ?? {}) } };
};

const isPaused = (o: KubeObject): boolean => specOf(o)['paused'] === true;

/** `deployments.apps "web" is already paused`: how rollout pause, resume and restart word a refusal. */
const about = (o: KubeObject, message: string): string => `${resourceName(o.kind)} ${JSON.stringify(o.metadata.name)} ${message}`;

// -------------------------------------------------------------------------------------
// set image
// -------------------------------------------------------------------------------------

/** upstream set_image.go setImage: `*` matches every container, init containers included. */
const retag = (list: readonly Container[] | undefined, container: string, image: string): { list: Container[] | undefined; found: boolean } => {
  let found = false;
  const next = list?.map((c) => {
    if (container !== '*' && c.name !== container) return c;
    found = true;
    return { ...c, image };
  });
  return { list: next, found };
};

/** `kubectl set image <target> <container>=<image>`. */
export const setImage = (state: ClusterState, ref: WorkloadRef, container: string, image: string): KubectlResult => {
  const o = current(state, ref);
  if (o._tag === 'Left') return o;
  let found = false;
  const next = withTemplate(o.right, (t) => {
    const spec = t.spec ?? { containers: [] };
    const init = retag(spec.initContainers, container, image);
    const main = retag(spec.containers, container, image);
    found = init.found || main.found;
    return { ...t, spec: { ...spec, containers: main.list ?? [], ...(init.list === undefined ? {} : { initContainers: init.list }) } };
  });
  if (!found) return left(`unable to find container named ${JSON.stringify(container)}`);
  return right([update(next, 'ImageSet')]);
};

// -------------------------------------------------------------------------------------
// rollout pause, resume, restart
// -------------------------------------------------------------------------------------

/** `kubectl rollout pause`: refused for an already paused Deployment, as objectpauser does. */
export const pause = (state: ClusterState, ref: WorkloadRef): KubectlResult => {
  const o = current(state, ref);
  if (o._tag === 'Left') return o;
  if (isPaused(o.right)) return left(about(o.right, 'is already paused'));
  return right([update({ ...o.right, spec: { ...specOf(o.right), paused: true } }, 'RolloutPaused')]);
};

/** `kubectl rollout resume`: refused when not paused, as objectresumer does. */
export const resume = (state: ClusterState, ref: WorkloadRef): KubectlResult => {
  const o = current(state, ref);
  if (o._tag === 'Left') return o;
  if (!isPaused(o.right)) return left(about(o.right, 'is not paused'));
  return right([update({ ...o.right, spec: { ...specOf(o.right), paused: false } }, 'RolloutResumed')]);
};

/** upstream restartedAt annotation on the pod template. */
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** `kubectl rollout restart`: the template annotated with the (virtual) time, RFC 3339. */
export const restart = (state: ClusterState, ref: WorkloadRef, nowMs: number): KubectlResult => {
  const o = current(state, ref);
  if (o._tag === 'Left') return o;
  if (o.right.kind === 'Deployment' && isPaused(o.right)) return left(about(o.right, "can't restart paused deployment (run rollout resume first)"));
  const next = withTemplate(o.right, (t) => ({ ...t, metadata: { ...t.metadata, annotations: { ...t.metadata?.annotations, [RESTARTED_AT_ANNOTATION]: timestampAt(nowMs) } } }));
  return right([update(next, 'RolloutRestarted')]);
};

// -------------------------------------------------------------------------------------
// rollout undo
// -------------------------------------------------------------------------------------

/** upstream rollback.go annotationsToSkip: kept from the Deployment, never copied from the ReplicaSet. */
const ANNOTATIONS_TO_SKIP: readonly string[] = [
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
];

const revisionNotFound = (revision: number): string => `unable to find specified revision ${revision} in history`;
/** upstream prints "skipped rollback (current template already matches revision N)" and writes nothing. */
const SKIPPED: readonly Request[] = [];

/** upstream DeploymentRollbacker: the ReplicaSet's template minus its hash, and its annotations. */
const undoDeployment = (state: ClusterState, d: KubeObject, toRevision: number): KubectlResult => {
  if (isPaused(d)) return left("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  const revisions = revisionsOf(state, d);
  // upstream deploymentRevision: toRevision 0 = the second highest revision
  const target = toRevision === 0 ? revisions[revisions.length - 2] : revisions.find((r) => r.revision === toRevision);
  if (target === undefined) return left(toRevision === 0 ? `no rollout history found for deployment ${JSON.stringify(d.metadata.name)}` : revisionNotFound(toRevision));
  const template = (specOf(d)['template'] as PodTemplateSpec | undefined) ?? {};
  if (equalIgnoreHash(target.template, template)) return right(SKIPPED);
  const annotations: Record<string, string> = {};
  for (const k of ANNOTATIONS_TO_SKIP) {
    const v = d.metadata.annotations?.[k];
    if (v !== undefined) annotations[k] = v;
  }
  for (const [k, v] of Object.entries(target.holder.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.includes(k)) annotations[k] = v;
  // upstream's JSON patch replaces the template whole and the annotations whole
  const next = { ...d, metadata: { ...d.metadata, annotations }, spec: { ...specOf(d), template: withoutHash(target.template) } };
  return right([update(next, 'RolledBack')]);
};

/** upstream DaemonSetRollbacker and StatefulSetRollbacker: the revision's patch replaces the template. */
const undoFromControllerRevisions = (state: ClusterState, o: KubeObject, toRevision: number): KubectlResult => {
  const revisions = revisionsOf(state, o);
  if (toRevision === 0 && revisions.length <= 1) return left('no last revision to roll back to');
  const target = toRevision === 0 ? revisions[revisions.length - 2] : revisions.find((r) => r.revision === toRevision);
  if (target === undefined) return left(revisionNotFound(toRevision));
  const template = templateOfRevision(target.holder as unknown as ControllerRevision) ?? {};
  // upstream daemonSetMatch / statefulsetMatch: the current template's patch equals the stored one
  if (equalIgnoreHash(template, (specOf(o)['template'] as PodTemplateSpec | undefined) ?? {})) return right(SKIPPED);
  return right([update({ ...o, spec: { ...specOf(o), template } }, 'RolledBack')]);
};

/** `kubectl rollout undo <target> [--to-revision N]`. */
export const undo = (state: ClusterState, ref: WorkloadRef, toRevision: number): KubectlResult => {
  const o = current(state, ref);
  if (o._tag === 'Left') return o;
  return o.right.kind === 'Deployment' ? undoDeployment(state, o.right, toRevision) : undoFromControllerRevisions(state, o.right, toRevision);
};
