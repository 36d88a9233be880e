/**
 * The scheduler's cache (upstream internal/cache): one NodeInfo per node, in node-tree
 * order, kept up to date from the event stream the way kube-scheduler's informers keep
 * its cache, so a cycle reads plain arrays instead of looking nodes and pods up in the
 * state's persistent maps.
 *
 * It is always a function of the state it was last synchronised with: `observe` follows
 * the log record by record (marking the nodes a record touches), and `snapshot(state)`
 * refreshes those nodes, or rebuilds everything when it is handed a state it did not
 * follow (a replayed or hand-built state). spec/scheduler/cache.spec.ts checks that the
 * incremental path and a rebuild agree at every step of random runs.
 */
import type { Node } from '../api/node.js';
import type { Pod } from '../api/pod.js';
import { isPodTerminal } from '../api/pod.js';
import { allocatableOf, podRequests } from '../api/resources.js';
import type { EventRecord } from '../log/events.js';
import { subjectOf } from '../log/subject.js';
import { compareStrings, getNode, getPod, getPodByKey } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { EMPTY_USAGE } from '../state/state.js';
import { nodeTreeOrder, zoneKey } from './nodetree.js';
import { hostPortsOf } from './plugins/nodeports.js';
import type { HostPort, NodeColumnsView, NodeInfo, PodInfo, Snapshot } from './types.js';

// -------------------------------------------------------------------------------------
// PodInfo and NodeInfo
// -------------------------------------------------------------------------------------

const podInfos = new WeakMap<Pod, PodInfo>();

/** The scheduler's view of a pod, computed once per pod object. */
export const podInfoOf = (pod: Pod): PodInfo => {
  let info = podInfos.get(pod);
  if (info === undefined) {
    const { requests, hostPorts } = containerFacts(pod);
    info = {
      pod,
      key: `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`,
      requests,
      terminal: isPodTerminal(pod),
      hasAffinity: hasPodAffinity(pod),
      hasRequiredAntiAffinity: hasRequiredAntiAffinity(pod),
      hostPorts,
    };
    podInfos.set(pod, info);
  }
  return info;
};

/**
 * Requests and host ports depend only on the containers, init containers and overhead,
 * which binding and status changes leave as they are (the same objects): computed once
 * per containers list rather than once per version of the pod.
 */
interface ContainerFacts {
  readonly initContainers: Pod['spec']['initContainers'];
  readonly overhead: Pod['spec']['overhead'];
  readonly requests: PodInfo['requests'];
  readonly hostPorts: PodInfo['hostPorts'];
}
const containerFactsByList = new WeakMap<object, ContainerFacts>();

const containerFacts = (pod: Pod): ContainerFacts => {
  const spec = pod.spec;
  const known = containerFactsByList.get(spec.containers);
  if (known !== undefined && known.initContainers === spec.initContainers && known.overhead === spec.overhead) return known;
  const facts = { initContainers: spec.initContainers, overhead: spec.overhead, requests: podRequests(spec), hostPorts: hostPortsOf(pod) };
  containerFactsByList.set(spec.containers, facts);
  return facts;
};

interface PodAffinityShape {
  readonly podAffinity?: { readonly requiredDuringSchedulingIgnoredDuringExecution?: readonly unknown[]; readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly unknown[] };
  readonly podAntiAffinity?: { readonly requiredDuringSchedulingIgnoredDuringExecution?: readonly unknown[]; readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly unknown[] };
}

const affinityOf = (pod: Pod): PodAffinityShape => (pod.spec.affinity ?? {}) as PodAffinityShape;
const nonEmpty = (list: readonly unknown[] | undefined): boolean => list !== undefined && list.length > 0;

/** upstream NodeInfo.AddPod's PodsWithAffinity test: any pod affinity or anti-affinity term. */
export const hasPodAffinity = (pod: Pod): boolean => {
  const a = affinityOf(pod);
  return (
    nonEmpty(a.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution) ||
    nonEmpty(a.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution) ||
    nonEmpty(a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution) ||
    nonEmpty(a.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution)
  );
};

export const hasRequiredAntiAffinity = (pod: Pod): boolean => nonEmpty(affinityOf(pod).podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution);

let nextGeneration = 1;

/**
 * A NodeInfo for `node` with these pods (terminal pods left out), at `index`. The usage is
 * summed from the pods themselves, so preemption's what-ifs (a node without its victims)
 * get consistent numbers.
 */
export const nodeInfoOf = (index: number, node: Node, pods: readonly PodInfo[], usage?: NodeInfo['usage'], prev?: NodeInfo): NodeInfo => {
  const live: PodInfo[] = [];
  const withAffinity: PodInfo[] = [];
  const withAntiAffinity: PodInfo[] = [];
  const ports: HostPort[] = [];
  for (const p of pods) {
    if (p.terminal) continue;
    live.push(p);
    if (p.hasAffinity) withAffinity.push(p);
    if (p.hasRequiredAntiAffinity) withAntiAffinity.push(p);
    for (const port of p.hostPorts) ports.push(port);
  }
  const same = prev !== undefined && prev.node === node;
  return {
    index,
    name: node.metadata.name,
    node,
    labels: same ? prev.labels : (node.metadata.labels ?? {}),
    taints: same ? prev.taints : (node.spec?.taints ?? []),
    allocatable: same ? prev.allocatable : allocatableOf(node.status?.allocatable),
    usage: usage ?? usageOf(live),
    pods: live,
    podsWithAffinity: withAffinity.length === 0 ? NONE : withAffinity,
    podsWithRequiredAntiAffinity: withAntiAffinity.length === 0 ? NONE : withAntiAffinity,
    usedPorts: ports.length === 0 ? NO_PORTS : ports,
    generation: nextGeneration++,
  };
};

const NONE: readonly PodInfo[] = [];
const NO_PORTS: readonly HostPort[] = [];

/**
 * `prev` with its pod list replaced by `pods` (live pods, key order), where only the pods
 * in `touched` (before and after versions) differ: the affinity and port lists are reused
 * unless a touched pod has some, so an update costs the list copy, not a pass over it.
 */
const nodeInfoUpdated = (prev: NodeInfo, node: Node, pods: PodInfo[], usage: NodeInfo['usage'], touched: readonly PodInfo[]): NodeInfo => {
  if (prev.node !== node || touched.some((p) => p.hasAffinity || p.hasRequiredAntiAffinity || p.hostPorts.length > 0)) return nodeInfoOf(prev.index, node, pods, usage, prev);
  return { ...prev, pods, usage, generation: nextGeneration++ };
};

/** The sum of the pods' requests (what evolve keeps in ClusterState.nodeUsage). */
export const usageOf = (pods: readonly PodInfo[]): NodeInfo['usage'] => {
  let cpuMillis = 0;
  let memoryBytes = 0;
  let nonZeroCpuMillis = 0;
  let nonZeroMemoryBytes = 0;
  const scalar: Record<string, number> = {};
  for (const { requests: r } of pods) {
    cpuMillis += r.cpuMillis;
    memoryBytes += r.memoryBytes;
    nonZeroCpuMillis += r.nonZeroCpuMillis;
    nonZeroMemoryBytes += r.nonZeroMemoryBytes;
    for (const name of Object.keys(r.scalar)) scalar[name] = (scalar[name] ?? 0) + (r.scalar[name] ?? 0);
  }
  return { cpuMillis, memoryBytes, pods: pods.length, nonZeroCpuMillis, nonZeroMemoryBytes, scalar };
};

const podsOf = (state: ClusterState, name: string): PodInfo[] => {
  const keys = state.podsByNode.get(name);
  if (keys === undefined) return [];
  const pods: PodInfo[] = [];
  for (const key of [...keys].sort(compareStrings)) {
    const pod = getPodByKey(state, key);
    if (pod !== undefined) pods.push(podInfoOf(pod));
  }
  return pods;
};

const nodeInfoFromState = (state: ClusterState, index: number, node: Node): NodeInfo =>
  nodeInfoOf(index, node, podsOf(state, node.metadata.name), state.nodeUsage.get(node.metadata.name) ?? EMPTY_USAGE);

// -------------------------------------------------------------------------------------
// columns: the numbers hot loops read, contiguous per node index
// -------------------------------------------------------------------------------------

/**
 * A node's numbers laid out by node index (NodeInfo.index), so that a cycle's filters and
 * scores read a few contiguous arrays instead of chasing each node's objects. Always equal
 * to what the NodeInfos say (written whenever a NodeInfo is placed).
 */
export class NodeColumns implements NodeColumnsView {
  allocCpu = new Float64Array(0);
  allocMem = new Float64Array(0);
  allocPods = new Float64Array(0);
  reqCpu = new Float64Array(0);
  reqMem = new Float64Array(0);
  nonZeroCpu = new Float64Array(0);
  nonZeroMem = new Float64Array(0);
  pods = new Float64Array(0);
  unschedulable = new Uint8Array(0);
  hardTaints = new Int32Array(0);
  softTaints = new Int32Array(0);

  /** How many nodes have a PreferNoSchedule taint. */
  softTaintedNodes = 0;

  /** Room for `n` nodes, all to be written again by the caller. */
  reset(n: number): void {
    this.softTaints.fill(0);
    this.softTaintedNodes = 0;
    if (this.allocCpu.length >= n) return;
    const size = Math.max(n, this.allocCpu.length * 2, 16);
    this.allocCpu = new Float64Array(size);
    this.allocMem = new Float64Array(size);
    this.allocPods = new Float64Array(size);
    this.reqCpu = new Float64Array(size);
    this.reqMem = new Float64Array(size);
    this.nonZeroCpu = new Float64Array(size);
    this.nonZeroMem = new Float64Array(size);
    this.pods = new Float64Array(size);
    this.unschedulable = new Uint8Array(size);
    this.hardTaints = new Int32Array(size);
    this.softTaints = new Int32Array(size);
  }

  write(i: number, n: NodeInfo): void {
    this.allocCpu[i] = n.allocatable.cpuMillis;
    this.allocMem[i] = n.allocatable.memoryBytes;
    this.allocPods[i] = n.allocatable.pods;
    this.reqCpu[i] = n.usage.cpuMillis;
    this.reqMem[i] = n.usage.memoryBytes;
    this.nonZeroCpu[i] = n.usage.nonZeroCpuMillis;
    this.nonZeroMem[i] = n.usage.nonZeroMemoryBytes;
    this.pods[i] = n.usage.pods;
    this.unschedulable[i] = n.node.spec?.unschedulable === true ? 1 : 0;
    let hard = 0;
    let soft = 0;
    for (const t of n.taints) {
      if (t.effect === 'NoSchedule' || t.effect === 'NoExecute') hard++;
      else if (t.effect === 'PreferNoSchedule') soft++;
    }
    this.hardTaints[i] = hard;
    this.softTaintedNodes += (soft > 0 ? 1 : 0) - ((this.softTaints[i] as number) > 0 ? 1 : 0);
    this.softTaints[i] = soft;
  }
}

/** Columns for a list of NodeInfos (tests, what-ifs). */
export const columnsOf = (nodes: readonly NodeInfo[]): NodeColumns => {
  const c = new NodeColumns();
  c.reset(nodes.length);
  nodes.forEach((n, i) => c.write(i, n));
  return c;
};

// -------------------------------------------------------------------------------------
// the cache
// -------------------------------------------------------------------------------------

export class SchedulerCache {
  /** The state the arrays below describe once `dirty` is refreshed; undefined: rebuild. */
  private synced: ClusterState | undefined;
  private rebuildNeeded = true;
  /** node → keys of its pods that changed (NODE_CHANGED: the Node object itself did). */
  private readonly dirty = new Map<string, Set<string>>();
  private nodes: NodeInfo[] = [];
  private readonly byName = new Map<string, NodeInfo>();
  private imageCounts: ImageSummary | undefined;
  /** Node names in creation order (state.nodeNames at the last rebuild). */
  private created: readonly string[] = [];

  private readonly columns = new NodeColumns();

  readonly view: Snapshot = {
    nodes: this.nodes,
    columns: this.columns,
    byName: this.byName,
    nodesWithImage: () => this.images().counts,
    imageSizes: () => this.images().sizes,
    nominatedPods: (node) => {
      const pods = this.nominated.get(node);
      if (pods === undefined) return NONE;
      let sorted = this.nominatedSorted.get(node);
      if (sorted === undefined) this.nominatedSorted.set(node, (sorted = [...pods.values()].sort((a, b) => compareStrings(a.key, b.key))));
      return sorted;
    },
    hasNominatedPods: () => this.nominated.size > 0,
    changes: { version: () => this.version, changedSince: (v) => this.changedSince(v) },
  };

  /** Bumped by every rebuild and refresh; `changeLog` holds the indexes each refresh replaced. */
  private version = 0;
  /** Versions at or below this one cannot be answered (a rebuild happened since). */
  private versionFloor = 0;
  private readonly changeLog: { readonly version: number; readonly indexes: readonly number[] }[] = [];

  private changedSince(v: number): readonly number[] | undefined {
    if (v < this.versionFloor) return undefined;
    if (v >= this.version) return NO_INDEXES;
    let first = this.changeLog.length;
    while (first > 0 && (this.changeLog[first - 1] as { version: number }).version > v) first--;
    if (first === this.changeLog.length) return NO_INDEXES;
    if (first === this.changeLog.length - 1) return (this.changeLog[first] as { indexes: readonly number[] }).indexes;
    return this.changeLog.slice(first).flatMap((e) => e.indexes);
  }

  /** node → pending pods nominated to it (status.nominatedNodeName), by key; and key → node. */
  private readonly nominated = new Map<string, Map<string, PodInfo>>();
  private readonly nominatedTo = new Map<string, string>();
  private readonly nominationsDirty = new Set<string>();
  /** node → its nominated pods in key order, made when first asked for after a change. */
  private readonly nominatedSorted = new Map<string, readonly PodInfo[]>();

  private setNomination(key: string, pod: Pod | undefined): void {
    const old = this.nominatedTo.get(key);
    if (old !== undefined) {
      this.nominatedSorted.delete(old);
      const pods = this.nominated.get(old);
      pods?.delete(key);
      if (pods?.size === 0) this.nominated.delete(old);
      this.nominatedTo.delete(key);
    }
    const node = pod === undefined ? undefined : nominationOf(pod);
    if (pod === undefined || node === undefined) return;
    let pods = this.nominated.get(node);
    if (pods === undefined) this.nominated.set(node, (pods = new Map()));
    pods.set(key, podInfoOf(pod));
    this.nominatedSorted.delete(node);
    this.nominatedTo.set(key, node);
  }

  private images(): ImageSummary {
    return (this.imageCounts ??= summariseImages(this.created.map((name) => this.byName.get(name)).filter((n): n is NodeInfo => n !== undefined)));
  }

  /** Follows one log record (call with every record, in order). */
  observe(record: EventRecord, before: ClusterState, after: ClusterState): void {
    if (this.synced !== before || this.rebuildNeeded) {
      this.synced = undefined;
      this.rebuildNeeded = true;
      return;
    }
    this.synced = after;
    const ref = subjectOf(record.event);
    if (ref === undefined) return;
    if (ref.kind === 'Node') {
      const was = getNode(before, ref.name);
      const is = getNode(after, ref.name);
      if (was === undefined || is === undefined || zoneKey(was) !== zoneKey(is)) this.rebuildNeeded = true;
      else if (was !== is) this.dirty.set(ref.name, NODE_CHANGED);
      return;
    }
    if (ref.kind !== 'Pod') return;
    const was = getPod(before, ref.namespace, ref.name);
    const is = getPod(after, ref.namespace, ref.name);
    if (was === is) return;
    const key = `${ref.namespace ?? ''}/${ref.name}`;
    if ((was !== undefined && nominationOf(was) !== undefined) || (is !== undefined && nominationOf(is) !== undefined)) this.nominationsDirty.add(key);
    // a kubelet step changes only status: the cache's view (spec, labels, deletion, terminal or not) is the same
    if (was !== undefined && is !== undefined && was.spec === is.spec && sameCachedMeta(was, is) && isPodTerminal(was) === isPodTerminal(is)) return;
    const from = was?.spec.nodeName;
    const to = is?.spec.nodeName;
    if (from !== undefined) this.touch(from, key);
    if (to !== undefined) this.touch(to, key);
  }

  private touch(node: string, podKey: string): void {
    const keys = this.dirty.get(node);
    if (keys === undefined) this.dirty.set(node, new Set([podKey]));
    else if (keys !== NODE_CHANGED) keys.add(podKey);
  }

  /** The cache, synchronised with `state`. */
  snapshot(state: ClusterState): Snapshot {
    if (this.synced !== state || this.rebuildNeeded) this.rebuild(state);
    else {
      if (this.dirty.size > 0) this.refresh(state);
      for (const key of this.nominationsDirty) {
        this.setNomination(key, getPodByKey(state, key));
      }
      this.nominationsDirty.clear();
    }
    return this.view;
  }

  private rebuild(state: ClusterState): void {
    const nodeOf = (name: string): Node | undefined => getNode(state, name);
    const order = nodeTreeOrder(state.nodeNames, nodeOf);
    this.created = [...state.nodeNames];
    this.nodes.length = 0;
    this.byName.clear();
    this.columns.reset(order.length);
    order.forEach((name, i) => {
      const info = nodeInfoFromState(state, i, nodeOf(name) as Node);
      this.nodes.push(info);
      this.columns.write(i, info);
      this.byName.set(name, info);
    });
    this.dirty.clear();
    this.nominated.clear();
    this.nominatedSorted.clear();
    this.nominatedTo.clear();
    this.nominationsDirty.clear();
    for (const key of state.unscheduled) {
      this.setNomination(key, getPodByKey(state, key));
    }
    this.rebuildNeeded = false;
    this.synced = state;
    this.version++;
    this.versionFloor = this.version;
    this.changeLog.length = 0;
    this.imageCounts = undefined;
  }

  private refresh(state: ClusterState): void {
    const indexes: number[] = [];
    for (const [name, keys] of [...this.dirty].sort((a, b) => compareStrings(a[0], b[0]))) {
      const old = this.byName.get(name);
      const node = getNode(state, name);
      if (old === undefined || node === undefined) return this.rebuild(state);
      const touched: PodInfo[] = [];
      const info =
        keys === NODE_CHANGED
          ? nodeInfoFromState(state, old.index, node)
          : nodeInfoUpdated(old, node, podsAfter(state, name, old.pods, keys, touched), state.nodeUsage.get(name) ?? EMPTY_USAGE, touched);
      this.nodes[old.index] = info;
      this.columns.write(old.index, info);
      indexes.push(old.index);
      this.byName.set(name, info);
      if (info.node !== old.node) this.imageCounts = undefined;
    }
    this.dirty.clear();
    this.version++;
    this.changeLog.push({ version: this.version, indexes });
    if (this.changeLog.length > CHANGE_LOG_MAX) this.versionFloor = (this.changeLog.shift() as { version: number }).version;
  }
}

const NO_INDEXES: readonly number[] = [];
const CHANGE_LOG_MAX = 256;

const NODE_CHANGED: Set<string> = new Set();

/** The node a pending pod is nominated to (preemption), if any. */
export const nominationOf = (pod: Pod): string | undefined => {
  if (pod.spec.nodeName !== undefined || pod.metadata.deletionTimestamp !== undefined) return undefined;
  const node = (pod.status as { nominatedNodeName?: unknown } | undefined)?.nominatedNodeName;
  return typeof node === 'string' && node !== '' ? node : undefined;
};

/** What the scheduler's cache looks at in a pod's metadata: labels and deletion. */
const sameCachedMeta = (a: Pod, b: Pod): boolean =>
  a.metadata === b.metadata || (a.metadata.labels === b.metadata.labels && a.metadata.deletionTimestamp === b.metadata.deletionTimestamp && a.metadata.namespace === b.metadata.namespace);

/** A node's pods after the pods named in `changed` changed: each is re-read from the state. */
const podsAfter = (state: ClusterState, node: string, pods: readonly PodInfo[], changed: ReadonlySet<string>, touched: PodInfo[]): PodInfo[] => {
  // a copy with each changed pod taken out and put back where its key sorts: O(pods) per
  // change and no sort, so a node with thousands of pods stays cheap to update
  const out = pods.slice();
  for (const key of [...changed].sort(compareStrings)) {
    const at = lowerBound(out, key);
    if (out[at]?.key === key) touched.push(...out.splice(at, 1));
    const pod = getPodByKey(state, key);
    if (pod === undefined || pod.spec.nodeName !== node) continue;
    const info = podInfoOf(pod);
    touched.push(info);
    if (!info.terminal) out.splice(at, 0, info);
  }
  return out;
};

/** The first index whose key is not below `key` (pods are in key order). */
const lowerBound = (pods: readonly PodInfo[], key: string): number => {
  let lo = 0;
  let hi = pods.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((pods[mid] as PodInfo).key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** A fresh snapshot of a state (tests, views): the same as a synchronised cache's. */
export const snapshotOf = (state: ClusterState): Snapshot => new SchedulerCache().snapshot(state);

// -------------------------------------------------------------------------------------
// image counts (upstream ImageStateSummary.NumNodes)
// -------------------------------------------------------------------------------------

/** upstream normalizedImageName: no tag after the last `/` → `:latest`; digests are kept. */
export const normalizedImageName = (name: string): string => (name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name);

const imageSizes = new WeakMap<Node, Map<string, number>>();

/**
 * Image name → its size on this node, from `status.images` (the first entry
 * listing a name wins); once per Node object. Malformed entries are ignored.
 */
export const imageSizesOn = (node: Node): ReadonlyMap<string, number> => {
  const known = imageSizes.get(node);
  if (known !== undefined) return known;
  const sizes = new Map<string, number>();
  const raw: unknown = node.status?.images;
  if (Array.isArray(raw)) {
    for (const entry of raw as unknown[]) {
      if (typeof entry !== 'object' || entry === null) continue;
      const { names, sizeBytes } = entry as { names?: unknown; sizeBytes?: unknown };
      if (!Array.isArray(names) || typeof sizeBytes !== 'number') continue;
      // as upstream's cache: node-reported names are kept as they are (only pods' images are normalised)
      for (const n of names) if (typeof n === 'string' && !sizes.has(n)) sizes.set(n, sizeBytes);
    }
  }
  imageSizes.set(node, sizes);
  return sizes;
};

/** What upstream's cache keeps per image name: how many nodes list it, and its size. */
export interface ImageSummary {
  readonly counts: Map<string, number>;
  /** The size the first node (in creation order) reported (upstream keeps the first one it saw). */
  readonly sizes: Map<string, number>;
}

/** Over nodes given in creation order. */
export const summariseImages = (nodes: readonly NodeInfo[]): ImageSummary => {
  const counts = new Map<string, number>();
  const sizes = new Map<string, number>();
  for (const n of nodes) {
    for (const [name, size] of imageSizesOn(n.node)) {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      if (!sizes.has(name)) sizes.set(name, size);
    }
  }
  return { counts, sizes };
};
