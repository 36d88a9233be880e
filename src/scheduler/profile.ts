/**
 * The default profile: kube-scheduler's default plugins that kubesim implements so far
 * (the full default set is a later issue; the framework takes them as they come).
 */
import { DEFAULT_SCHEDULER_NAME } from '../api/pod.js';
import * as fit from './plugins/noderesourcesfit.js';
import type { Profile } from './types.js';

export const defaultProfile: Profile = {
  schedulerName: DEFAULT_SCHEDULER_NAME,
  filters: [fit.filter],
  scores: [{ plugin: fit.leastAllocated, weight: 1 }],
  percentageOfNodesToScore: 0,
};
