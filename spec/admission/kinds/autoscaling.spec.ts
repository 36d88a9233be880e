import { describe, expect, it } from 'vitest';
import { isRight } from 'fp-ts/lib/Either.js';
import type { KubeObject } from '../../../src/api/meta.js';
import { formatFieldError } from '../../../src/api/validation.js';
import { AUTOSCALING_RULES } from '../../../src/admission/kinds/autoscaling.js';
import type { KindRules } from '../../../src/admission/kinds/rules.js';

const rule = AUTOSCALING_RULES.find((r) => r.kind === 'HorizontalPodAutoscaler') as Required<Pick<KindRules, 'convert' | 'defaults' | 'validate'>> & KindRules;

const hpa = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}, apiVersion = 'autoscaling/v2'): KubeObject => ({
  apiVersion,
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'default', ...metadata },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5, ...spec },
});
const specOf = (o: KubeObject): Record<string, unknown> => o['spec'] as Record<string, unknown>;
const lines = (o: KubeObject): string[] => rule.validate(rule.defaults(o)).map(formatFieldError);
const cpu = (averageUtilization: number) => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } } });

describe('HorizontalPodAutoscaler defaults (autoscaling/v2 SetDefaults_HorizontalPodAutoscaler)', () => {
  it('defaults minReplicas to 1 and a missing metrics list to cpu Utilization 80', () => {
    expect(specOf(rule.defaults(hpa({})))).toMatchObject({ minReplicas: 1, metrics: [cpu(80)] });
  });

  it('keeps minReplicas and metrics that were given', () => {
    const pods = { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } };
    expect(specOf(rule.defaults(hpa({ minReplicas: 3, metrics: [pods] })))).toMatchObject({ minReplicas: 3, metrics: [pods] });
  });

  it('treats an empty metrics list as missing', () => {
    expect(specOf(rule.defaults(hpa({ metrics: [] })))['metrics']).toEqual([cpu(80)]);
  });

  it('leaves behavior unset when none was given (the controller flags apply)', () => {
    expect(specOf(rule.defaults(hpa({})))).not.toHaveProperty('behavior');
  });

  it('fills an empty behavior with upstream scale-up and scale-down rules, leaving the scale-down window unset', () => {
    expect(specOf(rule.defaults(hpa({ behavior: {} })))['behavior']).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
  });

  it('keeps each field the user set and fills the others, per direction', () => {
    const behavior = { scaleDown: { stabilizationWindowSeconds: 60 }, scaleUp: { selectPolicy: 'Min', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } };
    expect(specOf(rule.defaults(hpa({ behavior })))['behavior']).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Min', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
      scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
  });

  it('drops tolerance (HPAConfigurableTolerance is alpha and off)', () => {
    const out = specOf(rule.defaults(hpa({ behavior: { scaleUp: { tolerance: '0.05' } } })));
    expect(out['behavior']).toMatchObject({ scaleUp: { selectPolicy: 'Max' } });
    expect((out['behavior'] as { scaleUp: object }).scaleUp).not.toHaveProperty('tolerance');
  });

  it('produces an object the codec accepts', () => {
    expect(isRight(rule.codec.decode(rule.defaults(hpa({ behavior: {} }))))).toBe(true);
  });
});

describe('HorizontalPodAutoscaler conversion from autoscaling/v1', () => {
  const v1 = (spec: Record<string, unknown>, annotations?: Record<string, string>, status?: Record<string, unknown>): KubeObject => ({
    ...hpa(spec, annotations === undefined ? {} : { annotations }, 'autoscaling/v1'),
    ...(status === undefined ? {} : { status }),
  });

  it('turns targetCPUUtilizationPercentage into a Resource cpu Utilization metric, stored as autoscaling/v2', () => {
    const out = rule.convert(v1({ minReplicas: 2, targetCPUUtilizationPercentage: 50 }), 'autoscaling/v1');
    expect(out.apiVersion).toBe('autoscaling/v2');
    expect(out['spec']).toEqual({ scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 5, metrics: [cpu(50)] });
  });

  it('makes v1\'s implicit 80% CPU target explicit when no metric is given', () => {
    expect(specOf(rule.convert(v1({}), 'autoscaling/v1'))['metrics']).toEqual([cpu(80)]);
  });

  it('puts the metrics annotation\'s entries first, converted from the v1 form, then the CPU target', () => {
    const annotation = JSON.stringify([
      { type: 'Pods', pods: { metricName: 'qps', targetAverageValue: '10' } },
      { type: 'Resource', resource: { name: 'memory', targetAverageValue: '100Mi' } },
      { type: 'Object', object: { target: { kind: 'Service', name: 'web' }, metricName: 'rps', targetValue: '2k' } },
      { type: 'External', external: { metricName: 'queue', targetAverageValue: '30' } },
    ]);
    const out = rule.convert(v1({ targetCPUUtilizationPercentage: 70 }, { 'autoscaling.alpha.kubernetes.io/metrics': annotation }), 'autoscaling/v1');
    expect(specOf(out)['metrics']).toEqual([
      { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } },
      { type: 'Object', object: { describedObject: { kind: 'Service', name: 'web' }, metric: { name: 'rps' }, target: { type: 'Value', value: '2k' } } },
      { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '30' } } },
      cpu(70),
    ]);
  });

  it('restores behavior from its annotation', () => {
    const behavior = { scaleDown: { stabilizationWindowSeconds: 30 } };
    const out = rule.convert(v1({}, { 'autoscaling.alpha.kubernetes.io/behavior': JSON.stringify(behavior) }), 'autoscaling/v1');
    expect(specOf(out)['behavior']).toEqual(behavior);
  });

  it('reads the behavior annotation as upstream writes it (internal type, Go field names) and ignores an empty one', () => {
    const written = '{"ScaleUp":{"StabilizationWindowSeconds":0,"SelectPolicy":"Max","Policies":[{"Type":"Pods","Value":4,"PeriodSeconds":15}]},"ScaleDown":null}';
    const out = rule.convert(v1({}, { 'autoscaling.alpha.kubernetes.io/behavior': written }), 'autoscaling/v1');
    expect(specOf(out)['behavior']).toEqual({ scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }] } });
    const empty = rule.convert(v1({}, { 'autoscaling.alpha.kubernetes.io/behavior': '{"ScaleUp":null,"ScaleDown":null}' }), 'autoscaling/v1');
    expect(specOf(empty)).not.toHaveProperty('behavior');
  });

  it('drops the round-trip annotations, keeps the others, and omits an emptied annotation map', () => {
    const kept = rule.convert(v1({}, { 'autoscaling.alpha.kubernetes.io/conditions': '[]', team: 'a' }), 'autoscaling/v1');
    expect(kept.metadata.annotations).toEqual({ team: 'a' });
    const none = rule.convert(v1({}, { 'autoscaling.alpha.kubernetes.io/current-metrics': '[]' }), 'autoscaling/v1');
    expect(none.metadata).not.toHaveProperty('annotations');
  });

  it('ignores a malformed annotation (and still drops it)', () => {
    const out = rule.convert(v1({ targetCPUUtilizationPercentage: 60 }, { 'autoscaling.alpha.kubernetes.io/metrics': '{not json' }), 'autoscaling/v1');
    expect(specOf(out)['metrics']).toEqual([cpu(60)]);
    expect(out.metadata).not.toHaveProperty('annotations');
  });

  it('converts status: currentCPUUtilizationPercentage becomes a cpu current metric', () => {
    const out = rule.convert(v1({}, undefined, { currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 40 }), 'autoscaling/v1');
    expect(out['status']).toEqual({ currentReplicas: 2, desiredReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 40 } } }] });
  });

  it('drops round-trip annotations from a v2 manifest too, changing nothing else', () => {
    const v2 = hpa({ metrics: [cpu(10)] }, { annotations: { 'autoscaling.alpha.kubernetes.io/metrics': '[]' } });
    const out = rule.convert(v2, 'autoscaling/v2');
    expect(out.metadata).not.toHaveProperty('annotations');
    expect(out['spec']).toEqual(v2['spec']);
  });
});

describe('HorizontalPodAutoscaler validation (upstream wording)', () => {
  it('accepts a defaulted HPA', () => {
    expect(lines(hpa({ behavior: {} }))).toEqual([]);
  });

  it.each([
    [{ minReplicas: 0 }, ['spec.minReplicas: Invalid value: 0: must be greater than or equal to 1', 'spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas']],
    [{ maxReplicas: 0 }, ['spec.maxReplicas: Invalid value: 0: must be greater than 0', 'spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`']],
    [{ minReplicas: 4, maxReplicas: 3 }, ['spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`']],
    [{ scaleTargetRef: { kind: '', name: 'a/b' } }, ['spec.scaleTargetRef.kind: Required value', "spec.scaleTargetRef.name: Invalid value: \"a/b\": may not contain '/'"]],
  ])('spec %j', (spec, expected) => {
    expect(lines(hpa(spec))).toEqual(expected);
  });

  const metric = (m: Record<string, unknown>) => hpa({ metrics: [m] });
  it.each([
    ['no type', {}, ['spec.metrics[0].type: Required value: must specify a metric source type', 'spec.metrics[0].type: Unsupported value: "": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"']],
    ['unknown type', { type: 'Foo' }, ['spec.metrics[0].type: Unsupported value: "Foo": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"']],
    ['type without its source', { type: 'Pods' }, ['spec.metrics[0].pods: Required value: must populate information for the given metric source']],
    ['two sources', { ...cpu(50), pods: { metric: { name: 'q' }, target: { type: 'AverageValue', averageValue: '1' } } }, ['spec.metrics[0].pods: Forbidden: must populate the given metric source only']],
    ['utilization 0', cpu(0), ['spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0']],
    ['bad target type', { type: 'Resource', resource: { name: 'cpu', target: { type: 'Percent', averageUtilization: 50 } } }, ['spec.metrics[0].resource.target.type: Invalid value: "Percent": must be either Utilization, Value, or AverageValue']],
    ['no resource name', { type: 'Resource', resource: { target: { type: 'Utilization', averageUtilization: 50 } } }, ['spec.metrics[0].resource.name: Required value: must specify a resource name']],
    ['neither utilization nor value', { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }, ['spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization']],
    ['both utilization and value', { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 5, averageValue: '1' } } }, ['spec.metrics[0].resource.target.averageValue: Forbidden: may not set both a target raw value and a target utilization']],
    ['negative average value', { type: 'Pods', pods: { metric: { name: 'q' }, target: { type: 'AverageValue', averageValue: '-1' } } }, ['spec.metrics[0].pods.target.averageValue: Invalid value: "-1": must be positive']],
    ['pods without averageValue', { type: 'Pods', pods: { metric: { name: 'q' }, target: { type: 'Value', value: '1' } } }, ['spec.metrics[0].pods.target.averageValue: Required value: must specify a positive target averageValue']],
    ['pods without metric name', { type: 'Pods', pods: { metric: {}, target: { type: 'AverageValue', averageValue: '1' } } }, ['spec.metrics[0].pods.metric.name: Required value: must specify a metric name']],
    ['object without value', { type: 'Object', object: { describedObject: { kind: 'Service', name: 's' }, metric: { name: 'm' }, target: { type: 'Value' } } }, ['spec.metrics[0].object.target.averageValue: Required value: must set either a target value or averageValue']],
    ['external with both', { type: 'External', external: { metric: { name: 'm' }, target: { type: 'Value', value: '1', averageValue: '2' } } }, ['spec.metrics[0].external.target.value: Forbidden: may not set both a target value for metric and a per-pod target']],
    ['container resource without container', { type: 'ContainerResource', containerResource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }, ['spec.metrics[0].containerResource.container: Required value: must specify a container']],
    ['container resource not a container resource', { type: 'ContainerResource', containerResource: { name: 'pods', container: 'app', target: { type: 'Utilization', averageUtilization: 50 } } }, ['spec.metrics[0].containerResource.name: Invalid value: "pods": must be a standard resource for containers']],
  ])('metric: %s', (_name, m, expected) => {
    expect(lines(metric(m))).toEqual(expected);
  });

  const scaleUp = (rules: Record<string, unknown>) => hpa({ behavior: { scaleUp: rules } });
  it.each([
    [{ stabilizationWindowSeconds: -1 }, ['spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: -1: must be greater than or equal to zero']],
    [{ stabilizationWindowSeconds: 3601 }, ['spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: 3601: must be less than or equal to 3600']],
    [{ selectPolicy: 'Avg' }, ['spec.behavior.scaleUp.selectPolicy: Unsupported value: "Avg": supported values: "Disabled", "Max", "Min"']],
    [{ policies: [] }, ['spec.behavior.scaleUp.policies: Required value: must specify at least one Policy']],
    [{ policies: [{ type: 'Nodes', value: 0, periodSeconds: 1801 }] }, [
      'spec.behavior.scaleUp.policies[0].type: Unsupported value: "Nodes": supported values: "Percent", "Pods"',
      'spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero',
      'spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 1801: must be less than or equal to 1800',
    ]],
    [{ policies: [{ type: 'Pods', value: 1, periodSeconds: 0 }] }, ['spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 0: must be greater than zero']],
  ])('behavior.scaleUp %j', (rules, expected) => {
    expect(lines(scaleUp(rules))).toEqual(expected);
  });

  it('accepts periodSeconds 1800 and a window of 3600 (inclusive bounds)', () => {
    expect(lines(scaleUp({ stabilizationWindowSeconds: 3600, policies: [{ type: 'Percent', value: 10, periodSeconds: 1800 }] }))).toEqual([]);
  });
});
