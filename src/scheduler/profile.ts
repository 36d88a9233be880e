/**
 * The default profile: kube-scheduler v1.34's default filters in upstream's order and its
 * default scores with upstream's weights (the plugin tables live in config.ts).
 */
import { DEFAULT_SCHEDULER_NAME } from '../api/pod.js';
import { FILTERS, SCORES } from './config.js';
import type { Profile } from './types.js';

export const defaultProfile: Profile = {
  schedulerName: DEFAULT_SCHEDULER_NAME,
  filters: FILTERS,
  scores: SCORES.map((s) => ({ plugin: s.make(undefined), weight: s.weight })),
  percentageOfNodesToScore: 0,
};
