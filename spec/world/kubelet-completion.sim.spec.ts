import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import type { Pod } from '../../src/api/pod.js';
import { getPod, usageOf } from '../../src/state/queries.js';
import { stateAt } from '../../src/state/replay.js';
import { crashBackOffMs } from '../../src/state/pod-status.js';
import { renderTimeline } from '../../src/report/timeline.js';
import { at, nodesOf, pod, pool, runCluster } from '../support/fixtures.js';
import { NO_JITTER, ok, times } from '../support/job.js';

const finite = (name: string, restartPolicy: string, annotations: Record<string, string>): KubeObject => {
  const p = pod(name, { nodeName: 'worker-0', cpu: '500m' });
  return { ...p, metadata: { ...p.metadata, annotations }, spec: { ...(p['spec'] as object), restartPolicy } };
};
const run = (o: KubeObject, durationMs = 60_000) => ok(runCluster([...nodesOf(pool('worker', 1)), o], [], { kubelet: NO_JITTER, durationMs }));
const podAt = (r: ReturnType<typeof run>, t: number): Pod => getPod(stateAt(r.records, t), 'default', 'p') as Pod;

describe('kubelet: pods that run to completion', () => {
  it('restartPolicy Never: Succeeded with exit 0, container terminated Completed, Ready False PodCompleted, resources freed', () => {
    const r = run(finite('p', 'Never', { 'kubesim.io/run-duration': '10s' }));
    expect(times(r, 'PodContainersExited')).toEqual([13_000]);
    const p = podAt(r, 20_000);
    expect(p.status?.phase).toBe('Succeeded');
    expect(p.status?.containerStatuses?.[0]?.state?.terminated).toEqual({ exitCode: 0, reason: 'Completed', startedAt: '2025-01-01T00:00:03Z', finishedAt: '2025-01-01T00:00:13Z' });
    expect(p.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(usageOf(stateAt(r.records, 12_000), 'worker-0').cpuMillis).toBe(500);
    expect(usageOf(stateAt(r.records, 20_000), 'worker-0').cpuMillis).toBe(0);
    expect(renderTimeline(r.records).some((l) => l.endsWith('default/p Succeeded (exit code 0)'))).toBe(true);
  });

  it('restartPolicy Never with a non-zero code: Failed, reason Error', () => {
    const p = podAt(run(finite('p', 'Never', { 'kubesim.io/run-duration': '5s', 'kubesim.io/exit-code': '3' })), 30_000);
    expect(p.status?.phase).toBe('Failed');
    expect(p.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
  });

  it('restartPolicy OnFailure: restarts after failures, then Succeeded once it exits 0', () => {
    const r = run(finite('p', 'OnFailure', { 'kubesim.io/run-duration': '5s', 'kubesim.io/exit-codes': '1,1,0' }), 120_000);
    // exits at 8 s (restart at once), 13 s (back-off 10 s → 23 s), then 28 s with 0
    expect(times(r, 'PodContainersRestarted')).toEqual([8000, 23_000]);
    const waiting = podAt(r, 15_000).status?.containerStatuses?.[0] as { state?: { waiting?: { reason?: string } }; lastState?: { terminated?: { exitCode?: number } } };
    expect(waiting.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(waiting.lastState?.terminated?.exitCode).toBe(1);
    const end = podAt(r, 120_000);
    expect(end.status?.phase).toBe('Succeeded');
    expect(end.status?.containerStatuses?.[0]?.restartCount).toBe(2);
  });

  it('restartPolicy Always restarts even after exit 0, with back-off 10 s doubling to 300 s', () => {
    const r = run(finite('p', 'Always', { 'kubesim.io/run-duration': '1s' }), 1_800_000);
    const restarts = r.records.filter((x) => x.event.type === 'PodContainersRestarted').map((x) => (x.event as { backOffMs: number }).backOffMs);
    expect(restarts.slice(0, 8)).toEqual([0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    expect(podAt(r, 1_800_000).status?.phase).toBe('Running');
    expect(renderTimeline(r.records).some((l) => l.endsWith('default/p restarted (restart 3, back-off 20s)'))).toBe(true);
  });

  it('crash back-off: 0 before the first restart, then 10 s doubling, capped at 300 s', () => {
    expect([0, 1, 2, 3, 5, 6, 7, 100].map(crashBackOffMs)).toEqual([0, 10_000, 20_000, 40_000, 160_000, 300_000, 300_000, 300_000]);
  });

  it('a completed pod is removed at once when deleted; a pod without run-duration runs until deleted', () => {
    const del = at(20_000, { actor: 'scenario', reason: 'Deleted', action: { type: 'Delete', ref: { kind: 'Pod', namespace: 'default', name: 'p' } } });
    const r = ok(runCluster([...nodesOf(pool('worker', 1)), finite('p', 'Never', { 'kubesim.io/run-duration': '2s' })], [del], { kubelet: NO_JITTER }));
    expect(podAt(r, 19_000).status?.phase).toBe('Succeeded');
    expect(times(r, 'ObjectDeleted', (e) => (e['ref'] as { kind: string }).kind === 'Pod')).toEqual([20_000]);
    const forever = run(finite('p', 'Never', {}));
    expect(times(forever, 'PodContainersExited')).toEqual([]);
  });
});
