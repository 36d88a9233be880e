/**
 * PodDisruptionBudget, PriorityClass, ResourceQuota and LimitRange as the API server
 * treats them (upstream pkg/apis/policy, pkg/apis/scheduling, pkg/apis/core), plus the
 * small validators other kinds share: label selectors, resource names, quantities.
 */
import { qualifiedNameErrors } from '../../api/config.js';
import type { KubeObject } from '../../api/meta.js';
import type { IntOrString, LimitRangeItem, PodDisruptionBudgetSpec, PriorityClass as PriorityClassT, ResourceList, ResourceQuotaSpec } from '../../api/policy.js';
import {
  containerResourceNameErrors, goStrings, HIGHEST_USER_DEFINABLE_PRIORITY, isExtendedResource, isNativeResource, isQuotaHugePages, labelSelectorErrors, LimitRange, parsedList,
  PDB_V1BETA1_LABEL, PodDisruptionBudget, PriorityClass, ResourceQuota, resourceNameErrors, SYSTEM_PRIORITY_CLASSES, uniqueErrors,
} from '../../api/policy.js';
import type { Quantity } from '../../api/quantity.js';
import { cmp, formatQuantity } from '../../api/quantity.js';
import type { LabelSelector } from '../../api/selector.js';
import type { FieldError } from '../../api/validation.js';
import { duplicate, forbidden, invalid, notSupported, required, requiredWith } from '../../api/validation.js';
import type { KindRules } from './rules.js';

// -------------------------------------------------------------------------------------
// PodDisruptionBudget (upstream policy/validation)
// -------------------------------------------------------------------------------------

const PERCENT = /^[0-9]+%$/;

/** upstream ValidatePositiveIntOrPercent and IsNotMoreThan100Percent. */
const intOrPercentErrors = (v: IntOrString, path: string): FieldError[] => {
  if (typeof v === 'number') return v < 0 ? [invalid(path, v, 'must be greater than or equal to 0')] : [];
  if (!PERCENT.test(v)) return [invalid(path, v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")];
  return Number(v.slice(0, -1)) > 100 ? [invalid(path, v, 'must not be greater than 100%')] : [];
};

const pdbSpecErrors = (spec: PodDisruptionBudgetSpec): FieldError[] => {
  const errors: FieldError[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) errors.push(invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  if (spec.minAvailable !== undefined) errors.push(...intOrPercentErrors(spec.minAvailable, 'spec.minAvailable'));
  if (spec.maxUnavailable !== undefined) errors.push(...intOrPercentErrors(spec.maxUnavailable, 'spec.maxUnavailable'));
  errors.push(...labelSelectorErrors(spec.selector, 'spec.selector'));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (policy !== undefined && policy !== 'IfHealthyBudget' && policy !== 'AlwaysAllow') errors.push(notSupported('spec.unhealthyPodEvictionPolicy', policy, ['AlwaysAllow', 'IfHealthyBudget']));
  return errors;
};

const isEmptySelector = (s: LabelSelector): boolean => Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;

/**
 * policy/v1beta1 → v1: v1beta1 defaulted minAvailable to 1, and its empty selector
 * selected no pods, so it becomes one that matches nothing (upstream conversion).
 */
const pdbFromV1beta1 = (o: KubeObject): KubeObject => {
  const spec = (o['spec'] ?? {}) as PodDisruptionBudgetSpec;
  const minAvailable = spec.minAvailable === undefined && spec.maxUnavailable === undefined ? { minAvailable: 1 } : {};
  const s = spec.selector;
  const onlyMatchAll = s !== undefined && Object.keys(s.matchLabels ?? {}).length === 0 && s.matchExpressions?.length === 1 && s.matchExpressions[0]?.key === PDB_V1BETA1_LABEL && s.matchExpressions[0].operator === 'DoesNotExist';
  const selector =
    s === undefined ? {}
    : isEmptySelector(s) ? { selector: { matchExpressions: [{ key: PDB_V1BETA1_LABEL, operator: 'Exists' }] } }
    : onlyMatchAll ? { selector: {} }
    : { selector: { ...s, ...(s.matchExpressions === undefined ? {} : { matchExpressions: s.matchExpressions.filter((e) => e.key !== PDB_V1BETA1_LABEL) }) } };
  return { ...o, apiVersion: 'policy/v1', spec: { ...spec, ...minAvailable, ...selector } };
};

// -------------------------------------------------------------------------------------
// PriorityClass (upstream scheduling/validation)
// -------------------------------------------------------------------------------------

const defaultPriorityClass = (o: KubeObject): KubeObject => ({ ...o, value: o['value'] ?? 0, preemptionPolicy: o['preemptionPolicy'] ?? 'PreemptLowerPriority' });

const systemClassError = (pc: PriorityClassT, value: number): string | undefined => {
  const known = SYSTEM_PRIORITY_CLASSES.find((c) => c.name === pc.metadata.name);
  if (known === undefined) return `${pc.metadata.name} is not a known system priority class`;
  if (known.value !== value) return `value of ${known.name} PriorityClass must be ${known.value}`;
  return pc.globalDefault === true ? `globalDefault of ${known.name} PriorityClass must be false` : undefined;
};

const priorityClassErrors = (o: KubeObject): FieldError[] => {
  const pc = o as unknown as PriorityClassT;
  const value = pc.value ?? 0;
  const errors: FieldError[] = [];
  if (pc.metadata.name.startsWith('system-')) {
    const why = systemClassError(pc, value);
    if (why !== undefined) errors.push(forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: ${why}`));
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errors.push(forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  const policy = pc.preemptionPolicy;
  if (policy === '') errors.push(required('preemptionPolicy'));
  else if (policy !== undefined && policy !== 'PreemptLowerPriority' && policy !== 'Never') errors.push(notSupported('preemptionPolicy', policy, ['PreemptLowerPriority', 'Never']));
  return errors;
};

const priorityClassUpdateErrors = (before: KubeObject, after: KubeObject): FieldError[] => {
  const errors: FieldError[] = [];
  if ((before['value'] ?? 0) !== (after['value'] ?? 0)) errors.push(forbidden('value', 'may not be changed in an update.'));
  if (before['preemptionPolicy'] !== after['preemptionPolicy']) errors.push(invalid('preemptionPolicy', after['preemptionPolicy'], 'field is immutable'));
  return errors;
};

// -------------------------------------------------------------------------------------
// ResourceQuota (upstream core validation ValidateResourceQuota)
// -------------------------------------------------------------------------------------

const STANDARD_QUOTA_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory',
  'limits.ephemeral-storage', 'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'persistentvolumeclaims', 'configmaps',
  'services.nodeports', 'services.loadbalancers',
]);
const INTEGER_RESOURCES = new Set(['pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers']);
const isStandardQuotaResource = (name: string): boolean => STANDARD_QUOTA_RESOURCES.has(name) || isQuotaHugePages(name);
const isIntegerResource = (name: string): boolean => INTEGER_RESOURCES.has(name) || isExtendedResource(name);

const QUOTA_SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity', 'VolumeAttributesClass'];
const POD_QUOTA_RESOURCES = ['pods', 'cpu', 'memory', 'limits.cpu', 'limits.memory', 'requests.cpu', 'requests.memory'];

/** upstream IsResourceQuotaScopeValidForResource. */
const scopeAllows = (scope: string, resource: string): boolean => {
  switch (scope) {
    case 'BestEffort':
      return resource === 'pods';
    case 'VolumeAttributesClass':
      return resource === 'persistentvolumeclaims' || resource === 'requests.storage';
    default:
      return QUOTA_SCOPES.includes(scope) ? POD_QUOTA_RESOURCES.includes(resource) : true;
  }
};

/** upstream ValidateResourceQuotaResourceName and ValidateResourceQuantityValue, for spec.hard, status.hard and status.used. */
const quotaListErrors = (list: ResourceList | undefined, path: string): FieldError[] => {
  const { values, errors } = parsedList(list, path);
  for (const name of Object.keys(list ?? {}).sort()) {
    const p = `${path}[${name}]`;
    errors.push(...resourceNameErrors(name, p));
    if (!name.includes('/') && !isStandardQuotaResource(name)) errors.push(invalid(p, name, 'must be a standard resource for quota'));
    const q = values.get(name);
    if (q !== undefined && q.milli < 0n) errors.push(invalid(p, formatQuantity(q), 'must be greater than or equal to 0'));
    if (q !== undefined && isIntegerResource(name) && q.milli % 1000n !== 0n) errors.push(invalid(p, formatQuantity(q), 'must be an integer'));
  }
  return errors;
};

/** upstream prints the []core.ResourceQuotaScope itself. */
const scopesInvalid = (scopes: readonly string[], detail: string): FieldError => ({ path: 'spec.scopes', message: `Invalid value: ${goStrings('[]core.ResourceQuotaScope', scopes)}: ${detail}` });

const quotaScopeErrors = (spec: ResourceQuotaSpec): FieldError[] => {
  const scopes = spec.scopes ?? [];
  const hard = Object.keys(spec.hard ?? {}).sort();
  const errors: FieldError[] = [];
  for (const scope of scopes) {
    if (!QUOTA_SCOPES.includes(scope)) errors.push(scopesInvalid(scopes, 'unsupported scope'));
    if (hard.some((r) => isStandardQuotaResource(r) && !scopeAllows(scope, r))) errors.push(scopesInvalid(scopes, 'unsupported scope applied to resource'));
  }
  const conflicting = [['BestEffort', 'NotBestEffort'], ['Terminating', 'NotTerminating']].some((pair) => pair.every((s) => scopes.includes(s)));
  if (conflicting) errors.push(scopesInvalid(scopes, 'conflicting scopes'));
  return errors;
};

const quotaErrors = (o: KubeObject): FieldError[] => {
  const rq = o as unknown as ResourceQuota;
  const spec = rq.spec ?? {};
  return uniqueErrors([
    ...quotaListErrors(spec.hard, 'spec.hard'),
    ...quotaScopeErrors(spec),
    ...quotaListErrors(rq.status?.hard, 'status.hard'),
    ...quotaListErrors(rq.status?.used, 'status.used'),
  ]);
};

/** upstream ValidateResourceQuotaUpdate: the scopes may not change. */
const quotaUpdateErrors = (before: KubeObject, after: KubeObject): FieldError[] => {
  const was = (before as unknown as ResourceQuota).spec?.scopes ?? [];
  const now = (after as unknown as ResourceQuota).spec?.scopes ?? [];
  const same = was.length === now.length && now.every((s) => was.includes(s));
  return same ? [] : [scopesInvalid(now, 'field is immutable')];
};

// -------------------------------------------------------------------------------------
// LimitRange (upstream core SetDefaults_LimitRangeItem and ValidateLimitRange)
// -------------------------------------------------------------------------------------

/** Container items: default ← max, then defaultRequest ← default, then defaultRequest ← min. */
const defaultLimitItem = (item: LimitRangeItem): LimitRangeItem => {
  if (item.type !== 'Container') return item;
  const def = { ...item.max, ...item.default };
  const defaultRequest = { ...item.min, ...def, ...item.defaultRequest };
  // upstream's empty maps are omitted when serialized.
  return { ...item, ...(Object.keys(def).length === 0 ? {} : { default: def }), ...(Object.keys(defaultRequest).length === 0 ? {} : { defaultRequest }) };
};

const defaultLimitRange = (o: KubeObject): KubeObject => {
  const spec = (o as unknown as LimitRange).spec;
  return spec?.limits === undefined ? o : { ...o, spec: { ...spec, limits: spec.limits.map(defaultLimitItem) } };
};

const limitTypeErrors = (type: string, path: string): FieldError[] => {
  const syntax = qualifiedNameErrors(type).map((m) => invalid(path, type, m));
  if (syntax.length > 0 || type.includes('/')) return syntax;
  return ['Pod', 'Container', 'PersistentVolumeClaim'].includes(type) ? [] : [invalid(path, type, 'must be a standard limit type or fully qualified')];
};

type Lists = Record<'max' | 'min' | 'default' | 'defaultRequest' | 'maxLimitRequestRatio', Map<string, Quantity>>;

const limitNameErrors = (item: LimitRangeItem, path: string): { lists: Lists; errors: FieldError[] } => {
  const type = item.type ?? '';
  const names = type === 'Pod' || type === 'Container' ? containerResourceNameErrors : resourceNameErrors;
  const errors: FieldError[] = [];
  const parse = (field: keyof Lists, list: ResourceList | undefined): Map<string, Quantity> => {
    const parsed = parsedList(list, `${path}.${field}`);
    for (const k of Object.keys(list ?? {}).sort()) errors.push(...names(k, `${path}.${field}[${k}]`));
    errors.push(...parsed.errors);
    return parsed.values;
  };
  const max = parse('max', item.max);
  const min = parse('min', item.min);
  const isPod = type === 'Pod';
  if (isPod && Object.keys(item.default ?? {}).length > 0) errors.push(forbidden(`${path}.default`, "may not be specified when `type` is 'Pod'"));
  if (isPod && Object.keys(item.defaultRequest ?? {}).length > 0) errors.push(forbidden(`${path}.defaultRequest`, "may not be specified when `type` is 'Pod'"));
  const def = isPod ? new Map<string, Quantity>() : parse('default', item.default);
  const defaultRequest = isPod ? new Map<string, Quantity>() : parse('defaultRequest', item.defaultRequest);
  if (type === 'PersistentVolumeClaim' && item.min?.['storage'] === undefined && item.max?.['storage'] === undefined) {
    errors.push(requiredWith(`${path}.limits`, 'either minimum or maximum storage value is required, but neither was provided'));
  }
  const maxLimitRequestRatio = parse('maxLimitRequestRatio', item.maxLimitRequestRatio);
  return { lists: { max, min, default: def, defaultRequest, maxLimitRequestRatio }, errors };
};

const ONE = { milli: 1000n, format: 'DecimalSI' } as const;

/** The order checks between min, max, default, defaultRequest and maxLimitRequestRatio of one resource. */
const limitOrderErrors = (k: string, l: Lists, path: string): FieldError[] => {
  const [min, max, def, req, ratio] = [l.min.get(k), l.max.get(k), l.default.get(k), l.defaultRequest.get(k), l.maxLimitRequestRatio.get(k)];
  const s = formatQuantity;
  const errors: FieldError[] = [];
  const at = (field: string): string => `${path}.${field}[${k}]`;
  if (min && max && cmp(min, max) > 0) errors.push(invalid(at('min'), s(min), `min value ${s(min)} is greater than max value ${s(max)}`));
  if (req && min && cmp(min, req) > 0) errors.push(invalid(at('defaultRequest'), s(req), `min value ${s(min)} is greater than default request value ${s(req)}`));
  if (req && max && cmp(req, max) > 0) errors.push(invalid(at('defaultRequest'), s(req), `default request value ${s(req)} is greater than max value ${s(max)}`));
  if (req && def && cmp(req, def) > 0) errors.push(invalid(at('defaultRequest'), s(req), `default request value ${s(req)} is greater than default limit value ${s(def)}`));
  if (def && min && cmp(min, def) > 0) errors.push(invalid(at('default'), s(min), `min value ${s(min)} is greater than default value ${s(def)}`));
  if (def && max && cmp(def, max) > 0) errors.push(invalid(at('default'), s(max), `default value ${s(def)} is greater than max value ${s(max)}`));
  if (ratio && cmp(ratio, ONE) < 0) errors.push(invalid(at('maxLimitRequestRatio'), s(ratio), `ratio ${s(ratio)} is less than 1`));
  if (ratio && min && max) {
    const limit = Number(max.milli) / Number(min.milli);
    if (Number(ratio.milli) / 1000 > limit) errors.push(invalid(at('maxLimitRequestRatio'), s(ratio), `ratio ${s(ratio)} is greater than max/min = ${limit.toFixed(6)}`));
  }
  // upstream: resources that may not be overcommitted (extended, hugepages) need default == defaultRequest.
  const overcommit = isNativeResource(k) && !k.startsWith('hugepages-');
  if (!overcommit && def && req && cmp(def, req) !== 0) errors.push(invalid(at('defaultRequest'), s(req), `default value ${s(def)} must equal to defaultRequest value ${s(req)} in ${k}`));
  return errors;
};

const limitRangeErrors = (o: KubeObject): FieldError[] => {
  const limits = (o as unknown as LimitRange).spec?.limits ?? [];
  const seen = new Set<string>();
  const errors = limits.flatMap((item, i) => {
    const path = `spec.limits[${i}]`;
    const type = item.type ?? '';
    const dup = seen.has(type) ? [duplicate(`${path}.type`, type)] : [];
    seen.add(type);
    const { lists, errors: nameErrors } = limitNameErrors(item, path);
    const keys = [...new Set(Object.values(lists).flatMap((m: Map<string, Quantity>) => [...m.keys()]))].sort();
    return [...limitTypeErrors(type, `${path}.type`), ...dup, ...nameErrors, ...keys.flatMap((k) => limitOrderErrors(k, lists, path))];
  });
  return uniqueErrors(errors);
};

// -------------------------------------------------------------------------------------
// rules
// -------------------------------------------------------------------------------------

export const POLICY_RULES: readonly KindRules[] = [
  {
    kind: 'PodDisruptionBudget',
    codec: PodDisruptionBudget,
    convert: (o, from) => (from === 'policy/v1beta1' ? pdbFromV1beta1(o) : o),
    validate: (o) => uniqueErrors(pdbSpecErrors((o as unknown as PodDisruptionBudget).spec ?? {})),
  },
  { kind: 'PriorityClass', codec: PriorityClass, defaults: defaultPriorityClass, validate: priorityClassErrors, validateUpdate: priorityClassUpdateErrors },
  { kind: 'ResourceQuota', codec: ResourceQuota, validate: quotaErrors, validateUpdate: quotaUpdateErrors },
  { kind: 'LimitRange', codec: LimitRange, defaults: defaultLimitRange, validate: limitRangeErrors },
];
