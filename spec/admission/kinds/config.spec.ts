import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/meta.js';
import { formatFieldError } from '../../../src/api/validation.js';
import { base64ErrorOffset, CONFIG_RULES, eventErrors } from '../../../src/admission/kinds/config.js';
import type { KindRules } from '../../../src/admission/kinds/rules.js';

const ruleOf = (kind: string): KindRules => {
  const r = CONFIG_RULES.find((x) => x.kind === kind);
  if (r === undefined) throw new Error(`no rules for ${kind}`);
  return r;
};
const defaulted = (r: KindRules, o: KubeObject): KubeObject => (r.defaults === undefined ? o : r.defaults(o));
const lines = (r: KindRules, o: KubeObject): string[] => (r.validate?.(defaulted(r, o)) ?? []).map(formatFieldError);
const updateLines = (r: KindRules, before: KubeObject, after: KubeObject): string[] => (r.validateUpdate?.(defaulted(r, before), defaulted(r, after)) ?? []).map(formatFieldError);
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const IMMUTABLE = 'Forbidden: field is immutable when `immutable` is set';

// -------------------------------------------------------------------------------------

describe('ConfigMap', () => {
  const cmRules = ruleOf('ConfigMap');
  const cm = (fields: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, ...fields });

  it('accepts valid keys in data and binaryData', () => {
    expect(lines(cmRules, cm({ data: { 'app.properties': 'x=1', KEY_NAME: '' }, binaryData: { 'logo-png': b64('\u0089PNG') } }))).toEqual([]);
  });

  it.each([
    [{ data: { 'a/b': '1' } }, [`data[a/b]: Invalid value: "a/b": ${KEY_MSG}`]],
    [{ data: { '..': '1' } }, ["data[..]: Invalid value: \"..\": must not be '..'"]],
    [{ data: { '..x': '1' } }, ["data[..x]: Invalid value: \"..x\": must not start with '..'"]],
    [{ data: { k: '1' }, binaryData: { k: b64('1') } }, ['data[k]: Invalid value: "k": duplicate of key present in binaryData', 'binaryData[k]: Invalid value: "k": duplicate of key present in data']],
    [{ data: { big: 'x'.repeat(1024 * 1024 + 1) } }, ['Too long: may not be more than 1048576 bytes']],
    [{ binaryData: { bin: 'not base64!' } }, ['binaryData[bin]: Invalid value: "<contents redacted>": illegal base64 data at input byte 3']],
  ])('refuses %#', (fields, expected) => {
    expect(lines(cmRules, cm(fields))).toEqual(expected);
  });

  it('counts data in UTF-8 bytes against the 1MiB limit', () => {
    expect(lines(cmRules, cm({ data: { big: 'é'.repeat(512 * 1024) } }))).toEqual([]);
    expect(lines(cmRules, cm({ data: { big: 'é'.repeat(512 * 1024 + 1) } }))).toEqual(['Too long: may not be more than 1048576 bytes']);
  });

  it('freezes data, binaryData and the flag once immutable, and allows edits before', () => {
    expect(updateLines(cmRules, cm({ immutable: true, data: { a: '1' } }), cm({ data: { a: '2' }, binaryData: { b: b64('x') } }))).toEqual([
      `immutable: ${IMMUTABLE}`,
      `data: ${IMMUTABLE}`,
      `binaryData: ${IMMUTABLE}`,
    ]);
    expect(updateLines(cmRules, cm({ data: { a: '1' } }), cm({ immutable: true, data: { a: '2' } }))).toEqual([]);
    expect(updateLines(cmRules, cm({ immutable: true, data: { a: '1', b: '2' } }), cm({ immutable: true, data: { b: '2', a: '1' } }))).toEqual([]);
  });
});

// -------------------------------------------------------------------------------------

describe('Secret', () => {
  const secretRules = ruleOf('Secret');
  const secret = (fields: Record<string, unknown>, annotations?: Record<string, string>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', namespace: 'default', ...(annotations === undefined ? {} : { annotations }) },
    ...fields,
  });

  it('defaults type to Opaque', () => {
    expect(defaulted(secretRules, secret({}))['type']).toBe('Opaque');
    expect(defaulted(secretRules, secret({ type: '' }))['type']).toBe('Opaque');
  });

  it('merges stringData into data as base64, stringData winning, and does not store stringData', () => {
    const out = defaulted(secretRules, secret({ data: { a: b64('old'), b: b64('keep') }, stringData: { a: 'new', c: 'héllo' } }));
    expect(out['data']).toEqual({ a: b64('new'), b: b64('keep'), c: 'aMOpbGxv' });
    expect(out).not.toHaveProperty('stringData');
  });

  it.each([
    [{ data: { 'a b': b64('x') } }, undefined, [`data[a b]: Invalid value: "a b": ${KEY_MSG}`]],
    [{ data: { a: 'abc' } }, undefined, ['data[a]: Invalid value: "<contents redacted>": illegal base64 data at input byte 0']],
    [{ data: { a: 'YW*j' } }, undefined, ['data[a]: Invalid value: "<contents redacted>": illegal base64 data at input byte 2']],
    [{ type: 'kubernetes.io/service-account-token' }, undefined, ['metadata.annotations[kubernetes.io/service-account.name]: Required value']],
    [{ type: 'kubernetes.io/service-account-token' }, { 'kubernetes.io/service-account.name': 'default' }, []],
    [{ type: 'kubernetes.io/dockerconfigjson' }, undefined, ['data[.dockerconfigjson]: Required value']],
    [{ type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('[]') } }, undefined, ['data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go value of type map[string]interface {}']],
    [{ type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('{"auths":{}}') } }, undefined, []],
    [{ type: 'kubernetes.io/basic-auth' }, undefined, ['data[username]: Required value', 'data[password]: Required value']],
    [{ type: 'kubernetes.io/basic-auth', stringData: { password: '' } }, undefined, []],
    [{ type: 'kubernetes.io/ssh-auth', data: { 'ssh-privatekey': '' } }, undefined, ['data[ssh-privatekey]: Required value']],
    [{ type: 'kubernetes.io/tls', data: { 'tls.crt': b64('c') } }, undefined, ['data[tls.key]: Required value']],
    [{ data: { big: Buffer.alloc(1024 * 1024 + 1).toString('base64') } }, undefined, ['data: Too long: may not be more than 1048576 bytes']],
  ])('validates %j', (fields, annotations, expected) => {
    expect(lines(secretRules, secret(fields, annotations))).toEqual(expected);
  });

  it('refuses a type change, and data changes once immutable', () => {
    expect(updateLines(secretRules, secret({ type: 'Opaque' }), secret({ type: 'kubernetes.io/tls' }))).toEqual(['type: Invalid value: "kubernetes.io/tls": field is immutable']);
    expect(updateLines(secretRules, secret({ immutable: true, data: { a: b64('1') } }), secret({ immutable: true, stringData: { a: '2' } }))).toEqual([`data: ${IMMUTABLE}`]);
    expect(updateLines(secretRules, secret({ immutable: true }), secret({}))).toEqual([`immutable: ${IMMUTABLE}`]);
  });

  it('finds where Go would stop decoding base64', () => {
    expect(['YWJj', 'YQ==', 'YW\nJj', 'YWI=\n', '', 'YQ=', 'Y===', 'YWJ', 'YQ==YQ==', 'YQ=x', 'YWJjZ'].map(base64ErrorOffset)).toEqual([-1, -1, -1, -1, -1, 3, 1, 0, 4, 2, 4]);
  });
});

// -------------------------------------------------------------------------------------

describe('ServiceAccount', () => {
  it('is stored with no rules beyond its codec', () => {
    const r = ruleOf('ServiceAccount');
    expect([r.defaults, r.validate, r.validateUpdate]).toEqual([undefined, undefined, undefined]);
    expect(r.codec.is({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' }, automountServiceAccountToken: false })).toBe(true);
  });
});

describe('Namespace', () => {
  const nsRules = ruleOf('Namespace');
  const ns = (fields: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' }, ...fields });

  it('adds the metadata.name label, the kubernetes finalizer and phase Active', () => {
    expect(defaulted(nsRules, ns())).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'prod', labels: { 'kubernetes.io/metadata.name': 'prod' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  });

  it('appends kubernetes after the user\'s finalizers, once, and keeps a phase already set', () => {
    expect(defaulted(nsRules, ns({ spec: { finalizers: ['example.com/x'] } }))['spec']).toEqual({ finalizers: ['example.com/x', 'kubernetes'] });
    expect(defaulted(nsRules, ns({ spec: { finalizers: ['kubernetes'] } }))['spec']).toEqual({ finalizers: ['kubernetes'] });
    expect(defaulted(nsRules, ns({ status: { phase: 'Terminating' } }))['status']).toEqual({ phase: 'Terminating' });
  });

  it.each([
    ['example.com/cleanup', []],
    ['orphan', []],
    ['cleanup', ['spec.finalizers: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified']],
    ['a/b/c', ["spec.finalizers: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]],
  ])('finalizer %s', (finalizer, expected) => {
    expect(lines(nsRules, ns({ spec: { finalizers: [finalizer] } }))).toEqual(expected);
  });
});

// -------------------------------------------------------------------------------------

describe('Lease', () => {
  const leaseRules = ruleOf('Lease');
  const lease = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'node-0', namespace: 'kube-node-lease' }, spec });

  it.each([
    [{ holderIdentity: 'node-0', leaseDurationSeconds: 40, renewTime: '2025-01-01T00:00:00.000000Z' }, []],
    [{ leaseDurationSeconds: 0 }, ['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']],
    [{ leaseTransitions: -1 }, ['spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0']],
    [{ preferredHolder: 'node-1' }, ['spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined']],
  ])('%j', (spec, expected) => {
    expect(lines(leaseRules, lease(spec))).toEqual(expected);
  });
});

// -------------------------------------------------------------------------------------

describe('Event', () => {
  const eventRules = ruleOf('Event');
  const event = (fields: Record<string, unknown>, namespace = 'default'): KubeObject => ({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'e.1', namespace }, ...fields });
  const legacy = { involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' }, reason: 'Started', message: 'ok', type: 'Normal', count: 1 };
  const modern = { ...legacy, eventTime: '2025-01-01T00:00:00.000000Z', reportingComponent: 'kubelet', reportingInstance: 'node-0', action: 'Start' };

  it.each([
    ['a legacy event', event(legacy), []],
    ['a legacy event for another namespace', event({ ...legacy, involvedObject: { kind: 'Pod', namespace: 'prod', name: 'web' } }), ['involvedObject.namespace: Invalid value: "prod": does not match event.namespace']],
    ['a legacy event about a cluster object in default', event({ ...legacy, involvedObject: { kind: 'Node', name: 'n' } }), []],
    ['an event with eventTime', event(modern), []],
    ['an event with eventTime missing reporting fields', event({ ...legacy, eventTime: '2025-01-01T00:00:00Z', reason: '' }), [
      'reportingComponent: Required value',
      "reportingComponent: Invalid value: \"\": name part must be non-empty",
      "reportingComponent: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      'reportingInstance: Required value',
      'action: Required value',
      'reason: Required value',
    ]],
    ['a too long message', event({ ...modern, message: 'x'.repeat(1025) }), ['message: Invalid value: "": can have at most 1024 characters']],
  ])('%s', (_name, o, expected) => {
    expect(lines(eventRules, o)).toEqual(expected);
  });

  it('converts events.k8s.io/v1 to the stored core form', () => {
    const v1 = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e.2', namespace: 'default' }, regarding: { kind: 'Pod', name: 'web' }, note: 'hi', reportingController: 'me', reportingInstance: 'me-1', action: 'Do', reason: 'Did', type: 'Normal', eventTime: '2025-01-01T00:00:00.000000Z', deprecatedCount: 2 };
    expect(eventRules.convert?.(v1, 'events.k8s.io/v1')).toEqual({
      apiVersion: 'v1', kind: 'Event', metadata: { name: 'e.2', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'web' }, message: 'hi',
      reportingComponent: 'me', reportingInstance: 'me-1', action: 'Do', reason: 'Did', type: 'Normal', eventTime: '2025-01-01T00:00:00.000000Z', count: 2,
    });
  });

  it('applies the strict rules to an event created through events.k8s.io/v1', () => {
    const o = event({ ...modern, reportingComponent: '', type: 'Info', series: { count: 1 } });
    expect(eventErrors(o, 'events.k8s.io/v1').map(formatFieldError)).toEqual([
      'reportingController: Required value',
      "reportingController: Invalid value: \"\": name part must be non-empty",
      "reportingController: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      'series.count: Invalid value: "": should be at least 2',
      'series.lastObservedTime: Required value',
      'type: Invalid value: "": has invalid value: Info',
      'count: Invalid value: "": needs to be unset',
    ]);
  });
});
