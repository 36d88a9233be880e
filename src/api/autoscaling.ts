/**
 * HorizontalPodAutoscaler, as stored (autoscaling/v2), and the autoscaling/v1 shape a
 * manifest may still be written in. Open codecs: what kubesim does not read passes
 * through. Quantities stay as written (string or number); validation parses them.
 */
import * as t from 'io-ts';
import { ObjectMeta } from './meta.js';
import { LabelSelector } from './selector.js';

// -------------------------------------------------------------------------------------
// shared pieces
// -------------------------------------------------------------------------------------

const QuantityValue = t.union([t.string, t.number]);

export const CrossVersionObjectReference = t.intersection([
  t.type({ kind: t.string, name: t.string }),
  t.partial({ apiVersion: t.string }),
]);
export type CrossVersionObjectReference = t.TypeOf<typeof CrossVersionObjectReference>;

export const MetricIdentifier = t.intersection([t.type({ name: t.string }), t.partial({ selector: LabelSelector })]);
export type MetricIdentifier = t.TypeOf<typeof MetricIdentifier>;

/**
 * type is Utilization, Value or AverageValue. Fields validation words itself (upstream
 * `Required value: must specify a metric target type`) are optional in the codec, so a
 * missing one gets upstream's message rather than a decode error.
 */
export const MetricTarget = t.partial({ type: t.string, value: QuantityValue, averageValue: QuantityValue, averageUtilization: t.number });
export type MetricTarget = t.TypeOf<typeof MetricTarget>;

// -------------------------------------------------------------------------------------
// spec.metrics (autoscaling/v2 MetricSpec)
// -------------------------------------------------------------------------------------

const PartialIdentifier = t.partial({ name: t.string, selector: LabelSelector });
const PartialReference = t.partial({ kind: t.string, name: t.string, apiVersion: t.string });
export const ResourceMetricSource = t.partial({ name: t.string, target: MetricTarget });
export const ContainerResourceMetricSource = t.partial({ name: t.string, container: t.string, target: MetricTarget });
export const PodsMetricSource = t.partial({ metric: PartialIdentifier, target: MetricTarget });
export const ObjectMetricSource = t.partial({ describedObject: PartialReference, metric: PartialIdentifier, target: MetricTarget });
export const ExternalMetricSource = t.partial({ metric: PartialIdentifier, target: MetricTarget });

export const MetricSpec = t.partial({
  type: t.string,
  resource: ResourceMetricSource,
  containerResource: ContainerResourceMetricSource,
  pods: PodsMetricSource,
  object: ObjectMetricSource,
  external: ExternalMetricSource,
});
export type MetricSpec = t.TypeOf<typeof MetricSpec>;

// -------------------------------------------------------------------------------------
// spec.behavior
// -------------------------------------------------------------------------------------

/** Missing numbers read as 0 and are refused by validation, as upstream's zero values are. */
export const HPAScalingPolicy = t.partial({ type: t.string, value: t.number, periodSeconds: t.number });
export type HPAScalingPolicy = t.TypeOf<typeof HPAScalingPolicy>;

export const HPAScalingRules = t.partial({
  stabilizationWindowSeconds: t.number,
  selectPolicy: t.string,
  policies: t.array(HPAScalingPolicy),
  tolerance: QuantityValue,
});
export type HPAScalingRules = t.TypeOf<typeof HPAScalingRules>;

export const HorizontalPodAutoscalerBehavior = t.partial({ scaleUp: HPAScalingRules, scaleDown: HPAScalingRules });
export type HorizontalPodAutoscalerBehavior = t.TypeOf<typeof HorizontalPodAutoscalerBehavior>;

export const HorizontalPodAutoscalerSpec = t.intersection([
  t.type({ scaleTargetRef: CrossVersionObjectReference, maxReplicas: t.number }),
  t.partial({ minReplicas: t.number, metrics: t.array(MetricSpec), behavior: HorizontalPodAutoscalerBehavior }),
]);
export type HorizontalPodAutoscalerSpec = t.TypeOf<typeof HorizontalPodAutoscalerSpec>;

// -------------------------------------------------------------------------------------
// status
// -------------------------------------------------------------------------------------

export const MetricValueStatus = t.partial({ value: QuantityValue, averageValue: QuantityValue, averageUtilization: t.number });

export const MetricStatus = t.intersection([
  t.type({ type: t.string }),
  t.partial({
    resource: t.type({ name: t.string, current: MetricValueStatus }),
    containerResource: t.type({ name: t.string, container: t.string, current: MetricValueStatus }),
    pods: t.type({ metric: MetricIdentifier, current: MetricValueStatus }),
    object: t.type({ describedObject: CrossVersionObjectReference, metric: MetricIdentifier, current: MetricValueStatus }),
    external: t.type({ metric: MetricIdentifier, current: MetricValueStatus }),
  }),
]);
export type MetricStatus = t.TypeOf<typeof MetricStatus>;

export const HorizontalPodAutoscalerCondition = t.intersection([
  t.type({ type: t.string, status: t.string }),
  t.partial({ lastTransitionTime: t.string, reason: t.string, message: t.string }),
]);
export type HorizontalPodAutoscalerCondition = t.TypeOf<typeof HorizontalPodAutoscalerCondition>;

export const HorizontalPodAutoscalerStatus = t.partial({
  observedGeneration: t.number,
  lastScaleTime: t.string,
  currentReplicas: t.number,
  desiredReplicas: t.number,
  currentMetrics: t.array(MetricStatus),
  conditions: t.array(HorizontalPodAutoscalerCondition),
});
export type HorizontalPodAutoscalerStatus = t.TypeOf<typeof HorizontalPodAutoscalerStatus>;

export const HorizontalPodAutoscaler = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('HorizontalPodAutoscaler'), metadata: ObjectMeta, spec: HorizontalPodAutoscalerSpec }),
  t.partial({ status: HorizontalPodAutoscalerStatus }),
]);
export type HorizontalPodAutoscaler = t.TypeOf<typeof HorizontalPodAutoscaler>;

// -------------------------------------------------------------------------------------
// autoscaling/v1 (read only to convert it)
// -------------------------------------------------------------------------------------

export const HorizontalPodAutoscalerV1Spec = t.intersection([
  t.type({ scaleTargetRef: CrossVersionObjectReference, maxReplicas: t.number }),
  t.partial({ minReplicas: t.number, targetCPUUtilizationPercentage: t.number }),
]);
export type HorizontalPodAutoscalerV1Spec = t.TypeOf<typeof HorizontalPodAutoscalerV1Spec>;

export const HorizontalPodAutoscalerV1Status = t.partial({
  observedGeneration: t.number,
  lastScaleTime: t.string,
  currentReplicas: t.number,
  desiredReplicas: t.number,
  currentCPUUtilizationPercentage: t.number,
});
export type HorizontalPodAutoscalerV1Status = t.TypeOf<typeof HorizontalPodAutoscalerV1Status>;

// -------------------------------------------------------------------------------------
// constants (upstream pkg/apis/autoscaling)
// -------------------------------------------------------------------------------------

/** upstream autoscaling.DefaultCPUUtilization: the target when no metric is given. */
export const DEFAULT_CPU_UTILIZATION = 80;

/** Annotations autoscaling/v1 used to carry v2-only fields across versions. */
export const METRIC_SPECS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
export const METRIC_STATUSES_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';
export const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';
export const BEHAVIOR_SPECS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';
export const ROUND_TRIP_ANNOTATIONS = [METRIC_SPECS_ANNOTATION, BEHAVIOR_SPECS_ANNOTATION, METRIC_STATUSES_ANNOTATION, CONDITIONS_ANNOTATION] as const;

// -------------------------------------------------------------------------------------
// conversion to autoscaling/v2 (upstream autoscaling/v1 conversion.go)
// -------------------------------------------------------------------------------------

type Json = Record<string, unknown>;
const obj = (u: unknown): Json => (typeof u === 'object' && u !== null && !Array.isArray(u) ? (u as Json) : {});
const defined = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
const optional = (key: string, value: unknown): Json => (value === undefined ? {} : { [key]: value });

export const cpuUtilizationMetric = (averageUtilization: number): MetricSpec => ({
  type: 'Resource',
  resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } },
});

/** A metric identifier from the v1 annotation's `metricName` and selector field. */
const identifier = (name: unknown, selector: unknown): Json => defined({ name: name ?? '', selector });

/** Resource and ContainerResource: Utilization when a utilization is given, AverageValue otherwise. */
const utilizationTarget = (s: Json): Json =>
  defined({ type: s['targetAverageUtilization'] === undefined ? 'AverageValue' : 'Utilization', averageUtilization: s['targetAverageUtilization'], averageValue: s['targetAverageValue'] });

/**
 * One entry of the `autoscaling.alpha.kubernetes.io/metrics` annotation (the v1 MetricSpec,
 * v2beta1-shaped) as a v2 MetricSpec. Required quantities upstream holds by value read as "0" when absent.
 */
const metricFromV1 = (m: Json): Json => {
  const r = obj(m['resource']);
  const c = obj(m['containerResource']);
  const p = obj(m['pods']);
  const o = obj(m['object']);
  const e = obj(m['external']);
  return defined({
    type: m['type'],
    resource: m['resource'] === undefined ? undefined : { name: r['name'] ?? '', target: utilizationTarget(r) },
    containerResource: m['containerResource'] === undefined ? undefined : { name: c['name'] ?? '', container: c['container'] ?? '', target: utilizationTarget(c) },
    pods: m['pods'] === undefined ? undefined : { metric: identifier(p['metricName'], p['selector']), target: { type: 'AverageValue', averageValue: p['targetAverageValue'] ?? '0' } },
    object:
      m['object'] === undefined
        ? undefined
        : {
            describedObject: defined({ kind: obj(o['target'])['kind'] ?? '', name: obj(o['target'])['name'] ?? '', apiVersion: obj(o['target'])['apiVersion'] }),
            metric: identifier(o['metricName'], o['selector']),
            target: defined({ type: o['averageValue'] === undefined ? 'Value' : 'AverageValue', value: o['targetValue'] ?? '0', averageValue: o['averageValue'] }),
          },
    external:
      m['external'] === undefined
        ? undefined
        : { metric: identifier(e['metricName'], e['metricSelector']), target: defined({ type: e['targetValue'] === undefined ? 'AverageValue' : 'Value', value: e['targetValue'], averageValue: e['targetAverageValue'] }) },
  });
};

/** One entry of the current-metrics annotation (v1 MetricStatus) as a v2 MetricStatus. */
const metricStatusFromV1 = (m: Json): Json => {
  const r = obj(m['resource']);
  const c = obj(m['containerResource']);
  const p = obj(m['pods']);
  const o = obj(m['object']);
  const e = obj(m['external']);
  const current = (s: Json, value: string, avg: string, util?: string): Json => defined({ value: s[value], averageValue: s[avg], averageUtilization: util === undefined ? undefined : s[util] });
  return defined({
    type: m['type'],
    resource: m['resource'] === undefined ? undefined : { name: r['name'] ?? '', current: defined({ averageValue: r['currentAverageValue'] ?? '0', averageUtilization: r['currentAverageUtilization'] }) },
    containerResource: m['containerResource'] === undefined ? undefined : { name: c['name'] ?? '', container: c['container'] ?? '', current: defined({ averageValue: c['currentAverageValue'] ?? '0', averageUtilization: c['currentAverageUtilization'] }) },
    pods: m['pods'] === undefined ? undefined : { metric: identifier(p['metricName'], p['selector']), current: { averageValue: p['currentAverageValue'] ?? '0' } },
    object: m['object'] === undefined ? undefined : { describedObject: obj(o['target']), metric: identifier(o['metricName'], o['selector']), current: { ...current(o, 'currentValue', 'averageValue'), value: o['currentValue'] ?? '0' } },
    external: m['external'] === undefined ? undefined : { metric: identifier(e['metricName'], e['metricSelector']), current: { ...current(e, 'currentValue', 'currentAverageValue'), value: e['currentValue'] ?? '0' } },
  });
};

/** An annotation's JSON list, or undefined when absent or malformed (upstream ignores a malformed one). */
const annotationJson = (annotations: Readonly<Record<string, string>>, key: string): unknown => {
  const raw = annotations[key];
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
};
const annotationList = (annotations: Readonly<Record<string, string>>, key: string): Json[] | undefined => {
  const v = annotationJson(annotations, key);
  return Array.isArray(v) ? v.map(obj) : undefined;
};

/** upstream DropRoundTripHorizontalPodAutoscalerAnnotations; an emptied map is omitted, as omitempty does. */
const withoutRoundTripAnnotations = (metadata: ObjectMeta): ObjectMeta => {
  const annotations = metadata.annotations;
  if (annotations === undefined || !ROUND_TRIP_ANNOTATIONS.some((k) => Object.hasOwn(annotations, k))) return metadata;
  const kept = Object.fromEntries(Object.entries(annotations).filter(([k]) => !(ROUND_TRIP_ANNOTATIONS as readonly string[]).includes(k)));
  const { annotations: _dropped, ...rest } = metadata;
  return Object.keys(kept).length === 0 ? rest : { ...rest, annotations: kept };
};

const BEHAVIOR_FIELDS = ['scaleUp', 'scaleDown', 'stabilizationWindowSeconds', 'selectPolicy', 'policies', 'type', 'value', 'periodSeconds', 'tolerance'];
const BEHAVIOR_FIELD_BY_LOWER = new Map(BEHAVIOR_FIELDS.map((f) => [f.toLowerCase(), f] as const));

/**
 * The behavior annotation holds upstream's internal type, marshalled without json tags
 * (`{"ScaleUp":{"Policies":[…]}}`), and Go unmarshals field names case-insensitively:
 * keys are matched the same way, unknown ones and nulls dropped.
 */
const behaviorFromAnnotation = (u: unknown): Json | undefined => {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    const entries = Object.entries(v).flatMap(([k, x]) => {
      const field = BEHAVIOR_FIELD_BY_LOWER.get(k.toLowerCase());
      return field === undefined || x === null ? [] : [[field, walk(x)] as const];
    });
    return Object.fromEntries(entries);
  };
  const b = obj(walk(u));
  // upstream: only a non-empty behavior (scaleUp or scaleDown set) is moved into the spec.
  return b['scaleUp'] === undefined && b['scaleDown'] === undefined ? undefined : defined({ scaleUp: b['scaleUp'], scaleDown: b['scaleDown'] });
};

const specFromV1 = (spec: HorizontalPodAutoscalerV1Spec, annotations: Readonly<Record<string, string>>): Json => {
  const cpu = spec.targetCPUUtilizationPercentage === undefined ? [] : [cpuUtilizationMetric(spec.targetCPUUtilizationPercentage)];
  // upstream: the annotation's metrics first, then the one targetCPUUtilizationPercentage names.
  const metrics = [...(annotationList(annotations, METRIC_SPECS_ANNOTATION) ?? []).map(metricFromV1), ...cpu];
  const behavior = behaviorFromAnnotation(annotationJson(annotations, BEHAVIOR_SPECS_ANNOTATION));
  return {
    scaleTargetRef: spec.scaleTargetRef,
    ...optional('minReplicas', spec.minReplicas),
    maxReplicas: spec.maxReplicas,
    // upstream: v1's implicit 80% CPU target becomes explicit here.
    metrics: metrics.length === 0 ? [cpuUtilizationMetric(DEFAULT_CPU_UTILIZATION)] : metrics,
    ...(behavior === undefined ? {} : { behavior }),
  };
};

const statusFromV1 = (status: HorizontalPodAutoscalerV1Status, annotations: Readonly<Record<string, string>>): Json => {
  const { currentCPUUtilizationPercentage: cpu, ...rest } = status;
  const fromCpu = cpu === undefined ? undefined : [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cpu } } }];
  const currentMetrics = annotationList(annotations, METRIC_STATUSES_ANNOTATION)?.map(metricStatusFromV1) ?? fromCpu;
  const conditions = annotationList(annotations, CONDITIONS_ANNOTATION);
  return defined({ ...rest, currentMetrics, conditions });
};

/**
 * A manifest at `fromApiVersion` as the stored autoscaling/v2 object. From autoscaling/v1:
 * targetCPUUtilizationPercentage becomes a Resource cpu Utilization metric, and the
 * `autoscaling.alpha.kubernetes.io/{metrics,behavior,current-metrics,conditions}`
 * annotations (which carried v2 fields through v1) become those fields. From every
 * version the round-trip annotations are then dropped, as upstream does on decode.
 */
export const convertHpaFrom = <O extends { readonly apiVersion: string; readonly metadata: ObjectMeta }>(o: O, fromApiVersion: string): O => {
  const metadata = withoutRoundTripAnnotations(o.metadata);
  if (fromApiVersion !== 'autoscaling/v1') return { ...o, apiVersion: 'autoscaling/v2', metadata };
  const annotations = o.metadata.annotations ?? {};
  const source = o as unknown as { spec?: HorizontalPodAutoscalerV1Spec; status?: HorizontalPodAutoscalerV1Status };
  const spec = source.spec === undefined ? {} : { spec: specFromV1(source.spec, annotations) };
  const status = source.status === undefined ? {} : { status: statusFromV1(source.status, annotations) };
  return { ...o, apiVersion: 'autoscaling/v2', metadata, ...spec, ...status };
};
