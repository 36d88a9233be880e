/**
 * How long a simulated container runs and how it exits, read from the pod's annotations
 * (copied from its template by the controllers):
 *
 * - `kubesim.io/run-duration: 30s`: the containers exit this long after they (re)start;
 *   absent, they run until the pod is deleted.
 * - `kubesim.io/exit-code: "1"`: the exit code (default 0).
 * - `kubesim.io/exit-codes: "1,1,0"`: one code per attempt, the last repeating. The attempt
 *   is the pod's restartCount plus the number of Failed pods of the same controller (and,
 *   for an Indexed Job, the same completion index) that exist when it exits: "fails twice,
 *   then succeeds" for restartPolicy OnFailure (restarts) and Never (replacement pods) alike.
 *
 * A value that does not parse is ignored (as if absent): bad input never stops a run.
 */
import { isRight } from 'fp-ts/lib/Either.js';
import { parseDuration } from '../api/duration.js';
import type { KubeObject } from '../api/meta.js';
import { controllerOf } from '../api/meta.js';
import type { Pod } from '../api/pod.js';
import { restartsOf } from '../state/pod-status.js';
import { podsOwnedBy } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';

export const RUN_DURATION_ANNOTATION = 'kubesim.io/run-duration';
export const EXIT_CODE_ANNOTATION = 'kubesim.io/exit-code';
export const EXIT_CODES_ANNOTATION = 'kubesim.io/exit-codes';
const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

export const runDurationMs = (pod: Pod): number | undefined => {
  const raw = pod.metadata.annotations?.[RUN_DURATION_ANNOTATION];
  if (raw === undefined) return undefined;
  const parsed = parseDuration(raw.trim());
  return isRight(parsed) ? parsed.right : undefined;
};

/** An exit code as a process has one: an integer in 0..255. */
const exitCode = (raw: string): number | undefined => {
  const t = raw.trim();
  if (!/^\d{1,3}$/.test(t)) return undefined;
  const n = Number(t);
  return n <= 255 ? n : undefined;
};

const exitCodes = (raw: string | undefined): number[] | undefined => {
  if (raw === undefined) return undefined;
  const codes = raw.split(',').map(exitCode);
  return codes.length > 0 && codes.every((c) => c !== undefined) ? (codes as number[]) : undefined;
};

/** Failed pods of the same controller (and completion index), other than this one. */
const failedSiblings = (state: ClusterState, pod: Pod): number => {
  const owner = controllerOf(pod as unknown as KubeObject);
  if (owner === undefined) return 0;
  const index = pod.metadata.annotations?.[COMPLETION_INDEX];
  return podsOwnedBy(state, owner.uid).filter(
    (p) => p.metadata.uid !== pod.metadata.uid && p.status?.phase === 'Failed' && controllerOf(p as unknown as KubeObject)?.uid === owner.uid && p.metadata.annotations?.[COMPLETION_INDEX] === index,
  ).length;
};

/** The code the containers exit with on this attempt. */
export const exitCodeOf = (state: ClusterState, pod: Pod): number => {
  const annotations = pod.metadata.annotations ?? {};
  const perAttempt = exitCodes(annotations[EXIT_CODES_ANNOTATION]);
  if (perAttempt !== undefined) {
    const attempt = restartsOf(pod) + failedSiblings(state, pod);
    return perAttempt[Math.min(attempt, perAttempt.length - 1)] ?? 0;
  }
  const single = annotations[EXIT_CODE_ANNOTATION];
  return single === undefined ? 0 : (exitCode(single) ?? 0);
};
