/**
 * Resource requests of a pod as the scheduler and the kubelet count them.
 *
 * upstream (scheduler util/pod_resources.go, noderesources/fit.go): a pod requests
 * max(Σ regular containers, max over init containers) + overhead, per resource.
 * Scoring uses "non-zero" requests: a container with no cpu request counts as 100m and
 * one with no memory request as 200Mi, so best-effort pods still spread.
 */
import { isRight } from 'fp-ts/lib/Either.js';
import type { PodSpec, ResourceList } from './pod.js';
import { parseBytes, parseCpuMillis } from './quantity.js';

export interface PodRequests {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly nonZeroCpuMillis: number;
  readonly nonZeroMemoryBytes: number;
  /** Other resources (ephemeral-storage, extended resources) in whole units. */
  readonly scalar: Readonly<Record<string, number>>;
}

export const DEFAULT_NONZERO_CPU_MILLIS = 100;
export const DEFAULT_NONZERO_MEMORY_BYTES = 200 * 1024 * 1024;

// The same few strings ("100m", "128Mi") come up for every pod: parse each once.
const cpuCache = new Map<string | number, number | undefined>();
const unitCache = new Map<string | number, number | undefined>();
const CACHE_LIMIT = 10_000;

const cached = (cache: Map<string | number, number | undefined>, raw: string | number, parse: (s: string | number) => ReturnType<typeof parseBytes>): number | undefined => {
  if (cache.has(raw)) return cache.get(raw);
  const parsed = parse(raw);
  const value = isRight(parsed) ? parsed.right : undefined;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(raw, value);
  return value;
};

const quantityOf = (list: ResourceList | undefined, name: string): number | undefined => {
  const raw = list?.[name];
  if (raw === undefined) return undefined;
  // Admission validates quantities; a value that does not parse requests nothing.
  return name === 'cpu' ? cached(cpuCache, raw, parseCpuMillis) : cached(unitCache, raw, parseBytes);
};

type Totals = { cpu: number; memory: number; nzCpu: number; nzMemory: number; scalar: Record<string, number> };

const containerTotals = (requests: ResourceList | undefined): Totals => {
  const cpu = quantityOf(requests, 'cpu');
  const memory = quantityOf(requests, 'memory');
  const scalar: Record<string, number> = {};
  for (const name of Object.keys(requests ?? {}).sort()) {
    if (name === 'cpu' || name === 'memory') continue;
    scalar[name] = quantityOf(requests, name) ?? 0;
  }
  return {
    cpu: cpu ?? 0,
    memory: memory ?? 0,
    nzCpu: cpu ?? DEFAULT_NONZERO_CPU_MILLIS,
    nzMemory: memory ?? DEFAULT_NONZERO_MEMORY_BYTES,
    scalar,
  };
};

const combine = (a: Totals, b: Totals, op: (x: number, y: number) => number): Totals => {
  const scalar: Record<string, number> = { ...a.scalar };
  for (const [k, v] of Object.entries(b.scalar)) scalar[k] = op(scalar[k] ?? 0, v);
  return { cpu: op(a.cpu, b.cpu), memory: op(a.memory, b.memory), nzCpu: op(a.nzCpu, b.nzCpu), nzMemory: op(a.nzMemory, b.nzMemory), scalar };
};

const ZERO: Totals = { cpu: 0, memory: 0, nzCpu: 0, nzMemory: 0, scalar: {} };
const sum = (x: number, y: number): number => x + y;

/**
 * upstream resourcehelper.PodRequests: regular containers summed; init containers in order,
 * each needing what it asks plus the sidecars (init containers with restartPolicy Always)
 * started before it; a sidecar also runs beside the regular containers, so it adds to
 * their sum. The pod needs the larger of the two, plus overhead.
 */
export const podRequests = (spec: PodSpec): PodRequests => {
  let regular = spec.containers.map((c) => containerTotals(c.resources?.requests)).reduce((a, b) => combine(a, b, sum), ZERO);
  let sidecars = ZERO;
  let init = ZERO;
  for (const c of spec.initContainers ?? []) {
    const own = containerTotals(c.resources?.requests);
    let needs: Totals;
    if (c.restartPolicy === 'Always') {
      regular = combine(regular, own, sum);
      sidecars = combine(sidecars, own, sum);
      needs = sidecars;
    } else needs = combine(own, sidecars, sum);
    init = combine(init, needs, Math.max);
  }
  const base = combine(regular, init, Math.max);
  const total = spec.overhead === undefined ? base : combine(base, containerTotals(spec.overhead), sum);
  return { cpuMillis: total.cpu, memoryBytes: total.memory, nonZeroCpuMillis: total.nzCpu, nonZeroMemoryBytes: total.nzMemory, scalar: total.scalar };
};

/** A node's allocatable resources: cpu in millicores, memory in bytes, pods as a count. */
export interface Allocatable {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly pods: number;
  readonly scalar: Readonly<Record<string, number>>;
}

export const allocatableOf = (list: ResourceList | undefined): Allocatable => {
  const scalar: Record<string, number> = {};
  for (const name of Object.keys(list ?? {}).sort()) {
    if (name === 'cpu' || name === 'memory' || name === 'pods') continue;
    scalar[name] = quantityOf(list, name) ?? 0;
  }
  return {
    cpuMillis: quantityOf(list, 'cpu') ?? 0,
    memoryBytes: quantityOf(list, 'memory') ?? 0,
    pods: quantityOf(list, 'pods') ?? 0,
    scalar,
  };
};
