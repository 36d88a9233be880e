/**
 * The default profile: kube-scheduler v1.34's default filters in upstream's order, and its
 * default scores with upstream's weights. Still missing (issue #4): VolumeBinding /
 * VolumeZone, PodTopologySpread and InterPodAffinity.
 */
import { DEFAULT_SCHEDULER_NAME } from '../api/pod.js';
import * as balanced from './plugins/balancedallocation.js';
import * as image from './plugins/imagelocality.js';
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
  scores: [
    { plugin: taints.score, weight: 3 },
    { plugin: affinity.score, weight: 2 },
    { plugin: fit.leastAllocated, weight: 1 },
    { plugin: balanced.balancedAllocation, weight: 1 },
    { plugin: image.imageLocality, weight: 1 },
  ],
  percentageOfNodesToScore: 0,
};
