/**
 * HorizontalPodAutoscaler as the API server treats it (upstream pkg/apis/autoscaling):
 * autoscaling/v1 (and v2beta2) manifests converted to the stored autoscaling/v2, v2
 * defaulting, and validation with upstream's paths and wording.
 */
import * as t from 'io-ts';
import { KubeObject } from '../../api/meta.js';
import type { HorizontalPodAutoscalerBehavior, HPAScalingRules, MetricSpec, MetricTarget } from '../../api/autoscaling.js';
import { convertHpaFrom, cpuUtilizationMetric, DEFAULT_CPU_UTILIZATION, HorizontalPodAutoscaler, HorizontalPodAutoscalerV1Spec, HorizontalPodAutoscalerV1Status } from '../../api/autoscaling.js';
import { pathSegmentNameErrors } from '../../api/config.js';
import { containerResourceNameErrors, positiveQuantityErrors, uniqueErrors } from '../../api/policy.js';
import type { FieldError } from '../../api/validation.js';
import { forbidden, invalid, notSupported, required, requiredWith } from '../../api/validation.js';
import { dns1123LabelErrors } from '../names.js';
import type { KindRules } from './rules.js';

type Spec = HorizontalPodAutoscaler['spec'];

// -------------------------------------------------------------------------------------
// defaults (upstream autoscaling/v2 SetDefaults_HorizontalPodAutoscaler)
// -------------------------------------------------------------------------------------

const DEFAULT_SCALE_UP: Required<Omit<HPAScalingRules, 'tolerance'>> = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};
// upstream leaves the scale-down window unset: the controller's --horizontal-pod-autoscaler-downscale-stabilization (5m) applies.
const DEFAULT_SCALE_DOWN: Omit<HPAScalingRules, 'tolerance'> = { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };

/** Fields the user set win; `tolerance` is dropped (HPAConfigurableTolerance is alpha, off, in v1.34). */
const withRules = (set: HPAScalingRules | undefined, defaults: HPAScalingRules): HPAScalingRules => {
  const { tolerance: _dropped, ...rest } = set ?? {};
  return { ...defaults, ...rest };
};

export const defaultBehavior = (b: HorizontalPodAutoscalerBehavior): HorizontalPodAutoscalerBehavior => ({
  ...b,
  scaleUp: withRules(b.scaleUp, DEFAULT_SCALE_UP),
  scaleDown: withRules(b.scaleDown, DEFAULT_SCALE_DOWN),
});

const defaultHpa = (o: KubeObject): KubeObject => {
  const spec = (o['spec'] ?? {}) as Spec;
  const metrics = spec.metrics === undefined || spec.metrics.length === 0 ? [cpuUtilizationMetric(DEFAULT_CPU_UTILIZATION)] : spec.metrics;
  const next: Spec = { ...spec, minReplicas: spec.minReplicas ?? 1, metrics };
  // upstream defaults behavior only when the user gave one (the controller's flags apply otherwise).
  return { ...o, spec: spec.behavior === undefined ? next : { ...next, behavior: defaultBehavior(spec.behavior) } };
};

// -------------------------------------------------------------------------------------
// validation: targets and sources (upstream validateMetricTarget and friends)
// -------------------------------------------------------------------------------------

const referenceErrors = (ref: { kind?: string; name?: string } | undefined, path: string): FieldError[] => {
  const part = (field: 'kind' | 'name'): FieldError[] => {
    const value = ref?.[field] ?? '';
    return value === '' ? [required(`${path}.${field}`)] : pathSegmentNameErrors(value).map((m) => invalid(`${path}.${field}`, value, m));
  };
  return [...part('kind'), ...part('name')];
};

const identifierErrors = (id: { name?: string } | undefined, path: string): FieldError[] => {
  const name = id?.name ?? '';
  if (name === '') return [requiredWith(`${path}.name`, 'must specify a metric name')];
  return pathSegmentNameErrors(name).map((m) => invalid(`${path}.name`, name, m));
};

const TARGET_TYPES = ['Utilization', 'Value', 'AverageValue'];

const targetErrors = (mt: MetricTarget | undefined, path: string): FieldError[] => {
  const type = mt?.type ?? '';
  const errors: FieldError[] = [];
  if (type === '') errors.push(requiredWith(`${path}.type`, 'must specify a metric target type'));
  if (!TARGET_TYPES.includes(type)) errors.push(invalid(`${path}.type`, type, 'must be either Utilization, Value, or AverageValue'));
  if (mt?.value !== undefined) errors.push(...positiveQuantityErrors(`${path}.value`, mt.value));
  if (mt?.averageValue !== undefined) errors.push(...positiveQuantityErrors(`${path}.averageValue`, mt.averageValue));
  if (mt?.averageUtilization !== undefined && mt.averageUtilization < 1) errors.push(invalid(`${path}.averageUtilization`, mt.averageUtilization, 'must be greater than 0'));
  return errors;
};

/** Resource and ContainerResource: a utilization or an average value, not both. */
const utilizationOrValueErrors = (target: MetricTarget | undefined, path: string): FieldError[] => {
  const util = target?.averageUtilization;
  const avg = target?.averageValue;
  if (util === undefined && avg === undefined) return [requiredWith(`${path}.target.averageUtilization`, 'must set either a target raw value or a target utilization')];
  if (util !== undefined && avg !== undefined) return [forbidden(`${path}.target.averageValue`, 'may not set both a target raw value and a target utilization')];
  return [];
};

type Sources = Required<Omit<MetricSpec, 'type'>>;

const resourceErrors = (src: Sources['resource'], path: string): FieldError[] => [
  ...((src.name ?? '') === '' ? [requiredWith(`${path}.name`, 'must specify a resource name')] : []),
  ...targetErrors(src.target, `${path}.target`),
  ...utilizationOrValueErrors(src.target, path),
];

const containerResourceErrors = (src: Sources['containerResource'], path: string): FieldError[] => {
  const name = src.name ?? '';
  const container = src.container ?? '';
  return [
    ...(name === '' ? [requiredWith(`${path}.name`, 'must specify a resource name')] : containerResourceNameErrors(name, `${path}.name`)),
    ...(container === '' ? [requiredWith(`${path}.container`, 'must specify a container')] : dns1123LabelErrors(container).map((m) => invalid(`${path}.container`, container, m))),
    ...targetErrors(src.target, `${path}.target`),
    ...utilizationOrValueErrors(src.target, path),
  ];
};

const podsErrors = (src: Sources['pods'], path: string): FieldError[] => [
  ...identifierErrors(src.metric, `${path}.metric`),
  ...targetErrors(src.target, `${path}.target`),
  ...(src.target?.averageValue === undefined ? [requiredWith(`${path}.target.averageValue`, 'must specify a positive target averageValue')] : []),
];

const objectErrors = (src: Sources['object'], path: string): FieldError[] => [
  ...referenceErrors(src.describedObject, `${path}.describedObject`),
  ...identifierErrors(src.metric, `${path}.metric`),
  ...targetErrors(src.target, `${path}.target`),
  ...(src.target?.value === undefined && src.target?.averageValue === undefined ? [requiredWith(`${path}.target.averageValue`, 'must set either a target value or averageValue')] : []),
];

const externalErrors = (src: Sources['external'], path: string): FieldError[] => {
  const value = src.target?.value;
  const avg = src.target?.averageValue;
  return [
    ...identifierErrors(src.metric, `${path}.metric`),
    ...targetErrors(src.target, `${path}.target`),
    ...(value === undefined && avg === undefined ? [requiredWith(`${path}.target.averageValue`, 'must set either a target value for metric or a per-pod target')] : []),
    ...(value !== undefined && avg !== undefined ? [forbidden(`${path}.target.value`, 'may not set both a target value for metric and a per-pod target')] : []),
  ];
};

// -------------------------------------------------------------------------------------
// validation: metrics, behavior, spec
// -------------------------------------------------------------------------------------

/** The v2 field name of each source type, in upstream's order of checking. */
const SOURCE_FIELDS = { Object: 'object', External: 'external', Pods: 'pods', Resource: 'resource', ContainerResource: 'containerResource' } as const;
const METRIC_SOURCE_TYPES = Object.keys(SOURCE_FIELDS).sort();

const sourceErrors = (m: MetricSpec, field: (typeof SOURCE_FIELDS)[keyof typeof SOURCE_FIELDS], path: string): FieldError[] => {
  switch (field) {
    case 'object':
      return m.object === undefined ? [] : objectErrors(m.object, path);
    case 'external':
      return m.external === undefined ? [] : externalErrors(m.external, path);
    case 'pods':
      return m.pods === undefined ? [] : podsErrors(m.pods, path);
    case 'resource':
      return m.resource === undefined ? [] : resourceErrors(m.resource, path);
    case 'containerResource':
      return m.containerResource === undefined ? [] : containerResourceErrors(m.containerResource, path);
  }
};

/** upstream validateMetricSpec: exactly the source the type names (only the first present one is checked in depth). */
const metricErrors = (m: MetricSpec, path: string): FieldError[] => {
  const type = m.type ?? '';
  const errors: FieldError[] = [];
  if (type === '') errors.push(requiredWith(`${path}.type`, 'must specify a metric source type'));
  const expected = Object.hasOwn(SOURCE_FIELDS, type) ? SOURCE_FIELDS[type as keyof typeof SOURCE_FIELDS] : undefined;
  if (expected === undefined) errors.push(notSupported(`${path}.type`, type, METRIC_SOURCE_TYPES));
  const present = Object.values(SOURCE_FIELDS).filter((f) => m[f] !== undefined);
  const first = present[0];
  if (first !== undefined) errors.push(...sourceErrors(m, first, `${path}.${first}`));
  if (expected !== undefined && m[expected] === undefined) errors.push(requiredWith(`${path}.${expected}`, 'must populate information for the given metric source'));
  if (present.length > 1) {
    for (const f of [...present].sort()) if (f !== expected) errors.push(forbidden(`${path}.${f}`, 'must populate the given metric source only'));
  }
  return errors;
};

const metricsErrors = (metrics: readonly MetricSpec[], minReplicas: number | undefined): FieldError[] => {
  const errors = metrics.flatMap((m, i) => metricErrors(m, `spec.metrics[${i}]`));
  const scalesToZeroBy = metrics.some((m) => m.type === 'Object' || m.type === 'External');
  if (minReplicas === 0 && !scalesToZeroBy) errors.push(forbidden('spec.metrics', 'must specify at least one Object or External metric to support scaling to zero replicas'));
  return errors;
};

const policyErrors = (p: { type?: string; value?: number; periodSeconds?: number }, path: string): FieldError[] => {
  const value = p.value ?? 0;
  const period = p.periodSeconds ?? 0;
  return [
    ...(p.type === 'Pods' || p.type === 'Percent' ? [] : [notSupported(`${path}.type`, p.type ?? '', ['Percent', 'Pods'])]),
    ...(value <= 0 ? [invalid(`${path}.value`, value, 'must be greater than zero')] : []),
    ...(period <= 0 ? [invalid(`${path}.periodSeconds`, period, 'must be greater than zero')] : []),
    ...(period > 1800 ? [invalid(`${path}.periodSeconds`, period, 'must be less than or equal to 1800')] : []),
  ];
};

const rulesErrors = (rules: HPAScalingRules | undefined, path: string): FieldError[] => {
  if (rules === undefined) return [];
  const window = rules.stabilizationWindowSeconds;
  const errors: FieldError[] = [];
  if (window !== undefined && window < 0) errors.push(invalid(`${path}.stabilizationWindowSeconds`, window, 'must be greater than or equal to zero'));
  if (window !== undefined && window > 3600) errors.push(invalid(`${path}.stabilizationWindowSeconds`, window, 'must be less than or equal to 3600'));
  if (rules.selectPolicy !== undefined && !['Disabled', 'Max', 'Min'].includes(rules.selectPolicy)) errors.push(notSupported(`${path}.selectPolicy`, rules.selectPolicy, ['Disabled', 'Max', 'Min']));
  const policies = rules.policies ?? [];
  if (policies.length === 0) errors.push(requiredWith(`${path}.policies`, 'must specify at least one Policy'));
  policies.forEach((p, i) => errors.push(...policyErrors(p, `${path}.policies[${i}]`)));
  return errors;
};

/** upstream validateHorizontalPodAutoscalerSpec; the lower bound of minReplicas is 1 unless HPAScaleToZero (alpha, off). */
export const hpaSpecErrors = (spec: Spec, minReplicasLowerBound: number): FieldError[] => {
  const { minReplicas, maxReplicas } = spec;
  const errors: FieldError[] = [];
  if (minReplicas !== undefined && minReplicas < minReplicasLowerBound) errors.push(invalid('spec.minReplicas', minReplicas, `must be greater than or equal to ${minReplicasLowerBound}`));
  if (maxReplicas < 1) errors.push(invalid('spec.maxReplicas', maxReplicas, 'must be greater than 0'));
  if (minReplicas !== undefined && maxReplicas < minReplicas) errors.push(invalid('spec.maxReplicas', maxReplicas, 'must be greater than or equal to `minReplicas`'));
  errors.push(...referenceErrors(spec.scaleTargetRef, 'spec.scaleTargetRef'));
  errors.push(...metricsErrors(spec.metrics ?? [], minReplicas));
  if (spec.behavior !== undefined) errors.push(...rulesErrors(spec.behavior.scaleUp, 'spec.behavior.scaleUp'), ...rulesErrors(spec.behavior.scaleDown, 'spec.behavior.scaleDown'));
  return uniqueErrors(errors);
};

const specOf = (o: KubeObject): Spec => o['spec'] as Spec;

/** A manifest at autoscaling/v1, as conversion reads it. */
const HorizontalPodAutoscalerV1 = t.intersection([KubeObject, t.partial({ spec: HorizontalPodAutoscalerV1Spec, status: HorizontalPodAutoscalerV1Status })]);

export const AUTOSCALING_RULES: readonly KindRules[] = [
  {
    kind: 'HorizontalPodAutoscaler',
    codec: HorizontalPodAutoscaler,
    convert: convertHpaFrom,
    sourceCodec: (apiVersion) => (apiVersion === 'autoscaling/v1' ? HorizontalPodAutoscalerV1 : undefined),
    defaults: defaultHpa,
    // Updates are validated as creates: upstream's only update rule (an HPA already at
    // minReplicas 0 may keep it) needs HPAScaleToZero, which is off.
    validate: (o) => hpaSpecErrors(specOf(o), 1),
  },
];
