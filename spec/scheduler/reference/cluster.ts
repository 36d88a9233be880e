/**
 * The reference's view of a cluster: plain arrays of API objects, and the per-node facts
 * kube-scheduler's cache would hold, recomputed from scratch on every call.
 *
 * - Terminal pods are not there at all: the scheduler's pod informer lists with
 *   `status.phase!=Succeeded,status.phase!=Failed` (upstream scheduler.go), so a pod that
 *   finished is deleted from the cache.
 * - Node order is the cache's nodeTree.list() (upstream backend/cache/node_tree.go): zones
 *   keyed `region + ":\x00:" + zone` (GA labels, else the beta ones; "" when both are
 *   empty), zones in order of their first node, nodes within a zone in the order they were
 *   added, interleaved round-robin.
 */
import type { KubeObject } from '../../../src/api/meta.js';
import type { Node, Taint } from '../../../src/api/node.js';
import type { Pod } from '../../../src/api/pod.js';
import type { NodeAllocatable } from './resources.js';
import { allocatableOfNode } from './resources.js';
import type { Labels } from './selectors.js';

export interface RefCluster {
  /** Every node, in the order they were created (added to the scheduler's cache). */
  readonly nodes: readonly Node[];
  /** Every pod of the cluster (unbound and terminal ones are ignored where upstream ignores them). */
  readonly pods: readonly Pod[];
  readonly namespaces: readonly KubeObject[];
  readonly services: readonly KubeObject[];
  readonly replicaSets: readonly KubeObject[];
  readonly statefulSets: readonly KubeObject[];
  readonly replicationControllers: readonly KubeObject[];
}

export interface RefNode {
  readonly name: string;
  readonly node: Node;
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  readonly alloc: NodeAllocatable;
  /** The non-terminal pods bound to it. */
  readonly pods: readonly Pod[];
}

export const isTerminal = (pod: Pod): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

export const refNode = (cluster: RefCluster, node: Node): RefNode => {
  const name = node.metadata.name;
  const pods: Pod[] = [];
  for (const p of cluster.pods) if (p.spec.nodeName === name && !isTerminal(p)) pods.push(p);
  return { name, node, labels: node.metadata.labels ?? {}, taints: node.spec?.taints ?? [], alloc: allocatableOfNode(node), pods };
};

/** upstream utilnode.GetZoneKey. */
export const zoneKeyOf = (node: Node): string => {
  const labels = node.metadata.labels ?? {};
  const zone = Object.hasOwn(labels, 'topology.kubernetes.io/zone') ? labels['topology.kubernetes.io/zone'] : (labels['failure-domain.beta.kubernetes.io/zone'] ?? '');
  const region = Object.hasOwn(labels, 'topology.kubernetes.io/region') ? labels['topology.kubernetes.io/region'] : (labels['failure-domain.beta.kubernetes.io/region'] ?? '');
  if (region === '' && zone === '') return '';
  return `${region ?? ''}:\x00:${zone ?? ''}`;
};

/** nodeTree.list(). */
export const nodeTreeList = (nodes: readonly Node[]): Node[] => {
  const zoneNames: string[] = [];
  const byZone: Node[][] = [];
  for (const n of nodes) {
    const key = zoneKeyOf(n);
    let at = zoneNames.indexOf(key);
    if (at < 0) {
      zoneNames.push(key);
      byZone.push([]);
      at = zoneNames.length - 1;
    }
    (byZone[at] as Node[]).push(n);
  }
  const out: Node[] = [];
  for (let i = 0; out.length < nodes.length; i++) {
    for (const list of byZone) {
      const n = list[i];
      if (n !== undefined) out.push(n);
    }
  }
  return out;
};

export const namespaceLabels = (cluster: RefCluster, name: string): Labels => {
  for (const ns of cluster.namespaces) if (ns.metadata.name === name) return ns.metadata.labels ?? {};
  return {};
};

export const namespaceOf = (pod: Pod): string => pod.metadata.namespace ?? 'default';
