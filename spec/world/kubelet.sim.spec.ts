import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import type { Pod } from '../../src/api/pod.js';
import type { RunResult } from '../../src/engine/engine.js';
import { listKind } from '../../src/state/queries.js';
import { stateAt } from '../../src/state/replay.js';
import { at, nodesOf, pod, pool, replicaSet, runCluster } from '../support/fixtures.js';

const ok = (r: ReturnType<typeof runCluster>): RunResult => {
  if (isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};
const NO_JITTER = { imagePullMs: 2000, containerStartMs: 1000, jitter: 0, shutdown: 'grace' as const };
const times = (r: RunResult, type: string) => r.records.filter((x) => x.event.type === type).map((x) => x.timeMs);

describe('kubelet model', () => {
  it('waits for the slowest readiness probe initialDelaySeconds before Ready', () => {
    const probed: KubeObject = { ...pod('p', { nodeName: 'worker-0' }), spec: { nodeName: 'worker-0', containers: [{ name: 'a', image: 'x', readinessProbe: { httpGet: { port: 80 }, initialDelaySeconds: 5 } }, { name: 'b', image: 'y', readinessProbe: { tcpSocket: { port: 80 }, initialDelaySeconds: 12 } }] } };
    const r = ok(runCluster([...nodesOf(pool('worker', 1)), probed], [], { kubelet: NO_JITTER }));
    expect(times(r, 'PodContainersStarted')).toEqual([3000]);
    expect(times(r, 'PodBecameReady')).toEqual([15_000]);
  });

  it('keeps a deleted pod Terminating for its grace period, then removes it; `shutdown` shortens that', () => {
    const del = at(10_000, { actor: 'scenario', reason: 'Deleted', action: { type: 'Delete', ref: { kind: 'Pod', namespace: 'default', name: 'p' } } });
    const setup = [...nodesOf(pool('worker', 1)), pod('p', { nodeName: 'worker-0' })];
    const grace = ok(runCluster(setup, [del], { kubelet: NO_JITTER }));
    expect(times(grace, 'ObjectDeleting')).toEqual([10_000]);
    expect(times(grace, 'ObjectDeleted')).toEqual([40_000]);
    const quick = ok(runCluster(setup, [del], { kubelet: { ...NO_JITTER, shutdown: { ms: 2000 } } }));
    expect(times(quick, 'ObjectDeleted')).toEqual([12_000]);
  });

  it('gives each pod on a node its own IP from the node podCIDR, reusing freed ones', () => {
    const r = ok(runCluster([...nodesOf(pool('worker', 2)), replicaSet('web', 4, { cpu: '10m' })], [
      at(20_000, { actor: 'scenario', reason: 'Scaled', action: { type: 'Scale', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web' }, replicas: 0 } }),
      at(60_000, { actor: 'scenario', reason: 'Scaled', action: { type: 'Scale', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web' }, replicas: 4 } }),
    ], { durationMs: 120_000, kubelet: NO_JITTER }));
    const ipsAt = (t: number) => (listKind(stateAt(r.records, t), 'Pod') as unknown as Pod[]).map((p) => `${p.spec.nodeName ?? ''} ${p.status?.podIP ?? ''}`).sort();
    const first = ipsAt(10_000);
    expect(new Set(first).size).toBe(4);
    for (const line of first) expect(line).toMatch(/^worker-0 10\.128\.0\.[2-5]$|^worker-1 10\.128\.1\.[2-5]$/);
    // after every pod was deleted and four new ones placed: each node hands out .2, .3, … again
    const again = ipsAt(70_000);
    expect(again).toHaveLength(4);
    for (const node of ['worker-0', 'worker-1']) {
      const hosts = again.filter((l) => l.startsWith(`${node} `)).map((l) => Number(l.split('.').pop()));
      expect(hosts).toEqual(hosts.map((_, i) => i + 2));
    }
  });

  it('spreads start-up times with seeded jitter, the same for the same seed', () => {
    const run = (seed: number) => times(ok(runCluster([...nodesOf(pool('worker', 2)), replicaSet('web', 6, { cpu: '10m' })], [], { seed, kubelet: { ...NO_JITTER, jitter: 0.5 } })), 'PodContainersStarted');
    expect(run(3)).toEqual(run(3));
    expect(new Set(run(3)).size).toBeGreaterThan(1);
    for (const t of run(3)) expect(t >= 1000 && t <= 5000, `start at ${t} ms`).toBe(true);
  });
});
