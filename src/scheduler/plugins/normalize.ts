/**
 * upstream plugins/helper/normalize_score.go DefaultNormalizeScore: scales raw scores so
 * the largest becomes MAX_NODE_SCORE, with Go integer division (⌊max·s/top⌋ for s ≥ 0).
 * `reverse` flips the scale (MAX − scaled), for plugins whose raw score counts bad things.
 * When no score is above 0, reverse gives every node MAX and the plain form leaves the
 * scores untouched (upstream compares against a running max that starts at 0).
 */
import { MAX_NODE_SCORE } from '../types.js';

export const defaultNormalizeScore = (scores: number[], reverse: boolean, maxPriority = MAX_NODE_SCORE): void => {
  let top = 0;
  for (let i = 0; i < scores.length; i++) if ((scores[i] as number) > top) top = scores[i] as number;
  if (top === 0) {
    if (reverse) scores.fill(maxPriority);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const scaled = Math.trunc((maxPriority * (scores[i] ?? 0)) / top);
    scores[i] = reverse ? maxPriority - scaled : scaled;
  }
};
