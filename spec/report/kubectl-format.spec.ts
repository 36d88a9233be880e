import { describe, expect, it } from 'vitest';
import { asList, toJson, toYaml } from '../../src/report/output.js';
import { layout, podStatus } from '../../src/report/tables.js';
import type { Pod } from '../../src/api/pod.js';

const object = {
  kind: 'Namespace',
  apiVersion: 'v1',
  metadata: { name: 'shop', creationTimestamp: '2025-01-01T00:00:00Z', labels: { enabled: 'yes', tier: 'on' } },
  status: { phase: 'Active' },
  spec: { finalizers: ['kubernetes'] },
};

describe('kubectl output formats', () => {
  // Expected text printed by `kubectl label --local -f ns.json x=1 -o yaml` (kubectl v1.34,
  // the added label removed): go-yaml sorts keys, indents lists at their key's level and
  // quotes strings YAML 1.1 would read as timestamps or booleans.
  it('prints YAML as kubectl does', () => {
    expect(toYaml(object)).toBe(`apiVersion: v1
kind: Namespace
metadata:
  creationTimestamp: "2025-01-01T00:00:00Z"
  labels:
    enabled: "yes"
    tier: "on"
  name: shop
spec:
  finalizers:
  - kubernetes
status:
  phase: Active
`);
  });

  it('prints JSON with sorted keys and 4-space indentation, lists as a List', () => {
    expect(toJson({ b: 1, a: { d: [1], c: 'x' } })).toBe('{\n    "a": {\n        "c": "x",\n        "d": [\n            1\n        ]\n    },\n    "b": 1\n}\n');
    expect(asList([])).toEqual({ apiVersion: 'v1', items: [], kind: 'List', metadata: { resourceVersion: '' } });
  });

  it('lays tables out as kubectl\'s tabwriter (min width 6, padding 3, last column unpadded)', () => {
    expect(layout([['NAME', 'AGE'], ['a', '5s']])).toBe('NAME   AGE\na      5s\n');
    expect(layout([['NAME', 'READY', 'STATUS'], ['web-1', '1/1', 'Running']])).toBe('NAME    READY   STATUS\nweb-1   1/1     Running\n');
  });

  it('computes pod STATUS as printPod: waiting reason, Terminating, Completed', () => {
    const base = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }] } } as Pod;
    expect(podStatus({ ...base, status: { phase: 'Pending', containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] } })).toEqual({ status: 'ContainerCreating', ready: 0, restarts: 0 });
    expect(podStatus({ ...base, metadata: { name: 'p', deletionTimestamp: '2025-01-01T00:00:30Z' }, status: { phase: 'Running' } }).status).toBe('Terminating');
    expect(podStatus({ ...base, status: { phase: 'Succeeded', containerStatuses: [{ name: 'c', ready: false, restartCount: 2, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] } })).toEqual({ status: 'Completed', ready: 0, restarts: 2 });
  });
});
