import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import type { Pod } from '../../src/api/pod.js';
import { isPodReady } from '../../src/api/pod.js';
import type { DaemonSet } from '../../src/api/workloads.js';
import type { RunResult } from '../../src/engine/engine.js';
import { getObject, listKind } from '../../src/state/queries.js';
import { stateAt } from '../../src/state/replay.js';
import { nodeObject } from '../../src/world/nodes.js';
import { daemonSet } from '../support/daemonset.js';
import { at, nodesOf, pool, runCluster } from '../support/fixtures.js';

const run = (...args: Parameters<typeof runCluster>): RunResult => {
  const r = runCluster(...args);
  if (isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};
const dsAt = (r: RunResult, ms: number): DaemonSet => getObject(stateAt(r.records, ms), 'DaemonSet', 'default', 'agent') as unknown as DaemonSet;
const podsAt = (r: RunResult, ms: number): Pod[] => (listKind(stateAt(r.records, ms), 'Pod') as unknown as Pod[]).filter((p) => p.metadata.deletionTimestamp === undefined);

describe('DaemonSet in a running cluster', () => {
  it('a node that joins at 30s gets a daemon pod, bound by the default scheduler, and a tainted joiner does not', () => {
    const joiner = nodeObject(pool('worker', 1), 3, 3, 30_000);
    const tainted = nodeObject({ ...pool('gpu', 1), taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] }, 0, 4, 30_000);
    const r = run([...nodesOf(pool('worker', 3)), daemonSet('agent')], [at(30_000, { actor: 'scenario', reason: 'Applied', action: { type: 'Create', object: joiner } }, { actor: 'scenario', reason: 'Applied', action: { type: 'Create', object: tainted } })]);
    expect(dsAt(r, 29_000).status).toMatchObject({ desiredNumberScheduled: 3, numberReady: 3, numberAvailable: 3 });
    const after = podsAt(r, 60_000);
    expect(after.map((p) => p.spec.nodeName).sort()).toEqual(['worker-0', 'worker-1', 'worker-2', 'worker-3']);
    expect(after.every(isPodReady)).toBe(true);
    expect(dsAt(r, 60_000).status).toMatchObject({ desiredNumberScheduled: 4, currentNumberScheduled: 4, numberReady: 4, updatedNumberScheduled: 4, numberMisscheduled: 0 });
  });

  it('a template change rolls through every node, at most one node without a ready pod at a time', () => {
    const ds = daemonSet('agent') as KubeObject & { spec: { template: { spec: { containers: { image: string }[] } } } };
    const v2 = { ...ds, spec: { ...ds.spec, template: { ...ds.spec.template, spec: { ...ds.spec.template.spec, containers: [{ ...ds.spec.template.spec.containers[0], image: 'agent:2' }] } } } } as KubeObject;
    const r = run([...nodesOf(pool('worker', 4)), ds], [at(30_000, { actor: 'scenario', reason: 'Applied', action: { type: 'Update', object: v2 } })], { durationMs: 400_000 });
    for (let t = 30_000; t <= 400_000; t += 1000) {
      const ready = podsAt(r, t).filter(isPodReady).length;
      expect(ready, `at ${t}ms`).toBeGreaterThanOrEqual(3);
    }
    const end = podsAt(r, 400_000);
    expect(end.map((p) => p.spec.containers[0]?.image)).toEqual(['agent:2', 'agent:2', 'agent:2', 'agent:2']);
    expect(dsAt(r, 400_000).status).toMatchObject({ desiredNumberScheduled: 4, updatedNumberScheduled: 4, numberAvailable: 4 });
  });
});
