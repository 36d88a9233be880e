/**
 * Timeline entries and the initial cluster as engine inputs: requests resolved against
 * the state at their instant, as kubectl would make them.
 */
import type { Request } from '../api/actions.js';
import type { KindInfo } from '../api/kinds.js';
import { resolveKindName } from '../api/kinds.js';
import type { KubeObject } from '../api/meta.js';
import type { Input } from '../engine/engine.js';
import { getObject } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import type { NodePoolSpec } from '../world/nodes.js';
import { nodeObject } from '../world/nodes.js';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

export const namespaceObject = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

export const createRequest = (object: KubeObject, actor: string, reason: string): Request => ({ actor, reason, action: { type: 'Create', object } });

/** kubectl apply: create what does not exist, update what does. */
export const applyRequest = (state: ClusterState, object: KubeObject, actor: string): Request => {
  const info = resolveKindName(object.kind);
  const namespace = info?.namespaced === false ? undefined : (object.metadata.namespace ?? 'default');
  const exists = info !== undefined && getObject(state, info.kind, namespace, object.metadata.name) !== undefined;
  const withNs: KubeObject = namespace === undefined ? object : { ...object, metadata: { ...object.metadata, namespace } };
  return exists ? { actor, reason: 'Applied', action: { type: 'Update', object: withNs } } : { actor, reason: 'Applied', action: { type: 'Create', object: withNs } };
};

/** The t=0 input: system namespaces, the nodes of every pool, explicit nodes. */
export const clusterInput = (pools: readonly NodePoolSpec[], nodes: readonly KubeObject[]): Input => ({
  atMs: 0,
  source: 'spec.cluster',
  actor: 'api-server',
  abortOnRejection: true,
  requests: () => {
    let index = 0;
    const poolNodes = pools.flatMap((p) => Array.from({ length: p.count }, (_, i) => nodeObject(p, i, index++, 0)));
    return [
      ...SYSTEM_NAMESPACES.map((n) => createRequest(namespaceObject(n), 'api-server', 'SystemNamespace')),
      ...[...poolNodes, ...nodes].map((n) => createRequest(n, 'kubelet', 'RegisteredNode')),
    ];
  },
});

export interface Target {
  readonly info: KindInfo;
  readonly name: string;
  readonly namespace: string | undefined;
}

export const refOfTarget = (t: Target): { kind: string; name: string; namespace?: string } =>
  t.namespace === undefined ? { kind: t.info.kind, name: t.name } : { kind: t.info.kind, name: t.name, namespace: t.namespace };
