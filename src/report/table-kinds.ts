/**
 * Printers for kinds kubesim stores but does not model (upstream printers.go): enough
 * that `get configmaps` or `get services` shows kubectl's columns. Fields a real
 * apiserver defaults on write (Secret type) are read with that default. The workload,
 * batch and storage kinds have their own modules (table-workloads, table-batch,
 * table-storage).
 */
import type { LabelSelector } from '../api/selector.js';
import { timestampAt, simMsOf } from '../api/time.js';
import type { Printer } from './table-cells.js';
import { ageOf, field, formatLabels, formatLabelSelector, keysAt, stringAt } from './table-cells.js';

// -------------------------------------------------------------------------------------
// configuration and the rest
// -------------------------------------------------------------------------------------

const configMap: Printer = {
  columns: [{ name: 'Name' }, { name: 'Data' }, { name: 'Age' }],
  cells: (o, nowMs) => [o.metadata.name, String(keysAt(o, 'data').length + keysAt(o, 'binaryData').length), ageOf(o, nowMs)],
};

/** The apiserver folds stringData into data and defaults the type to Opaque. */
const secret: Printer = {
  columns: [{ name: 'Name' }, { name: 'Type' }, { name: 'Data' }, { name: 'Age' }],
  cells: (o, nowMs) => {
    const keys = new Set([...keysAt(o, 'data'), ...keysAt(o, 'stringData')]);
    return [o.metadata.name, stringAt(o, 'type') || 'Opaque', String(keys.size), ageOf(o, nowMs)];
  },
};

const serviceAccount: Printer = {
  columns: [{ name: 'Name' }, { name: 'Secrets' }, { name: 'Age' }],
  cells: (o, nowMs) => {
    const secrets = field(o, 'secrets');
    return [o.metadata.name, String(Array.isArray(secrets) ? secrets.length : 0), ageOf(o, nowMs)];
  },
};

const lease: Printer = {
  columns: [{ name: 'Name' }, { name: 'Holder' }, { name: 'Age' }],
  cells: (o, nowMs) => [o.metadata.name, stringAt(o, 'spec', 'holderIdentity') ?? '', ageOf(o, nowMs)],
};

const networkPolicy: Printer = {
  columns: [{ name: 'Name' }, { name: 'Pod-Selector' }, { name: 'Age' }],
  // upstream passes &spec.podSelector: never nil, so an absent one prints as empty (`<none>`).
  cells: (o, nowMs) => [o.metadata.name, formatLabelSelector((field(o, 'spec', 'podSelector') as LabelSelector | undefined) ?? {}), ageOf(o, nowMs)],
};

/**
 * The apiserver's default table (apiserver pkg/registry/rest/table.go) for built-in kinds
 * without a printer: the creation time in RFC 3339, UTC.
 */
const createdAt: Printer = {
  columns: [{ name: 'Name' }, { name: 'Created At' }],
  cells: (o) => {
    const ms = simMsOf(o.metadata.creationTimestamp ?? '');
    return [o.metadata.name, Number.isNaN(ms) ? '0001-01-01T00:00:00Z' : timestampAt(ms)];
  },
};

// -------------------------------------------------------------------------------------
// services
// -------------------------------------------------------------------------------------

interface ServiceView {
  spec?: { type?: string; clusterIPs?: string[]; externalIPs?: string[]; externalName?: string; selector?: Record<string, string>; ports?: { port?: number; nodePort?: number; protocol?: string }[] };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/** upstream loadBalancerStatusStringer: ingress IPs or hostnames; cut to 13 characters and `...` unless wide. */
const loadBalancerIPs = (svc: ServiceView, wide: boolean): string => {
  const all = (svc.status?.loadBalancer?.ingress ?? []).flatMap((i) => (i.ip !== undefined && i.ip !== '' ? [i.ip] : i.hostname !== undefined && i.hostname !== '' ? [i.hostname] : [])).join(',');
  return !wide && all.length > 16 ? `${all.slice(0, 13)}...` : all;
};

/** upstream getServiceExternalIP. */
const externalIP = (svc: ServiceView, wide: boolean): string => {
  const external = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIPs(svc, wide);
      if (external.length > 0) return [...(lb === '' ? [] : lb.split(',')), ...external].join(',');
      return lb === '' ? '<pending>' : lb;
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
};

/** upstream makePortString: `80/TCP`, `80:30086/TCP` with a node port. */
const portsOf = (svc: ServiceView): string => {
  const ports = (svc.spec?.ports ?? []).map((p) => `${p.port ?? 0}${(p.nodePort ?? 0) > 0 ? `:${p.nodePort ?? 0}` : ''}/${p.protocol ?? 'TCP'}`);
  return ports.length === 0 ? '<none>' : ports.join(',');
};

/** printService. */
const service: Printer = {
  columns: [{ name: 'Name' }, { name: 'Type' }, { name: 'Cluster-IP' }, { name: 'External-IP' }, { name: 'Port(s)' }, { name: 'Age' }, { name: 'Selector', wide: true }],
  cells: (o, nowMs, wide) => {
    const svc = o as unknown as ServiceView;
    return [o.metadata.name, svc.spec?.type ?? '', svc.spec?.clusterIPs?.[0] ?? '<none>', externalIP(svc, wide === true), portsOf(svc), ageOf(o, nowMs), formatLabels(svc.spec?.selector)];
  },
};

/** Custom resources without additionalPrinterColumns: apiextensions' default Name and Age. */
export const NAME_AGE: Printer = { columns: [{ name: 'Name' }, { name: 'Age' }], cells: (o, nowMs) => [o.metadata.name, ageOf(o, nowMs)] };

export const OTHER_PRINTERS: Readonly<Record<string, Printer>> = {
  ConfigMap: configMap,
  Secret: secret,
  ServiceAccount: serviceAccount,
  Lease: lease,
  NetworkPolicy: networkPolicy,
  Service: service,
  // built-in kinds upstream registers no printer for
  Role: createdAt,
  ClusterRole: createdAt,
  LimitRange: createdAt,
  CustomResourceDefinition: createdAt,
};
