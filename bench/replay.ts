/**
 * bench/replay: how fast a saved log is read back, in a fresh process as `kubesim get
 * --log F` reads it. Run by bench/engine.ts on the log of its live run:
 *
 *   node --expose-gc .bench-build/bench/replay.js LOG EXPECTED_PODS
 *
 * decode: the NDJSON text → records (checksum chain verified, lines parsed and validated).
 * fold:   records → the log's history (historyOf: evolve's checks of order, existence
 *         and uids; each record linked to the history of its object), the index from
 *         which every view reads any object at any instant.
 * replayToState: fold + the whole ClusterState at the last instant (every object
 *         materialised, every index built: replay()).
 * baseline: as many persistent Immutable.Map sets in one withMutations batch, in the
 *         same process, so that figures from other machines compare as ratios.
 * Every timed run starts after a full collection. Prints one JSON object.
 */
import { readFileSync } from 'node:fs';
import { isLeft } from 'fp-ts/lib/Either.js';
import { Map as IMap } from 'immutable';
import type { EventRecord } from '../src/log/events.js';
import { decodeLog } from '../src/log/ndjson.js';
import { historyOf } from '../src/state/history.js';
import { countKind } from '../src/state/queries.js';
import { replay } from '../src/state/replay.js';

const [file, expected] = process.argv.slice(2);
if (file === undefined || expected === undefined) throw new Error('usage: replay.js LOG EXPECTED_PODS');

const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const timeIt = (f: () => void): number => {
  collect();
  const start = performance.now();
  f();
  return performance.now() - start;
};
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const perSecond = (n: number, ms: number): number => Math.round(n / (ms / 1000));

const text = readFileSync(file, 'utf8');
let records: readonly EventRecord[] = [];
const decode = Array.from({ length: 3 }, () =>
  timeIt(() => {
    const decoded = decodeLog(text);
    if (isLeft(decoded)) throw new Error(`${file}:${decoded.left.line}: ${decoded.left.message}`);
    records = decoded.right.records;
  }),
);
const fold = Array.from({ length: 7 }, () => timeIt(() => void historyOf(records)));
const whole = Array.from({ length: 5 }, () =>
  timeIt(() => {
    const state = replay(records);
    if (state.byLabel.size === 0 || countKind(state, 'Pod') !== Number(expected)) throw new Error('replayed state is incomplete');
  }),
);
const baseline = Array.from({ length: 5 }, () =>
  timeIt(() => {
    IMap<number, EventRecord>().withMutations((m) => {
      for (const r of records) m.set(r.seq % 30_000, r);
    });
  }),
);
const events = records.length;
console.log(
  JSON.stringify({
    events,
    decodeMedianMs: Math.round(median(decode)),
    foldRuns: fold.map(Math.round),
    foldMedianMs: Math.round(median(fold)),
    foldEventsPerSecond: perSecond(events, median(fold)),
    replayToStateRuns: whole.map(Math.round),
    replayToStateMedianMs: Math.round(median(whole)),
    replayToStateEventsPerSecond: perSecond(events, median(whole)),
    baselineImmutableSetsPerSecond: perSecond(events, median(baseline)),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
