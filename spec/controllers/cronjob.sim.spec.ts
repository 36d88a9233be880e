import { isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import type { EventRecord } from '../../src/log/events.js';
import { getObject } from '../../src/state/queries.js';
import { nodesOf, pool, runCluster } from '../support/fixtures.js';
import { cronJob, runName, simAt } from './cronjob-fixtures.js';

const HOUR = 3_600_000;
const jobsCreated = (records: readonly EventRecord[]): { name: string; timeMs: number }[] =>
  records.flatMap((r) => (r.event.type === 'ObjectCreated' && r.event.object.kind === 'Job' ? [{ name: r.event.object.metadata.name, timeMs: r.timeMs }] : []));

const run = (cj: KubeObject, durationMs: number) => {
  const r = runCluster([...nodesOf(pool('worker', 2)), cj], [], { durationMs });
  if (!isRight(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

describe('CronJob over simulated hours (engine run)', () => {
  it('an @hourly CronJob (Allow) creates one Job per hour, on the tick after each hour, named after it', () => {
    const r = run(cronJob('report', '@hourly'), 3 * HOUR + 60_000);
    expect(jobsCreated(r.records)).toEqual([1, 2, 3].map((h) => ({ name: runName('report', `2025-01-01T0${h}:00:00Z`), timeMs: h * HOUR + 1000 })));
    const status = getObject(r.state, 'CronJob', 'default', 'report')?.['status'] as { lastScheduleTime: string; active: unknown[] };
    expect(status.lastScheduleTime).toBe('2025-01-01T03:00:00Z');
    expect(status.active).toHaveLength(3);
  });

  it('*/20 with Forbid: a Job that never finishes (its pod runs on) blocks every later run', () => {
    const r = run(cronJob('backup', '*/20 * * * *', { concurrencyPolicy: 'Forbid' }), 2 * HOUR);
    expect(jobsCreated(r.records)).toEqual([{ name: runName('backup', '2025-01-01T00:20:00Z'), timeMs: simAt('2025-01-01T00:20:01Z') }]);
    const status = getObject(r.state, 'CronJob', 'default', 'backup')?.['status'] as { lastScheduleTime: string; active: unknown[] };
    expect(status.lastScheduleTime).toBe('2025-01-01T00:20:00Z');
    expect(status.active).toHaveLength(1);
  });

  it('is idle between runs: a day of @daily costs a handful of controller events', () => {
    const r = run(cronJob('nightly', '@daily', { timeZone: 'Europe/Paris' }), 25 * HOUR);
    expect(jobsCreated(r.records)).toEqual([{ name: runName('nightly', '2025-01-01T23:00:00Z'), timeMs: simAt('2025-01-01T23:00:01Z') }]);
    expect(r.records.filter((x) => x.actor === 'cronjob-controller').length).toBeLessThanOrEqual(3);
  });

  it('with the Job controller: Jobs that finish free status.active, set lastSuccessfulTime, and only the newest 3 are kept', () => {
    const base = cronJob('tick', '*/10 * * * *');
    const spec = base['spec'] as { jobTemplate: { spec: { template: Record<string, unknown> } } };
    const template = { ...spec.jobTemplate.spec.template, metadata: { annotations: { 'kubesim.io/run-duration': '1m' } } };
    const cj = { ...base, spec: { ...spec, jobTemplate: { ...spec.jobTemplate, spec: { ...spec.jobTemplate.spec, template } } } };
    const r = run(cj, HOUR + 5 * 60_000);
    expect(jobsCreated(r.records).map((j) => j.name)).toEqual([10, 20, 30, 40, 50, 60].map((m) => `tick-${Date.UTC(2025, 0, 1) / 60_000 + m}`));
    const status = getObject(r.state, 'CronJob', 'default', 'tick')?.['status'] as { active?: unknown[]; lastScheduleTime: string; lastSuccessfulTime?: string };
    expect(status.active).toBeUndefined();
    expect(status.lastScheduleTime).toBe('2025-01-01T01:00:00Z');
    expect(Date.parse(status.lastSuccessfulTime ?? '')).toBeGreaterThan(Date.parse('2025-01-01T01:01:00Z'));
    const left = [40, 50, 60].map((m) => `tick-${Date.UTC(2025, 0, 1) / 60_000 + m}`);
    expect(left.map((n) => getObject(r.state, 'Job', 'default', n)?.metadata.name)).toEqual(left);
    expect(getObject(r.state, 'Job', 'default', `tick-${Date.UTC(2025, 0, 1) / 60_000 + 30}`)).toBeUndefined();
  });
});
