/**
 * The default profile: kube-scheduler's default plugins that kubesim implements so far
 * (the full default set is a later issue; the framework takes them as they come).
 */
import { DEFAULT_SCHEDULER_NAME } from '../api/pod.js';
import * as affinity from './plugins/nodeaffinity.js';
import * as nodeName from './plugins/nodename.js';
import * as ports from './plugins/nodeports.js';
import * as fit from './plugins/noderesourcesfit.js';
import * as unschedulable from './plugins/nodeunschedulable.js';
import * as taints from './plugins/tainttoleration.js';
import type { Profile } from './types.js';

export const defaultProfile: Profile = {
  schedulerName: DEFAULT_SCHEDULER_NAME,
  filters: [unschedulable.filter, nodeName.filter, taints.filter, affinity.filter, ports.filter, fit.filter],
  scores: [{ plugin: fit.leastAllocated, weight: 1 }],
  percentageOfNodesToScore: 0,
};
