/**
 * The API server's rules for StatefulSet and ControllerRevision (apps/v1): upstream
 * SetDefaults_StatefulSet, ValidateStatefulSetSpec / ValidateStatefulSetUpdate and
 * ValidateControllerRevision / ValidateControllerRevisionUpdate.
 */
import type { KubeObject } from '../../api/meta.js';
import type { PodTemplateSpec } from '../../api/pod.js';
import type { FieldError } from '../../api/validation.js';
import { forbidden, invalid, notSupported, required, requiredWith } from '../../api/validation.js';
import type { StatefulSetSpec, StatefulSetUpdateStrategy } from '../../api/workloads.js';
import { ControllerRevision, StatefulSet } from '../../api/workloads.js';
import { dns1123LabelErrors } from '../names.js';
import { defaultPodTemplate } from './pod.js';
import { goIntOrString, invalidGo, nonNegative } from './pod-syntax.js';
import type { KindRules } from './rules.js';
import { checkSelector, intOrPercentErrors, intOrPercentValue, over100Errors, validateServingTemplate } from './workload-common.js';

const specOf = (o: KubeObject): StatefulSetSpec => (o['spec'] ?? {}) as StatefulSetSpec;

// -------------------------------------------------------------------------------------
// defaults
// -------------------------------------------------------------------------------------

const defaultUpdateStrategy = (s: StatefulSetUpdateStrategy | undefined): StatefulSetUpdateStrategy => {
  // upstream: an omitted type becomes RollingUpdate with an (empty) rollingUpdate to default.
  const omitted = s?.type === undefined || s.type === '';
  const type = omitted ? 'RollingUpdate' : (s?.type ?? '');
  const rollingUpdate = s?.rollingUpdate ?? (omitted ? {} : undefined);
  if (type !== 'RollingUpdate' || rollingUpdate === undefined) return { ...s, type };
  return { ...s, type, rollingUpdate: { partition: 0, ...rollingUpdate } };
};

/** upstream SetDefaults_StatefulSet (MaxUnavailableStatefulSet is alpha in v1.34: not defaulted). */
const defaultStatefulSet = (o: KubeObject): KubeObject => {
  const spec = specOf(o);
  const retention = spec.persistentVolumeClaimRetentionPolicy;
  return {
    ...o,
    spec: {
      ...spec,
      podManagementPolicy: spec.podManagementPolicy === undefined || spec.podManagementPolicy === '' ? 'OrderedReady' : spec.podManagementPolicy,
      updateStrategy: defaultUpdateStrategy(spec.updateStrategy),
      persistentVolumeClaimRetentionPolicy: { ...retention, whenDeleted: retention?.whenDeleted || 'Retain', whenScaled: retention?.whenScaled || 'Retain' },
      replicas: spec.replicas ?? 1,
      revisionHistoryLimit: spec.revisionHistoryLimit ?? 10,
      ...(spec.template === undefined ? {} : { template: defaultPodTemplate(spec.template) }),
    },
  };
};

// -------------------------------------------------------------------------------------
// validation
// -------------------------------------------------------------------------------------

const goRollingUpdate = (ru: NonNullable<StatefulSetUpdateStrategy['rollingUpdate']>): string =>
  `apps.RollingUpdateStatefulSetStrategy{Partition:${ru.partition ?? 0}, MaxUnavailable:${ru.maxUnavailable === undefined ? '(*intstr.IntOrString)(nil)' : `&${goIntOrString(ru.maxUnavailable)}`}}`;

const goUpdateStrategy = (s: StatefulSetUpdateStrategy): string =>
  `apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(s.type ?? '')}, RollingUpdate:${s.rollingUpdate === undefined ? '(*apps.RollingUpdateStatefulSetStrategy)(nil)' : `&${goRollingUpdate(s.rollingUpdate)}`}}`;

const rollingUpdateErrors = (ru: NonNullable<StatefulSetUpdateStrategy['rollingUpdate']>, path: string): FieldError[] => {
  const at = `${path}.maxUnavailable`;
  const mu = ru.maxUnavailable;
  return [
    ...nonNegative(`${path}.partition`, ru.partition),
    ...(mu === undefined
      ? []
      : [...intOrPercentErrors(mu, at), ...(intOrPercentValue(mu) === 0 ? [invalidGo(at, goIntOrString(mu), 'cannot be 0')] : []), ...over100Errors(mu, at)]),
  ];
};

const updateStrategyErrors = (s: StatefulSetUpdateStrategy): FieldError[] => {
  const path = 'spec.updateStrategy';
  switch (s.type ?? '') {
    case '':
      return [required(path)];
    case 'OnDelete':
      return s.rollingUpdate === undefined ? [] : [invalidGo(`${path}.rollingUpdate`, goRollingUpdate(s.rollingUpdate), "only allowed for updateStrategy 'RollingUpdate'")];
    case 'RollingUpdate':
      return s.rollingUpdate === undefined ? [] : rollingUpdateErrors(s.rollingUpdate, `${path}.rollingUpdate`);
    default:
      return [invalidGo(path, goUpdateStrategy(s), "must be 'RollingUpdate' or 'OnDelete'")];
  }
};

const retentionErrors = (spec: StatefulSetSpec): FieldError[] => {
  const policy = spec.persistentVolumeClaimRetentionPolicy;
  if (policy === undefined) return [];
  const one = (value: string | undefined, path: string): FieldError[] =>
    value === 'Retain' || value === 'Delete' ? [] : [notSupported(path, value ?? '', ['Retain', 'Delete'])];
  const path = 'spec.persistentVolumeClaimRetentionPolicy';
  return [...one(policy.whenDeleted, `${path}.whenDeleted`), ...one(policy.whenScaled, `${path}.whenScaled`)];
};

const podManagementErrors = (policy: string | undefined): FieldError[] => {
  const path = 'spec.podManagementPolicy';
  if (policy === undefined || policy === '') return [required(path)];
  return policy === 'OrderedReady' || policy === 'Parallel' ? [] : [invalid(path, policy, "must be 'OrderedReady' or 'Parallel'")];
};

/** The claim templates stand for volumes the pods' containers may mount. */
const withClaimVolumes = (spec: StatefulSetSpec): PodTemplateSpec | undefined => {
  const template = spec.template;
  const claims = (spec.volumeClaimTemplates ?? []).map((c) => ((c['metadata'] as { name?: string } | undefined)?.name ?? '')).filter((n) => n !== '');
  if (template?.spec === undefined || claims.length === 0) return template;
  const volumes = [...(template.spec.volumes ?? []), ...claims.map((name) => ({ name, persistentVolumeClaim: { claimName: name } }))];
  return { ...template, spec: { ...template.spec, volumes } };
};

/** The claim-template volumes are ours; errors about them would not be upstream's. */
const statefulSetErrors = (spec: StatefulSetSpec): FieldError[] => {
  const { errors, selector } = checkSelector(spec.selector, 'spec.selector', 'statefulset', '');
  const ownVolumes = (spec.template?.spec?.volumes ?? []).length;
  const template = validateServingTemplate(withClaimVolumes(spec), 'spec.template', selector, 'StatefulSet').filter((e) => {
    const m = /^spec\.template\.spec\.volumes\[(\d+)\]/.exec(e.path);
    return m === null || Number(m[1]) < ownVolumes;
  });
  return [
    ...podManagementErrors(spec.podManagementPolicy),
    ...updateStrategyErrors(spec.updateStrategy ?? {}),
    ...retentionErrors(spec),
    ...nonNegative('spec.replicas', spec.replicas),
    ...nonNegative('spec.minReadySeconds', spec.minReadySeconds),
    ...nonNegative('spec.ordinals.start', spec.ordinals?.start),
    ...errors,
    ...template,
    ...nonNegative('spec.revisionHistoryLimit', spec.revisionHistoryLimit),
  ];
};

/** upstream ValidateStatefulSetName: pods are named `<set>-<ordinal>`, so a DNS label. */
const nameErrors = (o: KubeObject): FieldError[] => dns1123LabelErrors(o.metadata.name).map((m) => invalid('metadata.name', o.metadata.name, m));

const UPDATABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

const frozenPart = (spec: StatefulSetSpec): string =>
  JSON.stringify(
    Object.keys(spec)
      .filter((k) => !UPDATABLE.includes(k))
      .sort()
      .map((k) => [k, (spec as Record<string, unknown>)[k]]),
  );

const statefulSetUpdateErrors = (before: KubeObject, after: KubeObject): FieldError[] => [
  ...statefulSetErrors(specOf(after)),
  ...(frozenPart(specOf(before)) === frozenPart(specOf(after))
    ? []
    : [
        forbidden(
          'spec',
          "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        ),
      ]),
];

const statefulSetRules: KindRules = {
  kind: 'StatefulSet',
  codec: StatefulSet,
  defaults: defaultStatefulSet,
  validate: (o) => [...nameErrors(o), ...statefulSetErrors(specOf(o))],
  validateUpdate: statefulSetUpdateErrors,
};

// -------------------------------------------------------------------------------------
// ControllerRevision: stored as given; data is mandatory and immutable
// -------------------------------------------------------------------------------------

const revisionErrors = (o: KubeObject): FieldError[] => [
  ...(o['data'] === undefined || o['data'] === null ? [requiredWith('data', 'data is mandatory')] : []),
  ...nonNegative('revision', o['revision'] as number | undefined),
];

const controllerRevisionRules: KindRules = {
  kind: 'ControllerRevision',
  codec: ControllerRevision,
  validate: revisionErrors,
  validateUpdate: (before, after) => [
    ...revisionErrors(after),
    ...(JSON.stringify(before['data']) === JSON.stringify(after['data']) ? [] : [invalid('data', after['data'], 'field is immutable')]),
  ],
};

export const STATEFUL_RULES: readonly KindRules[] = [statefulSetRules, controllerRevisionRules];
