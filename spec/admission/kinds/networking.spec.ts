import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/meta.js';
import { formatFieldError } from '../../../src/api/validation.js';
import {
  KUBERNETES_SERVICE_IP,
  NETWORKING_RULES,
  allocateClusterIP,
  allocateNodePort,
  inServiceCIDR,
  needsHealthCheckNodePort,
  servicePortsNeedingNodePorts,
} from '../../../src/admission/kinds/networking.js';
import type { KindRules } from '../../../src/admission/kinds/rules.js';
import type { Service } from '../../../src/api/networking.js';
import { parseIP } from '../../../src/admission/kinds/networking-fields.js';

const rules = (kind: string): KindRules => {
  const r = NETWORKING_RULES.find((k) => k.kind === kind);
  if (r === undefined) throw new Error(`no rules for ${kind}`);
  return r;
};

const obj = (kind: string, apiVersion: string, body: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name: 'x', namespace: 'default', ...meta },
  ...body,
});

const svc = (spec: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject => obj('Service', 'v1', { spec }, meta);
const defaulted = (o: KubeObject): KubeObject => rules(o.kind).defaults?.(o) ?? o;
/** Defaults then validation, as admission runs them; errors as the API server prints them. */
const errorsOf = (o: KubeObject): string[] => (rules(o.kind).validate?.(defaulted(o)) ?? []).map(formatFieldError);
const updateErrorsOf = (before: KubeObject, after: KubeObject): string[] => (rules(after.kind).validateUpdate?.(defaulted(before), defaulted(after)) ?? []).map(formatFieldError);
const specOf = (o: KubeObject): Record<string, unknown> => o['spec'] as Record<string, unknown>;

const web = { selector: { app: 'web' }, ports: [{ port: 80 }] };

describe('Service defaults (SetDefaults_Service and the registry)', () => {
  it('defaults a ClusterIP service as upstream does', () => {
    expect(specOf(defaulted(svc(web)))).toEqual({
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
  });

  it.each([
    ['NodePort', { externalTrafficPolicy: 'Cluster' }],
    ['LoadBalancer', { externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true }],
  ])('defaults externalTrafficPolicy (and LB node ports) for %s', (type, expected) => {
    expect(specOf(defaulted(svc({ ...web, type })))).toMatchObject(expected);
  });

  it('leaves externalTrafficPolicy and allocateLoadBalancerNodePorts unset for ClusterIP', () => {
    const spec = specOf(defaulted(svc(web)));
    expect(spec['externalTrafficPolicy']).toBeUndefined();
    expect(spec['allocateLoadBalancerNodePorts']).toBeUndefined();
  });

  it('keeps a named targetPort and defaults targetPort 0 to the port', () => {
    const spec = specOf(defaulted(svc({ ports: [{ name: 'a', port: 80, targetPort: 'http' }, { name: 'b', port: 81, targetPort: 0 }] })));
    expect(spec['ports']).toEqual([
      { name: 'a', port: 80, protocol: 'TCP', targetPort: 'http' },
      { name: 'b', port: 81, protocol: 'TCP', targetPort: 81 },
    ]);
  });

  it('defaults ClientIP affinity to a 10800 s timeout and drops the config for None', () => {
    expect(specOf(defaulted(svc({ ...web, sessionAffinity: 'ClientIP' })))['sessionAffinityConfig']).toEqual({ clientIP: { timeoutSeconds: 10800 } });
    expect(specOf(defaulted(svc({ ...web, sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } } })))['sessionAffinityConfig']).toBeUndefined();
  });

  it('makes a headless service without selector RequireDualStack over both families', () => {
    expect(specOf(defaulted(svc({ clusterIP: 'None' })))).toMatchObject({ clusterIPs: ['None'], ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6'] });
  });

  it('keeps a headless service with a selector SingleStack', () => {
    expect(specOf(defaulted(svc({ clusterIP: 'None', selector: { app: 'db' } })))).toMatchObject({ ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'] });
  });

  it('gives ExternalName no ip families and no internalTrafficPolicy', () => {
    const spec = specOf(defaulted(svc({ type: 'ExternalName', externalName: 'db.example.com' })));
    expect(spec['ipFamilies']).toBeUndefined();
    expect(spec['ipFamilyPolicy']).toBeUndefined();
    expect(spec['internalTrafficPolicy']).toBeUndefined();
  });

  it('syncs clusterIP into clusterIPs', () => {
    expect(specOf(defaulted(svc({ ...web, clusterIP: '10.96.5.5' })))).toMatchObject({ clusterIP: '10.96.5.5', clusterIPs: ['10.96.5.5'] });
  });

  it('defaults a LoadBalancer ingress ipMode to VIP', () => {
    const o = obj('Service', 'v1', { spec: { ...web, type: 'LoadBalancer' }, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }, { hostname: 'lb.example.com' }] } } });
    expect(defaulted(o)['status']).toEqual({ loadBalancer: { ingress: [{ ip: '1.2.3.4', ipMode: 'VIP' }, { hostname: 'lb.example.com' }] } });
  });
});

describe('Service validation (ValidateService)', () => {
  it('accepts a plain defaulted service', () => {
    expect(errorsOf(svc(web))).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['ports are required', { selector: { app: 'web' } }, ['spec.ports: Required value']],
    ['port range', { ports: [{ port: 0 }] }, ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive', 'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive']],
    ['names when more than one port', { ports: [{ port: 80 }, { name: 'b', port: 81 }] }, ['spec.ports[0].name: Required value']],
    ['unique names', { ports: [{ name: 'a', port: 80 }, { name: 'a', port: 81 }] }, ['spec.ports[1].name: Duplicate value: "a"']],
    ['protocol enum', { ports: [{ port: 80, protocol: 'ICMP' }] }, ['spec.ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"']],
    ['type enum', { ...web, type: 'Magic' }, ['spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']],
    ['duplicate port/protocol', { ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] }, ['spec.ports[1]: Duplicate value: {"protocol":"TCP","port":80}']],
    ['clusterIP must be an IP', { ...web, clusterIP: '10.96.0.300' }, ['spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
    [
      'clusterIP in the service CIDR',
      { ...web, clusterIP: '192.168.0.1' },
      ['spec.clusterIPs: Invalid value: ["192.168.0.1"]: failed to allocate IP 192.168.0.1: the provided IP (192.168.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12'],
    ],
    ['headless NodePort', { ...web, type: 'NodePort', clusterIP: 'None' }, ['spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services']],
    ['nodePort forbidden for ClusterIP', { ports: [{ port: 80, nodePort: 30080 }] }, ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]],
    [
      'nodePort range',
      { type: 'NodePort', ports: [{ port: 80, nodePort: 8080 }] },
      ['spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767'],
    ],
    ['duplicate nodePort', { type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, nodePort: 30080 }] }, ['spec.ports[1].nodePort: Duplicate value: 30080']],
    [
      'selector label syntax',
      { selector: { 'app!': 'web' }, ports: [{ port: 80 }] },
      [
        "spec.selector: Invalid value: \"app!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ],
    ],
    ['targetPort IANA name', { ports: [{ port: 80, targetPort: 'HTTP' }] }, ['spec.ports[0].targetPort: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'spec.ports[0].targetPort: Invalid value: "HTTP": must contain at least one letter (a-z)']],
    ['ClientIP timeout', { ...web, sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 90000 } } }, ['spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 90000: must be greater than 0 and less than 86400']],
    ['externalTrafficPolicy only when externally accessible', { ...web, externalTrafficPolicy: 'Local' }, ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services']],
    ['externalTrafficPolicy enum', { ...web, type: 'NodePort', externalTrafficPolicy: 'Global' }, ['spec.externalTrafficPolicy: Unsupported value: "Global": supported values: "Cluster", "Local"']],
    ['internalTrafficPolicy enum', { ...web, internalTrafficPolicy: 'Node' }, ['spec.internalTrafficPolicy: Unsupported value: "Node": supported values: "Cluster", "Local"']],
    ['healthCheckNodePort needs LB+Local', { ...web, type: 'NodePort', healthCheckNodePort: 30001 }, ["spec.healthCheckNodePort: Invalid value: 30001: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"]],
    ['healthCheckNodePort allocated for LB+Local', { ...web, type: 'LoadBalancer', externalTrafficPolicy: 'Local' }, ['spec.healthCheckNodePort: Required value']],
    ['allocateLoadBalancerNodePorts only for LB', { ...web, allocateLoadBalancerNodePorts: false }, ["spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'"]],
    ['loadBalancerClass only for LB', { ...web, loadBalancerClass: 'example.com/lb' }, ["spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'"]],
    ['externalIPs non-special', { ...web, externalIPs: ['127.0.0.1'] }, ['spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)']],
    ['single-stack cluster', { ...web, ipFamilyPolicy: 'RequireDualStack' }, ['spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services']],
    ['IPv6 not configured', { ...web, ipFamilies: ['IPv6'] }, ['spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster']],
  ])('%s', (_title, spec, expected) => {
    expect(errorsOf(svc(spec))).toEqual(expected);
  });

  it('lets a headless service go without ports', () => {
    expect(errorsOf(svc({ clusterIP: 'None' }))).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['valid', { type: 'ExternalName', externalName: 'db.example.com.' }, []],
    ['externalName required', { type: 'ExternalName' }, ['spec.externalName: Required value']],
    [
      'externalName is a DNS subdomain',
      { type: 'ExternalName', externalName: 'DB_host' },
      [
        "spec.externalName: Invalid value: \"DB_host\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
    ['no clusterIP', { type: 'ExternalName', externalName: 'db.example.com', clusterIP: '10.96.0.9' }, ['spec.clusterIPs: Forbidden: may not be set for ExternalName services']],
  ])('ExternalName: %s', (_title, spec, expected) => {
    expect(errorsOf(svc(spec))).toEqual(expected);
  });
});

describe('Service update (ValidateServiceUpdate)', () => {
  const before = svc({ ...web, clusterIP: '10.96.1.1' });

  it('refuses a changed clusterIP with upstream wording', () => {
    expect(updateErrorsOf(before, svc({ ...web, clusterIP: '10.96.1.2' }))).toEqual(['spec.clusterIPs[0]: Invalid value: ["10.96.1.2"]: may not change once set']);
  });

  it('keeps the allocated clusterIP when an update omits it', () => {
    expect(updateErrorsOf(before, svc({ ...web, ports: [{ port: 8080 }] }))).toEqual([]);
  });

  it('allows changing type to ExternalName', () => {
    expect(updateErrorsOf(before, svc({ type: 'ExternalName', externalName: 'x.example.com' }))).toEqual([]);
  });

  it('refuses a changed loadBalancerClass', () => {
    const lb = (cls: string): KubeObject => svc({ ...web, type: 'LoadBalancer', clusterIP: '10.96.1.1', loadBalancerClass: cls });
    expect(updateErrorsOf(lb('a.io/x'), lb('b.io/y'))).toEqual(['spec.loadBalancerClass: Invalid value: "b.io/y": may not change once set']);
  });
});

describe('ClusterIP allocation', () => {
  it('takes the upper band first: 10.96.1.1 is the first dynamic address', () => {
    expect(allocateClusterIP(new Set())).toBe('10.96.1.1');
  });

  it('takes the lowest free address of the upper band', () => {
    expect(allocateClusterIP(new Set(['10.96.1.1', '10.96.1.2', '10.96.1.4']))).toBe('10.96.1.3');
  });

  it('never hands out the kubernetes service address while the upper band has room', () => {
    expect(allocateClusterIP(new Set([KUBERNETES_SERVICE_IP]))).toBe('10.96.1.1');
    expect(KUBERNETES_SERVICE_IP).toBe('10.96.0.1');
  });

  it.each([
    ['10.96.0.0', false],
    ['10.96.0.1', true],
    ['10.111.255.254', true],
    ['10.111.255.255', false],
    ['10.112.0.1', false],
  ])('%s in the service CIDR: %s', (ip, expected) => {
    expect(inServiceCIDR(ip)).toBe(expected);
  });
});

describe('NodePort allocation', () => {
  it('takes the upper band first: 30086 is the first dynamic port', () => {
    expect(allocateNodePort(new Set())).toBe(30086);
  });

  it('falls back to the static band (30000-30085) when the upper band is full', () => {
    const upper = new Set(Array.from({ length: 32767 - 30086 + 1 }, (_, i) => 30086 + i));
    expect(allocateNodePort(upper)).toBe(30000);
    expect(allocateNodePort(new Set([...upper, 30000, 30001]))).toBe(30002);
  });

  it('returns undefined when all 2768 ports are taken', () => {
    expect(allocateNodePort(new Set(Array.from({ length: 2768 }, (_, i) => 30000 + i)))).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, number[]]>([
    ['ClusterIP', { ports: [{ port: 80 }] }, []],
    ['NodePort', { type: 'NodePort', ports: [{ port: 80 }, { port: 81, nodePort: 30100 }] }, [0]],
    ['LoadBalancer', { type: 'LoadBalancer', ports: [{ port: 80 }] }, [0]],
    ['LoadBalancer without node ports', { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [{ port: 80 }] }, []],
  ])('ports needing node ports: %s', (_t, spec, expected) => {
    expect(servicePortsNeedingNodePorts(svc(spec) as unknown as Service)).toEqual(expected);
  });

  it('asks for a healthCheckNodePort only for LoadBalancer + Local', () => {
    expect(needsHealthCheckNodePort(svc({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' }) as unknown as Service)).toBe(true);
    expect(needsHealthCheckNodePort(svc({ type: 'NodePort', externalTrafficPolicy: 'Local' }) as unknown as Service)).toBe(false);
  });
});

describe('Endpoints and EndpointSlice', () => {
  it('defaults Endpoints port protocol to TCP', () => {
    const o = defaulted(obj('Endpoints', 'v1', { subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }] }));
    expect(o['subsets']).toEqual([{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'TCP' }] }]);
  });

  it.each<[string, unknown[], string[]]>([
    ['needs addresses', [{ ports: [{ port: 80 }] }], ['subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`']],
    ['ip syntax', [{ addresses: [{ ip: 'nope' }] }], ['subsets[0].addresses[0].ip: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)', 'subsets[0].addresses[0].ip: Invalid value: "nope": must be a valid IP address']],
    ['link-local', [{ notReadyAddresses: [{ ip: '169.254.1.1' }] }], ['subsets[0].notReadyAddresses[0].ip: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)']],
  ])('Endpoints: %s', (_t, subsets, expected) => {
    expect(errorsOf(obj('Endpoints', 'v1', { subsets }))).toEqual(expected);
  });

  const slice = (body: Record<string, unknown>): KubeObject => obj('EndpointSlice', 'discovery.k8s.io/v1', body);

  it('defaults EndpointSlice ports to name "" and TCP', () => {
    expect(defaulted(slice({ addressType: 'IPv4', ports: [{ port: 80 }] }))['ports']).toEqual([{ port: 80, name: '', protocol: 'TCP' }]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['valid', { addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: true } }] }, []],
    ['addressType enum', { addressType: 'IP' }, ['addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"']],
    ['addresses required', { addressType: 'IPv4', endpoints: [{ addresses: [] }] }, ['endpoints[0].addresses: Required value: must contain at least 1 address']],
    ['IPv4 address type', { addressType: 'IPv4', endpoints: [{ addresses: ['fd00::1'] }] }, ['endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address']],
    ['IPv6 address type', { addressType: 'IPv6', endpoints: [{ addresses: ['::1'] }] }, ['endpoints[0].addresses[0]: Invalid value: "::1": may not be in the loopback range (127.0.0.0/8, ::1/128)']],
    ['FQDN address type', { addressType: 'FQDN', endpoints: [{ addresses: ['localhost'] }] }, ['endpoints[0].addresses[0]: Invalid value: "localhost": should be a domain with at least two segments separated by dots']],
    ['duplicate port names', { addressType: 'IPv4', ports: [{ name: 'a', port: 80 }, { name: 'a', port: 81 }] }, ['ports[1].name: Duplicate value: "a"']],
  ])('EndpointSlice: %s', (_t, body, expected) => {
    expect(errorsOf(slice(body))).toEqual(expected);
  });

  it('refuses a changed addressType', () => {
    expect(updateErrorsOf(slice({ addressType: 'IPv4' }), slice({ addressType: 'IPv6' }))).toEqual(['addressType: Invalid value: "IPv6": field is immutable']);
  });
});

describe('Ingress and IngressClass', () => {
  const ing = (spec: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject => obj('Ingress', 'networking.k8s.io/v1', { spec }, meta);
  const backend = { service: { name: 'web', port: { number: 80 } } };
  const rule = (path: Record<string, unknown>, host?: string): Record<string, unknown> => ({ ...(host === undefined ? {} : { host }), http: { paths: [{ path: '/', pathType: 'Prefix', backend, ...path }] } });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['valid rules', { rules: [rule({}, '*.example.com')] }, []],
    ['valid defaultBackend', { defaultBackend: backend }, []],
    ['rules or defaultBackend', {}, ['spec: Invalid value: null: either `defaultBackend` or `rules` must be specified']],
    ['pathType required', { rules: [rule({ pathType: undefined })] }, ['spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified']],
    ['pathType enum', { rules: [rule({ pathType: 'Regex' })] }, ['spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"']],
    ['absolute path', { rules: [rule({ path: 'api' })] }, ['spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path']],
    ['no // in path', { rules: [rule({ path: '/a//b' })] }, ["spec.rules[0].http.paths[0].path: Invalid value: \"/a//b\": must not contain '//'"]],
    ['ImplementationSpecific may be empty', { rules: [rule({ path: '', pathType: 'ImplementationSpecific' })] }, []],
    ['port name or number', { defaultBackend: { service: { name: 'web', port: {} } } }, ['spec.defaultBackend: Required value: port name or number is required']],
    ['not both port name and number', { defaultBackend: { service: { name: 'web', port: { name: 'http', number: 80 } } } }, ['spec.defaultBackend: Invalid value: "": cannot set both port name & port number']],
    ['a backend', { defaultBackend: {} }, ['spec.defaultBackend: Invalid value: "": resource or service backend is required']],
    ['host is not an IP', { rules: [rule({}, '1.2.3.4')] }, ['spec.rules[0].host: Invalid value: "1.2.3.4": must be a DNS name, not an IP address']],
    [
      'service name is a DNS-1035 label',
      { defaultBackend: { service: { name: '1web', port: { number: 80 } } } },
      [
        "spec.defaultBackend.service.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
    ['paths required', { rules: [{ host: 'a.example.com', http: { paths: [] } }] }, ['spec.rules[0].http.paths: Required value']],
  ])('%s', (_t, spec, expected) => {
    expect(errorsOf(ing(spec))).toEqual(expected);
  });

  it('refuses a class annotation that disagrees with ingressClassName', () => {
    expect(errorsOf(ing({ defaultBackend: backend, ingressClassName: 'nginx' }, { annotations: { 'kubernetes.io/ingress.class': 'traefik' } }))).toEqual([
      'annotations.kubernetes.io/ingress.class: Invalid value: "traefik": must match `ingressClassName` when both are specified',
    ]);
  });

  it('converts a v1beta1 Ingress to v1', () => {
    const beta = obj('Ingress', 'networking.k8s.io/v1beta1', {
      spec: { backend: { serviceName: 'web', servicePort: 80 }, rules: [{ http: { paths: [{ path: '/', backend: { serviceName: 'api', servicePort: 'http' } }] } }] },
    });
    expect(rules('Ingress').convert?.(beta, 'networking.k8s.io/v1beta1')).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'x', namespace: 'default' },
      spec: {
        defaultBackend: { service: { name: 'web', port: { number: 80 } } },
        rules: [{ http: { paths: [{ path: '/', pathType: 'ImplementationSpecific', backend: { service: { name: 'api', port: { name: 'http' } } } }] } }],
      },
    });
  });

  const cls = (spec: Record<string, unknown>): KubeObject => obj('IngressClass', 'networking.k8s.io/v1', { spec }, { namespace: undefined });

  it('defaults IngressClass parameters scope to Cluster', () => {
    expect(specOf(defaulted(cls({ controller: 'example.com/ingress', parameters: { kind: 'Params', name: 'p' } })))).toEqual({
      controller: 'example.com/ingress',
      parameters: { kind: 'Params', name: 'p', scope: 'Cluster' },
    });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['controller required', {}, ['spec.controller: Required value']],
    ['domain-prefixed controller', { controller: 'nginx' }, ['spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")']],
    ['namespace scope needs namespace', { controller: 'a.io/c', parameters: { kind: 'P', name: 'p', scope: 'Namespace' } }, ["spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'"]],
  ])('IngressClass: %s', (_t, spec, expected) => {
    expect(errorsOf(cls(spec))).toEqual(expected);
  });

  it('refuses a changed IngressClass controller', () => {
    expect(updateErrorsOf(cls({ controller: 'a.io/c' }), cls({ controller: 'b.io/c' }))).toEqual(['spec.controller: Invalid value: "b.io/c": field is immutable']);
  });
});

describe('NetworkPolicy', () => {
  const np = (spec: Record<string, unknown>): KubeObject => obj('NetworkPolicy', 'networking.k8s.io/v1', { spec });

  it('defaults policyTypes and port protocols', () => {
    expect(specOf(defaulted(np({ podSelector: {}, egress: [{ ports: [{ port: 53 }] }] })))).toEqual({
      podSelector: {},
      egress: [{ ports: [{ port: 53, protocol: 'TCP' }] }],
      policyTypes: ['Ingress', 'Egress'],
    });
    expect(specOf(defaulted(np({ podSelector: {} })))['policyTypes']).toEqual(['Ingress']);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['valid', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 5432 }] }] }, []],
    ['peer required', { podSelector: {}, ingress: [{ from: [{}] }] }, ['spec.ingress[0].from[0]: Required value: must specify a peer']],
    ['ipBlock alone', { podSelector: {}, egress: [{ to: [{ podSelector: {}, ipBlock: { cidr: '10.0.0.0/8' } }] }] }, ['spec.egress[0].to[0]: Forbidden: may not specify both ipBlock and another peer']],
    ['endPort after port', { podSelector: {}, ingress: [{ ports: [{ port: 100, endPort: 90 }] }] }, ['spec.ingress[0].ports[0].endPort: Invalid value: 90: must be greater than or equal to `port`']],
    ['policyTypes enum', { podSelector: {}, policyTypes: ['Sideways'] }, ['spec.policyTypes[0]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"']],
  ])('%s', (_t, spec, expected) => {
    expect(errorsOf(np(spec))).toEqual(expected);
  });
});

describe('codecs', () => {
  it.each(['Service', 'Endpoints', 'EndpointSlice', 'Ingress', 'IngressClass', 'NetworkPolicy'])('%s codec passes unknown fields through', (kind) => {
    const o = { ...obj(kind, 'v1', { addressType: 'IPv4' }), extra: { kept: true } };
    const decoded = rules(kind).codec.decode(o);
    expect(decoded._tag).toBe('Right');
  });

  it('refuses a Service port that is not a number, with its path', () => {
    expect(rules('Service').codec.is(svc({ ports: [{ port: '80' }] }))).toBe(false);
  });
});

describe('IP parsing (netutils.ParseIPSloppy)', () => {
  it.each<[string, 4 | 6 | undefined]>([
    ['10.0.0.1', 4],
    ['010.000.000.001', 4],
    ['256.0.0.1', undefined],
    ['::1', 6],
    ['2001:db8::ffff', 6],
    ['::ffff:10.0.0.1', 4],
    ['1:2:3:4:5:6:7:8', 6],
    ['1:2:3:4:5:6:7:8:9', undefined],
    ['1::2::3', undefined],
    ['fe80::1%eth0', undefined],
  ])('%s → family %s', (ip, family) => {
    expect(parseIP(ip)?.family).toBe(family);
  });
});
