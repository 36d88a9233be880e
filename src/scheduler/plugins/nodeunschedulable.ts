/**
 * NodeUnschedulable (upstream plugins/nodeunschedulable/node_unschedulable.go).
 *
 * Filter: a cordoned node (spec.unschedulable) fails UnschedulableAndUnresolvable unless
 * the pod tolerates the taint `node.kubernetes.io/unschedulable:NoSchedule` (no value),
 * which is what DaemonSet pods carry. The taint itself need not be on the node.
 */
import type { Taint } from '../../api/node.js';
import type { FilterFailure, FilterPlugin, NodeInfo, PodInfo } from '../types.js';
import { toleratesAny } from './tainttoleration.js';

export const NAME = 'NodeUnschedulable';
export const ERR_REASON = 'node(s) were unschedulable';

export const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

export const fitsSchedulable = (pod: PodInfo, node: NodeInfo): FilterFailure | undefined => {
  if (node.node.spec?.unschedulable !== true) return undefined;
  if (toleratesAny(pod.pod.spec.tolerations ?? [], UNSCHEDULABLE_TAINT)) return undefined;
  return { code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON], plugin: NAME };
};

export const filter: FilterPlugin = {
  name: NAME,
  preFilter: (ctx, pod) => {
    const flags = ctx.snapshot.columns.unschedulable;
    const tolerated = toleratesAny(pod.pod.spec.tolerations ?? [], UNSCHEDULABLE_TAINT);
    return { type: 'Check', check: { filter: (node) => fitsSchedulable(pod, node), passes: tolerated ? () => true : (i) => flags[i] === 0 } };
  },
};
