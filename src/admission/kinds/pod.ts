/**
 * The API server's rules for Pod and PodTemplate (v1): defaulting (pod-defaults.ts),
 * validation on create (pod-validation.ts, pod-container.ts) and on update, and the pod
 * template checks the workload kinds reuse (workload-*.ts).
 */
import type { KubeObject } from '../../api/meta.js';
import type { PodSpec, PodTemplateSpec, Toleration } from '../../api/pod.js';
import { Pod } from '../../api/pod.js';
import type { Selector } from '../../api/selector.js';
import { matches } from '../../api/selector.js';
import type { FieldError } from '../../api/validation.js';
import { forbidden, invalid } from '../../api/validation.js';
import { PodTemplate } from '../../api/workloads.js';
import { defaultPod, defaultPodSpec } from './pod-defaults.js';
import { invalidGo, goStringMap, labelsErrors } from './pod-syntax.js';
import { tolerationsErrors, validatePodSpec } from './pod-validation.js';
import type { KindRules } from './rules.js';
import { jsonEqual } from '../../api/json.js';

export { defaultPod, defaultPodSpec, qosClassOf, DEFAULT_TOLERATION_SECONDS } from './pod-defaults.js';
export { validatePodSpec } from './pod-validation.js';

// -------------------------------------------------------------------------------------
// pod templates (reused by every workload kind)
// -------------------------------------------------------------------------------------

/** A template's spec defaulted; a template without one stands for Go's zero spec. */
export const defaultPodTemplate = (template: PodTemplateSpec | undefined): PodTemplateSpec => ({
  ...template,
  spec: defaultPodSpec(template?.spec ?? { containers: [] }),
});

/**
 * upstream ValidatePodTemplateSpec (labels are checked at `<path>.labels`, as upstream
 * does), and, given the owner's selector, that it selects the template's labels; an empty
 * selector (everything) is not compared (upstream `selector.Empty()`).
 */
export const validatePodTemplate = (template: PodTemplateSpec | undefined, path: string, selector?: Selector): FieldError[] => {
  const labels = template?.metadata?.labels;
  const selects = selector === undefined || (selector.matchesNothing !== true && selector.requirements.length === 0) || matches(selector, labels);
  return [
    ...(selects ? [] : [selectorMismatch(`${path}.metadata.labels`, labels)]),
    ...labelsErrors(labels, `${path}.labels`),
    ...validatePodSpec(template?.spec ?? defaultPodSpec({ containers: [] }), `${path}.spec`),
  ];
};

export const selectorMismatch = (path: string, labels: Readonly<Record<string, string>> | undefined): FieldError =>
  invalidGo(path, goStringMap(labels), '`selector` does not match template `labels`');

// -------------------------------------------------------------------------------------
// Pod updates (upstream ValidatePodUpdate)
// -------------------------------------------------------------------------------------

const UPDATABLE_POD_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
].join(',');

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** upstream validateOnlyAddedTolerations: each old toleration is still there, seconds aside. */
const tolerationUpdateErrors = (before: readonly Toleration[], after: readonly Toleration[]): FieldError[] => {
  const kept = (old: Toleration): boolean =>
    after.some((t) => sameJson(withSeconds(old, t.tolerationSeconds), withSeconds(t, t.tolerationSeconds)));
  if (!before.every(kept)) return [forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
  return tolerationsErrors(after, 'spec.tolerations');
};

const withSeconds = (t: Toleration, seconds: number | undefined): Toleration => {
  const { key, operator, value, effect } = t;
  return { key: key ?? '', operator: operator ?? '', value: value ?? '', effect: effect ?? '', ...(seconds === undefined ? {} : { tolerationSeconds: seconds }) };
};

const deadlineUpdateErrors = (before: number | undefined, after: number | undefined): FieldError[] => {
  const path = 'spec.activeDeadlineSeconds';
  if (after === undefined && before !== undefined) return [invalid(path, null, 'must not update from a positive integer to nil value')];
  if (after !== undefined && before !== undefined && after > before) return [invalid(path, after, 'must be less than or equal to previous value')];
  return [];
};

/** The new spec with only the updatable fields taken back from the old one. */
const mungedSpec = (before: PodSpec, after: PodSpec): PodSpec => {
  const images = (list: PodSpec['containers'] | undefined, old: PodSpec['containers'] | undefined): PodSpec['containers'] | undefined =>
    list?.map((c, i) => {
      const image = old?.[i]?.image;
      return image === undefined ? c : { ...c, image };
    });
  const graceReset = (before.terminationGracePeriodSeconds ?? 0) < 0 && after.terminationGracePeriodSeconds === 1;
  return {
    ...after,
    containers: images(after.containers, before.containers) ?? [],
    ...(after.initContainers === undefined ? {} : { initContainers: images(after.initContainers, before.initContainers) }),
    ...(before.activeDeadlineSeconds === undefined ? { activeDeadlineSeconds: undefined } : { activeDeadlineSeconds: before.activeDeadlineSeconds }),
    tolerations: before.tolerations,
    ...(graceReset ? { terminationGracePeriodSeconds: before.terminationGracePeriodSeconds } : {}),
  } as PodSpec;
};

export const validatePodUpdate = (before: KubeObject, after: KubeObject): FieldError[] => {
  const old = before['spec'] as PodSpec;
  const next = after['spec'] as PodSpec;
  const errors = [
    ...validatePodSpec(next, 'spec'),
    ...deadlineUpdateErrors(old.activeDeadlineSeconds, next.activeDeadlineSeconds),
    ...tolerationUpdateErrors(old.tolerations ?? [], next.tolerations ?? []),
  ];
  if (!jsonEqual(mungedSpec(old, next), old)) {
    errors.push(forbidden('spec', `pod updates may not change fields other than ${UPDATABLE_POD_FIELDS}`));
  }
  return errors;
};

// -------------------------------------------------------------------------------------
// rules
// -------------------------------------------------------------------------------------

const podRules: KindRules = {
  kind: 'Pod',
  codec: Pod,
  defaults: (o) => defaultPod(o as KubeObject & { spec: PodSpec }), // decoded by admission first
  validate: (o) => validatePodSpec(o['spec'] as PodSpec, 'spec'),
  validateUpdate: validatePodUpdate,
};

const podTemplateRules: KindRules = {
  kind: 'PodTemplate',
  codec: PodTemplate,
  defaults: (o) => ({ ...o, template: defaultPodTemplate(o['template'] as PodTemplateSpec | undefined) }),
  validate: (o) => validatePodTemplate(o['template'] as PodTemplateSpec | undefined, 'template'),
  validateUpdate: (_before, after) => validatePodTemplate(after['template'] as PodTemplateSpec | undefined, 'template'),
};

export const POD_RULES: readonly KindRules[] = [podRules, podTemplateRules];
