/**
 * PodDisruptionBudget (policy/v1), PriorityClass (scheduling.k8s.io/v1), and the core v1
 * ResourceQuota and LimitRange: open codecs for the fields kubesim reads. Quantities stay
 * as written (string or number); validation parses them exactly (api/quantity.ts).
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { labelValueErrors, qualifiedNameErrors } from './config.js';
import { ObjectMeta } from './meta.js';
import type { Quantity } from './quantity.js';
import { parseQuantity } from './quantity.js';
import { LabelSelector } from './selector.js';
import type { FieldError } from './validation.js';
import { forbidden, invalid, requiredWith } from './validation.js';

const QuantityValue = t.union([t.string, t.number]);
const ResourceList = t.record(t.string, QuantityValue);
export type ResourceList = t.TypeOf<typeof ResourceList>;

/** intstr.IntOrString: `2` or `"50%"`. */
export const IntOrString = t.union([t.number, t.string]);
export type IntOrString = t.TypeOf<typeof IntOrString>;

const Condition = t.intersection([
  t.type({ type: t.string, status: t.string }),
  t.partial({ reason: t.string, message: t.string, lastTransitionTime: t.string, observedGeneration: t.number }),
]);

// -------------------------------------------------------------------------------------
// PodDisruptionBudget
// -------------------------------------------------------------------------------------

export const PodDisruptionBudgetSpec = t.partial({
  minAvailable: IntOrString,
  maxUnavailable: IntOrString,
  selector: LabelSelector,
  unhealthyPodEvictionPolicy: t.string,
});
export type PodDisruptionBudgetSpec = t.TypeOf<typeof PodDisruptionBudgetSpec>;

export const PodDisruptionBudgetStatus = t.partial({
  observedGeneration: t.number,
  disruptedPods: t.record(t.string, t.string),
  disruptionsAllowed: t.number,
  currentHealthy: t.number,
  desiredHealthy: t.number,
  expectedPods: t.number,
  conditions: t.array(Condition),
});
export type PodDisruptionBudgetStatus = t.TypeOf<typeof PodDisruptionBudgetStatus>;

export const PodDisruptionBudget = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('PodDisruptionBudget'), metadata: ObjectMeta }),
  t.partial({ spec: PodDisruptionBudgetSpec, status: PodDisruptionBudgetStatus }),
]);
export type PodDisruptionBudget = t.TypeOf<typeof PodDisruptionBudget>;

/**
 * upstream policy: the label policy/v1beta1 conversion uses so that a v1beta1 empty
 * selector (which selected no pods there) still selects none in v1.
 */
export const PDB_V1BETA1_LABEL = 'pdb.kubernetes.io/deprecated-v1beta1-empty-selector-match';

// -------------------------------------------------------------------------------------
// PriorityClass
// -------------------------------------------------------------------------------------

/** value is 0 when left out (upstream's int32 zero value, always serialized): defaulting writes it. */
export const PriorityClass = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('PriorityClass'), metadata: ObjectMeta }),
  t.partial({ value: t.number, globalDefault: t.boolean, description: t.string, preemptionPolicy: t.string }),
]);
export type PriorityClass = t.TypeOf<typeof PriorityClass>;

/** upstream scheduling.HighestUserDefinablePriority. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
/** upstream scheduling.SystemCriticalPriority: twice the highest user-definable priority. */
export const SYSTEM_CRITICAL_PRIORITY = 2 * HIGHEST_USER_DEFINABLE_PRIORITY;
/** The two classes the API server creates; `system-` names are reserved for them. */
export const SYSTEM_PRIORITY_CLASSES: readonly { readonly name: string; readonly value: number }[] = [
  { name: 'system-node-critical', value: SYSTEM_CRITICAL_PRIORITY + 1000 },
  { name: 'system-cluster-critical', value: SYSTEM_CRITICAL_PRIORITY },
];

// -------------------------------------------------------------------------------------
// ResourceQuota
// -------------------------------------------------------------------------------------

export const ScopedResourceSelectorRequirement = t.intersection([
  t.type({ scopeName: t.string, operator: t.string }),
  t.partial({ values: t.array(t.string) }),
]);

export const ResourceQuotaSpec = t.partial({
  hard: ResourceList,
  scopes: t.array(t.string),
  scopeSelector: t.partial({ matchExpressions: t.array(ScopedResourceSelectorRequirement) }),
});
export type ResourceQuotaSpec = t.TypeOf<typeof ResourceQuotaSpec>;

export const ResourceQuota = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('ResourceQuota'), metadata: ObjectMeta }),
  t.partial({ spec: ResourceQuotaSpec, status: t.partial({ hard: ResourceList, used: ResourceList }) }),
]);
export type ResourceQuota = t.TypeOf<typeof ResourceQuota>;

// -------------------------------------------------------------------------------------
// LimitRange
// -------------------------------------------------------------------------------------

/** type is Container, Pod, PersistentVolumeClaim or a qualified name (validation words a missing one). */
export const LimitRangeItem = t.partial({
  type: t.string,
  max: ResourceList,
  min: ResourceList,
  default: ResourceList,
  defaultRequest: ResourceList,
  maxLimitRequestRatio: ResourceList,
});
export type LimitRangeItem = t.TypeOf<typeof LimitRangeItem>;

export const LimitRange = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('LimitRange'), metadata: ObjectMeta }),
  t.partial({ spec: t.partial({ limits: t.array(LimitRangeItem) }) }),
]);
export type LimitRange = t.TypeOf<typeof LimitRange>;

// -------------------------------------------------------------------------------------
// shared validation (label selectors, resource names, quantities)
// -------------------------------------------------------------------------------------

/** Go's `%#v` of a string slice, which is how upstream prints a list in `Invalid value:`. */
export const goStrings = (type: string, values: readonly string[]): string => `${type}{${values.map((v) => JSON.stringify(v)).join(', ')}}`;

/** upstream ErrorList.ToAggregate drops repeated identical errors. */
export const uniqueErrors = (errors: readonly FieldError[]): FieldError[] => {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const line = `${e.path}: ${e.message}`;
    if (seen.has(line)) return false;
    seen.add(line);
    return true;
  });
};

/** A quantity that must parse; `undefined` with the error when it does not. */
export const quantityOrError = (path: string, raw: string | number): { q?: Quantity; errors: FieldError[] } => {
  const q = parseQuantity(typeof raw === 'string' ? raw.trim() : raw);
  return isLeft(q) ? { errors: [invalid(path, raw, q.left)] } : { q: q.right, errors: [] };
};

/** upstream: `Sign() != 1` → `must be positive`. */
export const positiveQuantityErrors = (path: string, raw: string | number): FieldError[] => {
  const { q, errors } = quantityOrError(path, raw);
  return q === undefined || q.milli > 0n ? errors : [invalid(path, raw, 'must be positive')];
};

/** upstream metav1 validation.ValidateLabelSelector. */
export const labelSelectorErrors = (s: LabelSelector | undefined, path: string): FieldError[] => {
  if (s === undefined) return [];
  const errors: FieldError[] = [];
  for (const [k, v] of Object.entries(s.matchLabels ?? {})) {
    errors.push(...qualifiedNameErrors(k).map((m) => invalid(`${path}.matchLabels`, k, m)));
    errors.push(...labelValueErrors(v).map((m) => invalid(`${path}.matchLabels`, v, m)));
  }
  (s.matchExpressions ?? []).forEach((e, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = e.values ?? [];
    if ((e.operator === 'In' || e.operator === 'NotIn') && values.length === 0) errors.push(requiredWith(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    else if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && values.length > 0) errors.push(forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    else if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(e.operator)) errors.push(invalid(`${p}.operator`, e.operator, 'not a valid selector operator'));
    errors.push(...qualifiedNameErrors(e.key).map((m) => invalid(`${p}.key`, e.key, m)));
    values.forEach((v, j) => errors.push(...labelValueErrors(v).map((m) => invalid(`${p}.values[${j}]`, v, m))));
  });
  return errors;
};

// upstream core helper: standardResources, standardContainerResources, integerResources.
const STANDARD_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
  'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims', 'storage', 'requests.storage',
  'services.nodeports', 'services.loadbalancers',
]);
const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
export const isQuotaHugePages = (name: string): boolean => name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
/** upstream IsNativeResource: unprefixed, or in the kubernetes.io domain. */
export const isNativeResource = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
export const isExtendedResource = (name: string): boolean => !isNativeResource(name) && !name.startsWith('requests.') && qualifiedNameErrors(`requests.${name}`).length === 0;

/** upstream validateResourceName. */
export const resourceNameErrors = (name: string, path: string): FieldError[] => {
  const syntax = qualifiedNameErrors(name).map((m) => invalid(path, name, m));
  if (syntax.length > 0) return syntax;
  return name.includes('/') || STANDARD_RESOURCES.has(name) || isQuotaHugePages(name) ? [] : [invalid(path, name, 'must be a standard resource type or fully qualified')];
};

/** upstream ValidateContainerResourceName. */
export const containerResourceNameErrors = (name: string, path: string): FieldError[] => {
  const errors = resourceNameErrors(name, path);
  if (!name.includes('/')) return ['cpu', 'memory', 'ephemeral-storage'].includes(name) || isHugePages(name) ? errors : [...errors, invalid(path, name, 'must be a standard resource for containers')];
  return isNativeResource(name) || isExtendedResource(name) ? errors : [...errors, invalid(path, name, "doesn't follow extended resource name standard")];
};

/** Quantities of a resource list, parsed; the errors of those that do not parse. */
export const parsedList = (list: ResourceList | undefined, path: string): { values: Map<string, Quantity>; errors: FieldError[] } => {
  const values = new Map<string, Quantity>();
  const errors: FieldError[] = [];
  for (const [k, raw] of Object.entries(list ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const r = quantityOrError(`${path}[${k}]`, raw);
    if (r.q === undefined) errors.push(...r.errors);
    else values.set(k, r.q);
  }
  return { values, errors };
};
