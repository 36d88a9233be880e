/** The scenario codecs: every timeline input and expectation form, and their messages. */
import { isLeft } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { ExpectationItem, KubeletSpec, ManifestSource, NodePool, TimelineItem, TrafficSpec } from '../../src/scenario/codec.js';
import { formatInputError } from '../../src/scenario/errors.js';
import { parseYamlDocuments, reportErrors } from '../../src/scenario/yaml.js';

/** Decodes one YAML document with `codec`: the value, or the printed errors. */
const decode = (codec: t.Mixed, text: string): { ok: unknown } | { errors: string[] } => {
  const docs = parseYamlDocuments(text, 'f.yaml');
  if (isLeft(docs)) throw new Error(docs.left.message);
  const doc = docs.right[0];
  if (doc === undefined) throw new Error('empty');
  const r = codec.decode(doc.value);
  return isLeft(r) ? { errors: reportErrors(r.left, doc).map(formatInputError) } : { ok: r.right };
};

describe('TimelineItem', () => {
  it.each([
    ['apply a file', '{ at: 1m, apply: { path: web.yaml } }', { at: 60_000, apply: { path: 'web.yaml' } }],
    ['apply inline', '{ at: 1s, apply: { inline: { kind: ConfigMap } } }', { at: 1000, apply: { inline: { kind: 'ConfigMap' } } }],
    ['delete', '{ at: 0s, delete: { target: pod/a, namespace: shop, gracePeriodSeconds: 0 } }', { at: 0, delete: { target: 'pod/a', namespace: 'shop', gracePeriodSeconds: 0 } }],
    ['scale', '{ at: 1h30m, scale: { target: deploy/web, replicas: 0 } }', { at: 5_400_000, scale: { target: 'deploy/web', replicas: 0 } }],
    ['load, a step', '{ at: 1m, load: { service: web, rps: 400 } }', { at: 60_000, load: { service: 'web', rps: 400 } }],
    ['load, a ramp', '{ at: 1m, load: { service: web, namespace: shop, profile: { type: ramp, to: 800, over: 5m } } }', { at: 60_000, load: { service: 'web', namespace: 'shop', profile: { type: 'ramp', to: 800, over: 300_000 } } }],
    ['load, a sine', '{ at: 1m, load: { service: web, profile: { type: sine, min: 100, max: 600, period: 10m } } }', { at: 60_000, load: { service: 'web', profile: { type: 'sine', min: 100, max: 600, period: 600_000 } } }],
    ['load, a spike', '{ at: 1m, load: { service: web, profile: { type: spike, to: 2000, for: 30s } } }', { at: 60_000, load: { service: 'web', profile: { type: 'spike', to: 2000, for: 30_000 } } }],
    ['load, a csv', '{ at: 1m, load: { service: web, profile: { type: csv, path: rps.csv } } }', { at: 60_000, load: { service: 'web', profile: { type: 'csv', path: 'rps.csv' } } }],
    ['fault nodeDown', '{ at: 2m, fault: { type: nodeDown, node: worker-1 } }', { at: 120_000, fault: { type: 'nodeDown', node: 'worker-1' } }],
    ['fault nodeUp', '{ at: 2m, fault: { type: nodeUp, node: worker-1 } }', { at: 120_000, fault: { type: 'nodeUp', node: 'worker-1' } }],
    ['fault partition', '{ at: 2m, fault: { type: partition, nodes: [a, b], duration: 1m } }', { at: 120_000, fault: { type: 'partition', nodes: ['a', 'b'], duration: 60_000 } }],
    ['fault podCrash', '{ at: 2m, fault: { type: podCrash, pod: web-x, namespace: shop, container: c, exitCode: 137 } }', { at: 120_000, fault: { type: 'podCrash', pod: 'web-x', namespace: 'shop', container: 'c', exitCode: 137 } }],
    ['fault zoneDown', '{ at: 2m, fault: { type: zoneDown, zone: zone-a } }', { at: 120_000, fault: { type: 'zoneDown', zone: 'zone-a' } }],
    ['setImage', '{ at: 5m, setImage: { target: deployment/web, container: web, image: "nginx:1.27" } }', { at: 300_000, setImage: { target: 'deployment/web', container: 'web', image: 'nginx:1.27' } }],
    ['undo', '{ at: 6m, undo: { target: deployment/web } }', { at: 360_000, undo: { target: 'deployment/web' } }],
    ['undo to a revision', '{ at: 6m, undo: { target: deployment/web, namespace: shop, toRevision: 2 } }', { at: 360_000, undo: { target: 'deployment/web', namespace: 'shop', toRevision: 2 } }],
  ])('decodes %s', (_name, text, expected) => {
    expect(decode(TimelineItem, text)).toEqual({ ok: expected });
  });

  it.each([
    ['no input', '{ at: 1m }', ['f.yaml:1:1: Required value: exactly one of apply, delete, scale, load, fault, setImage, undo, pause, resume, restart']],
    ['two inputs', '{ at: 1m, scale: { target: rs/a, replicas: 1 }, delete: { target: rs/a } }', ['f.yaml:1:49: delete: Forbidden: may not be given together with scale (exactly one of apply, delete, scale, load, fault, setImage, undo, pause, resume, restart)']],
    ['a misspelt input', '{ at: 1m, scael: { target: rs/a } }', ['f.yaml:1:1: Required value: exactly one of apply, delete, scale, load, fault, setImage, undo, pause, resume, restart', 'f.yaml:1:11: scael: unknown field "scael"']],
    ['no time', '{ scale: { target: rs/a, replicas: 1 } }', ['f.yaml:1:1: at: Required value']],
    ['a bad duration', '{ at: 1 minute, scale: { target: rs/a, replicas: 1 } }', ['f.yaml:1:3: at: invalid duration "1 minute": unknown unit " minute" (use ms, s, m or h)']],
    ['a bare number as time', '{ at: 60, scale: { target: rs/a, replicas: 1 } }', ['f.yaml:1:3: at: Invalid value: 60: expected a duration such as 500ms, 30s, 5m or 1h30m']],
    ['a target without a kind', '{ at: 1m, delete: { target: web } }', ['f.yaml:1:21: delete.target: Invalid value: "web": expected <kind>/<name>, e.g. deploy/web']],
    ['a negative replica count', '{ at: 1m, scale: { target: rs/a, replicas: -1 } }', ['f.yaml:1:34: scale.replicas: Invalid value: -1: expected a non-negative integer']],
    ['apply with both sources', '{ at: 1m, apply: { path: a.yaml, inline: {} } }', ['f.yaml:1:34: apply.inline: Forbidden: may not be given together with path (exactly one of path, inline)']],
    ['an unknown fault', '{ at: 1m, fault: { type: nodeDwn, node: a } }', ['f.yaml:1:20: fault.type: Unsupported value: "nodeDwn": supported values: "nodeDown", "nodeUp", "partition", "podCrash", "zoneDown"']],
    ['a fault without a type', '{ at: 1m, fault: { node: a } }', ['f.yaml:1:11: fault.type: Required value: supported values: "nodeDown", "nodeUp", "partition", "podCrash", "zoneDown"']],
    ['a fault with another type\'s field', '{ at: 1m, fault: { type: nodeDown, zone: a } }', ['f.yaml:1:11: fault.node: Required value', 'f.yaml:1:36: fault.zone: unknown field "zone"']],
    ['a partition of no nodes', '{ at: 1m, fault: { type: partition, nodes: [], duration: 1m } }', ['f.yaml:1:37: fault.nodes: Required value: at least one node']],
    ['load with rps and a profile', '{ at: 1m, load: { service: web, rps: 1, profile: { type: ramp, to: 2, over: 1m } } }', ['f.yaml:1:41: load.profile: Forbidden: may not be given together with rps (exactly one of rps, profile)']],
    ['a sine upside down', '{ at: 1m, load: { service: web, profile: { type: sine, min: 5, max: 1, period: 1m } } }', ['f.yaml:1:64: load.profile.max: Invalid value: 1: must be greater than or equal to min (5)']],
    ['negative rps', '{ at: 1m, load: { service: web, rps: -5 } }', ['f.yaml:1:33: load.rps: Invalid value: -5: must be greater than or equal to 0']],
  ])('refuses %s', (_name, text, errors) => {
    expect(decode(TimelineItem, text)).toEqual({ errors });
  });
});

describe('ExpectationItem', () => {
  it.each([
    ['at, equals a number', '{ at: 10m, that: { target: deploy/web, field: status.readyReplicas, equals: 3 } }', { at: 600_000, that: { target: 'deploy/web', field: 'status.readyReplicas', equals: 3 } }],
    ['at, equals a string', '{ at: 1m, that: { target: node/a, field: "status.conditions[type=Ready].status", equals: "True" } }', { at: 60_000, that: { target: 'node/a', field: 'status.conditions[type=Ready].status', equals: 'True' } }],
    ['at, equals a boolean', '{ at: 1m, that: { target: node/a, field: spec.unschedulable, equals: true } }', { at: 60_000, that: { target: 'node/a', field: 'spec.unschedulable', equals: true } }],
    ['within, atLeast', '{ within: { from: 2m, to: 4m }, that: { target: deploy/web, field: status.readyReplicas, atLeast: 2 } }', { within: { from: 120_000, to: 240_000 }, that: { target: 'deploy/web', field: 'status.readyReplicas', atLeast: 2 } }],
    ['always, atMost', '{ always: { from: 0s, to: 15m }, that: { target: hpa/web, namespace: shop, field: status.currentReplicas, atMost: 10 } }', { always: { from: 0, to: 900_000 }, that: { target: 'hpa/web', namespace: 'shop', field: 'status.currentReplicas', atMost: 10 } }],
    ['exists on a field', '{ at: 1m, that: { target: rs/web, field: "status.conditions[type=ReplicaFailure]", exists: false } }', { at: 60_000, that: { target: 'rs/web', field: 'status.conditions[type=ReplicaFailure]', exists: false } }],
    ['exists on the object', '{ at: 1m, that: { target: pod/debug, exists: false } }', { at: 60_000, that: { target: 'pod/debug', exists: false } }],
  ])('decodes %s', (_name, text, expected) => {
    expect(decode(ExpectationItem, text)).toEqual({ ok: expected });
  });

  it.each([
    ['no time', '{ that: { target: rs/a, exists: true } }', ['f.yaml:1:1: Required value: exactly one of at, within, always']],
    ['two times', '{ at: 1m, always: { from: 0s, to: 1m }, that: { target: rs/a, exists: true } }', ['f.yaml:1:11: always: Forbidden: may not be given together with at (exactly one of at, within, always)']],
    ['no comparison', '{ at: 1m, that: { target: rs/a, field: x } }', ['f.yaml:1:11: that: Required value: exactly one of equals, atLeast, atMost, exists']],
    ['two comparisons', '{ at: 1m, that: { target: rs/a, field: x, atLeast: 1, atMost: 2 } }', ['f.yaml:1:55: that.atMost: Forbidden: may not be given together with atLeast (exactly one of equals, atLeast, atMost, exists)']],
    ['a comparison without a field', '{ at: 1m, that: { target: rs/a, equals: 3 } }', ['f.yaml:1:11: that.field: Required value: only `exists` may leave out the field']],
    ['atLeast a string', '{ at: 1m, that: { target: rs/a, field: x, atLeast: "3" } }', ['f.yaml:1:43: that.atLeast: Invalid value: "3": expected a number']],
    ['equals a list', '{ at: 1m, that: { target: rs/a, field: x, equals: [1] } }', ['f.yaml:1:43: that.equals: Invalid value: [1]: expected a string, a number, true or false']],
    ['a window without an end', '{ within: { from: 1m }, that: { target: rs/a, exists: true } }', ['f.yaml:1:3: within.to: Required value']],
  ])('refuses %s', (_name, text, errors) => {
    expect(decode(ExpectationItem, text)).toEqual({ errors });
  });
});

describe('NodePool, kubelet, manifests and traffic', () => {
  it('decodes a pool, keeping quantities as written', () => {
    expect(decode(NodePool, '{ name: w, count: 2, capacity: { cpu: 1, memory: 1Gi, nvidia.com/gpu: 1 }, taints: [ { key: k, effect: NoExecute } ] }')).toEqual({
      ok: { name: 'w', count: 2, capacity: { cpu: 1, memory: '1Gi', 'nvidia.com/gpu': 1 }, taints: [{ key: 'k', effect: 'NoExecute' }] },
    });
  });

  it('refuses bad names, counts, quantities and taint effects with upstream\'s words', () => {
    expect(decode(NodePool, '{ name: W_1, count: 0, capacity: { cpu: 2x, memory: -1Gi }, taints: [ { key: k, effect: NoRun } ] }')).toEqual({
      errors: [
        "f.yaml:1:3: name: Invalid value: \"W_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        'f.yaml:1:14: count: Invalid value: 0: expected an integer of at least 1',
        expect.stringMatching(/^f\.yaml:1:36: capacity\.cpu: Invalid value: "2x": quantities must match/),
        'f.yaml:1:45: capacity.memory: Invalid value: "-1Gi": must be greater than or equal to 0',
        'f.yaml:1:81: taints[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      ],
    });
  });

  it('needs cpu and memory in capacity', () => {
    expect(decode(NodePool, '{ name: w, count: 1, capacity: { pods: 10 } }')).toEqual({ errors: ['f.yaml:1:22: capacity.cpu: Required value', 'f.yaml:1:22: capacity.memory: Required value'] });
  });

  it('reads the kubelet shutdown as "grace" or a duration, and jitter below 1', () => {
    expect(decode(KubeletSpec, '{ shutdown: grace, jitter: 0.5 }')).toEqual({ ok: { shutdown: 'grace', jitter: 0.5 } });
    expect(decode(KubeletSpec, '{ shutdown: 5s }')).toEqual({ ok: { shutdown: 5000 } });
    expect(decode(KubeletSpec, '{ shutdown: soon, jitter: 1 }')).toEqual({
      errors: ['f.yaml:1:3: shutdown: Invalid value: "soon": expected "grace" or a duration such as 30s', 'f.yaml:1:19: jitter: Invalid value: 1: expected a number ≥ 0 and < 1'],
    });
  });

  it('needs a manifest source to be a path or an inline object', () => {
    expect(decode(ManifestSource, '{}')).toEqual({ errors: ['f.yaml:1:1: Required value: exactly one of path, inline'] });
    expect(decode(ManifestSource, '{ inline: [] }')).toEqual({ errors: ['f.yaml:1:3: inline: Invalid value: []: expected a mapping'] });
  });

  it('decodes traffic', () => {
    expect(decode(TrafficSpec, '{ service: web, cpuPerRequest: 2m, idleCpu: 10m }')).toEqual({ ok: { service: 'web', cpuPerRequest: '2m', idleCpu: '10m' } });
    expect(decode(TrafficSpec, '{ service: web }')).toEqual({ errors: ['f.yaml:1:1: cpuPerRequest: Required value'] });
  });

  it('encodes a decoded timeline item back to what was written', () => {
    const item = { at: 90_000, fault: { type: 'partition', nodes: ['a'], duration: 60_000 } };
    expect(TimelineItem.encode(item as t.TypeOf<typeof TimelineItem>)).toEqual({ at: '1m30s', fault: { type: 'partition', nodes: ['a'], duration: '1m' } });
  });
});
