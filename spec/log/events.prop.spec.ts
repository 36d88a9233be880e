import { isRight } from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Event } from '../../src/log/events.js';
import { EVENT_TYPES, Event as EventCodec, EventRecord } from '../../src/log/events.js';
import { decodeLog, encodeLog } from '../../src/log/ndjson.js';

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
const ref = fc.record({ kind: fc.constantFrom('Pod', 'ReplicaSet', 'Node'), name, namespace: fc.option(name, { nil: undefined }), uid: fc.uuid() }, { requiredKeys: ['kind', 'name'] });
const podRef = fc.record({ kind: fc.constant('Pod'), name, namespace: name, uid: fc.uuid() });
const object = fc.record({
  apiVersion: fc.constantFrom('v1', 'apps/v1'),
  kind: fc.constantFrom('Pod', 'ReplicaSet', 'ConfigMap'),
  metadata: fc.record({ name, namespace: name, uid: fc.uuid(), labels: fc.dictionary(name, name, { maxKeys: 3 }) }),
  spec: fc.dictionary(name, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
});
const trace = fc.record({ evaluatedNodes: fc.nat(), feasibleNodes: fc.nat(), score: fc.nat(500) }, { requiredKeys: ['evaluatedNodes', 'feasibleNodes'] });
const text = fc.string({ maxLength: 40 });

/** One arbitrary per event type: adding an event type without one fails the coverage test below. */
const arbitraries: Record<Event['type'], fc.Arbitrary<Event>> = {
  ObjectCreated: object.map((o) => ({ type: 'ObjectCreated', object: o })),
  ObjectUpdated: object.map((o) => ({ type: 'ObjectUpdated', object: o })),
  ObjectScaled: fc.record({ ref, from: fc.nat(), replicas: fc.nat() }).map((e) => ({ type: 'ObjectScaled', ...e })),
  ObjectDeleting: fc
    .record({ ref, deletionTimestamp: fc.constant('2025-01-01T00:00:30Z'), gracePeriodSeconds: fc.nat(600), finalizers: fc.array(fc.constantFrom('foregroundDeletion', 'orphan', 'example.com/x')) }, { requiredKeys: ['ref', 'deletionTimestamp', 'gracePeriodSeconds'] })
    .map((e) => ({ type: 'ObjectDeleting', ...e })),
  FinalizerRemoved: fc.record({ ref, finalizer: fc.constantFrom('foregroundDeletion', 'orphan', 'example.com/x') }).map((e) => ({ type: 'FinalizerRemoved', ...e })),
  ObjectDeleted: ref.map((r) => ({ type: 'ObjectDeleted', ref: r })),
  StatusUpdated: fc.record({ ref, status: fc.dictionary(name, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) }).map((e) => ({ type: 'StatusUpdated', ...e })),
  PodBound: fc.record({ pod: podRef, node: name, trace }).map((e) => ({ type: 'PodBound', ...e })),
  PodUnschedulable: fc.record({ pod: podRef, message: text }).map((e) => ({ type: 'PodUnschedulable', ...e })),
  PodNominated: fc.record({ pod: podRef, node: fc.oneof(name, fc.constant('')) }).map((e) => ({ type: 'PodNominated', ...e })),
  PodSandboxStarted: fc.record({ pod: podRef, podIP: fc.ipV4() }).map((e) => ({ type: 'PodSandboxStarted', ...e })),
  PodContainersStarted: podRef.map((p) => ({ type: 'PodContainersStarted', pod: p })),
  PodBecameReady: podRef.map((p) => ({ type: 'PodBecameReady', pod: p })),
  PodContainersExited: fc.record({ pod: podRef, exitCode: fc.integer({ min: 0, max: 255 }), phase: fc.constantFrom('Succeeded' as const, 'Failed' as const) }, { requiredKeys: ['pod', 'exitCode'] }).map((e) => ({ type: 'PodContainersExited', ...e })),
  PodContainersRestarted: fc.record({ pod: podRef, restartCount: fc.integer({ min: 1, max: 1000 }), backOffMs: fc.integer({ min: 0, max: 300_000 }) }).map((e) => ({ type: 'PodContainersRestarted', ...e })),
  ActionRejected: fc.record({ action: fc.constantFrom('Create', 'Delete', 'Bind'), code: fc.constantFrom('NotFound', 'Conflict'), message: text, ref }, { requiredKeys: ['action', 'code', 'message'] }).map((e) => ({ type: 'ActionRejected', ...e })),
};

const anyEvent = fc.oneof(...Object.values(arbitraries));

describe('event codecs', () => {
  it('has an arbitrary for every event type', () => {
    expect(Object.keys(arbitraries).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('every event type round-trips through its codec and JSON', () => {
    fc.assert(
      fc.property(anyEvent, (event) => {
        const json = JSON.parse(JSON.stringify(event)) as unknown;
        const decoded = EventCodec.decode(json);
        expect(isRight(decoded)).toBe(true);
        expect(isRight(decoded) && decoded.right).toEqual(json);
      }),
      { seed: 20261122, numRuns: 300 },
    );
  });

  it('any sequence of records round-trips through the NDJSON file format', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(anyEvent, fc.nat(1000), text), { maxLength: 30 }), (items) => {
        let t = 0;
        const records = items.map(([event, dt, actor], i) => {
          t += dt;
          return { seq: i + 1, timeMs: t, actor, reason: 'Prop', event };
        });
        const decoded = decodeLog(encodeLog({ kubesimLog: 1, kubesimVersion: 'x', scenario: 's', seed: 1, durationMs: t }, records, t), { strict: true });
        expect(isRight(decoded) && decoded.right.records).toEqual(JSON.parse(JSON.stringify(records)));
        for (const r of records) expect(isRight(EventRecord.decode(JSON.parse(JSON.stringify(r))))).toBe(true);
      }),
      { seed: 20261123, numRuns: 100 },
    );
  });
});
