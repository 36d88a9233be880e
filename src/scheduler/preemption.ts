/**
 * PostFilter (upstream plugins/defaultpreemption): what the scheduler does when no node
 * fits a pod. For now only DefaultPreemption's verdicts that need no preemption: a pod with
 * preemptionPolicy Never, or failing nodes none of which runs a lower-priority pod.
 */
import type { Request } from '../api/actions.js';
import type { Rng } from '../state/controller.js';
import { getPod } from '../state/queries.js';
import type { CycleResult } from './framework.js';
import { histogramMessage } from './framework.js';
import type { CycleContext, PodInfo, Profile } from './types.js';

export interface PostFilterOutcome {
  /** Appended to the FailedScheduling message (`preemption: …`). */
  readonly message?: string;
  /** What preemption does: delete victims, nominate the node. */
  readonly requests: readonly Request[];
}

export const postFilter = (ctx: CycleContext, _profile: Profile, pod: PodInfo, result: Extract<CycleResult, { type: 'Unschedulable' }>, _rng: Rng): PostFilterOutcome => {
  if (pod.pod.spec.preemptionPolicy === 'Never') return { message: 'preemption: not eligible due to preemptionPolicy=Never.', requests: [] };
  const priority = pod.pod.spec.priority ?? 0;
  const histogram = new Map<string, number>();
  for (const [node, { code }] of result.failures) {
    if (code === 'Unschedulable' && hasLowerPriorityPod(ctx, node, priority)) return { requests: [] };
    const reason = code === 'Unschedulable' ? 'No preemption victims found for incoming pod' : 'Preemption is not helpful for scheduling';
    histogram.set(reason, (histogram.get(reason) ?? 0) + 1);
  }
  if (result.failures.size === 0) return { requests: [] };
  return { message: `preemption: ${histogramMessage(result.totalNodes, histogram)}`, requests: [] };
};

const hasLowerPriorityPod = (ctx: CycleContext, node: string, priority: number): boolean =>
  (ctx.snapshot.byName.get(node)?.pods ?? []).some((p) => (getPod(ctx.state, p.pod.metadata.namespace, p.pod.metadata.name)?.spec.priority ?? 0) < priority);
