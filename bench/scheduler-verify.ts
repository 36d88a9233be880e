/**
 * bench/scheduler-verify: cheap checks of a run's end state, computed from the pods
 * themselves (not from the scheduler's own bookkeeping): how many pods are bound, that no
 * node holds more than its allocatable cpu, memory and pods, and a word on placement
 * (per workload: anti-affinity kept, zones spread, preemption's effect).
 */
import type { Node } from '../src/api/node.js';
import type { Pod } from '../src/api/pod.js';
import { isPodTerminal } from '../src/api/pod.js';
import type { Allocatable } from '../src/api/resources.js';
import { allocatableOf, podRequests } from '../src/api/resources.js';
import { listKind } from '../src/state/queries.js';
import type { ClusterState } from '../src/state/state.js';
import type { Placement, Workload } from './scheduler-workloads.js';

export interface Verdict {
  readonly pods: number;
  readonly bound: number;
  readonly pending: number;
  readonly measuredBound: number;
  /** Nodes whose bound, non-terminal pods request more than allocatable (or that do not exist). */
  readonly overAllocatable: number;
  readonly placement: string;
  /** false: the placement breaks a required rule; undefined: nothing required to check. */
  readonly placementOk: boolean | undefined;
}

interface Used {
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
}

const ZONE = 'topology.kubernetes.io/zone';

const overAllocatable = (used: ReadonlyMap<string, Used>, allocatable: ReadonlyMap<string, Allocatable>): number => {
  let over = 0;
  for (const [node, u] of used) {
    const a = allocatable.get(node);
    if (a === undefined || u.cpuMillis > a.cpuMillis || u.memoryBytes > a.memoryBytes || u.pods > a.pods) over++;
  }
  return over;
};

export const placementOf = (w: Workload, state: ClusterState, measuredKeys: ReadonlySet<string>): Verdict => {
  const nodes = listKind(state, 'Node') as unknown as Node[];
  const pods = listKind(state, 'Pod') as unknown as Pod[];
  const allocatable = new Map(nodes.map((n) => [n.metadata.name, allocatableOf(n.status?.allocatable)]));
  const used = new Map<string, Used>();
  let bound = 0;
  let measuredBound = 0;
  for (const pod of pods) {
    const node = pod.spec.nodeName;
    if (node === undefined) continue;
    bound++;
    if (measuredKeys.has(`${pod.metadata.namespace ?? ''}/${pod.metadata.name}`)) measuredBound++;
    if (isPodTerminal(pod)) continue;
    const r = podRequests(pod.spec);
    const u = used.get(node) ?? { cpuMillis: 0, memoryBytes: 0, pods: 0 };
    u.cpuMillis += r.cpuMillis;
    u.memoryBytes += r.memoryBytes;
    u.pods += 1;
    used.set(node, u);
  }
  const check = w.placement === undefined ? { text: '', ok: undefined } : placementCheck(w.placement, pods, nodes);
  return { pods: pods.length, bound, pending: pods.length - bound, measuredBound, overAllocatable: overAllocatable(used, allocatable), placement: check.text, placementOk: check.ok };
};

// -------------------------------------------------------------------------------------
// placement, per workload
// -------------------------------------------------------------------------------------

const colored = (pods: readonly Pod[], color: string): Pod[] => pods.filter((p) => p.spec.nodeName !== undefined && p.metadata.labels?.['color'] === color);

const countBy = <T>(items: readonly T[], key: (t: T) => string): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};

const placementCheck = (p: Placement, pods: readonly Pod[], nodes: readonly Node[]): { text: string; ok: boolean | undefined } => {
  switch (p.type) {
    case 'maxPerNode': {
      const perNode = countBy(colored(pods, p.label), (pod) => pod.spec.nodeName ?? '');
      const max = Math.max(0, ...perNode.values());
      const over = p.limit === undefined ? 0 : [...perNode.values()].filter((n) => n > (p.limit ?? 0)).length;
      return { text: `${p.label}: at most ${max} per node${p.limit === undefined ? '' : `, ${over} nodes over ${p.limit}`}`, ok: p.limit === undefined ? undefined : over === 0 };
    }
    case 'zoneSkew': {
      const zoneOf = new Map(nodes.map((n) => [n.metadata.name, n.metadata.labels?.[ZONE] ?? '']));
      const zones = [...new Set(zoneOf.values())].sort();
      const perZone = countBy(colored(pods, p.label), (pod) => zoneOf.get(pod.spec.nodeName ?? '') ?? '');
      const counts = zones.map((z) => perZone.get(z) ?? 0);
      const skew = Math.max(...counts) - Math.min(...counts);
      return { text: `${p.label} per zone ${counts.join('/')}, skew ${skew}`, ok: p.maxSkew === undefined ? undefined : skew <= p.maxSkew };
    }
    case 'distinctNodes': {
      const n = new Set(colored(pods, p.label).map((pod) => pod.spec.nodeName)).size;
      return { text: `${p.label} pods on ${n} nodes`, ok: undefined };
    }
    case 'onNode': {
      const elsewhere = pods.filter((pod) => pod.spec.nodeName !== undefined && pod.spec.nodeName !== p.node).length;
      return { text: `${elsewhere} pods off ${p.node}`, ok: elsewhere === 0 };
    }
    case 'preemption':
      return { text: preemptionText(pods), ok: undefined };
    case 'pending':
      return { text: `${pods.filter((pod) => pod.spec.nodeName === undefined).length} pods pending (fit nowhere)`, ok: undefined };
  }
};

const preemptionText = (pods: readonly Pod[]): string => {
  const priority = (pod: Pod): number => pod.spec.priority ?? 0;
  const low = pods.filter((pod) => priority(pod) === 0).length;
  const high = pods.filter((pod) => priority(pod) > 0);
  const nominated = high.filter((pod) => (pod.status as { nominatedNodeName?: string } | undefined)?.nominatedNodeName !== undefined).length;
  const boundHigh = high.filter((pod) => pod.spec.nodeName !== undefined).length;
  return `${boundHigh}/${high.length} preemptors bound, ${nominated} nominated, ${low} low-priority pods left`;
};
