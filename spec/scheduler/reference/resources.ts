/**
 * Reference resource arithmetic, from upstream component-helpers resource.PodRequests
 * (AggregateContainerRequests) and the scheduler's use of it:
 * - regular containers add up; a sidecar (init container with restartPolicy Always) adds to
 *   that sum too; every init container's request (plus the sidecars started before it)
 *   competes in a max; the pod asks for max(sum, that max) per resource.
 * - `nonMissing` (the scoring "non-zero" requests, 100m CPU and 200Mi memory) is added to a
 *   container only where its requests map has no such key: an explicit "0" stays 0.
 * - Host ports: hostPort > 0 of sidecars and containers (upstream util.GetHostPorts).
 * Only cpu and memory are modelled (the generators ask for nothing else).
 */
import { isRight } from 'fp-ts/lib/Either.js';
import type { Node } from '../../../src/api/node.js';
import type { Container, Pod, ResourceList } from '../../../src/api/pod.js';
import { parseBytes, parseCpuMillis } from '../../../src/api/quantity.js';

export interface Amounts {
  cpuMillis: number;
  memoryBytes: number;
}

export const DEFAULT_CPU_MILLIS = 100;
export const DEFAULT_MEMORY_BYTES = 200 * 1024 * 1024;

const cpuOf = (list: ResourceList | undefined): number | undefined => {
  const raw = list?.['cpu'];
  if (raw === undefined) return undefined;
  const q = parseCpuMillis(raw);
  return isRight(q) ? q.right : 0;
};

const memoryOf = (list: ResourceList | undefined): number | undefined => {
  const raw = list?.['memory'];
  if (raw === undefined) return undefined;
  const q = parseBytes(raw);
  return isRight(q) ? q.right : 0;
};

/** One container's requests; with `nonZero`, a missing key counts as the scheduler's default. */
const containerAmounts = (c: Container, nonZero: boolean): Amounts => {
  const requests = c.resources?.requests;
  const cpu = cpuOf(requests);
  const memory = memoryOf(requests);
  return {
    cpuMillis: cpu ?? (nonZero ? DEFAULT_CPU_MILLIS : 0),
    memoryBytes: memory ?? (nonZero ? DEFAULT_MEMORY_BYTES : 0),
  };
};

const isSidecar = (c: Container): boolean => c.restartPolicy === 'Always';

/** resource.PodRequests(pod, {NonMissingContainerRequests: nonZero ? defaults : none}). */
export const podAmounts = (pod: Pod, nonZero: boolean): Amounts => {
  const sum: Amounts = { cpuMillis: 0, memoryBytes: 0 };
  for (const c of pod.spec.containers) {
    const a = containerAmounts(c, nonZero);
    sum.cpuMillis += a.cpuMillis;
    sum.memoryBytes += a.memoryBytes;
  }
  const sidecars: Amounts = { cpuMillis: 0, memoryBytes: 0 };
  const initMax: Amounts = { cpuMillis: 0, memoryBytes: 0 };
  for (const c of pod.spec.initContainers ?? []) {
    const a = containerAmounts(c, nonZero);
    let competing: Amounts;
    if (isSidecar(c)) {
      sum.cpuMillis += a.cpuMillis;
      sum.memoryBytes += a.memoryBytes;
      sidecars.cpuMillis += a.cpuMillis;
      sidecars.memoryBytes += a.memoryBytes;
      competing = { ...sidecars };
    } else {
      competing = { cpuMillis: a.cpuMillis + sidecars.cpuMillis, memoryBytes: a.memoryBytes + sidecars.memoryBytes };
    }
    initMax.cpuMillis = Math.max(initMax.cpuMillis, competing.cpuMillis);
    initMax.memoryBytes = Math.max(initMax.memoryBytes, competing.memoryBytes);
  }
  return { cpuMillis: Math.max(sum.cpuMillis, initMax.cpuMillis), memoryBytes: Math.max(sum.memoryBytes, initMax.memoryBytes) };
};

export interface NodeAllocatable {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly pods: number;
}

export const allocatableOfNode = (node: Node): NodeAllocatable => {
  const list = node.status?.allocatable;
  const podsRaw = list?.['pods'];
  const pods = podsRaw === undefined ? undefined : parseBytes(podsRaw);
  return { cpuMillis: cpuOf(list) ?? 0, memoryBytes: memoryOf(list) ?? 0, pods: pods !== undefined && isRight(pods) ? pods.right : 0 };
};

// -------------------------------------------------------------------------------------
// host ports
// -------------------------------------------------------------------------------------

export interface Port {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

/** util.GetHostPorts, sanitized as HostPortInfo does (empty IP: 0.0.0.0, empty protocol: TCP). */
export const hostPorts = (pod: Pod): Port[] => {
  const out: Port[] = [];
  const containers = [...(pod.spec.initContainers ?? []).filter(isSidecar), ...pod.spec.containers];
  for (const c of containers) {
    for (const p of c.ports ?? []) {
      if ((p.hostPort ?? 0) <= 0) continue;
      out.push({ ip: p.hostIP === undefined || p.hostIP === '' ? '0.0.0.0' : p.hostIP, protocol: p.protocol === undefined || p.protocol === '' ? 'TCP' : p.protocol, port: p.hostPort ?? 0 });
    }
  }
  return out;
};

/** HostPortInfo.CheckConflict: 0.0.0.0 conflicts with any IP; another IP with itself and 0.0.0.0. */
export const portConflicts = (used: readonly Port[], want: Port): boolean => {
  for (const u of used) {
    if (u.protocol !== want.protocol || u.port !== want.port) continue;
    if (want.ip === '0.0.0.0' || u.ip === '0.0.0.0' || u.ip === want.ip) return true;
  }
  return false;
};
