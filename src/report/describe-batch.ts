/**
 * `kubectl describe` for Jobs and CronJobs, as kubectl 1.33 lays them out (k8s.io/kubectl
 * pkg/describe/describe.go: describeJob, describeCronJob, describeJobTemplate, printActiveJobs).
 */
import { formatAge } from '../api/duration.js';
import type { Job, CronJob, JobSpec } from '../api/workloads.js';
import type { Context } from './describe-apps.js';
import { controlledBy, podTemplate } from './describe-apps.js';
import { annotationsMultiline, labelsMultiline, rfc1123z, Writer, writeEvents } from './describe.js';
import { formatLabelSelector } from './table-cells.js';
import type { KubeObject } from '../api/meta.js';

/** upstream capIndexesListOrNone: the list cut after the first comma past `softLimit` characters. */
export const capIndexes = (indexes: string | undefined, softLimit = 50): string => {
  if (indexes === undefined || indexes === '') return '<none>';
  const comma = indexes.indexOf(',', softLimit);
  return comma < 0 ? indexes : `${indexes.slice(0, comma + 1)}...`;
};

/** metav1.LabelSelectorAsSelector(...).String(): an empty selector is the empty string here, not `<none>`. */
const selectorText = (selector: JobSpec['selector']): string => {
  const text = formatLabelSelector(selector);
  return text === '<none>' ? '' : text;
};

export const describeJob = (job: Job, ctx: Context): string => {
  const w = new Writer();
  const { spec, status, metadata: m } = job;
  w.write(0, `Name:\t${m.name}\n`);
  w.write(0, `Namespace:\t${m.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${selectorText(spec.selector)}\n`);
  labelsMultiline(w, 'Labels', m.labels);
  annotationsMultiline(w, m.annotations);
  controlledBy(w, job as unknown as KubeObject);
  if (spec.parallelism !== undefined) w.write(0, `Parallelism:\t${spec.parallelism}\n`);
  w.write(0, `Completions:\t${spec.completions ?? '<unset>'}\n`);
  if (spec.completionMode !== undefined) w.write(0, `Completion Mode:\t${spec.completionMode}\n`);
  if (spec.suspend !== undefined) w.write(0, `Suspend:\t${spec.suspend}\n`);
  if (spec.backoffLimit !== undefined) w.write(0, `Backoff Limit:\t${spec.backoffLimit}\n`);
  if (spec.ttlSecondsAfterFinished !== undefined) w.write(0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
  if (status?.startTime !== undefined) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  if (status?.completionTime !== undefined) w.write(0, `Completed At:\t${rfc1123z(status.completionTime)}\n`);
  if (status?.startTime !== undefined && status.completionTime !== undefined) {
    w.write(0, `Duration:\t${formatAge(Date.parse(status.completionTime) - Date.parse(status.startTime))}\n`);
  }
  if (spec.activeDeadlineSeconds !== undefined) w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  const ready = status?.ready === undefined ? '' : ` (${status.ready} Ready)`;
  w.write(0, `Pods Statuses:\t${status?.active ?? 0} Active${ready} / ${status?.succeeded ?? 0} Succeeded / ${status?.failed ?? 0} Failed\n`);
  if (spec.completionMode === 'Indexed') w.write(0, `Completed Indexes:\t${capIndexes(status?.completedIndexes)}\n`);
  podTemplate(w, spec.template);
  writeEvents(w, ctx.events, ctx.nowMs);
  return w.done();
};

/** upstream describeJobTemplate: every field shown, `<unset>` when absent. */
const jobTemplate = (w: Writer, spec: JobSpec | undefined): void => {
  w.write(0, `Selector:\t${spec?.selector === undefined ? '<unset>' : selectorText(spec.selector)}\n`);
  w.write(0, `Parallelism:\t${spec?.parallelism ?? '<unset>'}\n`);
  w.write(0, `Completions:\t${spec?.completions ?? '<unset>'}\n`);
  if (spec?.activeDeadlineSeconds !== undefined) w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  podTemplate(w, spec?.template);
};

const unset = (v: number | string | undefined, unit = ''): string => (v === undefined ? '<unset>' : `${v}${unit}`);

export const describeCronJob = (cj: CronJob, ctx: Context): string => {
  const w = new Writer();
  const { spec, status, metadata: m } = cj;
  w.write(0, `Name:\t${m.name}\n`);
  w.write(0, `Namespace:\t${m.namespace ?? ''}\n`);
  labelsMultiline(w, 'Labels', m.labels);
  annotationsMultiline(w, m.annotations);
  w.write(0, `Schedule:\t${spec.schedule ?? ''}\n`);
  w.write(0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
  w.write(0, `Suspend:\t${spec.suspend === undefined ? '<unset>' : spec.suspend ? 'True' : 'False'}\n`);
  w.write(0, `Time Zone:\t${unset(spec.timeZone)}\n`);
  w.write(0, `Successful Job History Limit:\t${unset(spec.successfulJobsHistoryLimit)}\n`);
  w.write(0, `Failed Job History Limit:\t${unset(spec.failedJobsHistoryLimit)}\n`);
  w.write(0, `Starting Deadline Seconds:\t${unset(spec.startingDeadlineSeconds, 's')}\n`);
  jobTemplate(w, spec.jobTemplate?.spec);
  w.write(0, `Last Schedule Time:\t${status?.lastScheduleTime === undefined ? '<unset>' : rfc1123z(status.lastScheduleTime)}\n`);
  const active = status?.active ?? [];
  w.write(0, `Active Jobs:\t${active.length === 0 ? '<none>' : active.map((j) => j.name ?? '').join(', ')}\n`);
  writeEvents(w, ctx.events, ctx.nowMs);
  return w.done();
};
