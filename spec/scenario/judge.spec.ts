import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/engine/engine.js';
import { parseFieldPath, valueAt } from '../../src/scenario/fields.js';
import type { ExpectationSpec } from '../../src/scenario/judge.js';
import { judge } from '../../src/scenario/judge.js';
import { at, nodesOf, pool, replicaSet, runCluster } from '../support/fixtures.js';

const path = (p: string) => {
  const r = parseFieldPath(p);
  if (isLeft(r)) throw new Error(r.left);
  return r.right;
};

describe('field paths', () => {
  const obj = { status: { conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False' }] }, metadata: { labels: { 'app.kubernetes.io/name': 'web' } }, spec: { containers: [{ image: 'nginx' }] } };

  it('reads fields, indexes, [key=value] selections and dotted keys', () => {
    expect(valueAt(obj, path('status.conditions[type=Ready].status'))).toBe('False');
    expect(valueAt(obj, path('spec.containers[0].image'))).toBe('nginx');
    expect(valueAt(obj, path('metadata.labels[app.kubernetes.io/name]'))).toBe('web');
    expect(valueAt(obj, path('status.readyReplicas'))).toBeUndefined();
  });

  it('refuses malformed paths', () => {
    expect(isLeft(parseFieldPath('status..x'))).toBe(true);
    expect(isLeft(parseFieldPath('status.conditions[type=Ready'))).toBe(true);
  });
});

describe('judging expectations on the log', () => {
  const run = (): RunResult => {
    const r = runCluster([...nodesOf(pool('worker', 2)), replicaSet('web', 2)], [
      at(30_000, { actor: 'scenario', reason: 'Scaled', action: { type: 'Scale', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web' }, replicas: 5 } }),
    ], { durationMs: 120_000, kubelet: { imagePullMs: 2000, containerStartMs: 1000, jitter: 0, shutdown: 'grace' } });
    if (isLeft(r)) throw new Error(JSON.stringify(r.left));
    return r.right;
  };
  const rs = { kind: 'ReplicaSet', name: 'web', namespace: 'default' };
  const ready = (when: ExpectationSpec['when'], comparison: ExpectationSpec['comparison']): ExpectationSpec => ({ when, target: rs, field: 'status.readyReplicas', comparison, text: 't' });
  const r = run();
  const verdicts = (...specs: ExpectationSpec[]) => judge(r.records, specs, 120_000).map((v) => [v.passed, v.detail]);

  it('judges `at` on the state after that instant settled; an omitted count compares as 0', () => {
    expect(verdicts(ready({ type: 'at', atMs: 0 }, { type: 'equals', value: 0 }), ready({ type: 'at', atMs: 3000 }, { type: 'equals', value: 2 }))).toEqual([
      [true, 'at 0s: value <absent>'],
      [true, 'at 3s: value 2'],
    ]);
  });

  it('judges `within` at its start and every instant with events inside it', () => {
    expect(verdicts(ready({ type: 'within', fromMs: 30_000, toMs: 40_000 }, { type: 'atLeast', value: 5 }))).toEqual([[true, 'held at 33s (value 5)']]);
    expect(verdicts(ready({ type: 'within', fromMs: 30_000, toMs: 32_000 }, { type: 'atLeast', value: 5 }))).toEqual([[false, 'never held between 30s and 32s (last: value 2)']]);
  });

  it('judges `always` and names the first instant it broke', () => {
    expect(verdicts(ready({ type: 'always', fromMs: 10_000, toMs: 120_000 }, { type: 'atMost', value: 2 }))).toEqual([[false, 'failed at 33s: value 5']]);
    expect(verdicts(ready({ type: 'always', fromMs: 10_000, toMs: 30_000 }, { type: 'atMost', value: 2 }))).toEqual([[true, 'held from 10s to 30s']]);
  });

  it('fails on an object that does not exist, except `exists: false` on the object itself', () => {
    const ghost = { kind: 'ReplicaSet', name: 'ghost', namespace: 'default' };
    expect(judge(r.records, [{ when: { type: 'at', atMs: 60_000 }, target: ghost, field: 'spec.replicas', comparison: { type: 'atLeast', value: 0 }, text: 't' }, { when: { type: 'at', atMs: 60_000 }, target: ghost, comparison: { type: 'exists', value: false }, text: 't' }], 120_000).map((v) => v.passed)).toEqual([false, true]);
  });
});
