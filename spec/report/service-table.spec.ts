import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import { renderTable } from '../../src/report/tables.js';

const svc = (name: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default', creationTimestamp: '2025-01-01T00:00:00Z' },
  spec,
  status,
});

const services = [
  svc('web', { type: 'ClusterIP', clusterIP: '10.96.1.1', clusterIPs: ['10.96.1.1'], selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP' }] }),
  svc('np', { type: 'NodePort', clusterIPs: ['10.96.1.2'], selector: { tier: 'db', app: 'pg' }, ports: [{ port: 80, nodePort: 30086, protocol: 'TCP' }, { port: 53, nodePort: 30087, protocol: 'UDP' }] }),
  svc('lb', { type: 'LoadBalancer', clusterIPs: ['10.96.1.3'], ports: [{ port: 443, nodePort: 30088, protocol: 'TCP' }] }),
  svc('lb2', { type: 'LoadBalancer', clusterIPs: ['10.96.1.4'], ports: [{ port: 443, nodePort: 30089, protocol: 'TCP' }] }, { loadBalancer: { ingress: [{ ip: '203.0.113.10' }, { hostname: 'a.example.com' }] } }),
  svc('db', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'db' } }),
  svc('ext', { type: 'ExternalName', externalName: 'db.example.com' }),
];

describe('get services (upstream printService)', () => {
  it('prints TYPE, CLUSTER-IP, EXTERNAL-IP and PORT(S) as kubectl does', () => {
    expect(renderTable('Service', services, { wide: false, allNamespaces: false, nowMs: 60_000 })).toBe(
      [
        'NAME   TYPE           CLUSTER-IP   EXTERNAL-IP        PORT(S)                     AGE',
        'web    ClusterIP      10.96.1.1    <none>             80/TCP                      60s',
        'np     NodePort       10.96.1.2    <none>             80:30086/TCP,53:30087/UDP   60s',
        'lb     LoadBalancer   10.96.1.3    <pending>          443:30088/TCP               60s',
        'lb2    LoadBalancer   10.96.1.4    203.0.113.10,...   443:30089/TCP               60s',
        'db     ClusterIP      None         <none>             <none>                      60s',
        'ext    ExternalName   <none>       db.example.com     <none>                      60s',
        '',
      ].join('\n'),
    );
  });

  it('-o wide shows the selector and the whole load balancer address list', () => {
    const out = renderTable('Service', services.slice(1, 4), { wide: true, allNamespaces: false, nowMs: 60_000 }).split('\n');
    expect(out[0]).toMatch(/ SELECTOR$/);
    expect(out[1]).toMatch(/ app=pg,tier=db$/);
    expect(out[3]).toContain('203.0.113.10,a.example.com');
    expect(out[2]).toMatch(/ <none>$/);
  });
});
