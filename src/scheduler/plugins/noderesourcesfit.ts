/**
 * NodeResourcesFit (upstream plugins/noderesources/fit.go, least_allocated.go).
 *
 * Filter: the pod fits if the node has room for one more pod and, for every resource the
 * pod requests (> 0), request ≤ allocatable − requested by the pods already there.
 * Equality fits. A request that exceeds allocatable by itself can never fit
 * (UnschedulableAndUnresolvable); otherwise the node is Unschedulable.
 *
 * Score (LeastAllocated, the default): per resource ⌊(alloc − req)·100 / alloc⌋ with
 * req = non-zero requests of the node's pods + the pod's, 0 when req > alloc; the
 * weighted mean (cpu 1, memory 1) with integer division. Resources with allocatable 0
 * are skipped.
 */
import type { FilterFailure, FilterPlugin, NodeInfo, PodInfo } from '../types.js';
import { MAX_NODE_SCORE } from '../types.js';

export const NAME = 'NodeResourcesFit';

const insufficient = (reasons: string[], unresolvable: { value: boolean }, name: string, request: number, allocatable: number, used: number): void => {
  if (request <= 0 || request <= allocatable - used) return;
  reasons.push(`Insufficient ${name}`);
  if (request > allocatable) unresolvable.value = true;
};

export const fitsRequest = (pod: PodInfo, node: NodeInfo): FilterFailure | undefined => {
  const reasons: string[] = [];
  const unresolvable = { value: false };
  if (node.usage.pods + 1 > node.allocatable.pods) reasons.push('Too many pods');
  const r = pod.requests;
  const scalarNames = Object.keys(r.scalar);
  if (r.cpuMillis === 0 && r.memoryBytes === 0 && scalarNames.every((n) => r.scalar[n] === 0)) {
    return reasons.length === 0 ? undefined : { code: 'Unschedulable', reasons, plugin: NAME };
  }
  insufficient(reasons, unresolvable, 'cpu', r.cpuMillis, node.allocatable.cpuMillis, node.usage.cpuMillis);
  insufficient(reasons, unresolvable, 'memory', r.memoryBytes, node.allocatable.memoryBytes, node.usage.memoryBytes);
  for (const name of scalarNames) {
    insufficient(reasons, unresolvable, name, r.scalar[name] ?? 0, node.allocatable.scalar[name] ?? 0, node.usage.scalar[name] ?? 0);
  }
  if (reasons.length === 0) return undefined;
  return { code: unresolvable.value ? 'UnschedulableAndUnresolvable' : 'Unschedulable', reasons, plugin: NAME };
};

/** The fast path reads the columns when the pod asks only for cpu, memory and a pod slot. */
export const filter: FilterPlugin = {
  name: NAME,
  preFilter: (ctx, pod) => {
    const check = (node: NodeInfo): FilterFailure | undefined => fitsRequest(pod, node);
    const r = pod.requests;
    if (Object.keys(r.scalar).length > 0) return { type: 'Check', check: { filter: check } };
    const { allocCpu, allocMem, allocPods, reqCpu, reqMem, pods } = ctx.snapshot.columns;
    const cpu = r.cpuMillis;
    const memory = r.memoryBytes;
    const passes = (i: number): boolean =>
      (pods[i] as number) + 1 <= (allocPods[i] as number) &&
      (cpu <= 0 || cpu <= (allocCpu[i] as number) - (reqCpu[i] as number)) &&
      (memory <= 0 || memory <= (allocMem[i] as number) - (reqMem[i] as number));
    return { type: 'Check', check: { filter: check, passes } };
  },
};

const leastRequested = (requested: number, allocatable: number): number =>
  requested > allocatable ? 0 : Math.floor(((allocatable - requested) * MAX_NODE_SCORE) / allocatable);

export const leastAllocatedScore = (pod: PodInfo, node: NodeInfo): number => {
  let total = 0;
  let weights = 0;
  const { cpuMillis, memoryBytes } = node.allocatable;
  if (cpuMillis > 0) {
    total += leastRequested(node.usage.nonZeroCpuMillis + pod.requests.nonZeroCpuMillis, cpuMillis);
    weights += 1;
  }
  if (memoryBytes > 0) {
    total += leastRequested(node.usage.nonZeroMemoryBytes + pod.requests.nonZeroMemoryBytes, memoryBytes);
    weights += 1;
  }
  return weights === 0 ? 0 : Math.floor(total / weights);
};

