/**
 * Validation on create and update for the kinds kubesim models, with upstream's field
 * paths and wording. (The full per-kind rules are a later issue; these are the ones the
 * modelled controllers rely on.)
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import type { KubeObject } from '../api/meta.js';
import { Node } from '../api/node.js';
import { Pod } from '../api/pod.js';
import { ReplicaSet } from '../api/replicaset.js';
import { fromLabelSelector, matches } from '../api/selector.js';
import type { FieldError } from '../api/validation.js';
import { fieldErrorsOf, invalid } from '../api/validation.js';
import { dns1123LabelErrors, dns1123SubdomainErrors } from './names.js';

const CODECS: Readonly<Record<string, t.Mixed>> = { Pod, Node, ReplicaSet };

export const validateObject = (o: KubeObject): FieldError[] => {
  const errors: FieldError[] = [...nameErrors(o)];
  const codec = CODECS[o.kind];
  if (codec !== undefined) {
    const decoded = codec.decode(o);
    if (isLeft(decoded)) return [...errors, ...fieldErrorsOf(decoded.left)];
  }
  if (o.kind === 'ReplicaSet') errors.push(...replicaSetErrors(o as unknown as ReplicaSet));
  if (o.kind === 'Pod') errors.push(...podErrors(o as unknown as Pod));
  return errors;
};

const nameErrors = (o: KubeObject): FieldError[] => {
  const check = o.kind === 'Namespace' ? dns1123LabelErrors : dns1123SubdomainErrors;
  return check(o.metadata.name).map((m) => invalid('metadata.name', o.metadata.name, m));
};

const nonNegative = (path: string, value: number | undefined): FieldError[] =>
  value !== undefined && value < 0 ? [invalid(path, value, 'must be greater than or equal to 0')] : [];

const replicaSetErrors = (rs: ReplicaSet): FieldError[] => {
  const errors = [...nonNegative('spec.replicas', rs.spec.replicas), ...nonNegative('spec.minReadySeconds', rs.spec.minReadySeconds)];
  const selector = fromLabelSelector(rs.spec.selector);
  if (isLeft(selector)) return [...errors, invalid('spec.selector', rs.spec.selector, selector.left)];
  if (selector.right.requirements.length === 0) errors.push(invalid('spec.selector', rs.spec.selector, 'empty selector is invalid for deployment'));
  const labels = rs.spec.template?.metadata?.labels;
  if (!matches(selector.right, labels)) {
    errors.push(invalid('spec.template.metadata.labels', labels ?? {}, '`selector` does not match template `labels`'));
  }
  if (rs.spec.template?.spec === undefined) errors.push({ path: 'spec.template.spec.containers', message: 'Required value' });
  return errors;
};

const podErrors = (pod: Pod): FieldError[] => {
  const errors: FieldError[] = [];
  if (pod.spec.containers.length === 0) errors.push({ path: 'spec.containers', message: 'Required value' });
  const seen = new Set<string>();
  pod.spec.containers.forEach((c, i) => {
    if (seen.has(c.name)) errors.push({ path: `spec.containers[${i}].name`, message: `Duplicate value: ${JSON.stringify(c.name)}` });
    seen.add(c.name);
    if (c.image === undefined || c.image === '') errors.push({ path: `spec.containers[${i}].image`, message: 'Required value' });
  });
  errors.push(...nonNegative('spec.terminationGracePeriodSeconds', pod.spec.terminationGracePeriodSeconds));
  return errors;
};

/** upstream ValidateReplicaSetUpdate: the selector is immutable in apps/v1. */
export const validateUpdate = (before: KubeObject, after: KubeObject): FieldError[] => {
  if (before.kind === 'ReplicaSet' && JSON.stringify(before['spec'] && (before['spec'] as { selector?: unknown }).selector) !== JSON.stringify((after['spec'] as { selector?: unknown } | undefined)?.selector)) {
    return [invalid('spec.selector', (after['spec'] as { selector?: unknown } | undefined)?.selector, 'field is immutable')];
  }
  if (before.kind === 'Pod' && JSON.stringify(before['spec']) !== JSON.stringify(after['spec'])) {
    return [{ path: 'spec', message: 'Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations), `spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)' }];
  }
  return [];
};
