/**
 * The Priority admission plugin (upstream plugin/pkg/admission/priority), which needs the
 * cluster's PriorityClasses and so runs in admission, after a pod's defaults:
 *
 * - a new pod's `spec.priorityClassName` resolves to `spec.priority` and
 *   `spec.preemptionPolicy`; no class name takes the globalDefault class (its value, its
 *   name and its policy), or priority 0 and PreemptLowerPriority when there is none;
 * - an unknown class, or a `priority` / `preemptionPolicy` written in the pod that differs
 *   from what the class gives, is Forbidden;
 * - a PriorityClass may be globalDefault only while no other one is.
 *
 * The two system classes are created by the API server at start-up upstream; kubesim does
 * not store them, so a pod naming one resolves here when the cluster holds no such object.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import type { KubeObject } from '../api/meta.js';
import type { PodSpec } from '../api/pod.js';
import type { PriorityClass } from '../api/policy.js';
import { SYSTEM_PRIORITY_CLASSES } from '../api/policy.js';
import { getObject, listKind } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import type { Rejection } from './rejection.js';
import { resourceName } from './rejection.js';

/** upstream scheduling.DefaultPriorityWhenNoDefaultClassExists. */
export const DEFAULT_PRIORITY = 0;
const PREEMPT_LOWER_PRIORITY = 'PreemptLowerPriority';

interface Resolved {
  /** '' when no class applies. */
  readonly name: string;
  readonly value: number;
  readonly preemptionPolicy: string | undefined;
}

// -------------------------------------------------------------------------------------
// classes
// -------------------------------------------------------------------------------------

const classes = (state: ClusterState): PriorityClass[] => listKind(state, 'PriorityClass') as unknown as PriorityClass[];

/** upstream getDefaultPriorityClass: the globalDefault class; of several (a race upstream), the lowest value. */
export const defaultPriorityClass = (state: ClusterState): PriorityClass | undefined => {
  let found: PriorityClass | undefined;
  for (const pc of classes(state)) {
    if (pc.globalDefault !== true) continue;
    if (found === undefined || (found.value ?? 0) > (pc.value ?? 0)) found = pc;
  }
  return found;
};

/** A class by name: the cluster's, else one of the two system classes. */
export const priorityClassNamed = (state: ClusterState, name: string): Resolved | undefined => {
  const pc = getObject(state, 'PriorityClass', undefined, name) as PriorityClass | undefined;
  if (pc !== undefined) return { name, value: pc.value ?? 0, preemptionPolicy: pc.preemptionPolicy };
  const system = SYSTEM_PRIORITY_CLASSES.find((c) => c.name === name);
  return system === undefined ? undefined : { name, value: system.value, preemptionPolicy: PREEMPT_LOWER_PRIORITY };
};

const defaultResolved = (state: ClusterState): Resolved => {
  const pc = defaultPriorityClass(state);
  if (pc === undefined) return { name: '', value: DEFAULT_PRIORITY, preemptionPolicy: PREEMPT_LOWER_PRIORITY };
  return { name: pc.metadata.name, value: pc.value ?? 0, preemptionPolicy: pc.preemptionPolicy };
};

// -------------------------------------------------------------------------------------
// pods
// -------------------------------------------------------------------------------------

/** upstream admission.NewForbidden: the object's name, or its generateName before one is generated. */
const forbidden = (o: KubeObject, why: string): Either<Rejection, never> => {
  const name = o.metadata.name !== undefined && o.metadata.name !== '' ? o.metadata.name : (o.metadata.generateName ?? 'Unknown');
  return left({ code: 'Forbidden', message: `${resourceName(o.kind)} ${JSON.stringify(name)} is forbidden: ${why}` });
};

/**
 * upstream admitPod on create. `input` is the pod as sent (what the client wrote), `pod`
 * the same pod defaulted; the result is `pod` with priority, preemptionPolicy and the
 * class name resolved.
 */
export const admitPodPriority = (state: ClusterState, input: KubeObject, pod: KubeObject): Either<Rejection, KubeObject> => {
  if (pod.kind !== 'Pod') return right(pod);
  const sent = (input['spec'] ?? {}) as Partial<PodSpec>;
  const className = sent.priorityClassName ?? '';
  const resolved = className === '' ? defaultResolved(state) : priorityClassNamed(state, className);
  if (resolved === undefined) return forbidden(input, `no PriorityClass with name ${className} was found`);
  if (sent.priority !== undefined && sent.priority !== resolved.value) {
    return forbidden(input, `the integer value of priority (${sent.priority}) must not be provided in pod spec; priority admission controller computed ${resolved.value} from the given PriorityClass name`);
  }
  const policy = resolved.preemptionPolicy;
  if (policy !== undefined && sent.preemptionPolicy !== undefined && sent.preemptionPolicy !== policy) {
    return forbidden(input, `the string value of PreemptionPolicy (${sent.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`);
  }
  const spec = pod['spec'] as PodSpec;
  return right({
    ...pod,
    spec: {
      ...spec,
      ...(resolved.name === '' ? {} : { priorityClassName: resolved.name }),
      priority: resolved.value,
      ...(policy === undefined ? {} : { preemptionPolicy: policy }),
    },
  });
};

// -------------------------------------------------------------------------------------
// PriorityClasses
// -------------------------------------------------------------------------------------

/**
 * upstream validatePriorityClass: a class may become globalDefault (on create, or by an
 * update of another class) only while no class is.
 */
export const validatePriorityClassDefault = (state: ClusterState, o: KubeObject, operation: 'Create' | 'Update'): Rejection | undefined => {
  if (o.kind !== 'PriorityClass' || (o as unknown as PriorityClass).globalDefault !== true) return undefined;
  const current = defaultPriorityClass(state);
  if (current === undefined || (operation === 'Update' && current.metadata.name === o.metadata.name)) return undefined;
  return {
    code: 'Forbidden',
    message: `${resourceName(o.kind)} ${JSON.stringify(o.metadata.name)} is forbidden: PriorityClass ${current.metadata.name} is already marked as default. Only one default can exist`,
  };
};

