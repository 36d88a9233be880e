/**
 * Machines from the scenario's node pools, as the kubelet registers them: Node objects
 * `<pool>-0 … <pool>-(count-1)` with capacity, allocatable (= capacity unless given),
 * the pool's labels plus the well-known ones, taints, addresses, a podCIDR and the
 * conditions of a healthy node.
 *
 * Addressing: node i (in scenario order) gets InternalIP 172.16.0.0/12 + (i+2) and podCIDR
 * 10.128.0.0/9's i-th /24, enough for 32,768 nodes without touching the Service range
 * 10.96.0.0/12.
 */
import type { KubeObject } from '../api/meta.js';
import { KUBELET_VERSION } from '../api/node.js';
import { timestampAt } from '../api/time.js';

export interface NodePoolSpec {
  readonly name: string;
  readonly count: number;
  readonly capacity: Readonly<Record<string, string | number>>;
  readonly allocatable?: Readonly<Record<string, string | number>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly { readonly key: string; readonly value?: string; readonly effect: string }[];
}

export const DEFAULT_MAX_PODS = 110;

const octets = (n: number): [number, number, number] => [Math.floor(n / 65536), Math.floor(n / 256) % 256, n % 256];

export const nodeInternalIP = (index: number): string => {
  const [a, b, c] = octets(index + 2);
  return `172.${16 + a}.${b}.${c}`;
};

export const nodePodCIDR = (index: number): string => `10.${128 + Math.floor(index / 256)}.${index % 256}.0/24`;

const conditions = (timestamp: string): object[] => [
  ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
  ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
].map(([type, status, reason, message]) => ({ type, status, reason, message, lastHeartbeatTime: timestamp, lastTransitionTime: timestamp }));

const withMaxPods = (list: Readonly<Record<string, string | number>>): Record<string, string | number> =>
  list['pods'] === undefined ? { ...list, pods: String(DEFAULT_MAX_PODS) } : { ...list };

/** The Node object of one machine: `index` is its position among all nodes of the scenario. */
export const nodeObject = (pool: NodePoolSpec, ordinal: number, index: number, nowMs: number): KubeObject => {
  const name = `${pool.name}-${ordinal}`;
  const capacity = withMaxPods(pool.capacity);
  const ts = timestampAt(nowMs);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        ...pool.labels,
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {
      podCIDR: nodePodCIDR(index),
      podCIDRs: [nodePodCIDR(index)],
      ...(pool.taints === undefined || pool.taints.length === 0 ? {} : { taints: pool.taints.map((t) => ({ ...t })) }),
    },
    status: {
      capacity,
      allocatable: pool.allocatable === undefined ? capacity : withMaxPods(pool.allocatable),
      conditions: conditions(ts),
      addresses: [
        { type: 'InternalIP', address: nodeInternalIP(index) },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        architecture: 'amd64',
        containerRuntimeVersion: 'containerd://2.1.4',
        kernelVersion: '6.8.0-kubesim',
        kubeProxyVersion: KUBELET_VERSION,
        kubeletVersion: KUBELET_VERSION,
        operatingSystem: 'linux',
        osImage: 'kubesim simulated node',
      },
    },
  };
};
