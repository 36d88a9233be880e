/**
 * Job spec.podFailurePolicy validation (upstream pkg/apis/batch/validation:
 * validatePodFailurePolicy and its rule checks at v1.34), in the API server's words.
 * The policy is read as written (the codec keeps it an open record), so every field is
 * checked for its type here too.
 */
import type { FieldError } from '../../api/validation.js';
import { duplicate, invalid, notSupported, requiredWith, tooMany } from '../../api/validation.js';
import type { JobSpec } from '../../api/workloads.js';
import { invalidGo, qualifiedNameErrors } from './pod-syntax.js';

/** upstream limits: maxPodFailurePolicyRules, …OnExitCodesValues, …OnPodConditionsPatterns. */
const MAX_RULES = 20;
const MAX_EXIT_CODE_VALUES = 255;
const MAX_CONDITION_PATTERNS = 20;

const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const OPERATORS = ['In', 'NotIn'];
const STATUSES = ['False', 'True', 'Unknown'];

/** Go's %q of a []string: `["Count" "FailIndex"]`. */
const goQuoted = (values: readonly string[]): string => `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
/** Go's %#v of a []int32. */
const goInts = (values: readonly unknown[] | undefined): string => (values === undefined ? '[]int32(nil)' : `[]int32{${values.map(String).join(', ')}}`);

type Raw = Readonly<Record<string, unknown>>;
const asRecord = (x: unknown): Raw | undefined => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Raw) : undefined);
const asArray = (x: unknown): readonly unknown[] | undefined => (Array.isArray(x) ? x : undefined);
const asString = (x: unknown): string => (typeof x === 'string' ? x : '');

/** field.Invalid with OmitValueType: the value is left out of the message. */
const invalidOmitted = (path: string, detail: string): FieldError => ({ path, message: `Invalid value: ${detail}` });

const actionErrors = (spec: JobSpec, action: string, path: string): FieldError[] => {
  if (action === '') return [requiredWith(path, `valid values: ${goQuoted(ACTIONS)}`)];
  if (action === 'FailIndex') return spec.backoffLimitPerIndex === undefined ? [invalid(path, action, 'requires the backoffLimitPerIndex to be set')] : [];
  return ACTIONS.includes(action) ? [] : [notSupported(path, action, ACTIONS)];
};

const exitCodesErrors = (req: Raw, path: string, containers: ReadonlySet<string>): FieldError[] => {
  const errs: FieldError[] = [];
  const operator = asString(req.operator);
  if (operator === '') errs.push(requiredWith(`${path}.operator`, `valid values: ${goQuoted(OPERATORS)}`));
  else if (!OPERATORS.includes(operator)) errs.push(notSupported(`${path}.operator`, operator, OPERATORS));
  if (typeof req.containerName === 'string' && !containers.has(req.containerName)) {
    errs.push(invalid(`${path}.containerName`, req.containerName, 'must be one of the container or initContainer names in the pod template'));
  }
  const values = asArray(req.values);
  const valuesPath = `${path}.values`;
  if (values === undefined || values.length === 0) errs.push(invalidGo(valuesPath, goInts(values), 'at least one value is required'));
  else if (values.length > MAX_EXIT_CODE_VALUES) errs.push(tooMany(valuesPath, values.length, MAX_EXIT_CODE_VALUES));
  const seen = new Set<unknown>();
  let ordered = true;
  (values ?? []).forEach((v, j) => {
    if (operator === 'In' && v === 0) errs.push(invalid(`${valuesPath}[${j}]`, v, 'must not be 0 for the In operator'));
    if (seen.has(v)) errs.push(duplicate(`${valuesPath}[${j}]`, v));
    else seen.add(v);
    const previous = values?.[j - 1];
    if (j > 0 && typeof previous === 'number' && typeof v === 'number' && previous > v) ordered = false;
  });
  if (!ordered) errs.push(invalidGo(valuesPath, goInts(values), 'must be ordered'));
  return errs;
};

const podConditionsErrors = (patterns: readonly unknown[], path: string): FieldError[] => {
  const errs: FieldError[] = patterns.length > MAX_CONDITION_PATTERNS ? [tooMany(path, patterns.length, MAX_CONDITION_PATTERNS)] : [];
  patterns.forEach((p, j) => {
    const pattern = asRecord(p) ?? {};
    const type = asString(pattern.type);
    errs.push(...qualifiedNameErrors(type).map((m) => invalid(`${path}[${j}].type`, type, m)));
    const status = asString(pattern.status);
    if (status === '') errs.push(requiredWith(`${path}[${j}].status`, `valid values: ${goQuoted(STATUSES)}`));
    else if (!STATUSES.includes(status)) errs.push(notSupported(`${path}[${j}].status`, status, STATUSES));
  });
  return errs;
};

const ruleErrors = (spec: JobSpec, rule: Raw, path: string, containers: ReadonlySet<string>): FieldError[] => {
  const onExitCodes = asRecord(rule.onExitCodes);
  const onPodConditions = asArray(rule.onPodConditions) ?? [];
  return [
    ...actionErrors(spec, asString(rule.action), `${path}.action`),
    ...(onExitCodes === undefined ? [] : exitCodesErrors(onExitCodes, `${path}.onExitCodes`, containers)),
    ...(onPodConditions.length === 0 ? [] : podConditionsErrors(onPodConditions, `${path}.onPodConditions`)),
    ...(onExitCodes !== undefined && onPodConditions.length > 0 ? [invalidOmitted(path, 'specifying both OnExitCodes and OnPodConditions is not supported')] : []),
    ...(onExitCodes === undefined && onPodConditions.length === 0 ? [invalidOmitted(path, 'specifying one of OnExitCodes and OnPodConditions is required')] : []),
  ];
};

/** upstream validatePodFailurePolicy, plus the restartPolicy rule of validatePodTemplate. */
export const podFailurePolicyErrors = (spec: JobSpec, path: string): FieldError[] => {
  const policy = spec.podFailurePolicy;
  if (policy === undefined) return [];
  const errs: FieldError[] = [];
  const restartPolicy = spec.template?.spec?.restartPolicy;
  if (restartPolicy === 'OnFailure') {
    errs.push(invalid(`${path}.template.spec.restartPolicy`, restartPolicy, 'only "Never" is supported when podFailurePolicy is specified'));
  }
  const rules = asArray(policy['rules']) ?? [];
  const rulesPath = `${path}.podFailurePolicy.rules`;
  if (rules.length > MAX_RULES) errs.push(tooMany(rulesPath, rules.length, MAX_RULES));
  const podSpec = spec.template?.spec;
  const containers = new Set([...(podSpec?.containers ?? []), ...(podSpec?.initContainers ?? [])].map((c) => c.name));
  rules.forEach((r, i) => errs.push(...ruleErrors(spec, asRecord(r) ?? {}, `${rulesPath}[${i}]`, containers)));
  if (spec.podReplacementPolicy !== undefined && spec.podReplacementPolicy !== 'Failed') {
    errs.push(notSupported(`${path}.podReplacementPolicy`, spec.podReplacementPolicy, ['Failed']));
  }
  return errs;
};
