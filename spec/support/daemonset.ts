/** Builders and steps for DaemonSet specs: the object, nodes, and driving pods to Ready. */
import type { KubeObject } from '../../src/api/meta.js';
import type { Pod } from '../../src/api/pod.js';
import type { DaemonSet } from '../../src/api/workloads.js';
import { daemonSetController } from '../../src/controllers/daemonset.js';
import { targetNodeName } from '../../src/controllers/daemonset-nodes.js';
import { getObject, listKind } from '../../src/state/queries.js';
import type { ClusterState } from '../../src/state/state.js';
import { nodeObject } from '../../src/world/nodes.js';
import type { Given } from './given.js';

export interface DaemonSetOpts {
  readonly ns?: string;
  readonly image?: string;
  readonly nodeSelector?: Record<string, string>;
  readonly affinity?: Record<string, unknown>;
  readonly tolerations?: readonly Record<string, unknown>[];
  readonly hostNetwork?: boolean;
  readonly strategy?: Record<string, unknown>;
  readonly minReadySeconds?: number;
  readonly revisionHistoryLimit?: number;
}

export const daemonSet = (name: string, opts: DaemonSetOpts = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name, namespace: opts.ns ?? 'default' },
  spec: {
    selector: { matchLabels: { app: name } },
    ...(opts.strategy === undefined ? {} : { updateStrategy: opts.strategy }),
    ...(opts.minReadySeconds === undefined ? {} : { minReadySeconds: opts.minReadySeconds }),
    ...(opts.revisionHistoryLimit === undefined ? {} : { revisionHistoryLimit: opts.revisionHistoryLimit }),
    template: {
      metadata: { labels: { app: name } },
      spec: {
        ...(opts.nodeSelector === undefined ? {} : { nodeSelector: opts.nodeSelector }),
        ...(opts.affinity === undefined ? {} : { affinity: opts.affinity }),
        ...(opts.tolerations === undefined ? {} : { tolerations: opts.tolerations }),
        ...(opts.hostNetwork === undefined ? {} : { hostNetwork: opts.hostNetwork }),
        containers: [{ name: 'agent', image: opts.image ?? 'agent:1', resources: { requests: { cpu: '50m', memory: '64Mi' } } }],
      },
    },
  },
});

export interface NodeOpts {
  readonly labels?: Record<string, string>;
  readonly taints?: readonly { key: string; value?: string; effect: string }[];
  readonly index?: number;
}

export const node = (name: string, opts: NodeOpts = {}): KubeObject => {
  const dash = name.lastIndexOf('-');
  const pool = { name: name.slice(0, dash), count: 1, capacity: { cpu: '4', memory: '8Gi' }, ...(opts.labels === undefined ? {} : { labels: opts.labels }), ...(opts.taints === undefined ? {} : { taints: opts.taints }) };
  return nodeObject(pool, Number(name.slice(dash + 1)), opts.index ?? 0, 0);
};

export const getDs = (s: ClusterState, name = 'agent', ns = 'default'): DaemonSet => getObject(s, 'DaemonSet', ns, name) as unknown as DaemonSet;

export const podsOf = (s: ClusterState): Pod[] => listKind(s, 'Pod') as unknown as Pod[];

/** Reconciles the DaemonSet and applies every request it makes. */
export const sync = (g: Given, nowMs = g.state.timeMs, key = 'default/agent'): Given =>
  g.reconcile(daemonSetController, key, nowMs).actions.reduce<Given>((acc, a) => acc.and(a, nowMs, 'daemonset'), g);

/** Plays scheduler and kubelet: binds every pending pod to its target node and takes it to Ready. */
export const makeReady = (g: Given, nowMs = g.state.timeMs): Given => {
  let next = g;
  for (const p of podsOf(g.state)) {
    const ref = { kind: 'Pod', namespace: p.metadata.namespace ?? 'default', name: p.metadata.name };
    if (p.metadata.deletionTimestamp !== undefined || p.status?.phase === 'Running') continue;
    if (p.spec.nodeName === undefined) next = next.and({ type: 'Bind', pod: ref, node: targetNodeName(p.spec) ?? '', trace: { evaluatedNodes: 1, feasibleNodes: 1 } }, nowMs);
    next = next.and({ type: 'StartPodSandbox', pod: ref, podIP: `10.0.0.${podsOf(g.state).indexOf(p) + 2}` }, nowMs);
    next = next.and({ type: 'StartContainers', pod: ref }, nowMs);
    next = next.and({ type: 'MarkPodReady', pod: ref }, nowMs);
  }
  return next;
};

/** Plays the kubelet for terminating pods: they are gone. */
export const reapTerminating = (g: Given, nowMs = g.state.timeMs): Given =>
  podsOf(g.state)
    .filter((p) => p.metadata.deletionTimestamp !== undefined)
    .reduce<Given>((acc, p) => acc.and({ type: 'RemoveTerminatedPod', pod: { kind: 'Pod', namespace: p.metadata.namespace ?? 'default', name: p.metadata.name } }, nowMs), g);

/** Replaces the DaemonSet's container image (a template change). */
export const setImage = (g: Given, image: string, nowMs = g.state.timeMs): Given => {
  const ds = getDs(g.state) as unknown as KubeObject & { spec: DaemonSet['spec'] };
  const template = ds.spec.template ?? {};
  const spec = template.spec ?? { containers: [] };
  const containers = spec.containers.map((c) => ({ ...c, image }));
  return g.and({ type: 'Update', object: { ...ds, spec: { ...ds.spec, template: { ...template, spec: { ...spec, containers } } } } }, nowMs);
};

/** Node name → images of its non-terminating pods, sorted. */
export const imagesByNode = (s: ClusterState): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const p of podsOf(s)) {
    if (p.metadata.deletionTimestamp !== undefined) continue;
    const n = targetNodeName(p.spec) ?? '?';
    (out[n] ??= []).push(p.spec.containers[0]?.image ?? '');
  }
  for (const list of Object.values(out)) list.sort();
  return out;
};
