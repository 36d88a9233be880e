/**
 * ClusterIP and NodePort allocation (upstream pkg/registry/core/service/ipallocator and
 * portallocator), as pure choices over what is already in use. Admission knows the
 * cluster and passes the addresses and ports taken; these functions only pick.
 *
 * Upstream (KEP-3070) splits each range in two: a small lower "static" band users are
 * encouraged to pick from by hand, and the upper "dynamic" band the allocator tries first,
 * falling back to the lower band only when the upper one is full. The band size is
 * `min(max(16, size / step), cap)`: step 16 and cap 256 for service CIDRs, step 32 and
 * cap 128 for the node-port range. Within a band upstream starts at a random offset and
 * scans forward; kubesim takes the lowest free value instead, so a run is reproducible.
 */
import type { Service, ServicePort } from '../../api/networking.js';
import { parseIP } from './networking-fields.js';

// -------------------------------------------------------------------------------------
// ClusterIP (service CIDR 10.96.0.0/12, kubeadm's default)
// -------------------------------------------------------------------------------------

export const SERVICE_CIDR = '10.96.0.0/12';
const CIDR_BASE = (10 << 24) | (96 << 16); // 10.96.0.0
const CIDR_SIZE = 1 << 20;
/** Usable offsets from 10.96.0.1: the network and broadcast addresses are never handed out. */
const IP_MAX = CIDR_SIZE - 2;
/** upstream ipallocator calculateRangeOffset: min(max(16, 2^20 / 16), 256) = 256. */
export const CLUSTER_IP_STATIC_BAND = Math.min(Math.max(16, Math.floor(CIDR_SIZE / 16)), 256);

/** The first address of the range, which upstream reserves for the `kubernetes` service. */
export const KUBERNETES_SERVICE_IP = '10.96.0.1';

const ipOfOffset = (offset: number): string => {
  const n = CIDR_BASE + 1 + offset;
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');
};

/** Whether an address is one the service CIDR can hand out (not network, not broadcast). */
export const inServiceCIDR = (ip: string): boolean => {
  const parsed = parseIP(ip);
  if (parsed === undefined || parsed.family !== 4) return false;
  const [a = 0, b = 0, c = 0, d = 0] = parsed.bytes;
  const offset = ((a << 24) | (b << 16) | (c << 8) | d) - CIDR_BASE - 1;
  return offset >= 0 && offset < IP_MAX;
};

const lowestFree = <T>(from: number, to: number, at: (i: number) => T, inUse: ReadonlySet<T>): T | undefined => {
  for (let i = from; i < to; i++) {
    const v = at(i);
    if (!inUse.has(v)) return v;
  }
  return undefined;
};

/**
 * The ClusterIP a new Service gets: the lowest free address of the upper band
 * (10.96.1.1 onwards), else the lowest free one of the lower band (10.96.0.1–10.96.1.0).
 * `undefined` when the range is full (upstream: `range is full`).
 */
export const allocateClusterIP = (inUse: ReadonlySet<string>): string | undefined =>
  lowestFree(CLUSTER_IP_STATIC_BAND, IP_MAX, ipOfOffset, inUse) ?? lowestFree(0, CLUSTER_IP_STATIC_BAND, ipOfOffset, inUse);

// -------------------------------------------------------------------------------------
// NodePort (--service-node-port-range 30000-32767)
// -------------------------------------------------------------------------------------

export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
const NODE_PORT_COUNT = NODE_PORT_MAX - NODE_PORT_MIN + 1;
/** upstream portallocator calculateRangeOffset: min(max(16, 2768 / 32), 128) = 86. */
export const NODE_PORT_STATIC_BAND = Math.min(Math.max(16, Math.floor(NODE_PORT_COUNT / 32)), 128);

/** upstream portallocator ErrNotInRange, reported at `spec.ports[i].nodePort`. */
export const NODE_PORT_RANGE_MESSAGE = `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`;

const portOfOffset = (offset: number): number => NODE_PORT_MIN + offset;

/**
 * A free node port: the lowest free one of the upper band (30086–32767), else of the
 * lower band (30000–30085). `undefined` when all 2768 are taken.
 */
export const allocateNodePort = (inUse: ReadonlySet<number>): number | undefined =>
  lowestFree(NODE_PORT_STATIC_BAND, NODE_PORT_COUNT, portOfOffset, inUse) ?? lowestFree(0, NODE_PORT_STATIC_BAND, portOfOffset, inUse);

/** upstream needsNodePort: NodePort, or LoadBalancer unless allocateLoadBalancerNodePorts is false. */
export const needsNodePorts = (svc: Service): boolean => {
  const type = svc.spec?.type;
  return type === 'NodePort' || (type === 'LoadBalancer' && svc.spec?.allocateLoadBalancerNodePorts !== false);
};

/**
 * Indices of `spec.ports` that still need a node port. Upstream gives ports that share a
 * port number (53/TCP and 53/UDP) the same node port: allocate once per distinct `port`
 * and reuse it for the others.
 */
export const servicePortsNeedingNodePorts = (svc: Service): number[] => {
  if (!needsNodePorts(svc)) return [];
  const ports: readonly ServicePort[] = svc.spec?.ports ?? [];
  return ports.flatMap((p, i) => (p.nodePort === undefined || p.nodePort === 0 ? [i] : []));
};

/** upstream NeedsHealthCheck: a LoadBalancer with externalTrafficPolicy Local gets a healthCheckNodePort. */
export const needsHealthCheckNodePort = (svc: Service): boolean =>
  svc.spec?.type === 'LoadBalancer' && svc.spec.externalTrafficPolicy === 'Local' && (svc.spec.healthCheckNodePort ?? 0) === 0;
