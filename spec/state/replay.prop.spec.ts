import { isLeft } from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLog, encodeLog } from '../../src/log/ndjson.js';
import { evolve } from '../../src/state/evolve.js';
import { replay, stateAt } from '../../src/state/replay.js';
import type { ClusterState } from '../../src/state/state.js';
import { emptyState } from '../../src/state/state.js';
import { at, nodesOf, pool, replicaSet, runCluster } from '../support/fixtures.js';

/** State as plain JSON with index sets sorted (members' order inside a set is not part of the state). */
const plain = (s: ClusterState): unknown =>
  JSON.parse(
    JSON.stringify({ ...s }, (_k, v: unknown) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? [...(v as string[])].sort() : v)),
  );

describe('replay', () => {
  it('folding the saved log reproduces the live state after every event', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 6 })), { maxLength: 4 }), (seed, scales) => {
        const inputs = scales.map(([sec, replicas]) => at(sec * 1000, { actor: 'scenario', reason: 'Scaled', action: { type: 'Scale', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web' }, replicas } }));
        const run = runCluster([...nodesOf(pool('worker', 2)), replicaSet('web', 3)], inputs, { seed, durationMs: 90_000, kubelet: { imagePullMs: 2000, containerStartMs: 1000, jitter: 0.5, shutdown: { ms: 5000 } } });
        if (isLeft(run)) throw new Error(`seed ${seed}: ${JSON.stringify(run.left)}`);
        const text = encodeLog({ kubesimLog: 1, kubesimVersion: 't', scenario: 's', seed, durationMs: 90_000 }, run.right.records, 90_000);
        const decoded = decodeLog(text);
        if (isLeft(decoded)) throw new Error(decoded.left.message);
        // event by event: the persistent fold equals the batched one at every prefix
        let state = emptyState;
        decoded.right.records.forEach((r, i) => {
          state = evolve(state, r);
          if (i % 7 === 0) expect(plain(state)).toEqual(plain(replay(decoded.right.records.slice(0, i + 1))));
        });
        expect(plain(state)).toEqual(plain(run.right.state));
        expect(plain(stateAt(decoded.right.records, 90_000))).toEqual(plain(run.right.state));
      }),
      { seed: 424242, numRuns: 15 },
    );
  });
});
