/** Builders for the objects specs need, and a small cluster runner over the real engine. */
import type { Request } from '../../src/api/actions.js';
import type { KubeObject } from '../../src/api/meta.js';
import type { EngineError, Input, RunResult } from '../../src/engine/engine.js';
import { runEngine } from '../../src/engine/engine.js';
import { defaultControllers } from '../../src/engine/registry.js';
import type { KubeletConfig } from '../../src/world/kubelet.js';
import { DEFAULT_KUBELET } from '../../src/world/kubelet.js';
import type { NodePoolSpec } from '../../src/world/nodes.js';
import { nodeObject } from '../../src/world/nodes.js';
import type { Either } from 'fp-ts/lib/Either.js';

export const namespace = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

export const pool = (name: string, count: number, cpu = '4', memory = '8Gi', pods = 110): NodePoolSpec => ({
  name,
  count,
  capacity: { cpu, memory, pods: String(pods) },
});

export const nodesOf = (...pools: NodePoolSpec[]): KubeObject[] => {
  let index = 0;
  return pools.flatMap((p) => Array.from({ length: p.count }, (_, i) => nodeObject(p, i, index++, 0)));
};

export const replicaSet = (name: string, replicas: number, opts: { cpu?: string; memory?: string; ns?: string; minReadySeconds?: number } = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name, namespace: opts.ns ?? 'default' },
  spec: {
    replicas,
    ...(opts.minReadySeconds === undefined ? {} : { minReadySeconds: opts.minReadySeconds }),
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'main', image: 'nginx:1.27', resources: { requests: { cpu: opts.cpu ?? '100m', memory: opts.memory ?? '128Mi' } } }] },
    },
  },
});

export const pod = (name: string, opts: { cpu?: string; memory?: string; nodeName?: string; labels?: Record<string, string>; ns?: string } = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: opts.ns ?? 'default', ...(opts.labels === undefined ? {} : { labels: opts.labels }) },
  spec: {
    ...(opts.nodeName === undefined ? {} : { nodeName: opts.nodeName }),
    containers: [{ name: 'main', image: 'nginx:1.27', resources: { requests: { ...(opts.cpu === undefined ? {} : { cpu: opts.cpu }), ...(opts.memory === undefined ? {} : { memory: opts.memory }) } } }],
  },
});

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export const create = (object: KubeObject, actor = 'scenario'): Request => ({ actor, reason: 'Applied', action: { type: 'Create', object } });

/** An input at `atMs` that makes the given requests. */
export const at = (atMs: number, ...requests: Request[]): Input => ({
  atMs,
  source: `spec input at ${atMs}ms`,
  actor: 'scenario',
  requests: () => requests,
  abortOnRejection: true,
});

export interface ClusterRun {
  readonly seed?: number;
  readonly durationMs?: number;
  readonly tickMs?: number;
  readonly kubelet?: KubeletConfig;
  readonly maxSettleRounds?: number;
}

/** Runs the default controllers over: system namespaces and `setup` at t=0, then `inputs`. */
export const runCluster = (setup: readonly KubeObject[], inputs: readonly Input[] = [], opts: ClusterRun = {}): Either<EngineError, RunResult> =>
  runEngine(
    {
      seed: opts.seed ?? 1,
      tickMs: opts.tickMs ?? 1000,
      durationMs: opts.durationMs ?? 60_000,
      maxSettleRounds: opts.maxSettleRounds ?? 1000,
      controllers: defaultControllers({ kubelet: opts.kubelet ?? DEFAULT_KUBELET }),
    },
    [at(0, ...SYSTEM_NAMESPACES.map((n) => create(namespace(n), 'api-server')), ...setup.map((o) => create(o))), ...inputs],
  );
