/**
 * Completion indexes of Indexed Jobs (upstream pkg/controller/job/indexed_job_utils.go):
 * the index a pod carries, and status.completedIndexes as upstream's compressed
 * interval list ("0-2,4", two neighbours written "5,6").
 */
import type { Pod } from '../api/pod.js';

export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

/** The pod's completion index, or undefined when absent or not a non-negative integer. */
export const completionIndexOf = (pod: Pod): number | undefined => {
  const raw = pod.metadata.annotations?.[COMPLETION_INDEX];
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : undefined;
};

/** upstream parseIndexesFromString: the indexes below `completions` named by the list (bad parts skipped). */
export const parseIndexes = (text: string | undefined, completions: number): number[] => {
  const out = new Set<number>();
  for (const part of (text ?? '').split(',')) {
    const [from, to] = part.split('-');
    const first = Number(from);
    const last = to === undefined ? first : Number(to);
    if (part === '' || !Number.isInteger(first) || !Number.isInteger(last)) continue;
    for (let i = Math.max(first, 0); i <= Math.min(last, completions - 1); i++) out.add(i);
  }
  return [...out].sort((a, b) => a - b);
};

/** upstream orderedIntervals.String: ascending runs, "a-b" for three or more, "a,b" for two. */
export const formatIndexes = (indexes: readonly number[]): string => {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    const first = sorted[i] as number;
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    const last = sorted[j] as number;
    parts.push(last === first ? `${first}` : last === first + 1 ? `${first},${last}` : `${first}-${last}`);
    i = j + 1;
  }
  return parts.join(',');
};

/** upstream firstPendingIndexes: the lowest `count` indexes below `completions` not in `taken`. */
export const firstPendingIndexes = (taken: ReadonlySet<number>, count: number, completions: number): number[] => {
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++) if (!taken.has(i)) out.push(i);
  return out;
};
