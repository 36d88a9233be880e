import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import { timestampAt } from '../../src/api/time.js';
import { jobCompletions, jobDuration, jobStatus } from '../../src/report/table-batch.js';
import { renderTable } from '../../src/report/tables.js';

// Cells follow upstream printJob / printCronJob (pkg/printers/internalversion/printers.go).
const NOW_MS = 3 * 3600_000; // 3h into the run
const at = timestampAt;
const cond = (type: string, status = 'True') => ({ type, status });
const job = (name: string, spec: Record<string, unknown>, status: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: 'default', creationTimestamp: at(NOW_MS - 600_000), ...meta },
  spec: {
    selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': `uid-${name}` } },
    template: { spec: { containers: [{ name: 'main', image: 'busybox' }, { name: 'side', image: 'envoy:1.30' }] } },
    ...spec,
  },
  status,
});

describe('printJob STATUS', () => {
  it.each([
    ['Complete', [cond('SuccessCriteriaMet'), cond('Complete')], {}],
    ['Failed', [cond('FailureTarget'), cond('Failed')], {}],
    ['Terminating', [cond('Suspended')], { deletionTimestamp: at(NOW_MS - 1000) }],
    ['Suspended', [cond('Suspended')], {}],
    ['FailureTarget', [cond('FailureTarget')], {}],
    ['SuccessCriteriaMet', [cond('SuccessCriteriaMet')], {}],
    ['Running', [], {}],
    ['Running', [cond('Suspended', 'False')], {}],
  ])('%s', (want, conditions, meta) => {
    expect(jobStatus(job('j', {}, { conditions }, meta))).toBe(want);
  });

  it('a terminal condition wins over a deletion in progress', () => {
    expect(jobStatus(job('j', {}, { conditions: [cond('Complete')] }, { deletionTimestamp: at(NOW_MS) }))).toBe('Complete');
  });

  it('the first condition of a type decides (hasJobCondition), a later True one does not count', () => {
    expect(jobStatus(job('j', {}, { conditions: [cond('Complete', 'False'), cond('Complete')] }))).toBe('Running');
  });
});

describe('printJob COMPLETIONS', () => {
  it.each([
    ['2/3', { completions: 3, parallelism: 2 }, 2],
    ['0/1', { completions: 1, parallelism: 1 }, undefined],
    ['1/1 of 4', { parallelism: 4 }, 1],
    ['5/1', { parallelism: 1 }, 5],
    ['0/1', {}, undefined],
    ['4/10', { completions: 10, parallelism: 3, completionMode: 'Indexed' }, 4],
  ])('%s', (want, spec, succeeded) => {
    expect(jobCompletions(job('j', spec, succeeded === undefined ? {} : { succeeded }))).toBe(want);
  });
});

describe('printJob DURATION (HumanDuration)', () => {
  it('is empty before the Job starts', () => {
    expect(jobDuration(job('j', {}, {}), NOW_MS)).toBe('');
  });
  it('runs from startTime to now while there is no completionTime', () => {
    expect(jobDuration(job('j', {}, { startTime: at(NOW_MS - 95_000) }), NOW_MS)).toBe('95s');
    expect(jobDuration(job('j', {}, { startTime: at(NOW_MS - 400_000) }), NOW_MS)).toBe('6m40s');
  });
  it('is startTime to completionTime once complete, however long ago that was', () => {
    expect(jobDuration(job('j', {}, { startTime: at(60_000), completionTime: at(86_000) }), NOW_MS)).toBe('26s');
    expect(jobDuration(job('j', {}, { startTime: at(0), completionTime: at(2 * 3600_000 + 5 * 60_000) }), NOW_MS)).toBe('125m');
  });
});

describe('kubectl get jobs', () => {
  const jobs = [
    job('pi', { completions: 3, parallelism: 2 }, { succeeded: 3, startTime: at(NOW_MS - 600_000), completionTime: at(NOW_MS - 574_000), conditions: [cond('SuccessCriteriaMet'), cond('Complete')] }),
    job('always-fails', { completions: 1, parallelism: 1 }, { failed: 4, startTime: at(NOW_MS - 600_000), conditions: [cond('FailureTarget'), cond('Failed')] }),
    job('queue', { parallelism: 3 }, { active: 3, startTime: at(NOW_MS - 30_000) }),
  ];

  it('prints NAME STATUS COMPLETIONS DURATION AGE', () => {
    expect(renderTable('Job', jobs, { wide: false, allNamespaces: false, nowMs: NOW_MS })).toBe(
      [
        'NAME           STATUS     COMPLETIONS   DURATION   AGE',
        'pi             Complete   3/3           26s        10m',
        'always-fails   Failed     0/1           10m        10m',
        'queue          Running    0/1 of 3      30s        10m',
        '',
      ].join('\n'),
    );
  });

  it('-o wide adds the template containers, images and the selector', () => {
    const wide = renderTable('Job', [jobs[0]!], { wide: true, allNamespaces: false, nowMs: NOW_MS }).split('\n');
    expect(wide[0]).toMatch(/^NAME +STATUS +COMPLETIONS +DURATION +AGE +CONTAINERS +IMAGES +SELECTOR$/);
    expect(wide[1]).toMatch(/^pi +Complete +3\/3 +26s +10m +main,side +busybox,envoy:1\.30 +batch\.kubernetes\.io\/controller-uid=uid-pi$/);
  });
});

describe('kubectl get cronjobs', () => {
  const cronJob = (name: string, spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default', creationTimestamp: at(NOW_MS - 2 * 3600_000) },
    spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'backup', image: 'restic:0.17' }] } } } }, ...spec },
    status,
  });
  const cjs = [
    cronJob('backup', { suspend: false }, { active: [{ name: 'backup-1' }, { name: 'backup-2' }], lastScheduleTime: at(NOW_MS - 240_000) }),
    cronJob('report', { schedule: '0 3 * * *', timeZone: 'Europe/Paris', suspend: true }, {}),
    cronJob('legacy', {}, {}),
  ];

  it('prints SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE, `<none>` for what is unset', () => {
    expect(renderTable('CronJob', cjs, { wide: false, allNamespaces: false, nowMs: NOW_MS })).toBe(
      [
        'NAME     SCHEDULE      TIMEZONE       SUSPEND   ACTIVE   LAST SCHEDULE   AGE',
        'backup   */5 * * * *   <none>         False     2        4m              120m',
        'report   0 3 * * *     Europe/Paris   True      0        <none>          120m',
        'legacy   */5 * * * *   <none>         <unset>   0        <none>          120m',
        '',
      ].join('\n'),
    );
  });

  it('-o wide reads containers from the job template; a job template without a selector prints <none>', () => {
    const [, row] = renderTable('CronJob', [cjs[0]!], { wide: true, allNamespaces: false, nowMs: NOW_MS }).split('\n');
    expect(row).toMatch(/ +120m +backup +restic:0\.17 +<none>$/);
  });
});
