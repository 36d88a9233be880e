import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/pod.js';
import { isPodActive } from '../../src/api/pod.js';
import type { ReplicaSet } from '../../src/api/replicaset.js';
import type { RunResult } from '../../src/engine/engine.js';
import { listKind } from '../../src/state/queries.js';
import { historyOf } from '../../src/state/history.js';
import { replay, stateAt } from '../../src/state/replay.js';
import type { Input } from '../../src/engine/engine.js';
import type { KubeObject } from '../../src/api/meta.js';
import type { DeploymentOpts } from '../support/deployment.js';
import { apply, deployment, deploymentIn, replicaSetsOf, scaleTo } from '../support/deployment.js';
import { at, nodesOf, pool, runCluster } from '../support/fixtures.js';

const run = (setup: KubeObject[], inputs: Input[], durationMs: number): RunResult => {
  const result = runCluster([...nodesOf(pool('worker', 4)), ...setup], inputs, { durationMs });
  if (isLeft(result)) throw new Error(JSON.stringify(result.left));
  return result.right;
};

const byRevision = (rss: ReplicaSet[]): ReplicaSet[] =>
  [...rss].sort((a, b) => Number(a.metadata.annotations?.['deployment.kubernetes.io/revision']) - Number(b.metadata.annotations?.['deployment.kubernetes.io/revision']));

const sizes = (r: RunResult, atMs: number, name = 'web'): number[] => byRevision(replicaSetsOf(stateAt(r.records, atMs), name)).map((rs) => rs.spec.replicas ?? 1);

const v2 = (replicas: number, opts: DeploymentOpts = {}): KubeObject => deployment('web', replicas, { ...opts, image: 'nginx:1.28' });

describe('Deployment controller (engine runs)', () => {
  it('rolls 10 replicas from v1 to v2 within 25%/25%: never more than 13 pods asked for, never fewer than 8 available, then complete', () => {
    const r = run([deployment('web', 10)], [at(60_000, apply(v2(10)))], 180_000);
    const h = historyOf(r.records);
    for (let t = 60_000; t <= 180_000; t += 1000) {
      const s = h.stateAt(h.seqAt(t));
      expect(replicaSetsOf(s, 'web').reduce((n, rs) => n + (rs.spec.replicas ?? 1), 0), `t=${t}`).toBeLessThanOrEqual(13);
      expect(deploymentIn(s, 'web')?.status?.availableReplicas ?? 0, `t=${t}`).toBeGreaterThanOrEqual(8);
    }
    const end = stateAt(r.records, 180_000);
    const d = deploymentIn(end, 'web');
    expect(d?.status).toMatchObject({ replicas: 10, updatedReplicas: 10, availableReplicas: 10, observedGeneration: 2 });
    expect(d?.status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable'],
      ['Progressing', 'True', 'NewReplicaSetAvailable'],
    ]);
    const [oldRS, newRS] = byRevision(replicaSetsOf(end, 'web'));
    expect(oldRS?.spec.replicas).toBe(0);
    expect(newRS?.spec.replicas).toBe(10);
    expect(d?.status?.conditions?.[1]?.message).toBe(`ReplicaSet "${newRS?.metadata.name}" has successfully progressed.`);
    expect(d?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
  });

  it('Recreate scales the old ReplicaSet to 0 and creates the new one only once the old pods are gone', () => {
    const r = run([deployment('web', 3, { strategy: 'Recreate' })], [at(30_000, apply(v2(3, { strategy: 'Recreate' })))], 120_000);
    const index = r.records.findIndex((x) => x.event.type === 'ObjectCreated' && x.event.object.kind === 'ReplicaSet' && x.timeMs > 0);
    const created = r.records[index];
    expect(created).toBeDefined();
    const before = replay(r.records.slice(0, index));
    const oldPods = (listKind(before, 'Pod') as unknown as Pod[]).filter((p) => p.metadata.labels?.['app'] === 'web');
    expect(oldPods.map((p) => [p.metadata.name, p.status?.phase, p.metadata.deletionTimestamp])).toEqual([]); // no old pod, not even a terminating one, when the new ReplicaSet appears
    expect((created?.timeMs ?? 0) - 30_000).toBeGreaterThanOrEqual(25_000); // the 30 s grace period of the old pods
    expect(deploymentIn(stateAt(r.records, 120_000), 'web')?.status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
  });

  it('a paused Deployment does not roll out a template change but still scales; resuming rolls it out', () => {
    const paused = (replicas: number): KubeObject => v2(replicas, { paused: true });
    const r = run([deployment('web', 4)], [at(30_000, apply(paused(4))), at(40_000, scaleTo('web', 6)), at(60_000, apply(v2(6)))], 150_000);
    expect(sizes(r, 50_000)).toEqual([6]);
    const pausedCond = deploymentIn(stateAt(r.records, 50_000), 'web')?.status?.conditions?.find((c) => c.type === 'Progressing');
    expect([pausedCond?.status, pausedCond?.reason, pausedCond?.message]).toEqual(['Unknown', 'DeploymentPaused', 'Deployment is paused']);
    expect(sizes(r, 150_000)).toEqual([0, 6]);
    expect(deploymentIn(stateAt(r.records, 150_000), 'web')?.status).toMatchObject({ updatedReplicas: 6, availableReplicas: 6 });
  });

  it('a scale in the middle of a rollout is shared out in proportion, then the rollout completes at the new size', () => {
    // pods never get ready during the first rollout step: the readiness probe holds them 60 s
    const r = run([deployment('web', 10)], [at(30_000, apply(v2(10, { readinessDelaySeconds: 60 }))), at(35_000, scaleTo('web', 20))], 300_000);
    // at 30 s: new 3 and old 10→8, then new 3→5 (13 in all, 8 available); the scale to 20 (max 25)
    // adds 12, largest first: old round(8·25/13)−8 = +7, new min(round(5·25/13)−5, 12−7) = +5
    expect(sizes(r, 34_000)).toEqual([8, 5]);
    expect(sizes(r, 35_000)).toEqual([15, 10]);
    expect(replicaSetsOf(stateAt(r.records, 35_000), 'web').every((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'] === '20')).toBe(true);
    expect(deploymentIn(stateAt(r.records, 300_000), 'web')?.status).toMatchObject({ replicas: 20, updatedReplicas: 20, availableReplicas: 20 });
  });

  it('pods that never get ready exceed the progress deadline: Progressing False, ProgressDeadlineExceeded', () => {
    const r = run([deployment('web', 2, { progressDeadlineSeconds: 30 })], [at(10_000, apply(v2(2, { progressDeadlineSeconds: 30, readinessDelaySeconds: 3600 })))], 120_000);
    const d = deploymentIn(stateAt(r.records, 120_000), 'web');
    const newRS = byRevision(replicaSetsOf(stateAt(r.records, 120_000), 'web'))[1];
    const progressing = d?.status?.conditions?.find((c) => c.type === 'Progressing');
    expect([progressing?.status, progressing?.reason, progressing?.message]).toEqual(['False', 'ProgressDeadlineExceeded', `ReplicaSet "${newRS?.metadata.name}" has timed out progressing.`]);
    // the deadline counts from the last progress (the new pods were created at 10 s): timed out between 41 s and 42 s
    const timedOutAt = r.records.find((x) => x.event.type === 'StatusUpdated' && JSON.stringify(x.event.status).includes('ProgressDeadlineExceeded'))?.timeMs ?? 0;
    expect(timedOutAt).toBeGreaterThan(40_000);
    expect(timedOutAt).toBeLessThanOrEqual(42_000);
  });

  it('keeps revisionHistoryLimit old ReplicaSets, deleting the lowest revisions first', () => {
    const images = ['nginx:1.28', 'nginx:1.29', 'nginx:1.30'];
    const inputs = images.map((image, i) => at(30_000 * (i + 1), apply(deployment('web', 2, { image, revisionHistoryLimit: 1 }))));
    const r = run([deployment('web', 2, { revisionHistoryLimit: 1 })], inputs, 180_000);
    const left = byRevision(replicaSetsOf(stateAt(r.records, 180_000), 'web')).map((rs) => [rs.metadata.annotations?.['deployment.kubernetes.io/revision'], rs.spec.replicas]);
    expect(left).toEqual([
      ['3', 0],
      ['4', 2],
    ]);
  });

  it('a rollout restart (restartedAt annotation on the template) replaces every pod', () => {
    const restarted = deployment('web', 3, { templateAnnotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:30Z' } });
    const r = run([deployment('web', 3)], [at(30_000, apply(restarted))], 120_000);
    const end = stateAt(r.records, 120_000);
    const pods = (listKind(end, 'Pod') as unknown as Pod[]).filter(isPodActive);
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'] === '2025-01-01T00:00:30Z')).toBe(true);
    expect(sizes(r, 120_000)).toEqual([0, 3]);
  });

  it('rolling back to an earlier template reuses its ReplicaSet with the next revision and records the old one', () => {
    const r = run([deployment('web', 2)], [at(30_000, apply(v2(2))), at(90_000, apply(deployment('web', 2)))], 180_000);
    const rss = byRevision(replicaSetsOf(stateAt(r.records, 180_000), 'web'));
    expect(rss).toHaveLength(2);
    expect(rss[1]?.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect(rss.map((rs) => rs.spec.replicas)).toEqual([0, 2]);
  });
});
