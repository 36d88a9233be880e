/**
 * What the API server allocates for a Service from cluster-wide pools: a ClusterIP from
 * the service CIDR, NodePorts (and a healthCheckNodePort) from 30000–32767
 * (upstream pkg/registry/core/service: ipallocator, portallocator). Pools are read from the
 * Services in the state; kubesim picks the lowest free value of upstream's preferred band
 * (see kinds/networking-alloc.ts), where upstream picks at random.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import type { KubeObject } from '../api/meta.js';
import type { Service, ServicePort } from '../api/networking.js';
import type { FieldError } from '../api/validation.js';
import { invalid } from '../api/validation.js';
import type { ClusterState } from '../state/state.js';
import { allocateClusterIP, allocateNodePort, needsHealthCheckNodePort, needsNodePorts, servicePortsNeedingNodePorts } from './kinds/networking.js';

/** The Services in the cluster (order does not matter: they only fill the sets of values in use). */
const servicesOf = (state: ClusterState): Service[] => [...(state.objects.get('Service')?.values() ?? [])] as unknown as Service[];

const ipsInUse = (services: readonly Service[]): Set<string> =>
  new Set(services.flatMap((s) => s.spec?.clusterIPs ?? (s.spec?.clusterIP === undefined ? [] : [s.spec.clusterIP])).filter((ip) => ip !== 'None' && ip !== ''));

const portsInUse = (services: readonly Service[]): Set<number> =>
  new Set(
    services
      .flatMap((s) => [...(s.spec?.ports ?? []).map((p) => p.nodePort ?? 0), s.spec?.healthCheckNodePort ?? 0])
      .filter((port) => port !== 0),
  );

const wantsClusterIP = (svc: Service): boolean => svc.spec?.type !== 'ExternalName' && svc.spec?.clusterIP !== 'None';

const allocateIP = (svc: Service, used: Set<string>): Either<FieldError[], Service> => {
  if (!wantsClusterIP(svc)) return right(svc);
  const asked = svc.spec?.clusterIP;
  if (asked !== undefined && asked !== '') {
    if (used.has(asked)) return left([invalid('spec.clusterIPs', svc.spec?.clusterIPs ?? [asked], `failed to allocate IP ${asked}: provided IP is already allocated`)]);
    return right(svc);
  }
  const ip = allocateClusterIP(used);
  if (ip === undefined) return left([invalid('spec.clusterIPs', [], 'failed to allocate IP: range is full')]);
  return right({ ...svc, spec: { ...svc.spec, clusterIP: ip, clusterIPs: [ip] } });
};

const allocatePorts = (svc: Service, used: Set<number>): Either<FieldError[], Service> => {
  const ports = [...(svc.spec?.ports ?? [])];
  const errors: FieldError[] = [];
  ports.forEach((p, i) => {
    if (p.nodePort === undefined || p.nodePort === 0) return; // 0: allocate one, if the type needs it
    if (used.has(p.nodePort) && !ports.slice(0, i).some((q) => q.nodePort === p.nodePort && q.protocol !== p.protocol)) {
      errors.push(invalid(`spec.ports[${i}].nodePort`, p.nodePort, 'provided port is already allocated'));
    }
    used.add(p.nodePort);
  });
  if (errors.length > 0) return left(errors);
  for (const i of servicePortsNeedingNodePorts(svc)) {
    const p = ports[i] as ServicePort;
    // upstream: the same port number over another protocol shares its node port
    const shared = ports.find((q, j) => j !== i && q.port === p.port && (q.nodePort ?? 0) !== 0)?.nodePort;
    const port = shared ?? allocateNodePort(used);
    if (port === undefined) return left([invalid(`spec.ports[${i}].nodePort`, 0, 'failed to allocate a nodePort: range is full')]);
    used.add(port);
    ports[i] = { ...p, nodePort: port };
  }
  let spec = { ...svc.spec, ports };
  if (needsHealthCheckNodePort(svc)) {
    const port = allocateNodePort(used);
    if (port === undefined) return left([invalid('spec.healthCheckNodePort', 0, 'failed to allocate a nodePort: range is full')]);
    spec = { ...spec, healthCheckNodePort: port };
  }
  return right({ ...svc, spec });
};

/** A new Service with its ClusterIP and node ports, or why they cannot be had. */
export const allocateService = (state: ClusterState, o: KubeObject): Either<FieldError[], KubeObject> => {
  if (o.kind !== 'Service') return right(o);
  const services = servicesOf(state);
  const ip = allocateIP(o as unknown as Service, ipsInUse(services));
  if (ip._tag === 'Left') return ip;
  const ports = allocatePorts(ip.right, portsInUse(services));
  return ports._tag === 'Left' ? ports : right(ports.right as unknown as KubeObject);
};

/** An update keeps what was allocated when it leaves it out (upstream: a PUT without clusterIP keeps it). */
export const carryAllocations = (before: KubeObject, after: KubeObject): KubeObject => {
  if (after.kind !== 'Service') return after;
  const was = (before as unknown as Service).spec ?? {};
  const now = (after as unknown as Service).spec ?? {};
  const ports = (now.ports ?? []).map((p) => {
    if (p.nodePort !== undefined) return p;
    const match = (was.ports ?? []).find((q) => q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
    return match?.nodePort === undefined || !needsNodePorts(after as unknown as Service) ? p : { ...p, nodePort: match.nodePort };
  });
  const keepIP = (now.clusterIP ?? '') === '' && (now.clusterIPs ?? []).length === 0 && was.clusterIP !== undefined;
  return {
    ...after,
    spec: {
      ...now,
      ...(keepIP ? { clusterIP: was.clusterIP, clusterIPs: was.clusterIPs } : {}),
      ...(now.ports === undefined ? {} : { ports }),
      ...(now.healthCheckNodePort === undefined && was.healthCheckNodePort !== undefined && needsHealthCheckNodePort(after as unknown as Service) ? { healthCheckNodePort: was.healthCheckNodePort } : {}),
    },
  };
};
