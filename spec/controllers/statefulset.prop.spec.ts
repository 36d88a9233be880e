import { isLeft } from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import type { Pod } from '../../src/api/pod.js';
import { isPodReady } from '../../src/api/pod.js';
import type { Input } from '../../src/engine/engine.js';
import type { EventRecord } from '../../src/log/events.js';
import { evolve } from '../../src/state/evolve.js';
import { getObject, getPod, listKind } from '../../src/state/queries.js';
import type { ClusterState } from '../../src/state/state.js';
import { emptyState } from '../../src/state/state.js';
import { at, nodesOf, pool, runCluster } from '../support/fixtures.js';
import { statefulSet, storageClass, withImage } from '../support/statefulset.js';

const LAST_CHANGE_MS = 60_000;
const END_MS = LAST_CHANGE_MS + 150_000; // ≤ 6 pods × (start 3 s + grace 2 s) per rollout, with room to spare
const RUNS = process.env['KUBESIM_LONG'] === '1' ? 200 : 12;
const kubelet = { imagePullMs: 2000, containerStartMs: 1000, jitter: 0.2, shutdown: { ms: 2000 } } as const;

type Change = { readonly atSec: number } & ({ readonly scale: number } | { readonly image: number });

const changeInput = (c: Change): Input => {
  if ('scale' in c) return at(c.atSec * 1000, { actor: 'scenario', reason: 'Scaled', action: { type: 'Scale', ref: { kind: 'StatefulSet', namespace: 'default', name: 'web' }, replicas: c.scale } });
  return {
    atMs: c.atSec * 1000,
    source: `image change at ${c.atSec}s`,
    actor: 'scenario',
    abortOnRejection: true,
    requests: (state) => {
      const current = getObject(state, 'StatefulSet', 'default', 'web') as KubeObject;
      return [{ actor: 'scenario', reason: 'Applied', action: { type: 'Update', object: withImage(current, `nginx:1.${c.image}`) } }];
    },
  };
};

const isRunningAndReady = (p: Pod | undefined): boolean => p !== undefined && p.status?.phase === 'Running' && isPodReady(p) && p.metadata.deletionTimestamp === undefined;

/** What must hold at every record, judged on the state just before it. */
const stepViolation = (before: ClusterState, record: EventRecord, ordered: boolean, retain: boolean): string | undefined => {
  const e = record.event;
  if (retain && (e.type === 'ObjectDeleting' || e.type === 'ObjectDeleted') && e.ref.kind === 'PersistentVolumeClaim') return `claim ${e.ref.name} deleted under Retain`;
  if (!ordered || e.type !== 'ObjectCreated' || e.object.kind !== 'Pod') return undefined;
  const ordinal = Number(e.object.metadata.name.replace(/^web-/, ''));
  for (let k = 0; k < ordinal; k++) if (!isRunningAndReady(getPod(before, 'default', `web-${k}`))) return `web-${ordinal} created while web-${k} is not Running and Ready`;
  return undefined;
};

const duplicateIndex = (state: ClusterState): string | undefined => {
  const seen = new Set<string>();
  for (const p of listKind(state, 'Pod', 'default')) {
    const index = p.metadata.labels?.['apps.kubernetes.io/pod-index'] ?? '';
    if (seen.has(index)) return `two pods with ordinal ${index}`;
    seen.add(index);
  }
  return undefined;
};

describe('StatefulSet (property)', () => {
  it('under random scales and template changes: ordered creation at every step, unique ordinals, claims kept under Retain, and convergence', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom('OrderedReady' as const, 'Parallel' as const),
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom('Retain' as const, 'Delete' as const),
        fc.array(fc.oneof(fc.record({ atSec: fc.integer({ min: 1, max: 60 }), scale: fc.integer({ min: 0, max: 5 }) }), fc.record({ atSec: fc.integer({ min: 1, max: 60 }), image: fc.integer({ min: 1, max: 3 }) })), { maxLength: 5 }),
        (seed, replicas, policy, partition, whenScaled, changes) => {
          const sorted = [...changes].sort((a, b) => a.atSec - b.atSec);
          const set = statefulSet('web', replicas, { policy, partition, claims: ['data'], whenScaled });
          const run = runCluster([...nodesOf(pool('worker', 3)), storageClass(), set], sorted.map(changeInput), { seed, durationMs: END_MS, kubelet });
          if (isLeft(run)) throw new Error(`seed ${seed}: ${JSON.stringify(run.left)}`);
          let state = emptyState;
          for (const record of run.right.records) {
            const broken = stepViolation(state, record, policy === 'OrderedReady', whenScaled === 'Retain');
            state = evolve(state, record);
            expect(broken ?? duplicateIndex(state), `seed ${seed}, seq ${record.seq}`).toBeUndefined();
          }
          const want = [...sorted].reverse().find((c): c is Change & { scale: number } => 'scale' in c)?.scale ?? replicas;
          const sts = getObject(state, 'StatefulSet', 'default', 'web') as unknown as { status?: { updateRevision?: string } };
          const pods = listKind(state, 'Pod', 'default') as unknown as Pod[];
          expect({ seed, pods: pods.map((p) => p.metadata.name) }).toEqual({ seed, pods: Array.from({ length: want }, (_, i) => `web-${i}`) });
          expect({ seed, ready: pods.filter(isRunningAndReady).length }).toEqual({ seed, ready: want });
          const stale = pods.filter((p, i) => i >= partition && p.metadata.labels?.['controller-revision-hash'] !== sts.status?.updateRevision);
          expect({ seed, stale: stale.map((p) => p.metadata.name) }).toEqual({ seed, stale: [] });
        },
      ),
      { seed: 20261123, numRuns: RUNS },
    );
  });
});
