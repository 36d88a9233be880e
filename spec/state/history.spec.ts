import { isLeft } from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KubeObject, ObjectRef } from '../../src/api/meta.js';
import type { EventRecord } from '../../src/log/events.js';
import { evolve } from '../../src/state/evolve.js';
import { historyOf } from '../../src/state/history.js';
import { getObject, listKind } from '../../src/state/queries.js';
import type { ClusterState } from '../../src/state/state.js';
import { emptyState } from '../../src/state/state.js';
import { at, nodesOf, pool, replicaSet, runCluster } from '../support/fixtures.js';

const scale = (sec: number, replicas: number) =>
  at(sec * 1000, { actor: 'scenario', reason: 'Scaled', action: { type: 'Scale', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web' }, replicas } });

const recordsOf = (seed: number, scales: readonly (readonly [number, number])[]): readonly EventRecord[] => {
  const run = runCluster([...nodesOf(pool('worker', 2)), replicaSet('web', 3)], scales.map(([s, r]) => scale(s, r)), {
    seed,
    durationMs: 90_000,
    kubelet: { imagePullMs: 2000, containerStartMs: 1000, jitter: 0.5, shutdown: { ms: 5000 } },
  });
  if (isLeft(run)) throw new Error(`seed ${seed}: ${JSON.stringify(run.left)}`);
  return run.right.records;
};

const names = (os: readonly KubeObject[]): string[] => os.map((o) => o.metadata.name);

describe('log history', () => {
  it('reads every object at every instant exactly as evolve left it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 6 })), { maxLength: 4 }), (seed, scales) => {
        const records = recordsOf(seed, scales);
        const history = historyOf(records);
        expect(history.lastSeq).toBe(records.length);
        let state: ClusterState = emptyState;
        for (const r of records) {
          state = evolve(state, r);
          for (const kind of ['Pod', 'ReplicaSet', 'Node']) {
            const live = listKind(state, kind);
            expect(names(history.list(kind, r.seq))).toEqual(names(live));
            for (const o of live) expect(history.objectAt(kind, o.metadata.namespace, o.metadata.name, r.seq)).toEqual(o);
          }
          expect(history.stateAt(r.seq).nextStartNodeIndex).toBe(state.nextStartNodeIndex);
        }
      }),
      { seed: 77, numRuns: 8 },
    );
  });

  it('answers for an object deleted and created again under the same name with the one that existed then', () => {
    const records = recordsOf(3, [[10, 0], [40, 3]]);
    const history = historyOf(records);
    const deletedAt = records.find((r) => r.event.type === 'ObjectDeleted' && r.event.ref.kind === 'Pod') as EventRecord;
    const ref = (deletedAt.event as { ref: { namespace: string; name: string } }).ref;
    expect(history.objectAt('Pod', ref.namespace, ref.name, deletedAt.seq - 1)?.metadata.name).toBe(ref.name);
    expect(history.objectAt('Pod', ref.namespace, ref.name, deletedAt.seq)).toBeUndefined();
    let state: ClusterState = emptyState;
    for (const r of records.slice(0, deletedAt.seq)) state = evolve(state, r);
    expect(history.stateAt(deletedAt.seq).objects.get('Pod')?.size ?? 0).toBe(state.objects.get('Pod')?.size ?? 0);
  });

  it('finds the instant that settled at or before a time', () => {
    const records = recordsOf(5, []);
    const history = historyOf(records);
    const t = (records[Math.floor(records.length / 2)] as EventRecord).timeMs;
    const seq = history.seqAt(t);
    expect((records[seq - 1] as EventRecord).timeMs).toBeLessThanOrEqual(t);
    expect(records[seq] === undefined || (records[seq] as EventRecord).timeMs > t).toBe(true);
    expect(history.seqAt(-1)).toBe(0);
    expect(getObject(history.stateAt(0), 'Node', undefined, 'worker-0')).toBeUndefined();
  });

  describe('refuses what evolve refuses, with the same message', () => {
    const records = recordsOf(9, []);
    const refusal = (rs: readonly EventRecord[]): string => {
      let message = '';
      try {
        rs.reduce(evolve, emptyState);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).not.toBe('');
      return message;
    };
    const podRecord = records.find((r) => r.event.type === 'PodBecameReady') as EventRecord;
    const renumber = (rs: readonly EventRecord[]): EventRecord[] => rs.map((r, i) => ({ ...r, seq: i + 1 }));

    it.each([
      ['a record out of sequence', [...records.slice(0, 3), ...records.slice(4)]],
      ['time going back', renumber([...records.slice(0, 5), { ...(records[4] as EventRecord), timeMs: -1 }])],
      ['a change to an object that does not exist', renumber([podRecord])],
      ['an object created twice', renumber([records[0] as EventRecord, records[0] as EventRecord])],
      ['a change naming another uid', renumber([...records.slice(0, podRecord.seq - 1), { ...podRecord, event: { type: 'PodBecameReady', pod: { ...(podRecord.event as { pod: ObjectRef }).pod, uid: 'not-it' } } }])],
    ] as const)('%s', (_what, rs) => {
      expect(() => historyOf(rs)).toThrow(refusal(rs));
    });
  });
});
