import { isLeft } from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeLog } from '../../src/log/ndjson.js';
import { at, nodesOf, pool, replicaSet, runCluster } from '../support/fixtures.js';

const logOf = (seed: number, nodes: number, sets: readonly { replicas: number; cpu: number }[], scales: readonly { atSec: number; set: number; replicas: number }[]): string => {
  const inputs = scales.map((s) => at(s.atSec * 1000, { actor: 'scenario', reason: 'Scaled', action: { type: 'Scale', ref: { kind: 'ReplicaSet', namespace: 'default', name: `rs-${s.set % Math.max(sets.length, 1)}` }, replicas: s.replicas } }));
  const setup = [...nodesOf(pool('worker', nodes, '2')), ...sets.map((s, i) => replicaSet(`rs-${i}`, s.replicas, { cpu: `${s.cpu}m` }))];
  const run = runCluster(setup, sets.length === 0 ? [] : inputs, { seed, durationMs: 120_000 });
  if (isLeft(run)) throw new Error(`seed ${seed}: ${JSON.stringify(run.left)}`);
  return encodeLog({ kubesimLog: 1, kubesimVersion: 't', scenario: 's', seed, durationMs: 120_000 }, run.right.records, 120_000);
};

describe('determinism (property)', () => {
  it('the same scenario and seed give byte-identical logs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.record({ replicas: fc.integer({ min: 0, max: 10 }), cpu: fc.integer({ min: 50, max: 1500 }) }), { maxLength: 3 }),
        fc.array(fc.record({ atSec: fc.integer({ min: 1, max: 90 }), set: fc.nat(), replicas: fc.integer({ min: 0, max: 10 }) }), { maxLength: 4 }),
        (seed, nodes, sets, scales) => {
          const sorted = [...scales].sort((a, b) => a.atSec - b.atSec);
          expect(logOf(seed, nodes, sets, sorted)).toBe(logOf(seed, nodes, sets, sorted));
        },
      ),
      { seed: 7, numRuns: 30 },
    );
  });
});
