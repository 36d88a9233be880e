/**
 * NodeName (upstream plugins/nodename/node_name.go).
 *
 * Filter: a pod that names its node (spec.nodeName) fits only that node; any other node
 * fails UnschedulableAndUnresolvable. An empty or absent nodeName fits every node.
 */
import type { FilterFailure, FilterPlugin, NodeInfo, PodInfo } from '../types.js';
import { nodeFilter } from '../types.js';

export const NAME = 'NodeName';
export const ERR_REASON = "node(s) didn't match the requested node name";

export const fitsNodeName = (pod: PodInfo, node: NodeInfo): FilterFailure | undefined => {
  const wanted = pod.pod.spec.nodeName ?? '';
  if (wanted === '' || wanted === node.name) return undefined;
  return { code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON], plugin: NAME };
};

export const filter: FilterPlugin = nodeFilter(NAME, fitsNodeName, (pod) => (pod.pod.spec.nodeName ?? '') === '');
