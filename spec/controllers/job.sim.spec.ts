import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import type { Input } from '../../src/engine/engine.js';
import { getObject } from '../../src/state/queries.js';
import { at, nodesOf, pool, runCluster } from '../support/fixtures.js';
import { conditionTypes, job, jobAt, NO_JITTER, ok, times } from '../support/job.js';

const nodes = nodesOf(pool('worker', 2));

describe('Job controller (engine runs)', () => {
  it('runs 5 completions two at a time and completes', () => {
    const r = ok(runCluster([...nodes, job('pi', { completions: 5, parallelism: 2, run: '10s' })], [], { kubelet: NO_JITTER, durationMs: 120_000 }));
    const created = times(r, 'ObjectCreated', (e) => (e['object'] as { kind: string }).kind === 'Pod');
    expect(created).toHaveLength(5);
    const end = jobAt(r, 'pi', 120_000);
    expect(end.status?.succeeded).toBe(5);
    expect(conditionTypes(end)).toEqual(['SuccessCriteriaMet/CompletionsReached', 'Complete/CompletionsReached']);
    expect(end.status?.completionTime).toBeDefined();
    for (const t of [0, 5000, 14_000, 27_000, 40_000]) expect(jobAt(r, 'pi', t).status?.active ?? 0).toBeLessThanOrEqual(2);
  });
});

/** At `atMs`, sets the Job's spec.suspend (an update of the stored object, as kubectl patch does). */
const setSuspend = (atMs: number, name: string, suspend: boolean): Input => ({
  ...at(atMs),
  requests: (state) => {
    const j = getObject(state, 'Job', 'default', name) as KubeObject;
    return [{ actor: 'scenario', reason: 'Patched', action: { type: 'Update', object: { ...j, spec: { ...(j['spec'] as object), suspend } } } }];
  },
});

describe('Job controller: failures, deadlines, suspend', () => {
  it('recreates failed pods after 10 s, 20 s, 40 s and fails with BackoffLimitExceeded after backoffLimit + 1 failures', () => {
    const r = ok(runCluster([...nodesOf(pool('worker', 1)), job('fail', { backoffLimit: 3, run: '5s', exitCode: 1 })], [], { kubelet: NO_JITTER, durationMs: 300_000 }));
    expect(times(r, 'ObjectCreated', (e) => (e['object'] as { kind: string }).kind === 'Pod')).toEqual([0, 18_000, 46_000, 94_000]);
    const end = jobAt(r, 'fail', 300_000);
    expect(end.status?.failed).toBe(4);
    expect(conditionTypes(end)).toEqual(['FailureTarget/BackoffLimitExceeded', 'Failed/BackoffLimitExceeded']);
    expect(end.status?.conditions?.[1]?.message).toBe('Job has reached the specified backoff limit');
  });

  it('runs an Indexed Job with one pod per index and reports completedIndexes', () => {
    const r = ok(runCluster([...nodes, job('idx', { completions: 4, parallelism: 2, mode: 'Indexed', run: '5s' })], [], { kubelet: NO_JITTER, durationMs: 120_000 }));
    const names = r.records.filter((x) => x.event.type === 'ObjectCreated' && x.event.object.kind === 'Pod').map((x) => (x.event as { object: { metadata: { name: string; annotations?: Record<string, string> } } }).object.metadata);
    expect(names.map((m) => m.annotations?.['batch.kubernetes.io/job-completion-index'])).toEqual(['0', '1', '2', '3']);
    for (const m of names) expect(m.name).toMatch(/^idx-[0-3]-[a-z0-9]{5}$/);
    const end = jobAt(r, 'idx', 120_000);
    expect(end.status?.completedIndexes).toBe('0-3');
    expect(conditionTypes(end)).toContain('Complete/CompletionsReached');
  });

  it('fails with DeadlineExceeded at activeDeadlineSeconds, deleting the running pods first', () => {
    const r = ok(runCluster([...nodes, job('slow', { parallelism: 2, completions: 4, activeDeadlineSeconds: 20 })], [], { kubelet: NO_JITTER, durationMs: 120_000 }));
    expect(times(r, 'ObjectDeleting', (e) => (e['ref'] as { kind: string }).kind === 'Pod')).toEqual([20_000, 20_000]);
    expect(conditionTypes(jobAt(r, 'slow', 25_000))).toEqual(['FailureTarget/DeadlineExceeded']);
    const end = jobAt(r, 'slow', 120_000);
    expect(conditionTypes(end)).toEqual(['FailureTarget/DeadlineExceeded', 'Failed/DeadlineExceeded']);
    expect(end.status?.failed).toBe(2);
    // upstream v1.34: Failed only once the pods are gone (30 s grace)
    expect(end.status?.conditions?.[1]?.lastTransitionTime).toBe('2025-01-01T00:00:50Z');
  });

  it('suspends (pods deleted, not counted as failed) and resumes (startTime reset)', () => {
    const r = ok(runCluster([...nodes, job('s', { completions: 2, parallelism: 2, run: '30s' })], [setSuspend(10_000, 's', true), setSuspend(40_000, 's', false)], { kubelet: NO_JITTER, durationMs: 120_000 }));
    expect(times(r, 'ObjectDeleting', (e) => (e['ref'] as { kind: string }).kind === 'Pod')).toEqual([10_000, 10_000]);
    const paused = jobAt(r, 's', 20_000);
    expect(conditionTypes(paused)).toEqual(['Suspended/JobSuspended']);
    expect(paused.status?.failed).toBeUndefined();
    const resumed = jobAt(r, 's', 41_000);
    expect(resumed.status?.startTime).toBe('2025-01-01T00:00:40Z');
    expect(resumed.status?.conditions?.find((c) => c.type === 'Suspended')).toMatchObject({ status: 'False', reason: 'JobResumed', message: 'Job resumed' });
    expect(times(r, 'ObjectCreated', (e) => (e['object'] as { kind: string }).kind === 'Pod')).toEqual([0, 0, 40_000, 40_000]);
    expect(conditionTypes(jobAt(r, 's', 120_000))).toContain('Complete/CompletionsReached');
  });

  it('fails the Job at once on a podFailurePolicy FailJob exit code', () => {
    const policy = { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } }] };
    const r = ok(runCluster([...nodes, job('pfp', { completions: 3, parallelism: 1, run: '5s', exitCode: 42, podFailurePolicy: policy })], [], { kubelet: NO_JITTER, durationMs: 60_000 }));
    const end = jobAt(r, 'pfp', 60_000);
    expect(conditionTypes(end)).toEqual(['FailureTarget/PodFailurePolicy', 'Failed/PodFailurePolicy']);
    expect(end.status?.conditions?.[0]?.message).toMatch(/^Container main for pod default\/pfp-[a-z0-9]{5} failed with exit code 42 matching FailJob rule at index 0$/);
    expect(end.status?.failed).toBe(1);
  });

  it('restartPolicy OnFailure: container restarts count toward backoffLimit', () => {
    const r = ok(runCluster([...nodes, job('crash', { restartPolicy: 'OnFailure', backoffLimit: 2, run: '2s', exitCode: 1 })], [], { kubelet: NO_JITTER, durationMs: 120_000 }));
    expect(times(r, 'PodContainersRestarted')).toEqual([5000, 17_000]);
    expect(conditionTypes(jobAt(r, 'crash', 120_000))).toContain('Failed/BackoffLimitExceeded');
  });

  it('"fails twice, then succeeds" with kubesim.io/exit-codes', () => {
    const r = ok(runCluster([...nodes, job('flaky', { exitCodes: '1,1,0', run: '5s' })], [], { kubelet: NO_JITTER, durationMs: 120_000 }));
    const end = jobAt(r, 'flaky', 120_000);
    expect([end.status?.failed, end.status?.succeeded]).toEqual([2, 1]);
    expect(conditionTypes(end)).toContain('Complete/CompletionsReached');
  });
});
