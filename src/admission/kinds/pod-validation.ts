/**
 * Validation of a (defaulted) pod spec: upstream core/validation ValidatePodSpec and what
 * it calls for volumes, containers, tolerations and the scheduling fields. One container
 * is checked by pod-container.ts; this file checks the spec and what spans containers.
 */
import type { Container, PodSpec, Toleration, Volume } from '../../api/pod.js';
import type { FieldError } from '../../api/validation.js';
import { duplicate, forbidden, invalid, notSupported, required, requiredWith } from '../../api/validation.js';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../names.js';
import { validateContainer } from './pod-container.js';
import { volumeSourcesOf } from './pod-defaults.js';
import { INT32_MAX, inclusiveRange, invalidGo, labelsErrors, labelValueErrors, nonNegative, qualifiedNameErrors } from './pod-syntax.js';

export const validatePodSpec = (spec: PodSpec, path: string): FieldError[] => {
  const volumes = volumesErrors(spec.volumes ?? [], `${path}.volumes`);
  const ctx = { volumes: new Set((spec.volumes ?? []).map((v) => v.name)) };
  return [
    ...volumes,
    ...containersErrors(spec, path, ctx.volumes),
    ...enumErrors(spec.restartPolicy, `${path}.restartPolicy`, ['Always', 'OnFailure', 'Never']),
    ...enumErrors(spec.dnsPolicy, `${path}.dnsPolicy`, ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']),
    ...(spec.dnsPolicy === 'None' && (spec as { dnsConfig?: unknown }).dnsConfig === undefined
      ? [requiredWith(`${path}.dnsConfig`, 'must provide `dnsConfig` when `dnsPolicy` is None')]
      : []),
    ...nonNegative(`${path}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds),
    ...activeDeadlineErrors(spec.activeDeadlineSeconds, `${path}.activeDeadlineSeconds`),
    ...labelsErrors(spec.nodeSelector, `${path}.nodeSelector`),
    ...subdomain(spec.serviceAccountName, `${path}.serviceAccountName`),
    ...subdomain(spec.nodeName, `${path}.nodeName`),
    ...subdomain(spec.schedulerName, `${path}.schedulerName`),
    ...subdomain(spec.priorityClassName, `${path}.priorityClassName`),
    ...tolerationsErrors(spec.tolerations ?? [], `${path}.tolerations`),
  ];
};

/** upstream: an empty value is Required (defaulting fills it), an unknown one NotSupported. */
const enumErrors = (value: string | undefined, path: string, supported: readonly string[]): FieldError[] => {
  if (value === undefined || value === '') return [required(path)];
  return supported.includes(value) ? [] : [notSupported(path, value, supported)];
};

export const activeDeadlineErrors = (value: number | undefined, path: string): FieldError[] =>
  value !== undefined && (value < 1 || value > INT32_MAX) ? [invalid(path, value, inclusiveRange(1, INT32_MAX))] : [];

const subdomain = (value: string | undefined, path: string): FieldError[] =>
  value === undefined || value === '' ? [] : dns1123SubdomainErrors(value).map((m) => invalid(path, value, m));

// -------------------------------------------------------------------------------------
// containers
// -------------------------------------------------------------------------------------

/** upstream: names unique across containers and init containers, reported where repeated. */
const containersErrors = (spec: PodSpec, path: string, volumes: ReadonlySet<string>): FieldError[] => {
  if (spec.containers.length === 0) return [required(`${path}.containers`), ...listErrors(spec.initContainers ?? [], `${path}.initContainers`, true, volumes, new Set())];
  const names = new Set<string>();
  return [
    ...listErrors(spec.containers, `${path}.containers`, false, volumes, names),
    ...listErrors(spec.initContainers ?? [], `${path}.initContainers`, true, volumes, names),
  ];
};

const listErrors = (list: readonly Container[], path: string, init: boolean, volumes: ReadonlySet<string>, names: Set<string>): FieldError[] =>
  list.flatMap((c, i) => {
    const at = `${path}[${i}]`;
    const dup = c.name !== '' && names.has(c.name) ? [duplicate(`${at}.name`, c.name)] : [];
    names.add(c.name);
    return [...validateContainer(c, at, { init, volumes }), ...dup];
  });

// -------------------------------------------------------------------------------------
// volumes
// -------------------------------------------------------------------------------------

const volumesErrors = (volumes: readonly Volume[], path: string): FieldError[] => {
  const names = new Set<string>();
  return volumes.flatMap((v, i) => {
    const at = `${path}[${i}]`;
    const errs: FieldError[] = [];
    if (v.name === '') errs.push(required(`${at}.name`));
    else errs.push(...dns1123LabelErrors(v.name).map((m) => invalid(`${at}.name`, v.name, m)));
    if (v.name !== '' && names.has(v.name)) errs.push(duplicate(`${at}.name`, v.name));
    names.add(v.name);
    const [first, ...extra] = volumeSourcesOf(v);
    if (first === undefined) errs.push(requiredWith(at, 'must specify a volume type'));
    errs.push(...extra.map((s) => forbidden(`${at}.${s}`, 'may not specify more than 1 volume type')));
    return errs;
  });
};

// -------------------------------------------------------------------------------------
// tolerations (upstream ValidateTolerations)
// -------------------------------------------------------------------------------------

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** How upstream prints a core.Toleration (`%#v`); a set tolerationSeconds is a pointer there. */
const goToleration = (t: Toleration): string =>
  `core.Toleration{Key:${JSON.stringify(t.key ?? '')}, Operator:${JSON.stringify(t.operator ?? '')}, Value:${JSON.stringify(t.value ?? '')}, Effect:${JSON.stringify(t.effect ?? '')}, TolerationSeconds:${t.tolerationSeconds === undefined ? '(*int64)(nil)' : `&${t.tolerationSeconds}`}}`;

const operatorErrors = (t: Toleration, at: string): FieldError[] => {
  switch (t.operator ?? '') {
    case 'Equal':
    case '': {
      const errs = labelValueErrors(t.value ?? '');
      return errs.length === 0 ? [] : [invalid(`${at}.operator`, t.value ?? '', errs.join(';'))];
    }
    case 'Exists':
      return (t.value ?? '') === '' ? [] : [invalidGo(`${at}.operator`, goToleration(t), "value must be empty when `operator` is 'Exists'")];
    default:
      return [notSupported(`${at}.operator`, t.operator, ['Equal', 'Exists'])];
  }
};

export const tolerationsErrors = (tolerations: readonly Toleration[], path: string): FieldError[] =>
  tolerations.flatMap((t, i) => {
    const at = `${path}[${i}]`;
    const key = t.key ?? '';
    const errs = key === '' ? [] : qualifiedNameErrors(key).map((m) => invalid(`${at}.key`, key, m));
    if (key === '' && t.operator !== 'Exists') {
      errs.push(invalid(`${at}.operator`, t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      errs.push(invalid(`${at}.effect`, t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    errs.push(...operatorErrors(t, at));
    if (t.effect !== undefined && t.effect !== '' && !EFFECTS.includes(t.effect)) errs.push(notSupported(`${at}.effect`, t.effect, EFFECTS));
    return errs;
  });
