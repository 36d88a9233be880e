/**
 * TaintToleration (upstream plugins/tainttoleration/taint_toleration.go, with
 * api/core/v1 Toleration.ToleratesTaint and component-helpers FindMatchingUntoleratedTaint).
 *
 * Filter: only NoSchedule and NoExecute taints count; the first one (in spec.taints order)
 * that no toleration tolerates fails the node UnschedulableAndUnresolvable, its key and
 * value named in the reason (v1.34 wording; an absent value prints empty).
 *
 * Score: the number of PreferNoSchedule taints not tolerated by the pod's tolerations
 * whose effect is empty or PreferNoSchedule; normalized in reverse, so the node with the
 * most such taints gets 0 and a node with none gets 100.
 */
import type { Taint } from '../../api/node.js';
import type { Toleration } from '../../api/pod.js';
import { tolerates, toleratesAny } from '../../api/tolerations.js';
import type { FilterFailure, FilterPlugin, NodeInfo, PodInfo, ScorePlugin } from '../types.js';
import { defaultNormalizeScore } from './normalize.js';
import { MAX_NODE_SCORE } from '../types.js';

export const NAME = 'TaintToleration';

export { tolerates, toleratesAny };

const taintsOf = (node: NodeInfo): readonly Taint[] => node.taints;
const tolerationsOf = (pod: PodInfo): readonly Toleration[] => pod.pod.spec.tolerations ?? [];

const isDoNotSchedule = (taint: Taint): boolean => taint.effect === 'NoSchedule' || taint.effect === 'NoExecute';

/** upstream FindMatchingUntoleratedTaint with the DoNotSchedule filter. */
export const firstUntoleratedTaint = (taints: readonly Taint[], tolerations: readonly Toleration[]): Taint | undefined =>
  taints.find((taint) => isDoNotSchedule(taint) && !toleratesAny(tolerations, taint));

export const untoleratedReason = (taint: Taint): string => `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;

export const fitsTaints = (pod: PodInfo, node: NodeInfo): FilterFailure | undefined => {
  const taints = taintsOf(node);
  if (taints.length === 0) return undefined;
  const taint = firstUntoleratedTaint(taints, tolerationsOf(pod));
  return taint === undefined ? undefined : { code: 'UnschedulableAndUnresolvable', reasons: [untoleratedReason(taint)], plugin: NAME };
};

export const filter: FilterPlugin = {
  name: NAME,
  preFilter: (ctx, pod) => {
    const { nodes, columns } = ctx.snapshot;
    const hard = columns.hardTaints;
    return { type: 'Check', check: { filter: (node) => fitsTaints(pod, node), passes: (i) => hard[i] === 0 || fitsTaints(pod, nodes[i] as NodeInfo) === undefined } };
  },
};

/** upstream countIntolerableTaintsPreferNoSchedule over the PreScore-selected tolerations. */
export const intolerablePreferNoScheduleCount = (pod: PodInfo, node: NodeInfo): number => {
  const tolerations = tolerationsOf(pod).filter((t) => (t.effect ?? '') === '' || t.effect === 'PreferNoSchedule');
  return taintsOf(node).filter((taint) => taint.effect === 'PreferNoSchedule' && !toleratesAny(tolerations, taint)).length;
};

/** Without tolerations that could tolerate a PreferNoSchedule taint, the raw score is the node's count of them. */
export const score: ScorePlugin = {
  name: NAME,
  preScore: (ctx, pod) => {
    const { softTaints, softTaintedNodes } = ctx.snapshot.columns;
    const normalize = (scores: number[]): void => defaultNormalizeScore(scores, true);
    const score = (node: NodeInfo): number => intolerablePreferNoScheduleCount(pod, node);
    // no PreferNoSchedule taint anywhere: every raw score is 0, which normalizes to 100 everywhere
    if (softTaintedNodes === 0) return { score, normalize, constant: MAX_NODE_SCORE };
    const mayTolerate = tolerationsOf(pod).some((t) => (t.effect ?? '') === '' || t.effect === 'PreferNoSchedule');
    return mayTolerate ? { score, normalize } : { score, scoreAt: (i) => softTaints[i] as number, normalize };
  },
};
