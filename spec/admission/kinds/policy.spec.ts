import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/meta.js';
import { formatFieldError } from '../../../src/api/validation.js';
import { POLICY_RULES } from '../../../src/admission/kinds/policy.js';
import type { KindRules } from '../../../src/admission/kinds/rules.js';

const ruleOf = (kind: string): KindRules => {
  const r = POLICY_RULES.find((x) => x.kind === kind);
  if (r === undefined) throw new Error(`no rules for ${kind}`);
  return r;
};
const defaulted = (r: KindRules, o: KubeObject): KubeObject => (r.defaults === undefined ? o : r.defaults(o));
const lines = (r: KindRules, o: KubeObject): string[] => (r.validate?.(defaulted(r, o)) ?? []).map(formatFieldError);
const updateLines = (r: KindRules, before: KubeObject, after: KubeObject): string[] =>
  (r.validateUpdate?.(defaulted(r, before), defaulted(r, after)) ?? []).map(formatFieldError);

// -------------------------------------------------------------------------------------

describe('PodDisruptionBudget', () => {
  const pdbRules = ruleOf('PodDisruptionBudget');
  const pdb = (spec: Record<string, unknown>, apiVersion = 'policy/v1'): KubeObject => ({ apiVersion, kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'default' }, spec });

  it.each([
    [{ minAvailable: 2, selector: { matchLabels: { app: 'web' } } }],
    [{ maxUnavailable: '25%', selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] } }],
    [{ minAvailable: '100%' }],
    [{ unhealthyPodEvictionPolicy: 'AlwaysAllow' }],
  ])('accepts %j', (spec) => {
    expect(lines(pdbRules, pdb(spec))).toEqual([]);
  });

  it.each([
    [{ minAvailable: 1, maxUnavailable: 1 }, ['spec: Invalid value: {"minAvailable":1,"maxUnavailable":1}: minAvailable and maxUnavailable cannot be both set']],
    [{ minAvailable: -1 }, ['spec.minAvailable: Invalid value: -1: must be greater than or equal to 0']],
    [{ maxUnavailable: '101%' }, ['spec.maxUnavailable: Invalid value: "101%": must not be greater than 100%']],
    [{ maxUnavailable: '5' }, ["spec.maxUnavailable: Invalid value: \"5\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"]],
    [{ unhealthyPodEvictionPolicy: 'Never' }, ['spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"']],
    [{ selector: { matchExpressions: [{ key: 'app', operator: 'In' }] } }, ["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"]],
    [{ selector: { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] } }, ["spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"]],
    [{ selector: { matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] } }, ['spec.selector.matchExpressions[0].operator: Invalid value: "Gt": not a valid selector operator']],
    [{ selector: { matchLabels: { app: 'a b' } } }, ["spec.selector.matchLabels: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"]],
    [{ selector: { matchLabels: { '/app': 'x' } } }, ['spec.selector.matchLabels: Invalid value: "/app": prefix part must be non-empty']],
  ])('refuses %j', (spec, expected) => {
    expect(lines(pdbRules, pdb(spec))).toEqual(expected);
  });

  it('converts policy/v1beta1: minAvailable defaults to 1 and an empty selector selects nothing', () => {
    const out = pdbRules.convert?.(pdb({ selector: {} }, 'policy/v1beta1'), 'policy/v1beta1');
    expect(out?.apiVersion).toBe('policy/v1');
    expect(out?.['spec']).toEqual({ minAvailable: 1, selector: { matchExpressions: [{ key: 'pdb.kubernetes.io/deprecated-v1beta1-empty-selector-match', operator: 'Exists' }] } });
  });

  it('converts the v1beta1 match-all selector to an empty one, and leaves policy/v1 alone', () => {
    const all = { matchExpressions: [{ key: 'pdb.kubernetes.io/deprecated-v1beta1-empty-selector-match', operator: 'DoesNotExist' }] };
    expect(pdbRules.convert?.(pdb({ maxUnavailable: 1, selector: all }, 'policy/v1beta1'), 'policy/v1beta1')['spec']).toEqual({ maxUnavailable: 1, selector: {} });
    const v1 = pdb({ selector: {} });
    expect(pdbRules.convert?.(v1, 'policy/v1')).toBe(v1);
  });
});

// -------------------------------------------------------------------------------------

describe('PriorityClass', () => {
  const pcRules = ruleOf('PriorityClass');
  const pc = (name: string, fields: Record<string, unknown>): KubeObject => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, ...fields });

  it('defaults preemptionPolicy to PreemptLowerPriority and a missing value to 0', () => {
    expect(defaulted(pcRules, pc('low', {}))).toMatchObject({ value: 0, preemptionPolicy: 'PreemptLowerPriority' });
    expect(defaulted(pcRules, pc('low', { value: 5, preemptionPolicy: 'Never' }))).toMatchObject({ value: 5, preemptionPolicy: 'Never' });
  });

  it.each([
    ['high', { value: 1_000_000_000 }, []],
    ['too-high', { value: 1_000_000_001 }, ['value: Forbidden: maximum allowed value of a user defined priority is 1000000000']],
    ['system-node-critical', { value: 2_000_001_000 }, []],
    ['system-cluster-critical', { value: 2_000_000_000 }, []],
    ['system-mine', { value: 1 }, ["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class"]],
    ['system-cluster-critical', { value: 5 }, ["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-cluster-critical PriorityClass must be 2000000000"]],
    ['system-node-critical', { value: 2_000_001_000, globalDefault: true }, ["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: globalDefault of system-node-critical PriorityClass must be false"]],
    ['low', { value: 1, preemptionPolicy: 'Sometimes' }, ['preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"']],
    ['low', { value: 1, preemptionPolicy: '' }, ['preemptionPolicy: Required value']],
  ])('%s %j', (name, fields, expected) => {
    expect(lines(pcRules, pc(name, fields))).toEqual(expected);
  });

  it('refuses a change of value or preemptionPolicy on update', () => {
    expect(updateLines(pcRules, pc('low', { value: 1 }), pc('low', { value: 2, preemptionPolicy: 'Never' }))).toEqual([
      'value: Forbidden: may not be changed in an update.',
      'preemptionPolicy: Invalid value: "Never": field is immutable',
    ]);
    expect(updateLines(pcRules, pc('low', { value: 1 }), pc('low', { value: 1, description: 'x' }))).toEqual([]);
  });
});

// -------------------------------------------------------------------------------------

describe('ResourceQuota', () => {
  const rqRules = ruleOf('ResourceQuota');
  const rq = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' }, spec });

  it('accepts standard and qualified resources with valid quantities', () => {
    expect(lines(rqRules, rq({ hard: { pods: '10', 'requests.cpu': '500m', 'limits.memory': '2Gi', 'count/deployments.apps': 3, 'requests.nvidia.com/gpu': 2 } }))).toEqual([]);
  });

  it.each([
    [{ hard: { cpu: '-1' } }, ['spec.hard[cpu]: Invalid value: "-1": must be greater than or equal to 0']],
    [{ hard: { pods: '1500m' } }, ['spec.hard[pods]: Invalid value: "1500m": must be an integer']],
    [{ hard: { storage: '1Gi' } }, ['spec.hard[storage]: Invalid value: "storage": must be a standard resource for quota']],
    [{ hard: { widgets: '1' } }, ['spec.hard[widgets]: Invalid value: "widgets": must be a standard resource type or fully qualified', 'spec.hard[widgets]: Invalid value: "widgets": must be a standard resource for quota']],
    [{ hard: { cpu: '1kk' } }, ['spec.hard[cpu]: Invalid value: "1kk": unable to parse quantity\'s suffix']],
    [{ hard: { pods: '1' }, scopes: ['Sometimes'] }, ['spec.scopes: Invalid value: []core.ResourceQuotaScope{"Sometimes"}: unsupported scope']],
    [{ hard: { services: '1' }, scopes: ['BestEffort'] }, ['spec.scopes: Invalid value: []core.ResourceQuotaScope{"BestEffort"}: unsupported scope applied to resource']],
    [{ hard: { pods: '1' }, scopes: ['Terminating', 'NotTerminating'] }, ['spec.scopes: Invalid value: []core.ResourceQuotaScope{"Terminating", "NotTerminating"}: conflicting scopes']],
  ])('refuses %j', (spec, expected) => {
    expect(lines(rqRules, rq(spec))).toEqual(expected);
  });

  it('accepts compute resources under NotBestEffort and pods under BestEffort', () => {
    expect(lines(rqRules, rq({ hard: { 'requests.cpu': '1', pods: '2' }, scopes: ['NotBestEffort'] }))).toEqual([]);
    expect(lines(rqRules, rq({ hard: { pods: '2' }, scopes: ['BestEffort'] }))).toEqual([]);
  });

  it('refuses a change of scopes on update', () => {
    expect(updateLines(rqRules, rq({ scopes: ['BestEffort'] }), rq({ scopes: ['NotBestEffort'] }))).toEqual(['spec.scopes: Invalid value: []core.ResourceQuotaScope{"NotBestEffort"}: field is immutable']);
    expect(updateLines(rqRules, rq({ scopes: ['BestEffort'], hard: { pods: '1' } }), rq({ scopes: ['BestEffort'], hard: { pods: '2' } }))).toEqual([]);
  });
});

// -------------------------------------------------------------------------------------

describe('LimitRange', () => {
  const lrRules = ruleOf('LimitRange');
  const lr = (...limits: Record<string, unknown>[]): KubeObject => ({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l', namespace: 'default' }, spec: { limits } });
  const limitsOf = (o: KubeObject): unknown => (o['spec'] as { limits: unknown }).limits;

  it('defaults a Container item: default from max, defaultRequest from default, then from min', () => {
    const out = defaulted(lrRules, lr({ type: 'Container', max: { cpu: '2', memory: '1Gi' }, min: { cpu: '100m', 'ephemeral-storage': '1Gi' }, default: { cpu: '1' } }));
    expect(limitsOf(out)).toEqual([
      {
        type: 'Container',
        max: { cpu: '2', memory: '1Gi' },
        min: { cpu: '100m', 'ephemeral-storage': '1Gi' },
        default: { cpu: '1', memory: '1Gi' },
        defaultRequest: { cpu: '1', memory: '1Gi', 'ephemeral-storage': '1Gi' },
      },
    ]);
  });

  it('does not default Pod or PersistentVolumeClaim items', () => {
    const items = [{ type: 'Pod', max: { cpu: '4' } }, { type: 'PersistentVolumeClaim', min: { storage: '1Gi' } }];
    expect(limitsOf(defaulted(lrRules, lr(...items)))).toEqual(items);
  });

  it('accepts a consistent item', () => {
    expect(lines(lrRules, lr({ type: 'Container', min: { cpu: '100m' }, max: { cpu: '2' }, default: { cpu: '1' }, defaultRequest: { cpu: '500m' }, maxLimitRequestRatio: { cpu: '4' } }))).toEqual([]);
  });

  it.each([
    [{ type: 'Container', min: { cpu: '2' }, max: { cpu: '1' } }, [
      'spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1',
      'spec.limits[0].defaultRequest[cpu]: Invalid value: "1": min value 2 is greater than default request value 1',
      'spec.limits[0].default[cpu]: Invalid value: "2": min value 2 is greater than default value 1',
    ]],
    [{ type: 'Container', max: { memory: '1Gi' }, default: { memory: '2Gi' } }, [
      'spec.limits[0].defaultRequest[memory]: Invalid value: "2Gi": default request value 2Gi is greater than max value 1Gi',
      'spec.limits[0].default[memory]: Invalid value: "1Gi": default value 2Gi is greater than max value 1Gi',
    ]],
    [{ type: 'Container', default: { cpu: '1' }, defaultRequest: { cpu: '2' } }, ['spec.limits[0].defaultRequest[cpu]: Invalid value: "2": default request value 2 is greater than default limit value 1']],
    [{ type: 'Pod', maxLimitRequestRatio: { cpu: '500m' } }, ['spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: "500m": ratio 500m is less than 1']],
    [{ type: 'Pod', min: { cpu: '1' }, max: { cpu: '2' }, maxLimitRequestRatio: { cpu: '3' } }, ['spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: "3": ratio 3 is greater than max/min = 2.000000']],
    [{ type: 'Pod', default: { cpu: '1' } }, ["spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'"]],
    [{ type: 'PersistentVolumeClaim' }, ['spec.limits[0].limits: Required value: either minimum or maximum storage value is required, but neither was provided']],
    [{ type: 'Node', max: { cpu: '1' } }, ['spec.limits[0].type: Invalid value: "Node": must be a standard limit type or fully qualified']],
    // defaulting copies max into default and defaultRequest first, so all three are reported.
    [{ type: 'Container', max: { storage: '1Gi' } }, [
      'spec.limits[0].max[storage]: Invalid value: "storage": must be a standard resource for containers',
      'spec.limits[0].default[storage]: Invalid value: "storage": must be a standard resource for containers',
      'spec.limits[0].defaultRequest[storage]: Invalid value: "storage": must be a standard resource for containers',
    ]],
    [{ type: 'Container', default: { 'example.com/dongle': '2' }, defaultRequest: { 'example.com/dongle': '1' } }, ['spec.limits[0].defaultRequest[example.com/dongle]: Invalid value: "1": default value 2 must equal to defaultRequest value 1 in example.com/dongle']],
  ])('refuses %j', (item, expected) => {
    expect(lines(lrRules, lr(item))).toEqual(expected);
  });

  it('refuses two items of the same type', () => {
    expect(lines(lrRules, lr({ type: 'Pod', max: { cpu: '1' } }, { type: 'Pod', max: { cpu: '2' } }))).toEqual(['spec.limits[1].type: Duplicate value: "Pod"']);
  });
});
