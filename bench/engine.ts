/**
 * bench/engine: how fast kubesim runs a cluster and replays a log.
 *
 *   npm run bench                 # full size: 1,000 nodes, 100 ReplicaSets × 300 pods
 *   npm run bench -- --small      # 100 nodes × 3,000 pods, for a quick look
 *
 * live:   wall time for the engine to create, schedule and make Ready every pod
 *         (all controllers, admission, evolve and the log), median of the runs.
 * replay: events/s folding the saved log into state (evolveAll over decoded records),
 *         and events/s from NDJSON text (checksum chain verified, parsed, folded).
 * baseline: the same number of persistent Immutable.Map sets in one withMutations
 *         batch, measured in the same process, so the figures can be compared across
 *         machines as a ratio.
 * Prints one JSON object.
 */
import { Map as IMap } from 'immutable';
import { isLeft } from 'fp-ts/lib/Either.js';
import { runEngine } from '../src/engine/engine.js';
import { defaultControllers } from '../src/engine/registry.js';
import type { EventRecord } from '../src/log/events.js';
import { decodeLog, encodeLog } from '../src/log/ndjson.js';
import { countKind, listKind } from '../src/state/queries.js';
import { replay } from '../src/state/replay.js';
import { clusterInput, createRequest } from '../src/scenario/inputs.js';
import { DEFAULT_KUBELET } from '../src/world/kubelet.js';

const small = process.argv.includes('--small');
const NODES = small ? 100 : 1000;
const REPLICASETS = small ? 10 : 100;
const REPLICAS = 300;
const RUNS = small ? 3 : 3;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

const replicaSet = (i: number) => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: `app-${i}`, namespace: 'default' },
  spec: {
    replicas: REPLICAS,
    selector: { matchLabels: { app: `app-${i}` } },
    template: {
      metadata: { labels: { app: `app-${i}` } },
      spec: { containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
    },
  },
});

const liveRun = (): { wallMs: number; records: readonly EventRecord[]; readyPods: number } => {
  const start = performance.now();
  const result = runEngine(
    { seed: 1, tickMs: 1000, durationMs: 120_000, maxSettleRounds: 1000, controllers: defaultControllers({ kubelet: DEFAULT_KUBELET }) },
    [
      clusterInput([{ name: 'node', count: NODES, capacity: { cpu: '4', memory: '16Gi', pods: '110' } }], []),
      { atMs: 0, source: 'bench', actor: 'bench', abortOnRejection: true, requests: () => Array.from({ length: REPLICASETS }, (_, i) => createRequest(replicaSet(i), 'bench', 'Applied')) },
    ],
  );
  const wallMs = performance.now() - start;
  if (isLeft(result)) throw new Error(`engine failed: ${JSON.stringify(result.left)}`);
  const pods = listKind(result.right.state, 'Pod');
  const readyPods = pods.filter((p) => (p as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
  if (countKind(result.right.state, 'Pod') !== REPLICASETS * REPLICAS) throw new Error('not every pod was created');
  return { wallMs, records: result.right.records, readyPods };
};

const timeIt = (f: () => void): number => {
  const start = performance.now();
  f();
  return performance.now() - start;
};

const baselineMs = (records: readonly EventRecord[]): number =>
  timeIt(() => {
    IMap<number, EventRecord>().withMutations((m) => {
      for (const r of records) m.set(r.seq % 30_000, r);
    });
  });

const main = (): void => {
  const live = Array.from({ length: RUNS }, () => liveRun());
  const last = live[live.length - 1] as (typeof live)[number];
  const records = last.records;
  const text = encodeLog({ kubesimLog: 1, kubesimVersion: 'bench', scenario: 'bench', seed: 1, durationMs: 120_000 }, records, 120_000);
  const fold = Array.from({ length: 5 }, () => timeIt(() => replay(records)));
  const fromText = Array.from({ length: 3 }, () =>
    timeIt(() => {
      const decoded = decodeLog(text);
      if (isLeft(decoded)) throw new Error(decoded.left.message);
      replay(decoded.right.records);
    }),
  );
  const base = Array.from({ length: 5 }, () => baselineMs(records));
  const events = records.length;
  const usage = process.resourceUsage();
  console.log(
    JSON.stringify(
      {
        node: process.version,
        nodes: NODES,
        pods: REPLICASETS * REPLICAS,
        readyPods: last.readyPods,
        events,
        logBytes: text.length,
        live: { runs: live.map((l) => Math.round(l.wallMs)), medianWallMs: Math.round(median(live.map((l) => l.wallMs))), podsPerSecond: Math.round((REPLICASETS * REPLICAS) / (median(live.map((l) => l.wallMs)) / 1000)) },
        replay: {
          foldMedianMs: Math.round(median(fold)),
          foldEventsPerSecond: Math.round(events / (median(fold) / 1000)),
          fromTextMedianMs: Math.round(median(fromText)),
          fromTextEventsPerSecond: Math.round(events / (median(fromText) / 1000)),
        },
        baseline: { immutableSetsPerSecond: Math.round(events / (median(base) / 1000)) },
        peakRssMiB: Math.round(usage.maxRSS / 1024),
        heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 1048576),
      },
      null,
      2,
    ),
  );
};

main();
