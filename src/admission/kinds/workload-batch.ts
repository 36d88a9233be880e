/**
 * The API server's rules for Job and CronJob (batch/v1): upstream batch/v1 defaults.go
 * (SetDefaults_Job, SetDefaults_CronJob), the Job strategy's selector generation, and
 * batch/validation (ValidateJob, ValidateJobSpecUpdate, ValidateCronJobCreate/Update).
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { KubeObject } from '../../api/meta.js';
import type { PodTemplateSpec } from '../../api/pod.js';
import { matches } from '../../api/selector.js';
import type { FieldError } from '../../api/validation.js';
import { invalid, notSupported, required, requiredWith } from '../../api/validation.js';
import type { CronJobSpec, JobSpec, JobStatus, JobTemplateSpec } from '../../api/workloads.js';
import { CronJob, Job } from '../../api/workloads.js';
import { defaultPodTemplate, selectorMismatch, validatePodTemplate } from './pod.js';
import { goLabelSelector, goStringMap, invalidGo, nonNegative } from './pod-syntax.js';
import type { KindRules } from './rules.js';
import { podFailurePolicyErrors } from './workload-batch-pfp.js';
import { checkSelector, labelSelectorErrors, selectorImmutable } from './workload-common.js';
import { cronScheduleError, isKnownTimeZone } from './workload-cron.js';

const LEGACY_JOB_NAME = 'job-name';
const JOB_NAME = 'batch.kubernetes.io/job-name';
const LEGACY_CONTROLLER_UID = 'controller-uid';
const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
const INDEXED_MAX = 100000;

const specOf = <S>(o: KubeObject): S => (o['spec'] ?? {}) as S;

// -------------------------------------------------------------------------------------
// Job defaults and selector generation
// -------------------------------------------------------------------------------------

/** upstream SetDefaults_Job, minus metadata (the caller's) and the template's pod defaults. */
const defaultJobSpec = (spec: JobSpec): JobSpec => {
  const bothUnset = spec.completions === undefined && spec.parallelism === undefined;
  return {
    ...spec,
    ...(bothUnset ? { completions: 1 } : {}),
    parallelism: spec.parallelism ?? 1,
    // upstream: with a per-index limit the job-wide one is effectively unlimited.
    backoffLimit: spec.backoffLimit ?? (spec.backoffLimitPerIndex === undefined ? 6 : 2147483647),
    completionMode: spec.completionMode ?? 'NonIndexed',
    suspend: spec.suspend ?? false,
    podReplacementPolicy: spec.podReplacementPolicy ?? (spec.podFailurePolicy === undefined ? 'TerminatingOrFailed' : 'Failed'),
  };
};

/**
 * upstream job strategy generateSelector: unless the user asks for a manual selector, the
 * pods carry the job's name and uid, and the selector picks the uid label.
 */
const generateSelector = (spec: JobSpec, name: string, uid: string): JobSpec => {
  const labels = { ...(spec.template?.metadata?.labels ?? {}) };
  for (const key of [LEGACY_JOB_NAME, JOB_NAME]) labels[key] ??= name;
  for (const key of [LEGACY_CONTROLLER_UID, CONTROLLER_UID]) labels[key] ??= uid;
  const matchLabels = { ...(spec.selector?.matchLabels ?? {}) };
  matchLabels[CONTROLLER_UID] ??= uid;
  return {
    ...spec,
    selector: { ...spec.selector, matchLabels },
    template: { ...spec.template, metadata: { ...spec.template?.metadata, labels } },
  };
};

const defaultJob = (o: KubeObject): KubeObject => {
  const spec = specOf<JobSpec>(o);
  const templateLabels = spec.template?.metadata?.labels;
  // upstream: the job's own labels default to the template's, before generation adds any.
  const metadata = Object.keys(o.metadata.labels ?? {}).length === 0 && templateLabels !== undefined ? { ...o.metadata, labels: templateLabels } : o.metadata;
  let next: JobSpec = { ...defaultJobSpec(spec), template: defaultPodTemplate(spec.template) };
  if (spec.manualSelector !== true) next = generateSelector(next, o.metadata.name, o.metadata.uid ?? '');
  return { ...o, metadata, spec: next };
};

// -------------------------------------------------------------------------------------
// Job validation
// -------------------------------------------------------------------------------------

/** upstream ValidateHasLabel. */
const hasLabel = (labels: Readonly<Record<string, string>> | undefined, key: string, value: string): FieldError[] => {
  const path = `spec.template.metadata.labels[${key}]`;
  const actual = labels?.[key];
  if (actual === undefined) return [requiredWith(path, `must be '${value}'`)];
  return actual === value ? [] : [invalidGo(path, goStringMap(labels), `must be '${value}'`)];
};

/** upstream validateGeneratedSelector (with the batch.kubernetes.io labels required). */
const generatedSelectorErrors = (o: KubeObject, spec: JobSpec): FieldError[] => {
  if (spec.manualSelector === true || spec.selector === undefined) return [];
  const uid = o.metadata.uid ?? '';
  const labels = spec.template?.metadata?.labels;
  const errs = uid === '' ? [required('metadata.uid')] : [];
  errs.push(
    ...hasLabel(labels, LEGACY_CONTROLLER_UID, uid),
    ...hasLabel(labels, LEGACY_JOB_NAME, o.metadata.name),
    ...hasLabel(labels, CONTROLLER_UID, uid),
    ...hasLabel(labels, JOB_NAME, o.metadata.name),
  );
  const picked = spec.selector.matchLabels?.[CONTROLLER_UID];
  const others = Object.entries(spec.selector.matchLabels ?? {}).some(([k]) => k !== CONTROLLER_UID) || (spec.selector.matchExpressions ?? []).length > 0;
  if (picked !== uid || others) errs.push(invalidGo('spec.selector', goLabelSelector(spec.selector), '`selector` not auto-generated'));
  return errs;
};

const completionModeErrors = (spec: JobSpec, path: string): FieldError[] => {
  const mode = spec.completionMode;
  if (mode === undefined) return [];
  if (mode !== 'NonIndexed' && mode !== 'Indexed') return [notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed'])];
  if (mode === 'NonIndexed') return [];
  return [
    ...(spec.completions === undefined ? [requiredWith(`${path}.completions`, 'when completion mode is Indexed')] : []),
    ...(spec.parallelism !== undefined && spec.parallelism > INDEXED_MAX
      ? [invalid(`${path}.parallelism`, spec.parallelism, `must be less than or equal to ${INDEXED_MAX} when completion mode is Indexed`)]
      : []),
  ];
};

/** upstream validateJobSpec: what a Job and a CronJob's job template share. */
const jobSpecErrors = (spec: JobSpec, path: string): FieldError[] => {
  const restartPolicy = spec.template?.spec?.restartPolicy ?? '';
  const rp = `${path}.template.spec.restartPolicy`;
  return [
    ...nonNegative(`${path}.parallelism`, spec.parallelism),
    ...nonNegative(`${path}.completions`, spec.completions),
    ...nonNegative(`${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds),
    ...nonNegative(`${path}.backoffLimit`, spec.backoffLimit),
    ...nonNegative(`${path}.ttlSecondsAfterFinished`, spec.ttlSecondsAfterFinished),
    ...nonNegative(`${path}.backoffLimitPerIndex`, spec.backoffLimitPerIndex),
    ...(spec.backoffLimitPerIndex !== undefined && spec.completionMode !== 'Indexed' ? [{ path: `${path}.backoffLimitPerIndex`, message: 'Forbidden: requires indexed completion mode' }] : []),
    ...completionModeErrors(spec, path),
    ...podFailurePolicyErrors(spec, path),
    ...(spec.podFailurePolicy !== undefined || spec.podReplacementPolicy === undefined || ['TerminatingOrFailed', 'Failed'].includes(spec.podReplacementPolicy)
      ? []
      : [notSupported(`${path}.podReplacementPolicy`, spec.podReplacementPolicy, ['TerminatingOrFailed', 'Failed'])]),
    ...validatePodTemplate(spec.template, `${path}.template`),
    ...(restartPolicy === 'Always' || restartPolicy === ''
      ? [requiredWith(rp, 'valid values: "OnFailure", "Never"')]
      : restartPolicy === 'OnFailure' || restartPolicy === 'Never'
        ? []
        : [notSupported(rp, restartPolicy, ['OnFailure', 'Never'])]),
  ];
};

const jobErrors = (o: KubeObject): FieldError[] => {
  const spec = specOf<JobSpec>(o);
  const { errors, selector } = checkSelector(spec.selector, 'spec.selector', 'job', 'invalid label selector');
  // upstream ValidateJobSpec: required and valid, but an empty selector is allowed and an
  // unparsable one is only reported by ValidateLabelSelector.
  const selectorErrs = errors.filter((e) => !e.message.includes('empty selector is invalid') && !e.message.endsWith(': invalid label selector'));
  const labels = spec.template?.metadata?.labels;
  const mismatch = isLeft(selector) || matches(selector.right, labels) ? [] : [selectorMismatch('spec.template.metadata.labels', labels)];
  return [...generatedSelectorErrors(o, spec), ...jobSpecErrors(spec, 'spec'), ...selectorErrs, ...mismatch];
};

// -------------------------------------------------------------------------------------
// Job updates (upstream ValidateJobSpecUpdate)
// -------------------------------------------------------------------------------------

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const immutable = (path: string, before: unknown, after: unknown): FieldError[] => (same(before, after) ? [] : [invalid(path, after, 'field is immutable')]);

/**
 * The template is immutable, except that a suspended job that never started may change
 * where its pods go (upstream's mutable scheduling directives).
 */
const templateUpdateErrors = (before: JobSpec, after: JobSpec, status: JobStatus | undefined): FieldError[] => {
  const old = before.template ?? {};
  const next = after.template ?? {};
  const mutable = before.suspend === true && status?.startTime === undefined;
  const comparable: PodTemplateSpec = !mutable
    ? old
    : {
        ...old,
        metadata: { ...old.metadata, labels: next.metadata?.labels ?? {}, annotations: next.metadata?.annotations ?? {} },
        ...(old.spec === undefined
          ? {}
          : { spec: { ...old.spec, nodeSelector: next.spec?.nodeSelector, tolerations: next.spec?.tolerations, affinity: next.spec?.affinity, schedulingGates: (next.spec as { schedulingGates?: unknown } | undefined)?.schedulingGates } as PodTemplateSpec['spec'] }),
      };
  return same(normalize(comparable), normalize(next)) ? [] : [invalid('spec.template', next, 'field is immutable')];
};

const normalize = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(normalize);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined && !(k === 'labels' || k === 'annotations' ? Object.keys(o[k] as object).length === 0 : false));
  return Object.fromEntries(keys.sort().map((k) => [k, normalize(o[k])]));
};

/** upstream: an Indexed job may change completions together with parallelism (elastic). */
const completionsUpdateErrors = (before: JobSpec, after: JobSpec): FieldError[] => {
  if (same(before.completions, after.completions)) return [];
  if (after.completionMode !== 'Indexed') return immutable('spec.completions', before.completions, after.completions);
  return after.completions === after.parallelism ? [] : [invalid('spec.completions', after.completions ?? null, 'can only be modified in tandem with spec.parallelism')];
};

const jobUpdateErrors = (before: KubeObject, after: KubeObject): FieldError[] => {
  const old = specOf<JobSpec>(before);
  const next = specOf<JobSpec>(after);
  return [
    ...jobErrors(after),
    ...completionsUpdateErrors(old, next),
    ...selectorImmutable(old.selector, next.selector),
    ...templateUpdateErrors(old, next, before['status'] as JobStatus | undefined),
    ...immutable('spec.completionMode', old.completionMode, next.completionMode),
    ...immutable('spec.podFailurePolicy', old.podFailurePolicy, next.podFailurePolicy),
    ...immutable('spec.backoffLimitPerIndex', old.backoffLimitPerIndex, next.backoffLimitPerIndex),
  ];
};

const jobRules: KindRules = { kind: 'Job', codec: Job, defaults: defaultJob, validate: jobErrors, validateUpdate: jobUpdateErrors };

// -------------------------------------------------------------------------------------
// CronJob
// -------------------------------------------------------------------------------------

/** upstream SetDefaults_CronJob; the job template gets pod-template defaults only. */
const defaultCronJob = (o: KubeObject): KubeObject => {
  const spec = specOf<CronJobSpec>(o);
  const jobTemplate: JobTemplateSpec = spec.jobTemplate ?? {};
  const jobSpec = jobTemplate.spec ?? {};
  return {
    ...o,
    spec: {
      ...spec,
      concurrencyPolicy: spec.concurrencyPolicy === undefined || spec.concurrencyPolicy === '' ? 'Allow' : spec.concurrencyPolicy,
      suspend: spec.suspend ?? false,
      successfulJobsHistoryLimit: spec.successfulJobsHistoryLimit ?? 3,
      failedJobsHistoryLimit: spec.failedJobsHistoryLimit ?? 1,
      jobTemplate: { ...jobTemplate, spec: { ...jobSpec, template: defaultPodTemplate(jobSpec.template) } },
    },
  };
};

/** upstream validateScheduleFormat: robfig's own error, and no TZ in new schedules. */
const scheduleErrors = (schedule: string | undefined, allowTZ: boolean, timeZone: string | undefined): FieldError[] => {
  const path = 'spec.schedule';
  if (schedule === undefined || schedule === '') return [required(path)];
  const parseError = cronScheduleError(schedule);
  const errs = parseError === undefined ? [] : [invalid(path, schedule, parseError)];
  if (allowTZ && schedule.includes('TZ') && timeZone !== undefined) errs.push(invalid(path, schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  if (!allowTZ && schedule.includes('TZ')) errs.push(invalid(path, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  return errs;
};

/** upstream validateTimeZone. */
const timeZoneErrors = (zone: string | undefined): FieldError[] => {
  const path = 'spec.timeZone';
  if (zone === undefined) return [];
  if (zone === '') return [invalid(path, zone, 'timeZone must be nil or non-empty string')];
  if (zone.toLowerCase() === 'local') return [invalid(path, zone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones')];
  return isKnownTimeZone(zone) ? [] : [invalid(path, zone, `unknown time zone ${zone}`)];
};

/** upstream ValidateJobTemplateSpec: a job template's selector is always generated. */
const jobTemplateErrors = (t: JobTemplateSpec | undefined): FieldError[] => {
  const spec = t?.spec ?? {};
  const path = 'spec.jobTemplate.spec';
  return [
    ...jobSpecErrors(spec, path),
    ...(spec.selector === undefined ? [] : [invalidGo(`${path}.selector`, goLabelSelector(spec.selector), '`selector` will be auto-generated'), ...labelSelectorErrors(spec.selector, `${path}.selector`)]),
    ...(spec.manualSelector === true ? [notSupported(`${path}.manualSelector`, true, ['nil', 'false'])] : []),
  ];
};

const cronJobSpecErrors = (spec: CronJobSpec, old: CronJobSpec | undefined): FieldError[] => {
  const policy = spec.concurrencyPolicy ?? '';
  return [
    ...scheduleErrors(spec.schedule, old?.schedule?.includes('TZ') ?? false, spec.timeZone),
    ...nonNegative('spec.startingDeadlineSeconds', spec.startingDeadlineSeconds),
    ...(old !== undefined && old.timeZone === spec.timeZone ? [] : timeZoneErrors(spec.timeZone)),
    ...(policy === '' ? [required('spec.concurrencyPolicy')] : ['Allow', 'Forbid', 'Replace'].includes(policy) ? [] : [notSupported('spec.concurrencyPolicy', policy, ['Allow', 'Forbid', 'Replace'])]),
    ...jobTemplateErrors(spec.jobTemplate),
    ...nonNegative('spec.successfulJobsHistoryLimit', spec.successfulJobsHistoryLimit),
    ...nonNegative('spec.failedJobsHistoryLimit', spec.failedJobsHistoryLimit),
  ];
};

/** upstream: job names get an 11-character suffix and must stay DNS-1035 labels (63). */
const CRONJOB_NAME_MAX = 52;

const cronJobRules: KindRules = {
  kind: 'CronJob',
  codec: CronJob,
  defaults: defaultCronJob,
  validate: (o) => [
    ...(o.metadata.name.length > CRONJOB_NAME_MAX ? [invalid('metadata.name', o.metadata.name, `must be no more than ${CRONJOB_NAME_MAX} characters`)] : []),
    ...cronJobSpecErrors(specOf(o), undefined),
  ],
  validateUpdate: (before, after) => cronJobSpecErrors(specOf(after), specOf(before)),
};

export const BATCH_RULES: readonly KindRules[] = [jobRules, cronJobRules];
