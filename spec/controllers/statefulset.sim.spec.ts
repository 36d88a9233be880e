import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import type { Pod } from '../../src/api/pod.js';
import { isPodReady } from '../../src/api/pod.js';
import type { Input, RunResult } from '../../src/engine/engine.js';
import type { EventRecord } from '../../src/log/events.js';
import { getObject, listKind } from '../../src/state/queries.js';
import { at, nodesOf, pool, runCluster } from '../support/fixtures.js';
import { statefulSet, storageClass } from '../support/statefulset.js';

const kubelet = { imagePullMs: 2000, containerStartMs: 1000, jitter: 0, shutdown: { ms: 2000 } } as const;

const run = (set: KubeObject, inputs: Input[] = [], durationMs = 120_000): RunResult => {
  const r = runCluster([...nodesOf(pool('worker', 3)), storageClass(), set], inputs, { durationMs, kubelet });
  if (isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

const sts = { kind: 'StatefulSet', namespace: 'default', name: 'web' };
const scaleAt = (ms: number, replicas: number): Input => at(ms, { actor: 'scenario', reason: 'Scaled', action: { type: 'Scale', ref: sts, replicas } });
const deleteSetAt = (ms: number): Input => at(ms, { actor: 'scenario', reason: 'Deleted', action: { type: 'Delete', ref: sts } });

const createdAt = (records: readonly EventRecord[], kind: string, name: string): number | undefined =>
  records.find((r) => r.event.type === 'ObjectCreated' && r.event.object.kind === kind && r.event.object.metadata.name === name)?.timeMs;
const readyAt = (records: readonly EventRecord[], name: string): number | undefined => records.find((r) => r.event.type === 'PodBecameReady' && r.event.pod.name === name)?.timeMs;
const deletedAt = (records: readonly EventRecord[], kind: string, name: string): number | undefined =>
  records.find((r) => r.event.type === 'ObjectDeleted' && r.event.ref.kind === kind && r.event.ref.name === name)?.timeMs;
const names = (r: RunResult, kind: string): string[] => listKind(r.state, kind, 'default').map((o) => o.metadata.name);

describe('StatefulSet (engine runs)', () => {
  it('OrderedReady brings pods up one by one, each claim made before its pod, each pod after the previous is Ready', () => {
    const r = run(statefulSet('web', 3, { claims: ['data'], readinessDelaySeconds: 5 }));
    for (const i of [0, 1, 2]) expect(createdAt(r.records, 'PersistentVolumeClaim', `data-web-${i}`)).toBeLessThanOrEqual(createdAt(r.records, 'Pod', `web-${i}`) ?? -1);
    expect(createdAt(r.records, 'Pod', 'web-1')).toBeGreaterThanOrEqual(readyAt(r.records, 'web-0') ?? Infinity);
    expect(createdAt(r.records, 'Pod', 'web-2')).toBeGreaterThanOrEqual(readyAt(r.records, 'web-1') ?? Infinity);
    expect((listKind(r.state, 'Pod', 'default') as unknown as Pod[]).filter(isPodReady).map((p) => p.metadata.name)).toEqual(['web-0', 'web-1', 'web-2']);
    expect(getObject(r.state, 'StatefulSet', 'default', 'web')?.['status']).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, currentReplicas: 3, updatedReplicas: 3 });
  });

  it('Parallel brings all pods up at once', () => {
    const r = run(statefulSet('web', 3, { policy: 'Parallel' }));
    expect(new Set([0, 1, 2].map((i) => createdAt(r.records, 'Pod', `web-${i}`)))).toEqual(new Set([0]));
  });

  it('scaling down with Retain keeps the claims; scaling up again reuses them', () => {
    const r = run(statefulSet('web', 3, { claims: ['data'] }), [scaleAt(40_000, 1), scaleAt(80_000, 2)]);
    expect(names(r, 'PersistentVolumeClaim')).toEqual(['data-web-0', 'data-web-1', 'data-web-2']);
    expect(r.records.filter((x) => x.event.type === 'ObjectCreated' && x.event.object.kind === 'PersistentVolumeClaim')).toHaveLength(3);
    expect(deletedAt(r.records, 'Pod', 'web-2')).toBeLessThan(deletedAt(r.records, 'Pod', 'web-1') ?? 0);
    expect(names(r, 'Pod')).toEqual(['web-0', 'web-1']);
  });

  it('whenScaled=Delete: the garbage collector deletes the claims of the pods scaled away', () => {
    const r = run(statefulSet('web', 3, { claims: ['data'], whenScaled: 'Delete' }), [scaleAt(40_000, 1)]);
    expect(names(r, 'PersistentVolumeClaim')).toEqual(['data-web-0']);
    expect(r.records.find((x) => x.event.type === 'ObjectDeleted' && x.event.ref.kind === 'PersistentVolumeClaim')?.actor).toBe('garbage-collector');
  });

  it('whenDeleted=Delete: deleting the set deletes its claims; Retain keeps them', () => {
    const deleting = run(statefulSet('web', 2, { claims: ['data'], whenDeleted: 'Delete' }), [deleteSetAt(40_000)]);
    expect(names(deleting, 'PersistentVolumeClaim')).toEqual([]);
    expect(names(deleting, 'Pod')).toEqual([]);
    const retaining = run(statefulSet('web', 2, { claims: ['data'] }), [deleteSetAt(40_000)]);
    expect(names(retaining, 'PersistentVolumeClaim')).toEqual(['data-web-0', 'data-web-1']);
  });

  it('is the same log, byte for byte, for the same seed', () => {
    const a = run(statefulSet('web', 3, { claims: ['data'] }), [scaleAt(30_000, 5)]);
    const b = run(statefulSet('web', 3, { claims: ['data'] }), [scaleAt(30_000, 5)]);
    expect(JSON.stringify(a.records)).toBe(JSON.stringify(b.records));
  });
});
