/**
 * NodePorts (upstream plugins/nodeports/node_ports.go, scheduler util GetHostPorts and
 * kube-scheduler framework HostPortInfo).
 *
 * Filter: the host ports the pod asks for (hostPort > 0, from its containers and from
 * sidecar init containers, i.e. restartPolicy Always) must be free on the node. A port is
 * taken when a pod already there uses the same (protocol, port) on an overlapping IP:
 * 0.0.0.0 (also an empty hostIP) overlaps every IP; an empty protocol is TCP. A conflict
 * is Unschedulable (preemption may free the port). Terminal pods no longer hold ports,
 * as they no longer hold resources in the scheduler cache.
 */
import type { Container, Pod } from '../../api/pod.js';
import type { FilterFailure, FilterPlugin, HostPort, NodeInfo, PodInfo } from '../types.js';
import { nodeFilter } from '../types.js';

export const NAME = 'NodePorts';
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

const BIND_ALL = '0.0.0.0';

export type { HostPort };

const portsOf = (c: Container): HostPort[] =>
  (c.ports ?? [])
    .filter((p) => (p.hostPort ?? 0) > 0)
    .map((p) => ({ hostIP: p.hostIP === undefined || p.hostIP === '' ? BIND_ALL : p.hostIP, protocol: p.protocol === undefined || p.protocol === '' ? 'TCP' : p.protocol, port: p.hostPort ?? 0 }));

/** hostPortsOf per pod object (pods are immutable; a filter asks once per node visited). */
const portsByPod = new WeakMap<Pod, HostPort[]>();

/** upstream GetHostPorts: sidecars (init containers with restartPolicy Always) first, then containers. */
export const hostPortsOf = (pod: Pod): HostPort[] => {
  let ports = portsByPod.get(pod);
  if (ports === undefined) portsByPod.set(pod, (ports = computeHostPorts(pod)));
  return ports;
};

const computeHostPorts = (pod: Pod): HostPort[] => [
  ...(pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').flatMap(portsOf),
  ...pod.spec.containers.flatMap(portsOf),
];

/** upstream HostPortInfo.CheckConflict, over the ports in use listed flat. */
export const conflicts = (used: readonly HostPort[], want: HostPort): boolean =>
  used.some((u) => u.port === want.port && u.protocol === want.protocol && (want.hostIP === BIND_ALL || u.hostIP === BIND_ALL || u.hostIP === want.hostIP));

export const fitsPorts = (pod: PodInfo, node: NodeInfo): FilterFailure | undefined => {
  const want = hostPortsOf(pod.pod);
  // upstream PreFilter Skips a pod without host ports: nothing to look up.
  if (want.length === 0) return undefined;
  const used = node.usedPorts;
  if (!want.some((w) => conflicts(used, w))) return undefined;
  return { code: 'Unschedulable', reasons: [ERR_REASON], plugin: NAME };
};

export const filter: FilterPlugin = nodeFilter(NAME, fitsPorts, (pod) => hostPortsOf(pod.pod).length === 0);
