import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/meta.js';
import { formatFieldError } from '../../../src/api/validation.js';
import type { KindRules } from '../../../src/admission/kinds/rules.js';
import { WORKLOAD_RULES } from '../../../src/admission/kinds/workloads.js';

type Obj = Record<string, unknown>;

const rulesOf = (kind: string): KindRules => {
  const r = WORKLOAD_RULES.find((x) => x.kind === kind);
  if (r === undefined) throw new Error(`no rules for ${kind}`);
  return r;
};

const API: Readonly<Record<string, string>> = {
  ReplicaSet: 'apps/v1',
  Deployment: 'apps/v1',
  DaemonSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  ReplicationController: 'v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  ControllerRevision: 'apps/v1',
};

const podTemplate = (labels: Obj = { app: 'web' }, spec: Obj = {}): Obj => ({
  metadata: { labels },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec },
});

const object = (kind: string, spec: Obj, name = 'web'): KubeObject => ({
  apiVersion: API[kind] ?? 'v1',
  kind,
  metadata: { name, namespace: 'default', uid: 'u-1' },
  spec,
});

/** A valid object of each kind, to change one field of. */
const base = (kind: string, spec: Obj = {}): KubeObject => {
  const selector = { matchLabels: { app: 'web' } };
  switch (kind) {
    case 'ReplicationController':
      return object(kind, { selector: { app: 'web' }, template: podTemplate(), ...spec });
    case 'StatefulSet':
      return object(kind, { selector, serviceName: 'web', template: podTemplate(), ...spec });
    case 'Job':
      return object(kind, { template: podTemplate({ app: 'web' }, { restartPolicy: 'Never' }), ...spec });
    case 'CronJob':
      return object(kind, { schedule: '*/5 * * * *', jobTemplate: { spec: { template: podTemplate({ app: 'web' }, { restartPolicy: 'OnFailure' }) } }, ...spec });
    default:
      return object(kind, { selector, template: podTemplate(), ...spec });
  }
};

const defaulted = (o: KubeObject): KubeObject => rulesOf(o.kind).defaults?.(o) ?? o;
const specOf = (o: KubeObject): Obj => o['spec'] as Obj;
const errorsOf = (o: KubeObject): string[] => (rulesOf(o.kind).validate?.(defaulted(o)) ?? []).map(formatFieldError);
const updateErrorsOf = (before: KubeObject, after: KubeObject): string[] =>
  (rulesOf(after.kind).validateUpdate?.(defaulted(before), defaulted(after)) ?? []).map(formatFieldError);

describe('workload defaults (upstream apps/v1, batch/v1 and core/v1 defaults.go)', () => {
  it('Given a Deployment When defaulted Then RollingUpdate 25%/25%, 1 replica, 10 revisions, 600s deadline', () => {
    const spec = specOf(defaulted(base('Deployment')));
    expect(spec).toMatchObject({ replicas: 1, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 });
    expect((spec['template'] as { spec: Obj }).spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler' });
  });

  it('Given a Recreate Deployment When defaulted Then no rollingUpdate is added', () => {
    expect(specOf(defaulted(base('Deployment', { strategy: { type: 'Recreate' } })))['strategy']).toEqual({ type: 'Recreate' });
  });

  it('Given a DaemonSet When defaulted Then RollingUpdate with maxUnavailable 1, maxSurge 0 and 10 revisions', () => {
    expect(specOf(defaulted(base('DaemonSet')))).toMatchObject({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10 });
  });

  it('Given a StatefulSet When defaulted Then OrderedReady, RollingUpdate partition 0, Retain/Retain, 1 replica, 10 revisions', () => {
    expect(specOf(defaulted(base('StatefulSet')))).toMatchObject({
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      replicas: 1,
      revisionHistoryLimit: 10,
    });
  });

  it('Given a StatefulSet updated OnDelete When defaulted Then no rollingUpdate is added', () => {
    expect(specOf(defaulted(base('StatefulSet', { updateStrategy: { type: 'OnDelete' } })))['updateStrategy']).toEqual({ type: 'OnDelete' });
  });

  it('Given a ReplicaSet and an RC When defaulted Then 1 replica, and the RC selects and is labelled as its template', () => {
    expect(specOf(defaulted(base('ReplicaSet')))['replicas']).toBe(1);
    const rc = defaulted(object('ReplicationController', { template: podTemplate({ app: 'db', tier: 'back' }) }));
    expect(specOf(rc)).toMatchObject({ replicas: 1, selector: { app: 'db', tier: 'back' } });
    expect(rc.metadata.labels).toEqual({ app: 'db', tier: 'back' });
  });

  it('Given a Job When defaulted Then 1/1, backoffLimit 6, NonIndexed, not suspended, and a selector generated from its uid', () => {
    const job = defaulted(base('Job'));
    const spec = specOf(job);
    expect(spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed' });
    expect(spec['selector']).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
    expect((spec['template'] as { metadata: Obj }).metadata['labels']).toEqual({
      app: 'web',
      'job-name': 'web',
      'batch.kubernetes.io/job-name': 'web',
      'controller-uid': 'u-1',
      'batch.kubernetes.io/controller-uid': 'u-1',
    });
    expect(job.metadata.labels).toEqual({ app: 'web' });
  });

  it('Given a Job with parallelism only When defaulted Then completions stay unset (a work queue)', () => {
    const spec = specOf(defaulted(base('Job', { parallelism: 3 })));
    expect(spec['parallelism']).toBe(3);
    expect(spec).not.toHaveProperty('completions');
  });

  it('Given a Job with a manual selector When defaulted Then neither selector nor labels are generated', () => {
    const selector = { matchLabels: { app: 'web' } };
    const spec = specOf(defaulted(base('Job', { manualSelector: true, selector })));
    expect(spec['selector']).toEqual(selector);
    expect((spec['template'] as { metadata: Obj }).metadata['labels']).toEqual({ app: 'web' });
  });

  it('Given a CronJob When defaulted Then Allow, not suspended, 3 successful and 1 failed job kept', () => {
    expect(specOf(defaulted(base('CronJob')))).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
  });
});

const NOT_MATCHING = 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`';
const PERCENT_MSG = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

describe('workload validation (upstream apps/validation, batch/validation, ValidateReplicationController)', () => {
  it.each(['ReplicaSet', 'ReplicationController', 'Deployment', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob'])('Given a valid %s When validated Then there are no errors', (kind) => {
    expect(errorsOf(base(kind))).toEqual([]);
  });

  it.each<[string, string, Obj, string[]]>([
    ['ReplicaSet', 'replicas -1', { replicas: -1 }, ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    ['ReplicaSet', 'labels the selector does not match', { template: podTemplate({ app: 'other' }) }, [NOT_MATCHING]],
    ['Deployment', 'labels the selector does not match', { template: podTemplate({ app: 'other' }) }, [NOT_MATCHING]],
    ['ReplicaSet', 'an empty selector', { selector: {} }, ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment']],
    ['ReplicaSet', 'no selector', { selector: undefined }, ['spec.selector: Required value', 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`']],
    ['ReplicaSet', 'pods that restart Never', { template: podTemplate({ app: 'web' }, { restartPolicy: 'Never' }) }, ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']],
    ['ReplicaSet', 'a selector operator Has', { selector: { matchExpressions: [{ key: 'app', operator: 'Has' }] } }, ['spec.selector.matchExpressions[0].operator: Invalid value: "Has": not a valid selector operator', 'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Has", Values:[]string(nil)}}}: invalid label selector']],
    ['ReplicationController', 'no selector and no template labels', { selector: undefined, template: podTemplate({}) }, ['spec.selector: Required value']],
    ['ReplicationController', 'an activeDeadlineSeconds', { template: podTemplate({ app: 'web' }, { activeDeadlineSeconds: 5 }) }, ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicationController is not Supported']],
    ['Deployment', 'maxSurge and maxUnavailable both 0', { strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }, ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0']],
    ['Deployment', 'maxUnavailable 150%', { strategy: { rollingUpdate: { maxUnavailable: '150%' } } }, ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%']],
    ['Deployment', 'maxSurge "half"', { strategy: { rollingUpdate: { maxSurge: 'half' } } }, [`spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"half"}: ${PERCENT_MSG}`]],
    ['Deployment', 'maxSurge -1', { strategy: { rollingUpdate: { maxSurge: -1 } } }, ['spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0']],
    ['Deployment', 'strategy Canary', { strategy: { type: 'Canary' } }, ['spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"Canary", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"']],
    ['Deployment', 'Recreate with rollingUpdate', { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }, ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"]],
    ['Deployment', 'a deadline within minReadySeconds', { minReadySeconds: 10, progressDeadlineSeconds: 10 }, ['spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds']],
    ['DaemonSet', 'maxSurge and maxUnavailable both 0', { updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }, ['spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0']],
    ['DaemonSet', 'maxSurge and maxUnavailable both set', { updateStrategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } }, ['spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero']],
    ['DaemonSet', 'an activeDeadlineSeconds', { template: podTemplate({ app: 'web' }, { activeDeadlineSeconds: 5 }) }, ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported']],
    ['DaemonSet', 'an empty selector', { selector: { matchLabels: {} } }, ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset']],
    ['StatefulSet', 'podManagementPolicy Eager', { podManagementPolicy: 'Eager' }, ["spec.podManagementPolicy: Invalid value: \"Eager\": must be 'OrderedReady' or 'Parallel'"]],
    ['StatefulSet', 'whenDeleted Keep', { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep' } }, ['spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"']],
    ['StatefulSet', 'a negative partition', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1 } } }, ['spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0']],
    ['StatefulSet', 'updateStrategy Blue', { updateStrategy: { type: 'Blue' } }, ["spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Blue\", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'"]],
    ['StatefulSet', 'a mount of a claim template', { volumeClaimTemplates: [{ metadata: { name: 'data' } }], template: podTemplate({ app: 'web' }, { containers: [{ name: 'db', image: 'pg:16', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] }) }, []],
    ['Job', 'pods that restart Always', { template: podTemplate({ app: 'web' }, { restartPolicy: 'Always' }) }, ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']],
    ['Job', 'Indexed without completions', { completionMode: 'Indexed', parallelism: 2 }, ['spec.completions: Required value: when completion mode is Indexed']],
    ['Job', 'completionMode Ordered', { completionMode: 'Ordered' }, ['spec.completionMode: Unsupported value: "Ordered": supported values: "NonIndexed", "Indexed"']],
    ['Job', 'a negative backoffLimit', { backoffLimit: -1 }, ['spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0']],
    ['Job', 'a manual selector the labels do not match', { manualSelector: true, selector: { matchLabels: { app: 'db' } } }, ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`']],
    [
      'Job',
      'a template label taking the uid label',
      { template: podTemplate({ 'controller-uid': 'mine' }, { restartPolicy: 'Never' }) },
      ['spec.template.metadata.labels[controller-uid]: Invalid value: map[string]string{"batch.kubernetes.io/controller-uid":"u-1", "batch.kubernetes.io/job-name":"web", "controller-uid":"mine", "job-name":"web"}: must be \'u-1\''],
    ],
    ['Job', 'a valid podFailurePolicy', { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'app', operator: 'In', values: [1, 42] } }, { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] } }, []],
    [
      'Job',
      'a podFailurePolicy with OnFailure pods',
      { template: podTemplate({ app: 'web' }, { restartPolicy: 'OnFailure' }), podFailurePolicy: { rules: [{ action: 'Count', onExitCodes: { operator: 'NotIn', values: [0] } }] } },
      ['spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified'],
    ],
    [
      'Job',
      'podFailurePolicy rules wrong in every way upstream checks',
      {
        podFailurePolicy: {
          rules: [
            { action: 'Retry', onExitCodes: { containerName: 'sidecar', operator: 'Within', values: [3, 0, 3] } },
            { action: '', onExitCodes: { operator: 'In', values: [] }, onPodConditions: [{ type: 'DisruptionTarget', status: 'Maybe' }] },
            { action: 'FailIndex' },
          ],
        },
      },
      [
        'spec.podFailurePolicy.rules[0].action: Unsupported value: "Retry": supported values: "Count", "FailIndex", "FailJob", "Ignore"',
        'spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: "Within": supported values: "In", "NotIn"',
        'spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "sidecar": must be one of the container or initContainer names in the pod template',
        'spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 3',
        'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{3, 0, 3}: must be ordered',
        'spec.podFailurePolicy.rules[1].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]',
        'spec.podFailurePolicy.rules[1].onExitCodes.values: Invalid value: []int32{}: at least one value is required',
        'spec.podFailurePolicy.rules[1].onPodConditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"',
        'spec.podFailurePolicy.rules[1]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported',
        'spec.podFailurePolicy.rules[2].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set',
        'spec.podFailurePolicy.rules[2]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required',
      ],
    ],
    ['Job', 'an exit code 0 with In', { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [0, 1] } }] } }, ['spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator']],
    ['Job', 'podReplacementPolicy TerminatingOrFailed with a podFailurePolicy', { podReplacementPolicy: 'TerminatingOrFailed', podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] } }, ['spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"']],
    ['CronJob', 'concurrencyPolicy Sometimes', { concurrencyPolicy: 'Sometimes' }, ['spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"']],
    ['CronJob', 'a job template restarting Always', { jobTemplate: { spec: { template: podTemplate() } } }, ['spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']],
    ['CronJob', 'a job template selector', { jobTemplate: { spec: { selector: { matchLabels: { app: 'web' } }, template: podTemplate({ app: 'web' }, { restartPolicy: 'Never' }) } } }, ['spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated']],
    ['CronJob', 'timeZone Mars/Olympus', { timeZone: 'Mars/Olympus' }, ['spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus']],
    ['CronJob', 'timeZone Local', { timeZone: 'Local' }, ['spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones']],
    ['CronJob', 'a negative history limit', { failedJobsHistoryLimit: -1 }, ['spec.failedJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0']],
  ])('Given a %s with %s When validated Then the errors are upstream\'s', (kind, _name, patch, expected) => {
    expect(errorsOf(base(kind, patch))).toEqual(expected);
  });

  it('Given a StatefulSet named like a subdomain When validated Then its name must be a DNS label', () => {
    expect(errorsOf({ ...base('StatefulSet'), metadata: { name: 'db.v1', namespace: 'default' } })).toEqual([
      "metadata.name: Invalid value: \"db.v1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('Given a CronJob name of 53 characters When validated Then it is too long for its jobs', () => {
    const name = 'a'.repeat(53);
    expect(errorsOf(object('CronJob', specOf(base('CronJob')), name))).toEqual([`metadata.name: Invalid value: "${name}": must be no more than 52 characters`]);
  });

  it.each<[string, string | undefined]>([
    ['*/15 0 1,15 * 1-5', undefined],
    ['0 0 * JAN-MAR mon', undefined],
    ['@hourly', undefined],
    ['@every 1h30m', undefined],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['0 0 0 * * *', 'expected exactly 5 fields, found 6: [0 0 0 * * *]'],
    ['61 * * * *', 'end of range (61) above maximum (59): 61'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['* * * * 7', 'end of range (7) above maximum (6): 7'],
    ['@often', 'unrecognized descriptor: @often'],
    ['', undefined],
  ])('Given the schedule %j When validated Then robfig/cron says %j', (schedule, error) => {
    const expected = schedule === '' ? ['spec.schedule: Required value'] : error === undefined ? [] : [`spec.schedule: Invalid value: ${JSON.stringify(schedule)}: ${error}`];
    expect(errorsOf(base('CronJob', { schedule }))).toEqual(expected);
  });

  it('Given a schedule with TZ= When created Then upstream asks for the timeZone field', () => {
    expect(errorsOf(base('CronJob', { schedule: 'TZ=UTC 0 * * * *' }))).toEqual(['spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']);
  });

  it('Given a ControllerRevision without data When validated Then data is mandatory', () => {
    const revision: KubeObject = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'web-1' }, revision: 1 };
    expect(errorsOf(revision)).toEqual(['data: Required value: data is mandatory']);
  });
});

describe('workload updates', () => {
  const otherSelector = { selector: { matchLabels: { app: 'other' } }, template: podTemplate({ app: 'other' }) };
  const IMMUTABLE = 'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable';

  it.each(['ReplicaSet', 'Deployment', 'DaemonSet'])('Given a %s When its selector changes Then it is immutable (apps/v1)', (kind) => {
    expect(updateErrorsOf(base(kind), base(kind, otherSelector))).toEqual([IMMUTABLE]);
  });

  it.each(['ReplicaSet', 'Deployment'])('Given a %s When its replicas and image change Then the update is valid', (kind) => {
    expect(updateErrorsOf(base(kind), base(kind, { replicas: 5, template: podTemplate({ app: 'web' }, { containers: [{ name: 'app', image: 'nginx:1.28' }] }) }))).toEqual([]);
  });

  it('Given a StatefulSet When replicas change Then the update is valid, and when serviceName changes it is forbidden', () => {
    expect(updateErrorsOf(base('StatefulSet'), base('StatefulSet', { replicas: 3, revisionHistoryLimit: 2 }))).toEqual([]);
    expect(updateErrorsOf(base('StatefulSet'), base('StatefulSet', { serviceName: 'db' }))).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  it('Given a running Job When its template changes Then spec.template is immutable, but parallelism may change', () => {
    const changed = base('Job', { template: podTemplate({ app: 'web' }, { restartPolicy: 'Never', containers: [{ name: 'app', image: 'nginx:1.28' }] }) });
    const errors = updateErrorsOf(base('Job'), changed);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^spec\.template: Invalid value: \{.*\}: field is immutable$/);
    expect(updateErrorsOf(base('Job'), base('Job', { completions: 1, parallelism: 4 }))).toEqual([]);
  });

  it('Given a suspended Job that never started When its nodeSelector changes Then the update is valid', () => {
    const before = base('Job', { suspend: true });
    const after = base('Job', { suspend: true, template: podTemplate({ app: 'web' }, { restartPolicy: 'Never', nodeSelector: { zone: 'a' } }) });
    expect(updateErrorsOf(before, after)).toEqual([]);
  });

  it('Given a NonIndexed Job When completions change Then they are immutable', () => {
    expect(updateErrorsOf(base('Job', { completions: 2 }), base('Job', { completions: 3 }))).toEqual(['spec.completions: Invalid value: 3: field is immutable']);
  });

  it('Given a ControllerRevision When its data changes Then it is immutable', () => {
    const revision = (data: unknown): KubeObject => ({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'web-1' }, revision: 1, data });
    expect(updateErrorsOf(revision({ a: 1 }), revision({ a: 2 }))).toEqual(['data: Invalid value: {"a":2}: field is immutable']);
  });
});
