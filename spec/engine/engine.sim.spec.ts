import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/engine/engine.js';
import { Engine, runEngine } from '../../src/engine/engine.js';
import { defaultControllers } from '../../src/engine/registry.js';
import { SYSTEM_NAMESPACES } from '../../src/scenario/inputs.js';
import { DEFAULT_KUBELET } from '../../src/world/kubelet.js';
import { encodeLog } from '../../src/log/ndjson.js';
import type { Controller } from '../../src/state/controller.js';
import { isPodReady } from '../../src/api/pod.js';
import type { Pod } from '../../src/api/pod.js';
import { listKind } from '../../src/state/queries.js';
import { at, create, namespace, nodesOf, pool, replicaSet, runCluster } from '../support/fixtures.js';

const ok = (r: ReturnType<typeof runCluster>): RunResult => {
  if (isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

const pods = (r: RunResult): Pod[] => listKind(r.state, 'Pod') as unknown as Pod[];

describe('engine', () => {
  it('given a ReplicaSet of 3 on 2 nodes, when run, then 3 pods are created, bound and Ready', () => {
    const r = ok(runCluster([...nodesOf(pool('worker', 2)), replicaSet('web', 3)]));
    expect(pods(r)).toHaveLength(3);
    expect(pods(r).every((p) => p.spec.nodeName !== undefined && isPodReady(p))).toBe(true);
  });

  it('takes a bound pod through ContainerCreating, Running and Ready after the kubelet delays', () => {
    const r = ok(runCluster([...nodesOf(pool('worker', 1)), replicaSet('web', 1)], [], { kubelet: { imagePullMs: 2000, containerStartMs: 1000, jitter: 0, shutdown: 'grace' } }));
    const steps = r.records.filter((x) => ['PodBound', 'PodSandboxStarted', 'PodContainersStarted', 'PodBecameReady'].includes(x.event.type)).map((x) => [x.event.type, x.timeMs]);
    expect(steps).toEqual([
      ['PodBound', 0],
      ['PodSandboxStarted', 0],
      ['PodContainersStarted', 3000],
      ['PodBecameReady', 3000],
    ]);
  });

  it('jumps over idle time: a run of a day with nothing to do costs no more events than a minute', () => {
    const minute = ok(runCluster([...nodesOf(pool('worker', 1)), replicaSet('web', 2)], [], { durationMs: 60_000 }));
    const day = ok(runCluster([...nodesOf(pool('worker', 1)), replicaSet('web', 2)], [], { durationMs: 86_400_000 }));
    expect(day.records.length).toBe(minute.records.length);
  });

  it('rounds requeues up to the tick', () => {
    const r = ok(runCluster([...nodesOf(pool('worker', 1)), replicaSet('web', 1)], [], { tickMs: 5000, kubelet: { imagePullMs: 1200, containerStartMs: 0, jitter: 0, shutdown: 'grace' } }));
    expect(r.records.find((x) => x.event.type === 'PodContainersStarted')?.timeMs).toBe(5000);
  });

  it('given the same inputs and seed, then the logs are byte-identical; another seed names pods differently', () => {
    const setup = [...nodesOf(pool('worker', 3)), replicaSet('web', 5)];
    const encode = (r: RunResult) => encodeLog({ kubesimLog: 1, kubesimVersion: 't', scenario: 's', seed: 1, durationMs: 60_000 }, r.records, 60_000);
    expect(encode(ok(runCluster(setup, [], { seed: 11 })))).toBe(encode(ok(runCluster(setup, [], { seed: 11 }))));
    const names = (seed: number) => pods(ok(runCluster(setup, [], { seed }))).map((p) => p.metadata.name);
    expect(names(11)).not.toEqual(names(12));
  });

  it('runs in parts exactly as in one go: runUntil(20s) then runUntil(60s) writes the same log as run()', () => {
    const config = { seed: 3, tickMs: 1000, durationMs: 60_000, maxSettleRounds: 1000, controllers: defaultControllers({ kubelet: DEFAULT_KUBELET }) };
    const inputs = [at(0, ...SYSTEM_NAMESPACES.map((n) => create(namespace(n), 'api-server')), ...[...nodesOf(pool('worker', 2)), replicaSet('web', 4)].map((o) => create(o))), at(20_000, { actor: 'spec', reason: 'Scaled', action: { type: 'Scale', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web' }, replicas: 1 } })];
    const whole = ok(new Engine(config, inputs).run());
    const parts = new Engine(config, inputs);
    const first = ok(parts.runUntil(20_000));
    expect(first.records.every((r) => r.timeMs <= 20_000)).toBe(true);
    expect(first.records.some((r) => r.timeMs === 20_000 && r.event.type === 'ObjectScaled')).toBe(true);
    const rest = ok(parts.runUntil(60_000));
    expect(JSON.stringify(rest.records)).toBe(JSON.stringify(whole.records));
  });

  it('given controllers that keep writing, then the run stops at the settle guard naming them', () => {
    let flip = 0;
    const pingPong: Controller = {
      name: 'ping-pong',
      watches: (rec) => (rec.event.type === 'ObjectScaled' || rec.event.type === 'ObjectCreated' ? ['default/web'] : []),
      reconcile: () => ({ requests: [{ actor: 'ping-pong', reason: 'Flip', action: { type: 'Scale', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web' }, replicas: (flip++ % 2) + 2 } }] }),
    };
    const result = runEngine({ seed: 1, tickMs: 1000, durationMs: 10_000, maxSettleRounds: 50, controllers: [pingPong] }, [
      at(0, create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }), create(replicaSet('web', 1))),
    ]);
    expect(isLeft(result) && result.left).toMatchObject({ type: 'NotSettled', timeMs: 0, rounds: 50, dirty: [{ controller: 'ping-pong', keys: ['default/web'] }] });
  });

  it('logs a refused controller action as ActionRejected and goes on', () => {
    const stubborn: Controller = {
      name: 'stubborn',
      watches: (rec) => (rec.event.type === 'ObjectCreated' && rec.event.object.kind === 'ReplicaSet' ? ['x'] : []),
      reconcile: () => ({ requests: [{ actor: 'stubborn', reason: 'Tidy', action: { type: 'Delete', ref: { kind: 'Pod', namespace: 'default', name: 'ghost' } } }] }),
    };
    const result = runEngine({ seed: 1, tickMs: 1000, durationMs: 10_000, maxSettleRounds: 50, controllers: [stubborn] }, [
      at(0, create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }), create(replicaSet('web', 1))),
    ]);
    const rejected = isRight(result) ? result.right.records.filter((r) => r.event.type === 'ActionRejected') : [];
    expect(rejected.map((r) => [r.actor, r.event])).toEqual([['stubborn', { type: 'ActionRejected', action: 'Delete', code: 'NotFound', message: 'pods "ghost" not found', ref: { kind: 'Pod', namespace: 'default', name: 'ghost' } }]]);
  });

  it('given an input the API server refuses, then the run stops naming the input', () => {
    const result = runCluster([], [at(1000, { actor: 'scenario', reason: 'Scaled', action: { type: 'Scale', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'nope' }, replicas: 2 } })]);
    expect(isLeft(result) && result.left).toMatchObject({ type: 'InputRejected', timeMs: 1000, rejection: { code: 'NotFound', message: 'replicasets.apps "nope" not found' } });
  });

  it('records why a pod cannot be scheduled, in kube-scheduler\'s words, and goes on', () => {
    // 3 pods of 3 cpu on one 4-cpu node: two cannot be placed; the scheduler logs why and the run goes on.
    const r = ok(runCluster([...nodesOf(pool('worker', 1)), replicaSet('big', 3, { cpu: '3' })]));
    const failed = r.records.filter((x) => x.event.type === 'PodUnschedulable');
    expect(failed).toHaveLength(2);
    expect(failed[0]?.event).toMatchObject({ message: '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.' });
  });
});
