/**
 * The scheduling queue (upstream internal/queue): backoff of unschedulable pods, the
 * cluster events that bring them back, and the 5-minute flush.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import type { EventRecord } from '../../src/log/events.js';
import { backoffMs, UNSCHEDULABLE_RETRY_MS } from '../../src/scheduler/scheduler.js';
import { at, create, nodesOf, pod, pool, runCluster } from '../support/fixtures.js';

const attempts = (records: readonly EventRecord[], name: string): number[] =>
  records.filter((r) => r.event.type === 'PodUnschedulable' && r.event.pod.name === name).map((r) => r.timeMs);

const boundAt = (records: readonly EventRecord[], name: string): number | undefined =>
  records.find((r) => r.event.type === 'PodBound' && r.event.pod.name === name)?.timeMs;

const run = (setup: readonly KubeObject[], inputs: Parameters<typeof runCluster>[1], durationMs = 60_000) => {
  const r = runCluster(setup, inputs, { tickMs: 100, durationMs });
  if (isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right.records;
};

describe('scheduling queue', () => {
  it('backs off 1 s, doubling per failed attempt, at most 10 s (upstream podInitialBackoff / podMaxBackoff)', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it('given a pod that fits nowhere, when a node that fits it joins after the backoff, then it is bound at once', () => {
    const records = run([...nodesOf(pool('small', 1, '1')), pod('big', { cpu: '2' })], [at(5000, create(nodesOf(pool('large', 1, '4'))[0] as KubeObject))]);
    expect(attempts(records, 'big')).toEqual([0]);
    expect(boundAt(records, 'big')).toBe(5000);
  });

  it('given a pod that just failed, when a node that fits it joins within its backoff, then it waits out the backoff (1 s)', () => {
    const records = run([...nodesOf(pool('small', 1, '1')), pod('big', { cpu: '2' })], [at(300, create(nodesOf(pool('large', 1, '4'))[0] as KubeObject))]);
    expect(boundAt(records, 'big')).toBe(1000);
  });

  it('given a pod that fits nowhere and no event that could help, then it is retried only by the 5-minute flush', () => {
    const records = run([...nodesOf(pool('small', 2, '1')), pod('big', { cpu: '2' })], [], 11 * 60_000);
    expect(attempts(records, 'big')).toEqual([0, UNSCHEDULABLE_RETRY_MS, 2 * UNSCHEDULABLE_RETRY_MS]);
  });

  it('given a pod rejected for room, when a pod on a node goes away, then it is retried; when an unrelated pod is bound, then it is not', () => {
    const records = run(
      [...nodesOf(pool('worker', 1, '2')), pod('holder', { cpu: '1500m' }), pod('big', { cpu: '1' })],
      [
        at(2000, create(pod('tiny', { cpu: '100m' }))),
        at(10_000, { actor: 'scenario', reason: 'Deleted', action: { type: 'Delete', ref: { kind: 'Pod', namespace: 'default', name: 'holder' } } }),
      ],
    );
    const tries = attempts(records, 'big');
    // failed at 0; the tiny pod's binding at 2 s is no reason to try again (NodeResourcesFit rejected it)
    expect(tries).toEqual([0]);
    // the holder's deletion frees room: retried and bound once it is gone
    const bound = boundAt(records, 'big');
    expect(bound).toBeGreaterThanOrEqual(10_000);
    expect(bound).toBeLessThan(60_000);
  });
});
