/**
 * Admission of a new object, and preparation of an update: namespace and name checks,
 * generated names, defaulting, validation and the metadata the API server owns.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import { qualifiedKind } from '../api/kinds.js';
import { noMatchMessage } from '../api/removed-versions.js';
import type { KubeObject, ObjectMeta } from '../api/meta.js';
import type { PodSpec } from '../api/pod.js';
import { timestampAt } from '../api/time.js';
import { formatFieldError } from '../api/validation.js';
import { getObject } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import type { AdmissionContext, Decision, Rejection } from './rejection.js';
import { invalidMessage, reject, resourceName } from './rejection.js';
import { allocateService, carryAllocations } from './allocate.js';
import type { ServedKind } from './kinds/index.js';
import { servedKind } from './kinds/index.js';
import { convertAndDefault, validateNew } from './pipeline.js';
import { generatedSuffix, uidFor } from './names.js';
import { admitPodPriority, validatePriorityClassDefault } from './priority.js';

const MAX_NAME_ATTEMPTS = 8;

export const admitCreate = (state: ClusterState, input: KubeObject, ctx: AdmissionContext): Decision => {
  const served = servedKind(state, input.apiVersion, input.kind);
  if (served === undefined) return reject('BadRequest', noMatchMessage(input.apiVersion, input.kind));
  const info = served.info;
  const namespace = info.namespaced ? (input.metadata.namespace ?? 'default') : undefined;
  if (namespace !== undefined) {
    const ns = getObject(state, 'Namespace', undefined, namespace);
    if (ns === undefined) return reject('NotFound', `namespaces ${JSON.stringify(namespace)} not found`);
    if (ns.metadata.deletionTimestamp !== undefined) {
      // upstream NamespaceLifecycle admission
      const what = `${resourceName(info.kind)} ${JSON.stringify(input.metadata.name ?? input.metadata.generateName ?? '')}`;
      return reject('Forbidden', `${what} is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }
  const name = nameFor(state, input, namespace, ctx);
  if (name === undefined) return reject('Invalid', `${qualifiedKind(info.kind, info.apiVersion)} "" is invalid: metadata.name: Required value: name or generateName is required`);
  if (getObject(state, info.kind, namespace, name) !== undefined) {
    return reject('AlreadyExists', `${resourceName(info.kind)} ${JSON.stringify(name)} already exists`);
  }
  const metadata: ObjectMeta = {
    ...withoutServerFields(input.metadata),
    name,
    ...(namespace === undefined ? {} : { namespace }),
    uid: uidFor(ctx.seed, ctx.nextSeq),
    generation: 1,
    creationTimestamp: timestampAt(ctx.nowMs),
  };
  const body = { ...withoutStatus(input), metadata };
  const defaulted = convertAndDefault(served, body);
  if (isLeft(defaulted)) return reject('Invalid', invalidMessage(body, defaulted.left.map(formatFieldError)));
  const prioritized = admitPodPriority(state, input, defaulted.right);
  if (isLeft(prioritized)) return prioritized;
  const allocated = allocateService(state, prioritized.right);
  if (isLeft(allocated)) return reject('Invalid', invalidMessage(defaulted.right, allocated.left.map(formatFieldError)));
  const object = allocated.right;
  const errors = validateNew(served, object);
  if (errors.length > 0) return reject('Invalid', invalidMessage(object, errors.map(formatFieldError)));
  const refused = validatePriorityClassDefault(state, object, 'Create');
  if (refused !== undefined) return left(refused);
  return right([{ type: 'ObjectCreated', object }]);
};

const nameFor = (state: ClusterState, o: KubeObject, namespace: string | undefined, ctx: AdmissionContext): string | undefined => {
  if (o.metadata.name !== undefined && o.metadata.name !== '') return o.metadata.name;
  const prefix = o.metadata.generateName;
  if (prefix === undefined || prefix === '') return undefined;
  // upstream: the API server appends 5 random characters; on collision the client retries.
  for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
    const candidate = prefix + generatedSuffix(ctx.seed, ctx.nextSeq, attempt);
    if (getObject(state, o.kind, namespace, candidate) === undefined) return candidate;
  }
  return prefix + generatedSuffix(ctx.seed, ctx.nextSeq, MAX_NAME_ATTEMPTS);
};

const withoutServerFields = (m: ObjectMeta): ObjectMeta => {
  const { resourceVersion: _rv, uid: _uid, creationTimestamp: _ct, deletionTimestamp: _dt, deletionGracePeriodSeconds: _dg, generation: _g, ...rest } = m;
  return rest;
};

/** The API server ignores status on create, except where kubesim's own models write it. */
const withoutStatus = (o: KubeObject): KubeObject => {
  if (o.kind === 'Node') return o;
  const { status: _status, ...rest } = o;
  return rest as KubeObject;
};

/**
 * The object an update stores: the new spec and labels, defaulted, with the server-owned
 * metadata and the status of the stored object. generation moves when the spec changes.
 */
export const prepareUpdate = (state: ClusterState, before: KubeObject, input: KubeObject): Either<Rejection, { served: ServedKind; object: KubeObject }> => {
  const served = servedKind(state, input.apiVersion, before.kind);
  if (served === undefined || input.kind !== before.kind) return left({ code: 'BadRequest', message: noMatchMessage(input.apiVersion, input.kind) });
  const { status: _s, ...body } = input;
  const defaulted = convertAndDefault(served, { ...body, kind: before.kind, metadata: before.metadata } as KubeObject);
  if (isLeft(defaulted)) return left({ code: 'Invalid', message: invalidMessage(before, defaulted.left.map(formatFieldError)) });
  let next = carryAllocations(before, defaulted.right);
  if (before.kind === 'Pod') next = { ...next, spec: carryPodFields(before, next) };
  const specChanged = JSON.stringify(next['spec']) !== JSON.stringify(before['spec']);
  const metadata: ObjectMeta = {
    ...before.metadata,
    labels: input.metadata.labels,
    annotations: input.metadata.annotations,
    ...(input.metadata.ownerReferences === undefined ? {} : { ownerReferences: input.metadata.ownerReferences }),
    ...(input.metadata.finalizers === undefined ? {} : { finalizers: input.metadata.finalizers }),
    generation: (before.metadata.generation ?? 1) + (specChanged ? 1 : 0),
  };
  if (metadata.labels === undefined) delete (metadata as { labels?: unknown }).labels;
  if (metadata.annotations === undefined) delete (metadata as { annotations?: unknown }).annotations;
  // an empty list is how a writer clears ownerReferences (absent keeps them, as apply does); stored omitted
  if (metadata.ownerReferences?.length === 0) delete (metadata as { ownerReferences?: unknown }).ownerReferences;
  if (metadata.finalizers?.length === 0) delete (metadata as { finalizers?: unknown }).finalizers;
  const status = before['status'];
  return right({ served, object: { ...next, metadata, ...(status === undefined ? {} : { status }) } as KubeObject });
};

/** Fields of a pod's spec set after creation (binding) or by admission, kept across an apply. */
const carryPodFields = (before: KubeObject, next: KubeObject): unknown => {
  const was = before['spec'] as PodSpec;
  const now = next['spec'] as PodSpec;
  return {
    ...now,
    ...(was.nodeName === undefined ? {} : { nodeName: was.nodeName }),
    tolerations: was.tolerations,
    priority: was.priority,
    // set by the Priority admission plugin on create and kept by it on update
    ...(now.priorityClassName === undefined && was.priorityClassName !== undefined ? { priorityClassName: was.priorityClassName } : {}),
    ...(was.preemptionPolicy === undefined ? {} : { preemptionPolicy: was.preemptionPolicy }),
  };
};
