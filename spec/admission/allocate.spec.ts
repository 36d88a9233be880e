import { isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import { getObject } from '../../src/state/queries.js';
import { given } from '../support/given.js';

const service = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { selector: { app: name }, ...spec } });
const specOf = (g: ReturnType<typeof given>, name: string) => getObject(g.state, 'Service', 'default', name)?.['spec'] as { clusterIP?: string; clusterIPs?: string[]; ports: { nodePort?: number }[] };

describe('Service allocation', () => {
  it('gives each Service the lowest free ClusterIP of the preferred band, and NodePorts from the upper band', () => {
    const g = given(
      service('a', { ports: [{ port: 80 }] }),
      service('b', { type: 'NodePort', ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] }),
    );
    expect(specOf(g, 'a').clusterIPs).toEqual(['10.96.1.1']);
    expect(specOf(g, 'b').clusterIP).toBe('10.96.1.2');
    expect(specOf(g, 'b').ports.map((p) => p.nodePort)).toEqual([30086, 30087]);
  });

  it('treats nodePort 0 as unset (a ClusterIP Service keeps none), and refuses a NodePort or ClusterIP already taken', () => {
    const g = given(service('etcd', { ports: [{ name: 'client', port: 2379, nodePort: 0 }, { name: 'server', port: 2380, nodePort: 0 }] }), service('np', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    expect(specOf(g, 'etcd').ports.map((p) => p.nodePort)).toEqual([0, 0]);
    const taken = g.decide({ type: 'Create', object: service('np2', { type: 'NodePort', ports: [{ port: 81, nodePort: 30080 }] }) });
    expect(taken).toEqual({ _tag: 'Left', left: { code: 'Invalid', message: 'Service "np2" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated' } });
    const ip = g.decide({ type: 'Create', object: service('dup', { clusterIP: specOf(g, 'etcd').clusterIP, ports: [{ port: 80 }] }) });
    expect(isRight(ip)).toBe(false);
    expect(ip._tag === 'Left' && ip.left.message).toContain('provided IP is already allocated');
  });

  it('an update that leaves out clusterIP and nodePorts keeps the allocated ones', () => {
    const g = given(service('b', { type: 'NodePort', ports: [{ port: 80 }] }));
    const before = specOf(g, 'b');
    const after = g.and({ type: 'Update', object: service('b', { type: 'NodePort', ports: [{ port: 80 }] }) });
    expect(specOf(after, 'b').clusterIP).toBe(before.clusterIP);
    expect(specOf(after, 'b').ports[0]?.nodePort).toBe(before.ports[0]?.nodePort);
  });
});
