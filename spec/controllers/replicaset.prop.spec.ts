import { isLeft } from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/pod.js';
import { isPodActive, isPodReady } from '../../src/api/pod.js';
import { listKind } from '../../src/state/queries.js';
import { stateAt } from '../../src/state/replay.js';
import { at, nodesOf, pool, replicaSet, runCluster } from '../support/fixtures.js';

const LAST_CHANGE_MS = 60_000;
const SETTLE_MS = 60_000; // pull + start ≤ 3.6 s with jitter, grace 30 s: a minute is ample
const END_MS = LAST_CHANGE_MS + SETTLE_MS + 60_000;

describe('ReplicaSet convergence (property)', () => {
  it('under random scale changes on a cluster with room, converges to exactly `replicas` Ready pods and stays there', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 8 }),
        fc.array(fc.record({ atSec: fc.integer({ min: 1, max: LAST_CHANGE_MS / 1000 }), replicas: fc.integer({ min: 0, max: 12 }) }), { maxLength: 6 }),
        (seed, initial, changes) => {
          const sorted = [...changes].sort((a, b) => a.atSec - b.atSec);
          const inputs = sorted.map((c) => at(c.atSec * 1000, { actor: 'scenario', reason: 'Scaled', action: { type: 'Scale', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web' }, replicas: c.replicas } }));
          const run = runCluster([...nodesOf(pool('worker', 3)), replicaSet('web', initial)], inputs, { seed, durationMs: END_MS });
          if (isLeft(run)) throw new Error(`seed ${seed}: ${JSON.stringify(run.left)}`);
          const want = sorted.length === 0 ? initial : (sorted[sorted.length - 1]?.replicas ?? initial);
          for (const t of [LAST_CHANGE_MS + SETTLE_MS, END_MS]) {
            const pods = listKind(stateAt(run.right.records, t), 'Pod') as unknown as Pod[];
            const active = pods.filter(isPodActive);
            expect({ seed, t, active: active.length, ready: active.filter(isPodReady).length, all: pods.length }).toEqual({ seed, t, active: want, ready: want, all: want });
          }
        },
      ),
      { seed: 20261122, numRuns: 40 },
    );
  });
});
