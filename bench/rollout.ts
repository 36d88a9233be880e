/**
 * bench/rollout: a rolling update of a 10,000-replica Deployment across 1,000 nodes
 * (issue #5: under 5 s wall).
 *
 *   npm run bench:rollout                # full size
 *   npm run bench:rollout -- --small     # 100 nodes, 1,000 replicas
 *   npm run bench:rollout -- --runs 5
 *
 * Two engine runs per round, each from a collected heap:
 *   baseline: the Deployment is created and every pod becomes available (until `updateAtMs`);
 *   rollout:  the same, then the template changes at `updateAtMs` (a new image) and the
 *             run goes on until the rollout is complete.
 * The rollout's cost is the difference of the two (same process, same round), so the
 * creation of the first 10,000 pods is not counted twice; events/s is the rollout's
 * events over that difference. The run checks that the rollout really completed: every
 * pod on the new template, old ReplicaSet at 0, status updated = available = replicas.
 * Prints one JSON object.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { KubeObject } from '../src/api/meta.js';
import { runEngine } from '../src/engine/engine.js';
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

interface Timed {
  readonly wallMs: number;
  readonly events: number;
  readonly state: ClusterState;
  readonly lastEventMs: number;
}

const run = (withUpdate: boolean): Timed => {
  collect();
  const start = performance.now();
  const result = runEngine(
    { seed: 1, tickMs: 1000, durationMs: withUpdate ? DURATION_MS : UPDATE_AT_MS - 1000, maxSettleRounds: 1000, controllers: defaultControllers({ kubelet: DEFAULT_KUBELET }) },
    inputs(withUpdate),
  );
  const wallMs = performance.now() - start;
  if (isLeft(result)) throw new Error(`engine failed: ${JSON.stringify(result.left)}`);
  const records = result.right.records;
  return { wallMs, events: records.length, state: result.right.state, lastEventMs: records[records.length - 1]?.timeMs ?? 0 };
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
  const rounds: { baselineMs: number; fullMs: number; rolloutMs: number; rolloutEvents: number; finishedAtMs: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const baseline = run(false);
    const full = run(true);
    verify(full.state);
    rounds.push({
      baselineMs: Math.round(baseline.wallMs),
      fullMs: Math.round(full.wallMs),
      rolloutMs: Math.round(full.wallMs - baseline.wallMs),
      rolloutEvents: full.events - baseline.events,
      finishedAtMs: full.lastEventMs,
    });
  }
  const rolloutMs = median(rounds.map((r) => r.rolloutMs));
  const events = rounds[0]?.rolloutEvents ?? 0;
  console.log(
    JSON.stringify(
      {
        node: process.version,
        nodes: NODES,
        replicas: REPLICAS,
        rounds,
        medianRolloutWallMs: rolloutMs,
        medianFullRunWallMs: median(rounds.map((r) => r.fullMs)),
        rolloutEvents: events,
        rolloutEventsPerSecond: Math.round(events / (rolloutMs / 1000)),
        simulatedRolloutSeconds: Math.round(((rounds[0]?.finishedAtMs ?? 0) - UPDATE_AT_MS) / 1000),
        peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      },
      null,
      2,
    ),
  );
};

main();
