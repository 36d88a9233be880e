/**
 * Printers of the batch kinds, upstream printJob and printCronJob
 * (pkg/printers/internalversion/printers.go): what a Job came to, how much of it is done
 * and how long it took; a CronJob's schedule, how many of its Jobs run and when it last
 * started one.
 */
import { formatAge } from '../api/duration.js';
import type { KubeObject } from '../api/meta.js';
import { simMsOf } from '../api/time.js';
import type { Printer } from './table-cells.js';
import { ageOf, containerCells, field, formatLabelSelector, numberAt, since, stringAt } from './table-cells.js';
import { WORKLOAD_WIDE, selectorAt, templateContainers } from './table-workloads.js';

// -------------------------------------------------------------------------------------
// Job
// -------------------------------------------------------------------------------------

interface ConditionLike {
  readonly type?: string;
  readonly status?: string;
}

/** upstream hasJobCondition: the first condition of that type decides, and only status True counts. */
const hasCondition = (o: KubeObject, type: string): boolean => {
  const conditions = field(o, 'status', 'conditions');
  const first = Array.isArray(conditions) ? (conditions as ConditionLike[]).find((c) => c.type === type) : undefined;
  return first?.status === 'True';
};

/**
 * printJob's STATUS, first match wins: the terminal conditions, then a deletion in
 * progress, then Suspended, then the interim FailureTarget and SuccessCriteriaMet (set
 * while the Job's last pods terminate), else Running.
 */
export const jobStatus = (o: KubeObject): string => {
  if (hasCondition(o, 'Complete')) return 'Complete';
  if (hasCondition(o, 'Failed')) return 'Failed';
  if (o.metadata.deletionTimestamp !== undefined) return 'Terminating';
  if (hasCondition(o, 'Suspended')) return 'Suspended';
  if (hasCondition(o, 'FailureTarget')) return 'FailureTarget';
  if (hasCondition(o, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
};

/**
 * printJob's COMPLETIONS: succeeded/completions; without completions (a work queue),
 * `n/1 of p` when more than one pod runs in parallel, else `n/1`.
 */
export const jobCompletions = (o: KubeObject): string => {
  const succeeded = numberAt(o, 'status', 'succeeded') ?? 0;
  const completions = numberAt(o, 'spec', 'completions');
  if (completions !== undefined) return `${succeeded}/${completions}`;
  const parallelism = numberAt(o, 'spec', 'parallelism') ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
};

/**
 * printJob's DURATION (HumanDuration): empty before the Job starts, start to completion
 * once complete, else start to now. Only a Job that succeeded gets a completionTime, so a
 * failed Job's duration keeps growing, as kubectl shows it.
 */
export const jobDuration = (o: KubeObject, nowMs: number): string => {
  const start = stringAt(o, 'status', 'startTime');
  if (start === undefined) return '';
  const end = stringAt(o, 'status', 'completionTime');
  if (end === undefined) return since(start, nowMs);
  return formatAge(simMsOf(end) - simMsOf(start));
};

const job: Printer = {
  columns: [{ name: 'Name' }, { name: 'Status' }, { name: 'Completions' }, { name: 'Duration' }, { name: 'Age' }, ...WORKLOAD_WIDE],
  cells: (o, nowMs) => [
    o.metadata.name,
    jobStatus(o),
    jobCompletions(o),
    jobDuration(o, nowMs),
    ageOf(o, nowMs),
    ...containerCells(templateContainers(o)),
    formatLabelSelector(selectorAt(o, 'spec', 'selector')),
  ],
};

// -------------------------------------------------------------------------------------
// CronJob
// -------------------------------------------------------------------------------------

/** upstream printBoolPtr: True/False, `<unset>` for nil (the apiserver defaults suspend to false). */
const boolPtr = (v: unknown): string => (typeof v === 'boolean' ? (v ? 'True' : 'False') : '<unset>');

/** printCronJob: TIMEZONE and LAST SCHEDULE are `<none>` when unset; ACTIVE counts status.active. */
const cronJob: Printer = {
  columns: [
    ...[{ name: 'Name' }, { name: 'Schedule' }, { name: 'Timezone' }, { name: 'Suspend' }, { name: 'Active' }, { name: 'Last Schedule' }, { name: 'Age' }],
    ...WORKLOAD_WIDE,
  ],
  cells: (o, nowMs) => {
    const active = field(o, 'status', 'active');
    const last = stringAt(o, 'status', 'lastScheduleTime');
    const jobSpec = ['spec', 'jobTemplate', 'spec'] as const;
    return [
      o.metadata.name,
      stringAt(o, 'spec', 'schedule') ?? '',
      stringAt(o, 'spec', 'timeZone') ?? '<none>',
      boolPtr(field(o, 'spec', 'suspend')),
      String(Array.isArray(active) ? active.length : 0),
      last === undefined ? '<none>' : since(last, nowMs),
      ageOf(o, nowMs),
      ...containerCells(templateContainers(o, ...jobSpec, 'template', 'spec', 'containers')),
      formatLabelSelector(selectorAt(o, ...jobSpec, 'selector')),
    ];
  },
};

export const BATCH_PRINTERS: Readonly<Record<string, Printer>> = { Job: job, CronJob: cronJob };
