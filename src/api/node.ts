/** Node: the fields kubesim reads and writes. */
import * as t from 'io-ts';
import { ObjectMeta } from './meta.js';

export const Taint = t.intersection([
  t.type({ key: t.string, effect: t.string }),
  t.partial({ value: t.string, timeAdded: t.string }),
]);
export type Taint = t.TypeOf<typeof Taint>;

export const NodeCondition = t.intersection([
  t.type({ type: t.string, status: t.string }),
  t.partial({
    reason: t.string,
    message: t.string,
    lastHeartbeatTime: t.string,
    lastTransitionTime: t.string,
  }),
]);
export type NodeCondition = t.TypeOf<typeof NodeCondition>;

const ResourceList = t.record(t.string, t.union([t.string, t.number]));

export const NodeSpec = t.partial({
  unschedulable: t.boolean,
  taints: t.array(Taint),
  podCIDR: t.string,
  podCIDRs: t.array(t.string),
  providerID: t.string,
});

export const NodeStatus = t.partial({
  capacity: ResourceList,
  allocatable: ResourceList,
  conditions: t.array(NodeCondition),
  addresses: t.array(t.type({ type: t.string, address: t.string })),
  nodeInfo: t.record(t.string, t.string),
  images: t.array(t.partial({ names: t.array(t.string), sizeBytes: t.number })),
});

export const Node = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('Node'), metadata: ObjectMeta }),
  t.partial({ spec: NodeSpec, status: NodeStatus }),
]);
export type Node = t.TypeOf<typeof Node>;

export const nodeCondition = (node: Node, type: string): NodeCondition | undefined =>
  node.status?.conditions?.find((c) => c.type === type);

export const isNodeReady = (node: Node): boolean => nodeCondition(node, 'Ready')?.status === 'True';

/** The kubelet version kubesim's simulated nodes report. */
export const KUBELET_VERSION = 'v1.34.1';
