/**
 * decide: an action → the events that record it, or a Rejection (itself logged as
 * ActionRejected by the engine). This is the simulated API server: it checks that the
 * object exists and is the incarnation the caller meant (uid), validates, defaults,
 * assigns uid/name/creationTimestamp/generation, and refuses impossible transitions.
 */
import { left, right } from 'fp-ts/lib/Either.js';
import { absurd } from 'fp-ts/lib/function.js';
import type { Action } from '../api/actions.js';
import type { KubeObject, ObjectRef } from '../api/meta.js';
import { kindInfo } from '../api/kinds.js';
import type { Pod } from '../api/pod.js';
import { formatFieldError } from '../api/validation.js';
import type { Event } from '../log/events.js';
import { crashBackOffMs, restartsOf } from '../state/pod-status.js';
import { getObject } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { admitCreate, prepareUpdate } from './create.js';
import { deleteObject, finalizeNamespace, removeFinalizer, removeTerminatedPod } from './delete.js';
import { validateChange } from './pipeline.js';
import { validatePriorityClassDefault } from './priority.js';
import type { AdmissionContext, Decision } from './rejection.js';
import { invalidMessage, notFound, reject, resourceName } from './rejection.js';

export type { AdmissionContext, Decision, Rejection, RejectionCode } from './rejection.js';

// -------------------------------------------------------------------------------------
// decide
// -------------------------------------------------------------------------------------

export const decide = (state: ClusterState, action: Action, ctx: AdmissionContext): Decision => {
  switch (action.type) {
    case 'Create':
      return admitCreate(state, action.object, ctx);
    case 'Update':
      return update(state, action.object);
    case 'Scale':
      return scale(state, action.ref, action.replicas);
    case 'Delete':
      return withCurrent(state, action.ref, (o) => deleteObject(o, action.ref, action.gracePeriodSeconds, action.propagationPolicy, ctx));
    case 'RemoveFinalizer':
      return withCurrent(state, action.ref, (o) => removeFinalizer(o, action.ref, action.finalizer));
    case 'FinalizeNamespace':
      return withCurrent(state, action.ref, (o) => finalizeNamespace(o, action.ref));
    case 'UpdateStatus':
      return withCurrent(state, action.ref, (o) =>
        JSON.stringify(o['status']) === JSON.stringify(action.status) ? right([]) : right([{ type: 'StatusUpdated', ref: action.ref, status: { ...action.status } }]),
      );
    case 'Bind':
      return bind(state, action.pod, action.node, action.trace);
    case 'MarkUnschedulable':
      return withPod(state, action.pod, (p) => {
        // every failed attempt is a FailedScheduling event upstream, even with the same message
        if (p.spec.nodeName !== undefined) return right([]);
        // the event's codec checks the whole trace when the log is read back
        const trace: { evaluatedNodes: number } | undefined = action.trace;
        return right([{ type: 'PodUnschedulable', pod: action.pod, message: action.message, ...(trace === undefined ? {} : { trace }) }]);
      });
    case 'Nominate':
      // upstream: a status patch, made only when the value changes
      return withPod(state, action.pod, (p) => ((p.status?.nominatedNodeName ?? '') === action.node ? right([]) : right([{ type: 'PodNominated', pod: { ...action.pod, kind: 'Pod' }, node: action.node }])));
    case 'StartPodSandbox':
      return kubeletStep(state, action.pod, (p) => p.status?.podIP === undefined, { type: 'PodSandboxStarted', pod: action.pod, podIP: action.podIP });
    case 'StartContainers':
      return kubeletStep(state, action.pod, (p) => p.status?.podIP !== undefined && p.status.phase === 'Pending', { type: 'PodContainersStarted', pod: action.pod });
    case 'MarkPodReady':
      return kubeletStep(state, action.pod, (p) => p.status?.phase === 'Running', { type: 'PodBecameReady', pod: action.pod });
    case 'ExitContainers':
      return kubeletStep(state, action.pod, (p) => p.status?.podIP !== undefined && (p.status.phase === 'Running' || (p.status.phase === 'Pending' && p.metadata.deletionTimestamp !== undefined)), exited(state, action.pod, action.exitCode));
    case 'RestartContainers':
      return withPod(state, action.pod, (p) => {
        const restartable = p.status?.phase === 'Running' && p.metadata.deletionTimestamp === undefined && (p.status.containerStatuses ?? []).some((c) => c.state?.running === undefined);
        const restarts = restartsOf(p);
        return kubeletStep(state, action.pod, () => restartable, { type: 'PodContainersRestarted', pod: action.pod, restartCount: restarts + 1, backOffMs: crashBackOffMs(restarts) });
      });
    case 'RemoveTerminatedPod':
      return withPod(state, action.pod, (p) => removeTerminatedPod(p, action.pod));
    default:
      return absurd(action);
  }
};

// --- helpers -------------------------------------------------------------------------

const withCurrent = (state: ClusterState, ref: ObjectRef, f: (o: KubeObject) => Decision): Decision => {
  const o = getObject(state, ref.kind, ref.namespace, ref.name);
  if (o === undefined) return notFound(ref);
  if (ref.uid !== undefined && ref.uid !== '' && ref.uid !== o.metadata.uid) {
    return reject('Conflict', `Precondition failed: UID in precondition: ${ref.uid}, UID in object meta: ${o.metadata.uid ?? ''}`);
  }
  return f(o);
};

const withPod = (state: ClusterState, ref: ObjectRef, f: (p: Pod) => Decision): Decision =>
  withCurrent(state, { ...ref, kind: 'Pod' }, (o) => f(o as unknown as Pod));

const kubeletStep = (state: ClusterState, ref: ObjectRef, allowed: (p: Pod) => boolean, event: Event): Decision =>
  withPod(state, ref, (p) =>
    p.spec.nodeName === undefined ? reject('Conflict', `pod ${JSON.stringify(p.metadata.name)} is not bound to a node`) : allowed(p) ? right([event]) : right([]),
  );

/**
 * upstream kubelet: a pod is finished when its restartPolicy restarts nothing more (Never,
 * or OnFailure after exit code 0) or when it is being deleted; Always restarts whatever the
 * code. Finished: Succeeded when the containers exited 0, Failed otherwise.
 */
const exited = (state: ClusterState, ref: ObjectRef, exitCode: number): Event => {
  const p = getObject(state, 'Pod', ref.namespace, ref.name) as unknown as Pod | undefined;
  const policy = p?.spec.restartPolicy ?? 'Always';
  const finished = p?.metadata.deletionTimestamp !== undefined || policy === 'Never' || (policy === 'OnFailure' && exitCode === 0);
  const phase = exitCode === 0 ? 'Succeeded' : 'Failed';
  return { type: 'PodContainersExited', pod: ref, exitCode, ...(finished ? { phase } : {}) };
};

const update = (state: ClusterState, object: KubeObject): Decision =>
  withCurrent(state, { kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name }, (before) => {
    const prepared = prepareUpdate(state, before, object);
    if (prepared._tag === 'Left') return prepared;
    const after = prepared.right.object;
    const errors = validateChange(prepared.right.served, before, after);
    if (errors.length > 0) return reject('Invalid', invalidMessage(before, errors.map(formatFieldError)));
    const refused = validatePriorityClassDefault(state, after, 'Update');
    if (refused !== undefined) return left(refused);
    return JSON.stringify(after) === JSON.stringify(before) ? right([]) : right([{ type: 'ObjectUpdated', object: after }]);
  });

const SCALABLE = new Set(['ReplicaSet', 'ReplicationController', 'Deployment', 'StatefulSet']);

const scale = (state: ClusterState, ref: ObjectRef, replicas: number): Decision =>
  withCurrent(state, ref, (o) => {
    const info = kindInfo(o.kind);
    if (!SCALABLE.has(o.kind) || info === undefined) return reject('BadRequest', `the server could not find the requested resource (${resourceName(o.kind)}/scale)`);
    if (!Number.isInteger(replicas) || replicas < 0) return reject('Invalid', `Scale.autoscaling ${JSON.stringify(o.metadata.name)} is invalid: spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0`);
    const from = (o['spec'] as { replicas?: number } | undefined)?.replicas ?? 1;
    return from === replicas ? right([]) : right([{ type: 'ObjectScaled', ref: { ...ref, kind: o.kind }, from, replicas }]);
  });

const bind = (state: ClusterState, ref: ObjectRef, node: string, trace: { evaluatedNodes: number; feasibleNodes: number }): Decision =>
  withPod(state, ref, (p) => {
    if (p.spec.nodeName !== undefined) return reject('Conflict', `Operation cannot be fulfilled on pods/binding ${JSON.stringify(p.metadata.name)}: pod ${p.metadata.name} is already assigned to node ${JSON.stringify(p.spec.nodeName)}`);
    if (p.metadata.deletionTimestamp !== undefined) return reject('Conflict', `pod ${JSON.stringify(p.metadata.name)} is being deleted, cannot be assigned to a host`);
    if (getObject(state, 'Node', undefined, node) === undefined) return reject('NotFound', `nodes ${JSON.stringify(node)} not found`);
    return right([{ type: 'PodBound', pod: { ...ref, kind: 'Pod' }, node, trace }]);
  });

