/**
 * The API server's rules for ReplicaSet, Deployment, DaemonSet (apps/v1) and
 * ReplicationController (v1): upstream apps/v1 and core/v1 defaults.go, apps/validation
 * and core/validation (ValidateReplicationController), and the apps/v1 strategies'
 * selector immutability.
 */
import { right } from 'fp-ts/lib/Either.js';
import type { KubeObject } from '../../api/meta.js';
import type { PodTemplateSpec } from '../../api/pod.js';
import { ReplicaSet } from '../../api/replicaset.js';
import type { LabelSelector } from '../../api/selector.js';
import type { FieldError } from '../../api/validation.js';
import { forbidden, required, requiredWith } from '../../api/validation.js';
import type { DaemonSetSpec, DaemonSetUpdateStrategy, DeploymentSpec, DeploymentStrategy, ReplicationControllerSpec } from '../../api/workloads.js';
import { DaemonSet, Deployment, ReplicationController } from '../../api/workloads.js';
import { defaultPodTemplate } from './pod.js';
import { goIntOrString, invalidGo, nonNegative } from './pod-syntax.js';
import type { KindRules } from './rules.js';
import { checkSelector, intOrPercentErrors, intOrPercentValue, over100Errors, selectorImmutable, validateServingTemplate } from './workload-common.js';

const specOf = <S>(o: KubeObject): S => (o['spec'] ?? {}) as S;
const withSpec = <S>(o: KubeObject, spec: S): KubeObject => ({ ...o, spec });
const templateDefaults = (template: PodTemplateSpec | undefined): { template?: PodTemplateSpec } =>
  template === undefined ? {} : { template: defaultPodTemplate(template) };

// -------------------------------------------------------------------------------------
// ReplicaSet
// -------------------------------------------------------------------------------------

interface ReplicaSetSpec {
  readonly replicas?: number;
  readonly minReadySeconds?: number;
  readonly selector?: LabelSelector;
  readonly template?: PodTemplateSpec;
}

/** upstream ValidateReplicaSetSpec (also the heart of ValidateDeploymentSpec). */
const replicaSetSpecErrors = (spec: ReplicaSetSpec, owner: string): FieldError[] => {
  const { errors, selector } = checkSelector(spec.selector, 'spec.selector', 'deployment', 'invalid label selector');
  return [
    ...nonNegative('spec.replicas', spec.replicas),
    ...nonNegative('spec.minReadySeconds', spec.minReadySeconds),
    ...errors,
    ...validateServingTemplate(spec.template, 'spec.template', selector, owner),
  ];
};

const replicaSetRules: KindRules = {
  kind: 'ReplicaSet',
  codec: ReplicaSet,
  defaults: (o) => {
    const spec = specOf<ReplicaSetSpec>(o);
    return withSpec(o, { ...spec, replicas: spec.replicas ?? 1, ...templateDefaults(spec.template) });
  },
  validate: (o) => replicaSetSpecErrors(specOf(o), 'ReplicaSet'),
  validateUpdate: (before, after) => [
    ...replicaSetSpecErrors(specOf(after), 'ReplicaSet'),
    ...selectorImmutable(specOf<ReplicaSetSpec>(before).selector, specOf<ReplicaSetSpec>(after).selector),
  ],
};

// -------------------------------------------------------------------------------------
// ReplicationController (v1)
// -------------------------------------------------------------------------------------

/** upstream SetDefaults_ReplicationController: selector and labels default to the template's labels. */
const defaultReplicationController = (o: KubeObject): KubeObject => {
  const spec = specOf<ReplicationControllerSpec>(o);
  const labels = spec.template?.metadata?.labels;
  const selector = Object.keys(spec.selector ?? {}).length === 0 && labels !== undefined ? labels : spec.selector;
  const metadataLabels = Object.keys(o.metadata.labels ?? {}).length === 0 && labels !== undefined ? labels : o.metadata.labels;
  return {
    ...o,
    metadata: metadataLabels === undefined ? o.metadata : { ...o.metadata, labels: metadataLabels },
    spec: { ...spec, ...(selector === undefined ? {} : { selector }), replicas: spec.replicas ?? 1, ...templateDefaults(spec.template) },
  };
};

const replicationControllerErrors = (spec: ReplicationControllerSpec): FieldError[] => {
  const selector = spec.selector ?? {};
  const empty = Object.keys(selector).length === 0;
  return [
    ...nonNegative('spec.minReadySeconds', spec.minReadySeconds),
    ...(empty ? [required('spec.selector')] : []),
    ...nonNegative('spec.replicas', spec.replicas),
    ...(spec.template === undefined
      ? [required('spec.template')]
      : validateServingTemplate(spec.template, 'spec.template', right({ requirements: empty ? [] : toRequirements(selector) }), 'ReplicationController')),
  ];
};

const toRequirements = (m: Readonly<Record<string, string>>) =>
  Object.keys(m)
    .sort()
    .map((key) => ({ key, operator: 'Equals' as const, values: [m[key] ?? ''] }));

const replicationControllerRules: KindRules = {
  kind: 'ReplicationController',
  codec: ReplicationController,
  defaults: defaultReplicationController,
  validate: (o) => replicationControllerErrors(specOf(o)),
  validateUpdate: (_before, after) => replicationControllerErrors(specOf(after)),
};

// -------------------------------------------------------------------------------------
// Deployment
// -------------------------------------------------------------------------------------

/** upstream SetDefaults_Deployment: RollingUpdate 25%/25%, 10 revisions, 600 s to progress. */
const defaultStrategy = (s: DeploymentStrategy | undefined): DeploymentStrategy => {
  const type = s?.type === undefined || s.type === '' ? 'RollingUpdate' : s.type;
  if (type !== 'RollingUpdate') return { ...s, type };
  return { ...s, type, rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%', ...s?.rollingUpdate } };
};

const defaultDeployment = (o: KubeObject): KubeObject => {
  const spec = specOf<DeploymentSpec>(o);
  return withSpec(o, {
    ...spec,
    replicas: spec.replicas ?? 1,
    strategy: defaultStrategy(spec.strategy),
    revisionHistoryLimit: spec.revisionHistoryLimit ?? 10,
    progressDeadlineSeconds: spec.progressDeadlineSeconds ?? 600,
    ...templateDefaults(spec.template),
  });
};

const goDeploymentStrategy = (s: DeploymentStrategy): string =>
  `apps.DeploymentStrategy{Type:${JSON.stringify(s.type ?? '')}, RollingUpdate:${s.rollingUpdate === undefined ? '(*apps.RollingUpdateDeployment)(nil)' : '&apps.RollingUpdateDeployment{...}'}}`;

/** upstream ValidateDeploymentStrategy and ValidateRollingUpdateDeployment. */
const strategyErrors = (s: DeploymentStrategy): FieldError[] => {
  const path = 'spec.strategy';
  switch (s.type) {
    case 'Recreate':
      return s.rollingUpdate === undefined ? [] : [forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")];
    case 'RollingUpdate': {
      const ru = s.rollingUpdate;
      if (ru === undefined) return [requiredWith(`${path}.rollingUpdate`, 'this should be defaulted and never be nil')];
      const at = `${path}.rollingUpdate`;
      const bothZero = intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0;
      return [
        ...intOrPercentErrors(ru.maxUnavailable, `${at}.maxUnavailable`),
        ...intOrPercentErrors(ru.maxSurge, `${at}.maxSurge`),
        ...(bothZero ? [invalidGo(`${at}.maxUnavailable`, goIntOrString(ru.maxUnavailable), 'may not be 0 when `maxSurge` is 0')] : []),
        ...over100Errors(ru.maxUnavailable, `${at}.maxUnavailable`),
      ];
    }
    default:
      return [{ path, message: `Unsupported value: ${goDeploymentStrategy(s)}: supported values: "Recreate", "RollingUpdate"` }];
  }
};

const deploymentErrors = (spec: DeploymentSpec): FieldError[] => {
  const minReady = spec.minReadySeconds ?? 0;
  const deadline = spec.progressDeadlineSeconds;
  return [
    ...replicaSetSpecErrors({ ...spec, minReadySeconds: undefined }, 'ReplicaSet'),
    ...strategyErrors(spec.strategy ?? {}),
    ...nonNegative('spec.minReadySeconds', spec.minReadySeconds),
    ...nonNegative('spec.revisionHistoryLimit', spec.revisionHistoryLimit),
    ...nonNegative('spec.progressDeadlineSeconds', deadline),
    ...(deadline !== undefined && deadline <= minReady ? [{ path: 'spec.progressDeadlineSeconds', message: `Invalid value: ${deadline}: must be greater than minReadySeconds` }] : []),
  ];
};

const deploymentRules: KindRules = {
  kind: 'Deployment',
  codec: Deployment,
  defaults: defaultDeployment,
  validate: (o) => deploymentErrors(specOf(o)),
  validateUpdate: (before, after) => [
    ...deploymentErrors(specOf(after)),
    ...selectorImmutable(specOf<DeploymentSpec>(before).selector, specOf<DeploymentSpec>(after).selector),
  ],
};

// -------------------------------------------------------------------------------------
// DaemonSet
// -------------------------------------------------------------------------------------

/** upstream SetDefaults_DaemonSet: RollingUpdate with maxUnavailable 1 and maxSurge 0. */
const defaultDaemonSet = (o: KubeObject): KubeObject => {
  const spec = specOf<DaemonSetSpec>(o);
  const s = spec.updateStrategy;
  const type = s?.type === undefined || s.type === '' ? 'RollingUpdate' : s.type;
  const updateStrategy = type === 'RollingUpdate' ? { ...s, type, rollingUpdate: { maxUnavailable: 1, maxSurge: 0, ...s?.rollingUpdate } } : { ...s, type };
  return withSpec(o, { ...spec, updateStrategy, revisionHistoryLimit: spec.revisionHistoryLimit ?? 10, ...templateDefaults(spec.template) });
};

const goDaemonSetStrategy = (s: DaemonSetUpdateStrategy): string =>
  `apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(s.type ?? '')}, RollingUpdate:${s.rollingUpdate === undefined ? '(*apps.RollingUpdateDaemonSet)(nil)' : '&apps.RollingUpdateDaemonSet{...}'}}`;

/** upstream ValidateDaemonSetUpdateStrategy and ValidateRollingUpdateDaemonSet. */
const daemonSetStrategyErrors = (s: DaemonSetUpdateStrategy): FieldError[] => {
  const path = 'spec.updateStrategy';
  if (s.type === 'OnDelete') return [];
  if (s.type !== 'RollingUpdate') return [{ path, message: `Unsupported value: ${goDaemonSetStrategy(s)}: supported values: "RollingUpdate", "OnDelete"` }];
  const ru = s.rollingUpdate;
  if (ru === undefined) return [required(`${path}.rollingUpdate`)];
  const at = `${path}.rollingUpdate`;
  const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
  return [
    ...intOrPercentErrors(ru.maxUnavailable, `${at}.maxUnavailable`),
    ...intOrPercentErrors(ru.maxSurge, `${at}.maxSurge`),
    ...over100Errors(ru.maxUnavailable, `${at}.maxUnavailable`),
    ...over100Errors(ru.maxSurge, `${at}.maxSurge`),
    ...(hasUnavailable && hasSurge ? [invalidGo(`${at}.maxSurge`, goIntOrString(ru.maxSurge), 'may not be set when maxUnavailable is non-zero')] : []),
    ...(!hasUnavailable && !hasSurge ? [requiredWith(`${at}.maxUnavailable`, 'cannot be 0 when maxSurge is 0')] : []),
  ];
};

const daemonSetErrors = (spec: DaemonSetSpec): FieldError[] => {
  const { errors, selector } = checkSelector(spec.selector, 'spec.selector', 'daemonset', 'invalid label selector');
  return [
    // upstream: a DaemonSet without a selector is only told its template does not match.
    ...errors.filter((e) => !(spec.selector === undefined && e.message === 'Required value')),
    ...validateServingTemplate(spec.template, 'spec.template', selector, 'DaemonSet'),
    ...nonNegative('spec.minReadySeconds', spec.minReadySeconds),
    ...daemonSetStrategyErrors(spec.updateStrategy ?? {}),
    ...nonNegative('spec.revisionHistoryLimit', spec.revisionHistoryLimit),
  ];
};

const daemonSetRules: KindRules = {
  kind: 'DaemonSet',
  codec: DaemonSet,
  defaults: defaultDaemonSet,
  validate: (o) => daemonSetErrors(specOf(o)),
  validateUpdate: (before, after) => [
    ...daemonSetErrors(specOf(after)),
    ...selectorImmutable(specOf<DaemonSetSpec>(before).selector, specOf<DaemonSetSpec>(after).selector),
  ],
};

export const APPS_RULES: readonly KindRules[] = [replicaSetRules, replicationControllerRules, deploymentRules, daemonSetRules];
