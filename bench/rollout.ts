/**
 * bench/rollout: a rolling update of a 10,000-replica Deployment across 1,000 nodes
 * (issue #5: under 5 s wall).
 *
 *   npm run bench:rollout                # full size
 *   npm run bench:rollout -- --small     # 100 nodes, 1,000 replicas
 *   npm run bench:rollout -- --runs 5
 *
 * Each round is one engine run in two timed parts (Engine.runUntil, which writes the same
 * log as one run): creating the Deployment until every pod is available (t < 60 s), then
 * the rolling update from the template change (a new image at 60 s) to the end. The
 * rollout's wall time is the second part alone; events/s is its events over that time.
 * A first round warms the JIT up and is not counted; each round starts from a collected
 * heap. The run checks that the rollout really completed: every pod on the new image,
 * status updated = available = replicas.
 * Prints one JSON object.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { KubeObject } from '../src/api/meta.js';
import { Engine } from '../src/engine/engine.js';
import type { Input } from '../src/engine/engine.js';
import { defaultControllers } from '../src/engine/registry.js';
import { clusterInput, createRequest } from '../src/scenario/inputs.js';
import { getObject, listKind } from '../src/state/queries.js';
import type { ClusterState } from '../src/state/state.js';
import { DEFAULT_KUBELET } from '../src/world/kubelet.js';

const argAfter = (flag: string): string | undefined => {
  const i = process.argv.indexOf(flag);
  return i < 0 ? undefined : process.argv[i + 1];
};

const small = process.argv.includes('--small');
const NODES = small ? 100 : 1000;
const REPLICAS = small ? 1000 : 10_000;
const RUNS = Number(argAfter('--runs') ?? 3);
const UPDATE_AT_MS = 60_000;
const DURATION_MS = 60 * 60_000;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

const template = (image: string) => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image, resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
});

const deployment = (image: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { replicas: REPLICAS, selector: { matchLabels: { app: 'web' } }, template: template(image) },
});

const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const inputs = (withUpdate: boolean): Input[] => [
  clusterInput([{ name: 'node', count: NODES, capacity: { cpu: '8', memory: '32Gi', pods: '110' } }], []),
  { atMs: 0, source: 'bench', actor: 'bench', abortOnRejection: true, requests: () => [createRequest(deployment('nginx:1.26'), 'bench', 'Applied')] },
  ...(withUpdate
    ? [
        {
          atMs: UPDATE_AT_MS,
          source: 'bench',
          actor: 'bench',
          abortOnRejection: true,
          requests: (state: ClusterState) => {
            const current = getObject(state, 'Deployment', 'default', 'web') as KubeObject;
            const spec = current['spec'] as Record<string, unknown>;
            return [{ actor: 'bench', reason: 'ImageSet', action: { type: 'Update' as const, object: { ...current, spec: { ...spec, template: template('nginx:1.27') } } } }];
          },
        },
      ]
    : []),
];

interface Round {
  /** Creating the Deployment until every pod is available (t = 0 … updateAtMs − 1 s). */
  readonly createMs: number;
  /** The rolling update: from the template change to the end of the run. */
  readonly rolloutMs: number;
  readonly rolloutEvents: number;
  /** Simulated time of the rollout's last event. */
  readonly lastEventMs: number;
  readonly state: ClusterState;
}

/** One engine, run in two timed parts (Engine.runUntil): the same log as one run. */
const round = (): Round => {
  collect();
  const engine = new Engine({ seed: 1, tickMs: 1000, durationMs: DURATION_MS, maxSettleRounds: 1000, controllers: defaultControllers({ kubelet: DEFAULT_KUBELET }) }, inputs(true));
  const t0 = performance.now();
  const created = engine.runUntil(UPDATE_AT_MS - 1000);
  const t1 = performance.now();
  if (isLeft(created)) throw new Error(`engine failed: ${JSON.stringify(created.left)}`);
  const before = created.right.records.length;
  const done = engine.runUntil(DURATION_MS);
  const t2 = performance.now();
  if (isLeft(done)) throw new Error(`engine failed: ${JSON.stringify(done.left)}`);
  const records = done.right.records;
  return { createMs: t1 - t0, rolloutMs: t2 - t1, rolloutEvents: records.length - before, lastEventMs: records[records.length - 1]?.timeMs ?? 0, state: done.right.state };
};

type Status = { replicas?: number; updatedReplicas?: number; availableReplicas?: number };

/** The rollout is complete: every pod runs the new image, the Deployment says so. */
const verify = (state: ClusterState): void => {
  const d = getObject(state, 'Deployment', 'default', 'web') as (KubeObject & { status?: Status }) | undefined;
  const s = d?.status ?? {};
  if (s.replicas !== REPLICAS || s.updatedReplicas !== REPLICAS || s.availableReplicas !== REPLICAS) throw new Error(`rollout incomplete: ${JSON.stringify(s)}`);
  const pods = listKind(state, 'Pod');
  const old = pods.filter((p) => (p['spec'] as { containers: { image: string }[] }).containers[0]?.image !== 'nginx:1.27');
  if (pods.length !== REPLICAS || old.length > 0) throw new Error(`pods: ${pods.length}, on the old image: ${old.length}`);
};

const main = (): void => {
  // a first round warms the JIT up and is not counted
  verify(round().state);
  const rounds: Omit<Round, 'state'>[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { state, ...r } = round();
    verify(state);
    rounds.push(r);
  }
  const rolloutMs = median(rounds.map((r) => r.rolloutMs));
  const events = rounds[0]?.rolloutEvents ?? 0;
  console.log(
    JSON.stringify(
      {
        node: process.version,
        nodes: NODES,
        replicas: REPLICAS,
        rounds: rounds.map((r) => ({ createMs: Math.round(r.createMs), rolloutMs: Math.round(r.rolloutMs), rolloutEvents: r.rolloutEvents })),
        medianCreateWallMs: Math.round(median(rounds.map((r) => r.createMs))),
        medianRolloutWallMs: Math.round(rolloutMs),
        rolloutEvents: events,
        rolloutEventsPerSecond: Math.round(events / (rolloutMs / 1000)),
        simulatedRolloutSeconds: Math.round(((rounds[0]?.lastEventMs ?? 0) - UPDATE_AT_MS) / 1000),
        peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      },
      null,
      2,
    ),
  );
};

main();
