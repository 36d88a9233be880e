/**
 * The order in which the scheduler visits nodes (upstream internal/cache/node_tree.go):
 * nodes grouped by zone (`<region>:\0:<zone>` from the topology labels), zones in the
 * order their first node appeared, nodes within a zone in creation order; the list
 * interleaves the zones round-robin, so consecutive pods spread across zones.
 */
import type { Node } from '../api/node.js';

export const zoneKey = (node: Node): string => {
  const labels = node.metadata.labels ?? {};
  const region = labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
};

export const nodeTreeOrder = (names: Iterable<string>, nodeOf: (name: string) => Node | undefined): string[] => {
  const zones = new Map<string, string[]>();
  for (const name of names) {
    const node = nodeOf(name);
    if (node === undefined) continue;
    const key = zoneKey(node);
    const list = zones.get(key);
    if (list === undefined) zones.set(key, [name]);
    else list.push(name);
  }
  const lists = [...zones.values()];
  const out: string[] = [];
  for (let i = 0; out.length < lists.reduce((n, l) => n + l.length, 0); i++) {
    for (const list of lists) {
      const name = list[i];
      if (name !== undefined) out.push(name);
    }
  }
  return out;
};
