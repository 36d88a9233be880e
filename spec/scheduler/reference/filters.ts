/**
 * Reference Filter verdicts of the node-local plugins, straight from upstream v1.34
 * (pkg/scheduler/framework/plugins/<plugin>/*.go, Filter):
 * NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit.
 */
import type { Pod } from '../../../src/api/pod.js';
import type { RefNode } from './cluster.js';
import { hostPorts, podAmounts, portConflicts } from './resources.js';
import { anyTolerates, firstUntolerated, requiredNodeAffinityMatches } from './selectors.js';

export type Code = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface Verdict {
  readonly plugin: string;
  readonly code: Code;
  readonly reasons: readonly string[];
}

const fail = (plugin: string, code: Code, ...reasons: string[]): Verdict => ({ plugin, code, reasons });

export const nodeUnschedulable = (pod: Pod, n: RefNode): Verdict | undefined => {
  if (n.node.spec?.unschedulable !== true) return undefined;
  if (anyTolerates(pod.spec.tolerations ?? [], { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) return undefined;
  return fail('NodeUnschedulable', 'UnschedulableAndUnresolvable', 'node(s) were unschedulable');
};

export const nodeName = (pod: Pod, n: RefNode): Verdict | undefined =>
  (pod.spec.nodeName ?? '') === '' || pod.spec.nodeName === n.name ? undefined : fail('NodeName', 'UnschedulableAndUnresolvable', "node(s) didn't match the requested node name");

export const taintToleration = (pod: Pod, n: RefNode): Verdict | undefined => {
  const taint = firstUntolerated(n.taints, pod.spec.tolerations ?? []);
  return taint === undefined ? undefined : fail('TaintToleration', 'UnschedulableAndUnresolvable', `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
};

export const nodeAffinity = (pod: Pod, n: RefNode): Verdict | undefined =>
  requiredNodeAffinityMatches(pod.spec, n.name, n.labels) ? undefined : fail('NodeAffinity', 'UnschedulableAndUnresolvable', "node(s) didn't match Pod's node affinity/selector");

export const nodePorts = (pod: Pod, n: RefNode): Verdict | undefined => {
  const used = n.pods.flatMap(hostPorts);
  for (const want of hostPorts(pod)) if (portConflicts(used, want)) return fail('NodePorts', 'Unschedulable', "node(s) didn't have free ports for the requested pod ports");
  return undefined;
};

/** fitsRequest: every insufficiency is a reason; UU when a request alone exceeds allocatable. */
export const nodeResourcesFit = (pod: Pod, n: RefNode): Verdict | undefined => {
  const want = podAmounts(pod, false);
  let usedCpu = 0;
  let usedMemory = 0;
  for (const p of n.pods) {
    const a = podAmounts(p, false);
    usedCpu += a.cpuMillis;
    usedMemory += a.memoryBytes;
  }
  const reasons: string[] = [];
  let unresolvable = false;
  if (n.pods.length + 1 > n.alloc.pods) reasons.push('Too many pods');
  if (want.cpuMillis !== 0 || want.memoryBytes !== 0) {
    if (want.cpuMillis > 0 && want.cpuMillis > n.alloc.cpuMillis - usedCpu) {
      reasons.push('Insufficient cpu');
      if (want.cpuMillis > n.alloc.cpuMillis) unresolvable = true;
    }
    if (want.memoryBytes > 0 && want.memoryBytes > n.alloc.memoryBytes - usedMemory) {
      reasons.push('Insufficient memory');
      if (want.memoryBytes > n.alloc.memoryBytes) unresolvable = true;
    }
  }
  if (reasons.length === 0) return undefined;
  return fail('NodeResourcesFit', unresolvable ? 'UnschedulableAndUnresolvable' : 'Unschedulable', ...reasons);
};
