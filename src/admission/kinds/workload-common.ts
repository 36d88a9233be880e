/**
 * What the workload kinds share: label selector validation (apimachinery
 * ValidateLabelSelector), the selector/template pairing of apps/v1
 * (ValidatePodTemplateSpecForReplicaSet), int-or-percent fields (ValidatePositiveIntOrPercent,
 * IsNotMoreThan100Percent) and the apps/v1 selector immutability.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { IntOrString, PodTemplateSpec } from '../../api/pod.js';
import type { LabelSelector, Selector } from '../../api/selector.js';
import { fromLabelSelector } from '../../api/selector.js';
import type { FieldError } from '../../api/validation.js';
import { forbidden, invalid, notSupported, required, requiredWith } from '../../api/validation.js';
import { validatePodTemplate } from './pod.js';
import { goIntOrString, goLabelSelector, invalidGo, labelValueErrors, labelsErrors, nonNegative, qualifiedNameErrors } from './pod-syntax.js';

// -------------------------------------------------------------------------------------
// selectors
// -------------------------------------------------------------------------------------

const expressionErrors = (e: NonNullable<LabelSelector['matchExpressions']>[number], at: string): FieldError[] => {
  const values = e.values ?? [];
  const errs: FieldError[] = [];
  if (e.operator === 'In' || e.operator === 'NotIn') {
    if (values.length === 0) errs.push(requiredWith(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
  } else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') {
    if (values.length > 0) errs.push(forbidden(`${at}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
  } else {
    errs.push(invalid(`${at}.operator`, e.operator, 'not a valid selector operator'));
  }
  errs.push(...qualifiedNameErrors(e.key).map((m) => invalid(`${at}.key`, e.key, m)));
  values.forEach((v, i) => errs.push(...labelValueErrors(v).map((m) => invalid(`${at}.values[${i}]`, v, m))));
  return errs;
};

/** upstream ValidateLabelSelector (strict: values must be label values). */
export const labelSelectorErrors = (s: LabelSelector, path: string): FieldError[] => [
  ...labelsErrors(s.matchLabels, `${path}.matchLabels`),
  ...(s.matchExpressions ?? []).flatMap((e, i) => expressionErrors(e, `${path}.matchExpressions[${i}]`)),
];

const isEmptySelector = (s: LabelSelector): boolean => Object.keys(s.matchLabels ?? {}).length + (s.matchExpressions ?? []).length === 0;

export interface SelectorCheck {
  readonly errors: FieldError[];
  /** The parsed selector, when it parses (a missing one selects nothing, as upstream). */
  readonly selector: Either<string, Selector>;
}

/**
 * apps/v1 selector rules: required, valid, not empty (`empty selector is invalid for
 * <what>`); an unparsable one is `invalidDetail` (upstream words it per kind).
 */
export const checkSelector = (s: LabelSelector | undefined, path: string, what: string, invalidDetail: string): SelectorCheck => {
  const errors: FieldError[] = [];
  if (s === undefined) errors.push(required(path));
  else {
    errors.push(...labelSelectorErrors(s, path));
    if (isEmptySelector(s)) errors.push(invalidGo(path, goLabelSelector(s), `empty selector is invalid for ${what}`));
  }
  const selector = fromLabelSelector(s);
  // upstream field.Invalid with no detail prints no trailing colon.
  if (isLeft(selector)) errors.push(invalidDetail === '' ? { path, message: `Invalid value: ${goLabelSelector(s)}` } : invalidGo(path, goLabelSelector(s), invalidDetail));
  return { errors, selector };
};

// -------------------------------------------------------------------------------------
// templates of long-running pods (RS, RC, Deployment, DaemonSet, StatefulSet)
// -------------------------------------------------------------------------------------

/**
 * upstream ValidatePodTemplateSpecForReplicaSet and its siblings: the selector matches the
 * labels, the pod spec is valid, pods restart Always and carry no activeDeadlineSeconds.
 */
export const validateServingTemplate = (template: PodTemplateSpec | undefined, path: string, selector: Either<string, Selector>, owner: string): FieldError[] => {
  if (isLeft(selector)) return [];
  const restartPolicy = template?.spec?.restartPolicy ?? 'Always';
  const deadline = template?.spec?.activeDeadlineSeconds;
  return [
    ...validatePodTemplate(template, path, selector.right),
    ...(restartPolicy === 'Always' ? [] : [notSupported(`${path}.spec.restartPolicy`, restartPolicy, ['Always'])]),
    ...(deadline === undefined ? [] : [forbidden(`${path}.spec.activeDeadlineSeconds`, `activeDeadlineSeconds in ${owner} is not Supported`)]),
  ];
};

// -------------------------------------------------------------------------------------
// int or percent (maxSurge, maxUnavailable)
// -------------------------------------------------------------------------------------

const PERCENT = /^[0-9]+%$/;
const PERCENT_MSG = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** upstream getIntOrPercentValue: a percentage's number, an int itself; anything else 0. */
export const intOrPercentValue = (v: IntOrString | undefined): number => {
  if (typeof v === 'number') return v;
  if (v !== undefined && PERCENT.test(v)) return Number(v.slice(0, -1));
  return 0;
};

/** upstream ValidatePositiveIntOrPercent. */
export const intOrPercentErrors = (v: IntOrString | undefined, path: string): FieldError[] => {
  if (v === undefined) return [];
  if (typeof v === 'number') return nonNegative(path, v);
  return PERCENT.test(v) ? [] : [invalidGo(path, goIntOrString(v), PERCENT_MSG)];
};

/** upstream IsNotMoreThan100Percent. */
export const over100Errors = (v: IntOrString | undefined, path: string): FieldError[] =>
  typeof v === 'string' && PERCENT.test(v) && intOrPercentValue(v) > 100 ? [invalidGo(path, goIntOrString(v), 'must not be greater than 100%')] : [];

// -------------------------------------------------------------------------------------
// updates
// -------------------------------------------------------------------------------------

/** upstream: apps/v1 selectors are immutable (ValidateImmutableField in the strategies). */
export const selectorImmutable = (before: LabelSelector | undefined, after: LabelSelector | undefined): FieldError[] =>
  JSON.stringify(canonicalSelector(before)) === JSON.stringify(canonicalSelector(after)) ? [] : [invalidGo('spec.selector', goLabelSelector(after), 'field is immutable')];

const canonicalSelector = (s: LabelSelector | undefined): unknown =>
  s === undefined
    ? null
    : {
        matchLabels: Object.fromEntries(Object.entries(s.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
        matchExpressions: s.matchExpressions ?? [],
      };
