/**
 * Service (v1) defaulting and validation: upstream SetDefaults_Service
 * (pkg/apis/core/v1/defaults.go), the registry's clusterIP/clusterIPs sync and ipFamily
 * initialisation (pkg/registry/core/service, on a single-stack IPv4 cluster), and
 * ValidateService / ValidateServiceUpdate (pkg/apis/core/validation/validation.go).
 *
 * Upstream allocates ClusterIPs and NodePorts before it validates, so admission should
 * call the allocators (networking-alloc.ts) between `defaults` and `validate`.
 */
import type { KubeObject } from '../../api/meta.js';
import type { Service, ServicePort, ServiceSpec } from '../../api/networking.js';
import type { FieldError } from '../../api/validation.js';
import { duplicate, forbidden, invalid, notSupported, required, requiredWith } from '../../api/validation.js';
import { NODE_PORT_MAX, NODE_PORT_MIN, NODE_PORT_RANGE_MESSAGE, SERVICE_CIDR, inServiceCIDR } from './networking-alloc.js';
import { validateClusterIPs } from './networking-service-ips.js';
import { PORT_PROTOCOLS, dns1123LabelField, dns1123SubdomainField, ipErrors, labelsErrors, nonSpecialIPErrors, portNumErrors, portNumOrNameErrors, qualifiedNameErrors } from './networking-fields.js';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
/** upstream DefaultClientIPServiceAffinitySeconds (3 hours) and its maximum (1 day). */
const DEFAULT_CLIENT_IP_TIMEOUT_SECONDS = 10800;
const MAX_CLIENT_IP_TIMEOUT_SECONDS = 86400;

const specOf = (o: KubeObject): ServiceSpec => (o as unknown as Service).spec ?? {};
const nonEmpty = (s: string | undefined): string | undefined => (s === undefined || s === '' ? undefined : s);

/** upstream apiservice.ExternallyAccessible. */
const externallyAccessible = (spec: ServiceSpec): boolean =>
  spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && (spec.externalIPs ?? []).length > 0);

/** upstream isHeadlessService: clusterIPs is exactly ["None"]. */
export const isHeadless = (spec: ServiceSpec): boolean => spec.clusterIPs?.length === 1 && spec.clusterIPs[0] === 'None';

// -------------------------------------------------------------------------------------
// defaults
// -------------------------------------------------------------------------------------

const defaultPort = (p: ServicePort): ServicePort => ({
  ...p,
  protocol: nonEmpty(p.protocol) ?? 'TCP',
  targetPort: p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '' ? p.port : p.targetPort,
});

const affinityDefaults = (spec: ServiceSpec): ServiceSpec => {
  const sessionAffinity = nonEmpty(spec.sessionAffinity) ?? 'None';
  if (sessionAffinity === 'None') {
    const { sessionAffinityConfig: _dropped, ...rest } = spec;
    return { ...rest, sessionAffinity };
  }
  if (sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    return { ...spec, sessionAffinity, sessionAffinityConfig: { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_TIMEOUT_SECONDS } } };
  }
  return { ...spec, sessionAffinity };
};

/** The registry keeps clusterIP and clusterIPs[0] in step, whichever the user wrote. */
const syncClusterIPs = (spec: ServiceSpec): ServiceSpec => {
  const ip = nonEmpty(spec.clusterIP);
  if (ip !== undefined && (spec.clusterIPs ?? []).length === 0) return { ...spec, clusterIP: ip, clusterIPs: [ip] };
  const first = spec.clusterIPs?.[0];
  if (ip === undefined && first !== undefined) return { ...spec, clusterIP: first };
  return spec;
};

/**
 * upstream initIPFamilyFields on a single-stack IPv4 cluster: SingleStack/[IPv4], except
 * that a headless Service without a selector defaults to RequireDualStack and lists both
 * families (upstream allows that even on a single-stack cluster).
 */
const ipFamilyDefaults = (spec: ServiceSpec): ServiceSpec => {
  if (spec.type === 'ExternalName') return spec;
  const selectorless = spec.clusterIP === 'None' && Object.keys(spec.selector ?? {}).length === 0;
  const ipFamilyPolicy = nonEmpty(spec.ipFamilyPolicy) ?? (selectorless ? 'RequireDualStack' : 'SingleStack');
  const families = [...(spec.ipFamilies ?? [])];
  (spec.clusterIPs ?? []).forEach((ip, i) => {
    if (ip !== 'None' && i >= families.length) families.push(ip.includes(':') ? 'IPv6' : 'IPv4');
  });
  if (families.length === 0) families.push('IPv4');
  if (selectorless && families.length < 2 && ipFamilyPolicy !== 'SingleStack') families.push(families[0] === 'IPv4' ? 'IPv6' : 'IPv4');
  return { ...spec, ipFamilyPolicy, ipFamilies: families };
};

const trafficDefaults = (spec: ServiceSpec): ServiceSpec => {
  const out: ServiceSpec = { ...spec };
  if (externallyAccessible(out) && nonEmpty(out.externalTrafficPolicy) === undefined) out.externalTrafficPolicy = 'Cluster';
  if (out.internalTrafficPolicy === undefined && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(out.type ?? '')) out.internalTrafficPolicy = 'Cluster';
  if (out.type === 'LoadBalancer' && out.allocateLoadBalancerNodePorts === undefined) out.allocateLoadBalancerNodePorts = true;
  return out;
};

/** upstream: a LoadBalancer ingress with an ip gets ipMode VIP. */
const statusDefaults = (svc: Service, spec: ServiceSpec): Service['status'] => {
  const ingress = svc.status?.loadBalancer?.ingress;
  if (spec.type !== 'LoadBalancer' || ingress === undefined) return svc.status;
  return { ...svc.status, loadBalancer: { ...svc.status?.loadBalancer, ingress: ingress.map((i) => (i.ip !== undefined && i.ip !== '' && i.ipMode === undefined ? { ...i, ipMode: 'VIP' } : i)) } };
};

export const defaultService = (o: KubeObject): KubeObject => {
  const svc = o as unknown as Service;
  const given = specOf(o);
  const typed: ServiceSpec = { ...given, type: nonEmpty(given.type) ?? 'ClusterIP' };
  const withPorts: ServiceSpec = given.ports === undefined ? typed : { ...typed, ports: given.ports.map(defaultPort) };
  const spec = ipFamilyDefaults(syncClusterIPs(trafficDefaults(affinityDefaults(withPorts))));
  const status = statusDefaults(svc, spec);
  return { ...o, spec, ...(status === undefined ? {} : { status }) };
};

// -------------------------------------------------------------------------------------
// validation
// -------------------------------------------------------------------------------------

const typeErrors = (spec: ServiceSpec): FieldError[] => {
  const headlessIP = spec.clusterIPs?.[0];
  switch (spec.type) {
    case 'LoadBalancer':
    case 'NodePort':
      return isHeadless(spec) ? [invalid('spec.clusterIPs[0]', headlessIP, `may not be set to 'None' for ${spec.type} services`)] : [];
    case 'ExternalName': {
      const errors: FieldError[] = [];
      if ((spec.clusterIPs ?? []).length > 0) errors.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
      if ((spec.ipFamilies ?? []).length > 0) errors.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
      if (spec.ipFamilyPolicy !== undefined) errors.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
      // a trailing dot marks a fully qualified CNAME
      const cname = (spec.externalName ?? '').replace(/\.$/, '');
      return [...errors, ...(cname === '' ? [required('spec.externalName')] : dns1123SubdomainField('spec.externalName', cname))];
    }
    default:
      return [];
  }
};

const portErrors = (p: ServicePort, i: number, requireName: boolean, seen: Set<string>): FieldError[] => {
  const path = `spec.ports[${i}]`;
  const errors: FieldError[] = [];
  const name = p.name ?? '';
  if (requireName && name === '') errors.push(required(`${path}.name`));
  else if (name !== '') {
    errors.push(...dns1123LabelField(`${path}.name`, name));
    if (seen.has(name)) errors.push(duplicate(`${path}.name`, name));
    seen.add(name);
  }
  errors.push(...portNumErrors(`${path}.port`, p.port));
  const protocol = p.protocol ?? '';
  if (protocol === '') errors.push(required(`${path}.protocol`));
  else if (!(PORT_PROTOCOLS as readonly string[]).includes(protocol)) errors.push(notSupported(`${path}.protocol`, protocol, PORT_PROTOCOLS));
  if (p.targetPort !== undefined) errors.push(...portNumOrNameErrors(`${path}.targetPort`, p.targetPort));
  if (p.appProtocol !== undefined) errors.push(...qualifiedNameErrors(p.appProtocol).map((m) => invalid(`${path}.appProtocol`, p.appProtocol, m)));
  return errors;
};

const affinityErrors = (spec: ServiceSpec): FieldError[] => {
  const affinity = spec.sessionAffinity ?? '';
  if (affinity === '') return [required('spec.sessionAffinity')];
  if (affinity === 'None') return spec.sessionAffinityConfig === undefined ? [] : [forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None')];
  if (affinity !== 'ClientIP') return [notSupported('spec.sessionAffinity', affinity, ['ClientIP', 'None'])];
  const config = spec.sessionAffinityConfig;
  if (config === undefined) return [requiredWith('spec.sessionAffinityConfig', 'when session affinity type is ClientIP')];
  if (config.clientIP === undefined) return [requiredWith('spec.sessionAffinityConfig.clientIP', 'when session affinity type is ClientIP')];
  const timeout = config.clientIP.timeoutSeconds ?? 0;
  return timeout > 0 && timeout <= MAX_CLIENT_IP_TIMEOUT_SECONDS
    ? []
    : [invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, `must be greater than 0 and less than ${MAX_CLIENT_IP_TIMEOUT_SECONDS}`)];
};

/** Duplicate (protocol, nodePort) and (protocol, port) pairs; nodePorts outside the range. */
const portSetErrors = (spec: ServiceSpec): FieldError[] => {
  const errors: FieldError[] = [];
  const nodePorts = new Set<string>();
  const ports = new Set<string>();
  (spec.ports ?? []).forEach((p, i) => {
    const nodePort = p.nodePort ?? 0;
    if (nodePort !== 0 && spec.type === 'ClusterIP') errors.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    if (nodePort !== 0 && (spec.type === 'NodePort' || spec.type === 'LoadBalancer') && (nodePort < NODE_PORT_MIN || nodePort > NODE_PORT_MAX)) {
      errors.push(invalid(`spec.ports[${i}].nodePort`, nodePort, NODE_PORT_RANGE_MESSAGE));
    }
    if (nodePort !== 0 && nodePorts.has(`${p.protocol}/${nodePort}`)) errors.push(duplicate(`spec.ports[${i}].nodePort`, nodePort));
    if (nodePort !== 0) nodePorts.add(`${p.protocol}/${nodePort}`);
    if (ports.has(`${p.protocol}/${p.port}`)) errors.push(duplicate(`spec.ports[${i}]`, { protocol: p.protocol, port: p.port }));
    ports.add(`${p.protocol}/${p.port}`);
  });
  return errors;
};

const externalIPErrors = (spec: ServiceSpec): FieldError[] =>
  (spec.externalIPs ?? []).flatMap((ip, i) => {
    const bad = ipErrors(`spec.externalIPs[${i}]`, ip);
    return bad.length > 0 ? bad : nonSpecialIPErrors(`spec.externalIPs[${i}]`, ip);
  });

const loadBalancerErrors = (spec: ServiceSpec): FieldError[] => {
  const lb = spec.type === 'LoadBalancer';
  const errors: FieldError[] = [];
  if (spec.allocateLoadBalancerNodePorts !== undefined && !lb) errors.push(forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  // upstream reports this one without the `spec.` prefix
  if (lb && spec.allocateLoadBalancerNodePorts === undefined) errors.push(required('allocateLoadBalancerNodePorts'));
  if (spec.loadBalancerClass !== undefined) {
    if (!lb) errors.push(forbidden('spec.loadBalancerClass', "may only be used when `type` is 'LoadBalancer'"));
    else errors.push(...qualifiedNameErrors(spec.loadBalancerClass).map((m) => invalid('spec.loadBalancerClass', spec.loadBalancerClass, m)));
  }
  return errors;
};

const trafficPolicyErrors = (spec: ServiceSpec): FieldError[] => {
  const errors: FieldError[] = [];
  const etp = spec.externalTrafficPolicy ?? '';
  if (!externallyAccessible(spec)) {
    if (etp !== '') errors.push(invalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'));
  } else if (etp === '') errors.push(required('spec.externalTrafficPolicy'));
  else if (etp !== 'Cluster' && etp !== 'Local') errors.push(notSupported('spec.externalTrafficPolicy', etp, ['Cluster', 'Local']));
  const hc = spec.healthCheckNodePort ?? 0;
  const needsHC = spec.type === 'LoadBalancer' && etp === 'Local';
  if (!needsHC && hc !== 0) errors.push(invalid('spec.healthCheckNodePort', hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  if (needsHC && hc === 0) errors.push(required('spec.healthCheckNodePort'));
  if (needsHC && hc !== 0) errors.push(...portNumErrors('spec.healthCheckNodePort', hc));
  const itp = spec.internalTrafficPolicy;
  if (itp === undefined && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type ?? '')) errors.push(required('spec.internalTrafficPolicy'));
  if (itp !== undefined && itp !== 'Cluster' && itp !== 'Local') errors.push(notSupported('spec.internalTrafficPolicy', itp, ['Cluster', 'Local']));
  return errors;
};

/** upstream: a requested clusterIP must lie in the service CIDR (reported by the allocator). */
const cidrErrors = (spec: ServiceSpec): FieldError[] => {
  const ip = spec.clusterIPs?.[0];
  if (spec.type === 'ExternalName' || ip === undefined || ip === 'None' || ipErrors('', ip).length > 0 || inServiceCIDR(ip)) return [];
  return [invalid('spec.clusterIPs', spec.clusterIPs, `failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`)];
};

export const validateService = (o: KubeObject): FieldError[] => {
  const spec = specOf(o);
  const ports = spec.ports ?? [];
  const seenNames = new Set<string>();
  const type = spec.type ?? '';
  return [
    ...(ports.length === 0 && !isHeadless(spec) && type !== 'ExternalName' ? [required('spec.ports')] : []),
    ...typeErrors(spec),
    ...ports.flatMap((p, i) => portErrors(p, i, ports.length > 1, seenNames)),
    ...(spec.selector === undefined ? [] : labelsErrors('spec.selector', spec.selector)),
    ...affinityErrors(spec),
    ...validateClusterIPs(spec),
    ...externalIPErrors(spec),
    ...(type === '' ? [required('spec.type')] : SERVICE_TYPES.includes(type) ? [] : [notSupported('spec.type', type, SERVICE_TYPES)]),
    ...portSetErrors(spec),
    ...loadBalancerErrors(spec),
    ...trafficPolicyErrors(spec),
    ...cidrErrors(spec),
  ];
};
