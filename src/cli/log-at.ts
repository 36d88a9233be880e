/** A saved log read and folded for the views (`get`, `describe`, `rollout`), with the instant `--at` names. */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import { parseDuration } from '../api/duration.js';
import type { EventRecord } from '../log/events.js';
import { decodeLog } from '../log/ndjson.js';
import type { LogHistory } from '../state/history.js';
import { historyOf } from '../state/history.js';
import { EvolveError } from '../state/step.js';
import { readText } from './files.js';

export interface LogAt {
  readonly history: LogHistory;
  readonly records: readonly EventRecord[];
  /** The instant `--at` names (default: the end of the log). */
  readonly nowMs: number;
  /** The last record at or before it. */
  readonly seq: number;
}

/** The log folded into its history and the instant of `at`, or the message saying why not. */
export const readLogAt = (path: string, at: string | undefined): Either<string, LogAt> => {
  const text = readText(path);
  if (isLeft(text)) return left(`${path}: ${text.left}`);
  const log = decodeLog(text.right);
  if (isLeft(log)) return left(`${path}:${log.left.line}: ${log.left.message}`);
  const nowMs = at === undefined ? right(log.right.endTimeMs) : parseDuration(at);
  if (isLeft(nowMs)) return left(`--at: ${nowMs.left}`);
  try {
    const history = historyOf(log.right.records);
    return right({ history, records: log.right.records, nowMs: nowMs.right, seq: history.seqAt(nowMs.right) });
  } catch (e) {
    // a log whose checksums hold but whose events do not fold (written by another tool)
    if (e instanceof EvolveError) return left(`${path}:${e.seq + 1}: ${e.message}`);
    throw e;
  }
};
