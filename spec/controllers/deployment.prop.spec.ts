import { isLeft } from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Request } from '../../src/api/actions.js';
import { isPodActive } from '../../src/api/pod.js';
import type { Deployment } from '../../src/api/workloads.js';
import { maxSurgeOf, maxUnavailableOf } from '../../src/controllers/deployment-util.js';
import { evolve } from '../../src/state/evolve.js';
import { podsOwnedBy } from '../../src/state/queries.js';
import type { ClusterState } from '../../src/state/state.js';
import { emptyState } from '../../src/state/state.js';
import { apply, deployment, deploymentIn, replicaSetsOf, scaleTo } from '../support/deployment.js';
import { at, nodesOf, pool, runCluster } from '../support/fixtures.js';

const LAST_CHANGE_S = 60;
const END_MS = 240_000; // a rollout of ≤ 12 pods at ≤ 5 s minReady each step finishes well within 3 min
const NUM_RUNS = process.env['KUBESIM_LONG'] === '1' ? 300 : 12;

const intOrPercent = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('0%', '10%', '25%', '50%', '100%'));

const change = fc.record({
  atSec: fc.integer({ min: 1, max: LAST_CHANGE_S }),
  kind: fc.constantFrom('image', 'scale'),
  value: fc.integer({ min: 0, max: 8 }),
});

interface Case {
  readonly seed: number;
  readonly replicas: number;
  readonly maxSurge: number | string;
  readonly maxUnavailable: number | string;
  readonly minReadySeconds: number;
  readonly changes: readonly { atSec: number; kind: string; value: number }[];
}

const isZero = (v: number | string): boolean => v === 0 || v === '0%';

/**
 * upstream e2e (test/e2e/framework/deployment checkRollingUpdateStatus, used by
 * WaitForDeploymentCompleteAndCheckRolling) checks, while a rollout runs, that the
 * ReplicaSets' spec sizes add up to at most replicas + maxSurge and that
 * status.availableReplicas is at least replicas − maxUnavailable. We check that form at
 * every record, plus the same bound on the pods that are not terminating, from the moment
 * the Deployment was fully available until the next change of replicas (a resize moves
 * the bounds; they hold again once it is fully available at the new size).
 */
const checkBounds = (s: ClusterState, label: string): void => {
  const d = deploymentIn(s, 'web') as Deployment;
  const r = d.spec.replicas ?? 1;
  const rss = replicaSetsOf(s, 'web');
  const specSum = rss.reduce((n, rs) => n + (rs.spec.replicas ?? 1), 0);
  const activePods = rss.reduce((n, rs) => n + podsOwnedBy(s, rs.metadata.uid ?? '').filter(isPodActive).length, 0);
  expect(specSum, `${label}: Σ spec.replicas`).toBeLessThanOrEqual(r + maxSurgeOf(d));
  expect(activePods, `${label}: pods not terminating`).toBeLessThanOrEqual(r + maxSurgeOf(d));
  expect(d.status?.availableReplicas ?? 0, `${label}: status.availableReplicas`).toBeGreaterThanOrEqual(r - maxUnavailableOf(d));
};

const fullyAvailable = (d: Deployment): boolean => {
  const r = d.spec.replicas ?? 1;
  const s = d.status ?? {};
  return (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 1) && (s.updatedReplicas ?? 0) === r && (s.availableReplicas ?? 0) === r && (s.replicas ?? 0) === r;
};

const runCase = (c: Case): void => {
  const spec = (image: number, replicas: number) =>
    deployment('web', replicas, { image: `nginx:1.${image}`, maxSurge: c.maxSurge, maxUnavailable: c.maxUnavailable, minReadySeconds: c.minReadySeconds });
  let replicas = c.replicas;
  const inputs = [...c.changes]
    .sort((a, b) => a.atSec - b.atSec)
    .map((ch) => {
      const request: Request = ch.kind === 'scale' ? scaleTo('web', ch.value) : apply(spec(ch.value, replicas));
      if (ch.kind === 'scale') replicas = ch.value;
      return at(ch.atSec * 1000, request);
    });
  const run = runCluster([...nodesOf(pool('worker', 4)), spec(0, c.replicas)], inputs, { seed: c.seed, durationMs: END_MS });
  if (isLeft(run)) throw new Error(`seed ${c.seed}: ${JSON.stringify(run.left)}`);
  let state = emptyState;
  let armed = false;
  for (const record of run.right.records) {
    state = evolve(state, record);
    const d = deploymentIn(state, 'web');
    if (d === undefined) continue;
    if (record.event.type === 'ObjectScaled' && record.event.ref.kind === 'Deployment') armed = false;
    if (!armed && fullyAvailable(d)) armed = true;
    if (armed) checkBounds(state, `seed ${c.seed} #${record.seq} t=${record.timeMs}ms`);
  }
  const d = deploymentIn(state, 'web') as Deployment;
  const progressing = d.status?.conditions?.find((x) => x.type === 'Progressing');
  expect({ seed: c.seed, complete: fullyAvailable(d), reason: progressing?.reason }).toEqual({ seed: c.seed, complete: true, reason: 'NewReplicaSetAvailable' });
};

describe('Deployment rolling update (property)', () => {
  it('at every record keeps Σspec ≤ replicas + maxSurge and available ≥ replicas − maxUnavailable, and completes', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          replicas: fc.integer({ min: 1, max: 8 }),
          maxSurge: intOrPercent,
          maxUnavailable: intOrPercent,
          minReadySeconds: fc.integer({ min: 0, max: 5 }),
          changes: fc.array(change, { maxLength: 5 }),
        }),
        (c) => {
          fc.pre(!(isZero(c.maxSurge) && isZero(c.maxUnavailable))); // admission refuses both 0
          runCase(c);
        },
      ),
      { seed: 20260511, numRuns: NUM_RUNS },
    );
  });
});
