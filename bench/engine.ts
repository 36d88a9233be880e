/**
 * bench/engine: how fast kubesim runs a cluster and replays a log.
 *
 *   npm run bench                 # full size: 1,000 nodes, 100 ReplicaSets × 300 pods
 *   npm run bench -- --small      # 100 nodes × 3,000 pods, for a quick look
 *
 * live:   wall time for the engine to create, schedule and make Ready every pod
 *         (all controllers, admission, evolve and the log), median of the runs.
 * replay: the live run's log, saved as NDJSON and read back in a fresh process
 *         (bench/replay.ts: decode, fold into the log's history, whole state; with its
 *         own Immutable.js baseline).
 * Each timed run starts after a full collection (node --expose-gc).
 * Prints one JSON object.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLeft } from 'fp-ts/lib/Either.js';
import { runEngine } from '../src/engine/engine.js';
import { defaultControllers } from '../src/engine/registry.js';
import type { EventRecord } from '../src/log/events.js';
import { encodeLog } from '../src/log/ndjson.js';
import { countKind, listKind } from '../src/state/queries.js';
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

/** `npm run bench` runs node with --expose-gc: each timed run starts from a collected heap. */
const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const liveRun = (): { wallMs: number; records: readonly EventRecord[]; readyPods: number } => {
  collect();
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

const main = (): void => {
  // keep only the last run's log: the others' would only make every later collection slower
  const live: { wallMs: number; readyPods: number }[] = [];
  let records: readonly EventRecord[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = liveRun();
    live.push({ wallMs: run.wallMs, readyPods: run.readyPods });
    records = run.records;
  }
  const last = live[live.length - 1] as (typeof live)[number];
  const text = encodeLog({ kubesimLog: 1, kubesimVersion: 'bench', scenario: 'bench', seed: 1, durationMs: 120_000 }, records, 120_000);
  records = [];
  // the saved log is read back in a fresh process, as `kubesim get --log F` reads it
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-bench-'));
  let replayed: unknown;
  try {
    const file = join(dir, 'bench.log');
    writeFileSync(file, text);
    const out = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(new URL('./replay.js', import.meta.url)), file, String(REPLICASETS * REPLICAS)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    replayed = JSON.parse(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const usage = process.resourceUsage();
  console.log(
    JSON.stringify(
      {
        node: process.version,
        nodes: NODES,
        pods: REPLICASETS * REPLICAS,
        readyPods: last.readyPods,
        logBytes: text.length,
        live: { runs: live.map((l) => Math.round(l.wallMs)), medianWallMs: Math.round(median(live.map((l) => l.wallMs))), podsPerSecond: Math.round((REPLICASETS * REPLICAS) / (median(live.map((l) => l.wallMs)) / 1000)) },
        replay: replayed,
        livePeakRssMiB: Math.round(usage.maxRSS / 1024),
        heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 1048576),
      },
      null,
      2,
    ),
  );
};

main();
