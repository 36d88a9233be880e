/**
 * PodTopologySpread (upstream plugins/podtopologyspread/{common,filtering,scoring,plugin}.go
 * at v1.34, with plugins/helper/spread.go DefaultSelector).
 *
 * Constraints: spec.topologySpreadConstraints of one whenUnsatisfiable (DoNotSchedule for
 * Filter, ScheduleAnyway for Score). matchLabelKeys add `key=value` for the pod's own
 * labels to the selector (a nil selector stays nil); minDomains defaults to 1,
 * nodeAffinityPolicy to Honor, nodeTaintsPolicy to Ignore. A pod with no constraints gets
 * the system defaults (hostname maxSkew 3, zone maxSkew 5, both ScheduleAnyway) with the
 * selector merged from the Services that select it and its controller (RC, RS, StatefulSet);
 * none, or an empty selector, means no constraints.
 *
 * Counting: per node, the same-namespace pods without deletionTimestamp that the selector
 * matches (an empty selector counts none), on nodes that carry every constraint's key and
 * pass the constraint's policies.
 *
 * Filter: a node without the key is UnschedulableAndUnresolvable; otherwise
 * `count(domain) + selfMatch − globalMin > maxSkew` is Unschedulable, where globalMin is 0
 * while fewer than minDomains domains exist. Score: `round(Σ cnt·ln(size+2) + maxSkew−1)`,
 * normalized `⌊100·(max+min−s)/max⌋`, nodes missing a key scoring 0 (unless the constraints
 * are the system defaults).
 *
 * Cost: per snapshot, counts are kept across cycles in typed arrays by (namespace,
 * selector, key, which nodes count). One pass per cycle over the node array finds the
 * NodeInfos the cache replaced (ChangeFeed); only those are recounted. Filter and Score are
 * O(constraints) and allocation-free. The memo machinery below is shared with
 * InterPodAffinity.
 *
 * Preemption (AddPod/RemovePod) changes only the cycle's views, as upstream changes its
 * cloned cycle state; upstream's two critical paths (not a full minimum) are kept, seeded
 * in (count, value) order where upstream uses map order.
 *
 * Not modelled: the plugin args (defaultConstraints and "List" defaulting: the system
 * defaults always apply); an unparsable selector, an error status upstream, rejects every
 * node here (Filter) or scores nothing (Score).
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import type { KubeObject } from '../../api/meta.js';
import type { Pod } from '../../api/pod.js';
import type { Requirement, Selector } from '../../api/selector.js';
import { LabelSelector, fromLabelSelector, matches } from '../../api/selector.js';
import { compareStrings, getObject } from '../../state/queries.js';
import type { ClusterState } from '../../state/state.js';
import { labelIndexKey } from '../../state/state.js';
import { podInfoOf } from '../cache.js';
import type { CycleContext, FilterFailure, FilterPlugin, NodeInfo, PodInfo, ScorePlugin, Snapshot } from '../types.js';
import { MAX_NODE_SCORE, SKIP } from '../types.js';
import { requiredAffinityMatches } from './nodeaffinity.js';
import { firstUntoleratedTaint } from './tainttoleration.js';

export const NAME = 'PodTopologySpread';
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';

const MAX_INT32 = 2147483647;
const NOT_MATCH: FilterFailure = { code: 'Unschedulable', reasons: [ERR_REASON_CONSTRAINTS_NOT_MATCH], plugin: NAME };
const LABEL_MISSING: FilterFailure = { code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_NODE_LABEL_NOT_MATCH], plugin: NAME };

// -------------------------------------------------------------------------------------
// per-snapshot memos, keyed on NodeInfo.generation (shared with InterPodAffinity)
// -------------------------------------------------------------------------------------

const grownF64 = (a: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> => {
  if (a.length >= n) return a;
  const b = new Float64Array(Math.max(n, a.length * 2, 64));
  b.set(a);
  return b;
};
const grownI32 = (a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> => {
  if (a.length >= n) return a;
  const b = new Int32Array(Math.max(n, a.length * 2, 64));
  b.set(a);
  return b;
};

/** One integer per node, recomputed only when the node's NodeInfo generation changes. */
export class NodeMemo {
  private gens = new Float64Array(0);
  private vals = new Int32Array(0);
  constructor(private readonly compute: (node: NodeInfo) => number) {}

  of(node: NodeInfo): number {
    const i = node.index;
    if (i < this.gens.length && this.gens[i] === node.generation) return this.vals[i] as number;
    const v = this.compute(node);
    this.gens = grownF64(this.gens, i + 1);
    this.vals = grownI32(this.vals, i + 1);
    this.gens[i] = node.generation;
    this.vals[i] = v;
    return v;
  }
}

/**
 * How many of each node's pods pass a test, kept per node: when a node's NodeInfo is
 * replaced, only the pods that changed (a merge of the two key-ordered pod lists) are
 * tested again, so a bind costs a few tests instead of testing every pod on the node.
 */
export class PodCountMemo extends NodeMemo {
  private seen: (NodeInfo | undefined)[] = [];
  private counts = new Int32Array(0);

  constructor(private readonly test: (pod: Pod) => boolean) {
    super((node) => countPods(node.pods, test));
  }

  /**
   * Starts from `candidates` (every pod the test could pass, bound or not, from the state's
   * label index) instead of testing every pod of every node: each node of `nodes` is seen
   * as it is now, with the count of its candidates that pass.
   */
  seed(nodes: readonly NodeInfo[], byName: ReadonlyMap<string, NodeInfo>, candidates: Iterable<Pod>): void {
    this.counts = new Int32Array(nodes.length);
    this.seen = nodes.slice();
    for (const pod of candidates) {
      const node = pod.spec.nodeName === undefined ? undefined : byName.get(pod.spec.nodeName);
      if (node === undefined || podInfoOf(pod).terminal || !this.test(pod)) continue;
      this.counts[node.index] = (this.counts[node.index] as number) + 1;
    }
  }

  override of(node: NodeInfo): number {
    const i = node.index;
    const before = this.seen[i];
    if (before === node) return this.counts[i] as number;
    const v = before === undefined || before.name !== node.name ? countPods(node.pods, this.test) : (this.counts[i] as number) + podDelta(before.pods, node.pods, this.test);
    this.counts = grownI32(this.counts, i + 1);
    this.seen[i] = node;
    this.counts[i] = v;
    return v;
  }
}

const countPods = (pods: readonly PodInfo[], test: (pod: Pod) => boolean): number => {
  let n = 0;
  for (const p of pods) if (test(p.pod)) n++;
  return n;
};

/** Σ test over pods only in `after` − Σ over pods only in `before` (both in key order; a changed pod is in both sets). */
const podDelta = (before: readonly PodInfo[], after: readonly PodInfo[], test: (pod: Pod) => boolean): number => {
  let d = 0;
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const a = before[i];
    const b = after[j];
    if (a !== undefined && b !== undefined && a === b) {
      i++;
      j++;
    } else if (b === undefined || (a !== undefined && a.key < b.key)) {
      if (test((a as PodInfo).pod)) d--;
      i++;
    } else if (a === undefined || b.key < a.key) {
      if (test(b.pod)) d++;
      j++;
    } else {
      // same key, another PodInfo: the pod changed
      if (test(a.pod)) d--;
      if (test(b.pod)) d++;
      i++;
      j++;
    }
  }
  return d;
};

/** The values of one topology key as small integers (domains), and each node's domain (−1: no such label). */
export class TopologyDomains {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];
  private readonly memo: NodeMemo;
  private stamps = new Int32Array(0);
  private epoch = 0;

  constructor(readonly key: string) {
    this.memo = new NodeMemo((node) => (Object.hasOwn(node.labels, key) ? this.intern(node.labels[key] as string) : -1));
  }

  get size(): number {
    return this.values.length;
  }

  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }

  of(node: NodeInfo): number {
    return this.memo.of(node);
  }

  /** Starts counting distinct domains with `firstSeen`. */
  beginDistinct(): void {
    this.epoch++;
    this.stamps = grownI32(this.stamps, this.values.length);
  }

  firstSeen(d: number): boolean {
    this.stamps = grownI32(this.stamps, d + 1);
    if (this.stamps[d] === this.epoch) return false;
    this.stamps[d] = this.epoch;
    return true;
  }
}

const FEED_EPOCHS_MAX = 256;
const NOTHING_CHANGED: readonly number[] = [];

/**
 * Which nodes changed between the states a snapshot was synchronised with, so the
 * aggregates below visit only those. One pass per state over the node array comparing
 * NodeInfo identities (a new NodeInfo is a new generation), which reads the array only.
 * A scheduler cache's snapshot is a function of the state it follows: one state, one set
 * of NodeInfos.
 */
export class ChangeFeed {
  private seen: (NodeInfo | undefined)[] = [];
  private state: object | undefined;
  epoch = 0;
  /** Consumers older than this look at every node again. */
  private floor = 0;
  private readonly log: { readonly epoch: number; readonly indexes: readonly number[] }[] = [];
  /** The snapshot's change version at the last sync (−1: none). */
  private cacheVersion = -1;

  sync(state: object, nodes: readonly NodeInfo[], changes?: Snapshot['changes']): void {
    if (state !== this.state || nodes.length !== this.seen.length) this.advance(state, nodes, changes);
  }

  // kept apart from `sync`, which mostly returns at once: one optimized body for each path
  private advance(state: object, nodes: readonly NodeInfo[], changes?: Snapshot['changes']): void {
    this.state = state;
    this.epoch++;
    const since = this.cacheVersion;
    this.cacheVersion = changes?.version() ?? -1;
    if (nodes.length !== this.seen.length) {
      this.seen = nodes.slice();
      this.log.length = 0;
      this.floor = this.epoch;
      return;
    }
    // the cache says which nodes it replaced since we last looked; else compare them all
    const told = since < 0 ? undefined : changes?.changedSince(since);
    const changed = told === undefined ? replaced(this.seen, nodes) : caughtUp(this.seen, nodes, told);
    if (changed.length > 0) this.log.push({ epoch: this.epoch, indexes: changed });
    if (this.log.length > FEED_EPOCHS_MAX) this.floor = (this.log.shift() as { epoch: number }).epoch;
  }

  /** The node indexes that may have changed after epoch `since`; undefined: every node. */
  changedSince(since: number): readonly number[] | undefined {
    if (since < this.floor) return undefined;
    if (since === this.epoch) return NOTHING_CHANGED;
    let first = this.log.length;
    while (first > 0 && (this.log[first - 1] as { epoch: number }).epoch > since) first--;
    if (first === this.log.length) return NOTHING_CHANGED;
    if (first === this.log.length - 1) return (this.log[first] as { indexes: readonly number[] }).indexes;
    return this.log.slice(first).flatMap((e) => e.indexes);
  }
}

/** `replaced`, looking only at the indexes the cache reported. */
const caughtUp = (seen: (NodeInfo | undefined)[], nodes: readonly NodeInfo[], told: readonly number[]): number[] => {
  const changed: number[] = [];
  for (const i of told) {
    const node = nodes[i];
    if (node !== seen[i]) {
      seen[i] = node;
      changed.push(i);
    }
  }
  return changed;
};

/** The indexes where `nodes` holds another NodeInfo than `seen`, which is brought up to date. */
const replaced = (seen: (NodeInfo | undefined)[], nodes: readonly NodeInfo[]): number[] => {
  const changed: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node !== seen[i]) {
      seen[i] = node;
      changed.push(i);
    }
  }
  return changed;
};

/** Something kept per node and summed over nodes, brought up to date from a ChangeFeed. */
abstract class NodeScan {
  private gens = new Float64Array(0);
  private tracked = -1;
  private epoch = -1;

  refresh(nodes: readonly NodeInfo[], feed: ChangeFeed): this {
    const n = nodes.length;
    if (this.epoch === feed.epoch && n === this.tracked) return this;
    const changed = n === this.tracked ? feed.changedSince(this.epoch) : undefined;
    if (n !== this.tracked) {
      this.tracked = n;
      this.gens = new Float64Array(n);
      this.reset(n);
    }
    this.epoch = feed.epoch;
    const gens = this.gens;
    if (changed === undefined) {
      for (let i = 0; i < n; i++) this.visit(gens, i, nodes[i] as NodeInfo);
    } else {
      for (let k = 0; k < changed.length; k++) {
        const i = changed[k] as number;
        if (i < n) this.visit(gens, i, nodes[i] as NodeInfo);
      }
    }
    return this;
  }

  private visit(gens: Float64Array, i: number, node: NodeInfo): void {
    if (gens[i] === node.generation) return;
    gens[i] = node.generation;
    this.recount(i, node);
  }

  /** Forget every node (there are now `n`). */
  protected abstract reset(n: number): void;
  /** Node `i` changed: take its old share out and put its new one in. */
  protected abstract recount(i: number, node: NodeInfo): void;
}

/**
 * Σ over nodes of a per-node count, by the node's domain of one key: only nodes that pass
 * `eligible` (absent: all) and have the key (or, `lenient`, count under "" without it).
 * `members` counts the eligible nodes per domain: a domain with members exists even at 0.
 */
export class DomainCounts extends NodeScan {
  private nodeDomain = new Int32Array(0);
  private nodeCount = new Int32Array(0);
  counts = new Int32Array(0);
  members = new Int32Array(0);
  present = 0;
  nonZero = 0;
  total = 0;

  constructor(
    readonly domains: TopologyDomains,
    private readonly podCount: NodeMemo,
    private readonly eligible: NodeMemo | undefined,
    private readonly lenient: boolean,
  ) {
    super();
  }

  /** The smallest count among existing domains; MaxInt32 when there are none (upstream's initial critical path). */
  min(): number {
    let min = MAX_INT32;
    const { counts, members } = this;
    for (let d = 0; d < members.length; d++) if ((members[d] as number) > 0 && (counts[d] as number) < min) min = counts[d] as number;
    return min;
  }

  protected reset(n: number): void {
    this.nodeDomain = new Int32Array(n).fill(-1);
    this.nodeCount = new Int32Array(n);
    this.counts = new Int32Array(this.domains.size);
    this.members = new Int32Array(this.domains.size);
    this.present = this.nonZero = this.total = 0;
  }

  protected recount(i: number, node: NodeInfo): void {
    const was = this.nodeDomain[i] as number;
    if (was >= 0) this.add(was, -(this.nodeCount[i] as number), -1);
    const d = this.domainOf(node);
    const c = d >= 0 ? this.podCount.of(node) : 0;
    this.nodeDomain[i] = d;
    this.nodeCount[i] = c;
    if (d >= 0) this.add(d, c, 1);
  }

  private domainOf(node: NodeInfo): number {
    if (this.eligible !== undefined && this.eligible.of(node) === 0) return -1;
    const d = this.domains.of(node);
    return d >= 0 || !this.lenient ? d : this.domains.intern('');
  }

  private add(d: number, c: number, member: number): void {
    if (d >= this.counts.length) {
      this.counts = grownI32(this.counts, Math.max(d + 1, this.domains.size));
      this.members = grownI32(this.members, this.counts.length);
    }
    const before = this.counts[d] as number;
    const after = before + c;
    this.counts[d] = after;
    if (before === 0 && after !== 0) this.nonZero++;
    else if (before !== 0 && after === 0) this.nonZero--;
    this.total += c;
    const m = this.members[d] as number;
    this.members[d] = m + member;
    if (m === 0 && member > 0) this.present++;
    else if (m === 1 && member < 0) this.present--;
  }
}

/** A weighted contribution of one node to a topology pair of its own labels. */
export interface Contribution {
  readonly key: string;
  readonly weight: number;
}

export interface KeySums {
  readonly domains: TopologyDomains;
  sums: Float64Array<ArrayBuffer>;
  /** How many contributions (of any weight) the key has received. */
  entries: number;
}

interface Entry {
  readonly sums: KeySums;
  readonly d: number;
  readonly weight: number;
}

/**
 * Σ of per-node contributions by (topology key, the node's value), for terms that existing
 * pods carry (InterPodAffinity): each node's list is recomputed when its generation changes.
 */
export class KeyedSums extends NodeScan {
  private nodeEntries: (readonly Entry[] | undefined)[] = [];
  readonly byKey = new Map<string, KeySums>();
  entries = 0;

  constructor(
    private readonly store: TopologyStore,
    private readonly contributions: (node: NodeInfo) => readonly Contribution[],
  ) {
    super();
  }

  /** The keys with contributions, in first-seen order. */
  keys(): KeySums[] {
    return [...this.byKey.values()].filter((k) => k.entries > 0);
  }

  protected reset(n: number): void {
    this.nodeEntries = new Array<readonly Entry[] | undefined>(n);
    this.byKey.clear();
    this.entries = 0;
  }

  protected recount(i: number, node: NodeInfo): void {
    for (const e of this.nodeEntries[i] ?? []) this.add(e, -1);
    const list = this.entriesOf(node);
    this.nodeEntries[i] = list;
    for (const e of list) this.add(e, 1);
  }

  private entriesOf(node: NodeInfo): readonly Entry[] {
    const list = this.contributions(node);
    if (list.length === 0) return [];
    const entries: Entry[] = [];
    for (const { key, weight } of list) {
      const sums = this.sumsOf(key);
      const d = sums.domains.of(node);
      if (d >= 0) entries.push({ sums, d, weight });
    }
    return entries;
  }

  private sumsOf(key: string): KeySums {
    let s = this.byKey.get(key);
    if (s === undefined) {
      s = { domains: this.store.domains(key), sums: new Float64Array(0), entries: 0 };
      this.byKey.set(key, s);
    }
    return s;
  }

  private add(e: Entry, sign: number): void {
    const s = e.sums;
    if (e.d >= s.sums.length) s.sums = grownF64(s.sums, Math.max(e.d + 1, s.domains.size));
    s.sums[e.d] = (s.sums[e.d] as number) + sign * e.weight;
    s.entries += sign;
    this.entries += sign;
  }
}

/** How many nodes hold pods with pod (anti-)affinity (the snapshot's lists are dear to rebuild each cycle). */
export class AffinitySummary extends NodeScan {
  private flags = new Uint8Array(0);
  /** Nodes with a pod that has any pod (anti-)affinity term. */
  withAffinity = 0;
  /** Nodes with a pod that has a required anti-affinity term. */
  withRequiredAntiAffinity = 0;

  protected reset(n: number): void {
    this.flags = new Uint8Array(n);
    this.withAffinity = this.withRequiredAntiAffinity = 0;
  }

  protected recount(i: number, node: NodeInfo): void {
    const was = this.flags[i] as number;
    const is = (node.podsWithAffinity.length > 0 ? 1 : 0) | (node.podsWithRequiredAntiAffinity.length > 0 ? 2 : 0);
    this.flags[i] = is;
    this.withAffinity += (is & 1) - (was & 1);
    this.withRequiredAntiAffinity += ((is & 2) - (was & 2)) / 2;
  }
}

/**
 * A cycle's view of one count table: reads the memo's arrays, and keeps the changes
 * preemption's what-ifs make (upstream AddPod/RemovePod on the cycle state) to itself.
 */
export class CountView {
  private over: Map<number, number> | undefined;

  constructor(
    readonly domains: TopologyDomains,
    private readonly base: ArrayLike<number>,
    /** Domains with a count other than 0. */
    public nonZero: number,
  ) {}

  get(d: number): number {
    if (d < 0) return 0;
    if (this.over !== undefined) {
      const v = this.over.get(d);
      if (v !== undefined) return v;
    }
    return this.base[d] ?? 0;
  }

  touched(d: number): boolean {
    return this.over?.has(d) === true;
  }

  /** Adds `delta` to the count of `value`; returns the new count. */
  add(value: string, delta: number): number {
    const d = this.domains.intern(value);
    const before = this.get(d);
    const after = before + delta;
    (this.over ??= new Map()).set(d, after);
    if (before === 0 && after !== 0) this.nonZero++;
    else if (before !== 0 && after === 0) this.nonZero--;
    return after;
  }
}

/**
 * Memos kept per store, least recently used dropped first. Big enough for every selector
 * of a large cluster's workloads at once (a cycle over more selectors than this would
 * recount from scratch each time); each memo holds a few numbers per node.
 */
const MAX_MEMOS = 512;

/** Every memo of one snapshot (one scheduler cache), bounded: the oldest entries go first. */
export class TopologyStore {
  private readonly topology = new Map<string, TopologyDomains>();
  private readonly memos = new Map<string, NodeMemo>();
  private readonly aggregates = new Map<string, DomainCounts>();
  private readonly sums = new Map<string, KeyedSums>();
  readonly feed = new ChangeFeed();
  private readonly summary = new AffinitySummary();
  /** The nodes of the last synchronised cycle, and its state. */
  private nodes: readonly NodeInfo[] = [];
  private byName: ReadonlyMap<string, NodeInfo> = new Map();
  private state: ClusterState | undefined;

  /** Brings the change feed to this cycle's state (once per state). */
  sync(ctx: CycleContext): this {
    this.nodes = ctx.snapshot.nodes;
    this.byName = ctx.snapshot.byName;
    // a scheduler cache's snapshot is synchronised with the state; a hand-built one may not be
    this.state = ctx.snapshot.changes === undefined ? undefined : ctx.state;
    this.feed.sync(ctx.state, this.nodes, ctx.snapshot.changes);
    return this;
  }

  domains(key: string): TopologyDomains {
    let d = this.topology.get(key);
    if (d === undefined) {
      d = new TopologyDomains(key);
      this.topology.set(key, d);
    }
    return d;
  }

  /** Per-node values of `compute`; `key` must identify what compute computes. */
  nodeMemo(key: string, compute: (node: NodeInfo) => number): NodeMemo {
    return cached(this.memos, key, () => new NodeMemo(compute));
  }

  /** How many of a node's pods pass `test`; `key` must identify the test. */
  podCounts(key: string, test: (pod: Pod) => boolean, candidates?: (state: ClusterState) => Iterable<Pod> | undefined): NodeMemo {
    return cached(this.memos, `#${key}`, () => {
      const memo = new PodCountMemo(test);
      const pods = this.state === undefined ? undefined : candidates?.(this.state);
      if (pods !== undefined) memo.seed(this.nodes, this.byName, pods);
      return memo;
    });
  }

  /** The aggregate `key` names, up to date with the synchronised cycle. */
  domainCounts(key: string, make: () => DomainCounts): DomainCounts {
    return cached(this.aggregates, key, make).refresh(this.nodes, this.feed);
  }

  /** The sums `key` names (`key` must identify `contributions`), up to date with the synchronised cycle. */
  keyedSums(key: string, contributions: (node: NodeInfo) => readonly Contribution[]): KeyedSums {
    return cached(this.sums, key, () => new KeyedSums(this, contributions)).refresh(this.nodes, this.feed);
  }

  affinitySummary(): AffinitySummary {
    return this.summary.refresh(this.nodes, this.feed);
  }

  /** Domain ids only grow; past a bound (nodes churned with new labels) the store starts over. */
  oversized(nodes: number): boolean {
    let ids = 0;
    for (const d of this.topology.values()) ids += d.size;
    return ids > 8 * nodes + 4096;
  }
}

/** The memo under `key`, made if missing; a Map keeps insertion order, so a hit moves to the end (LRU). */
const cached = <V>(map: Map<string, V>, key: string, make: () => V): V => {
  let v = map.get(key);
  if (v === undefined) {
    if (map.size >= MAX_MEMOS) map.delete(map.keys().next().value as string);
    v = make();
  } else map.delete(key);
  map.set(key, v);
  return v;
};

const stores = new WeakMap<Snapshot, TopologyStore>();

/** The memos of this cycle's snapshot (a scheduler cache's view keeps them across cycles), synchronised. */
export const topologyStore = (ctx: CycleContext): TopologyStore => {
  let store = stores.get(ctx.snapshot);
  if (store === undefined || store.oversized(ctx.snapshot.nodes.length)) {
    store = new TopologyStore();
    stores.set(ctx.snapshot, store);
  }
  return store.sync(ctx);
};

// -------------------------------------------------------------------------------------
// keys for memos
// -------------------------------------------------------------------------------------

const selectorKeys = new WeakMap<Selector, string>();

/** A string equal for equal selectors (requirements in key order, values as written), once per Selector. */
export const selectorKey = (sel: Selector): string => {
  let key = selectorKeys.get(sel);
  if (key === undefined) {
    key = sel.matchesNothing === true ? '\u0000nothing' : sel.requirements.map((r) => `${r.key}\u0001${r.operator}\u0001${r.values.join('\u0002')}`).join('\u0003');
    selectorKeys.set(sel, key);
  }
  return key;
};

const labelKeys = new WeakMap<object, string>();

/** A string equal for equal label maps. */
export const labelsKey = (labels: Readonly<Record<string, string>> | undefined): string => {
  if (labels === undefined) return '';
  let key = labelKeys.get(labels);
  if (key === undefined) {
    key = Object.keys(labels)
      .sort(compareStrings)
      .map((k) => `${k}\u0001${labels[k] ?? ''}`)
      .join('\u0002');
    labelKeys.set(labels, key);
  }
  return key;
};

export const namespaceOf = (pod: Pod): string => pod.metadata.namespace ?? '';

export const isEmptySelector = (sel: Selector): boolean => sel.matchesNothing !== true && sel.requirements.length === 0;

// -------------------------------------------------------------------------------------
// constraints (upstream filterTopologySpreadConstraints, buildDefaultConstraints)
// -------------------------------------------------------------------------------------

export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: Selector;
  readonly minDomains: number;
  readonly honorNodeAffinity: boolean;
  readonly honorNodeTaints: boolean;
}

type Action = 'DoNotSchedule' | 'ScheduleAnyway';
type Raw = Readonly<Record<string, unknown>>;
const asRecord = (x: unknown): Raw | undefined => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Raw) : undefined);
const asArray = (x: unknown): readonly unknown[] => (Array.isArray(x) ? x : []);

const rawConstraints = (pod: Pod): readonly unknown[] => asArray((pod.spec as Raw).topologySpreadConstraints);

/** metav1.LabelSelectorAsSelector on a field of unknown shape. */
export const parseLabelSelector = (x: unknown): Either<string, Selector> => {
  if (x === undefined || x === null) return fromLabelSelector(undefined);
  return LabelSelector.is(x) ? fromLabelSelector(x) : left(`invalid label selector: ${JSON.stringify(x)}`);
};

const byKey = (a: Requirement, b: Requirement): number => compareStrings(a.key, b.key);

/** upstream mergeLabelSetWithSelector: the pod's values of matchLabelKeys as `key=value`, ANDed. */
const withMatchLabelKeys = (sel: Selector, keys: readonly unknown[], labels: Readonly<Record<string, string>>): Selector => {
  if (sel.matchesNothing === true) return sel;
  const set = new Map<string, string>();
  for (const k of keys) if (typeof k === 'string' && Object.hasOwn(labels, k)) set.set(k, labels[k] as string);
  if (set.size === 0) return sel;
  const reqs: Requirement[] = [...set].map(([key, value]) => ({ key, operator: 'Equals', values: [value] }));
  return { requirements: [...reqs, ...sel.requirements].sort(byKey) };
};

const parseConstraint = (c: Raw, labels: Readonly<Record<string, string>>): Either<string, SpreadConstraint> => {
  const sel = parseLabelSelector(c.labelSelector);
  if (isLeft(sel)) return sel;
  const keys = asArray(c.matchLabelKeys);
  return right({
    maxSkew: typeof c.maxSkew === 'number' ? c.maxSkew : 0,
    topologyKey: typeof c.topologyKey === 'string' ? c.topologyKey : '',
    selector: keys.length > 0 ? withMatchLabelKeys(sel.right, keys, labels) : sel.right,
    minDomains: typeof c.minDomains === 'number' ? c.minDomains : 1,
    honorNodeAffinity: c.nodeAffinityPolicy === undefined || c.nodeAffinityPolicy === null || c.nodeAffinityPolicy === 'Honor',
    honorNodeTaints: c.nodeTaintsPolicy === 'Honor',
  });
};

type Constraints = Either<string, readonly SpreadConstraint[]>;
const parsedConstraints = new WeakMap<Pod, Partial<Record<Action, Constraints>>>();

/** The pod's own constraints with this whenUnsatisfiable; the first bad selector is an error. */
export const podConstraints = (pod: Pod, action: Action): Constraints => {
  let byAction = parsedConstraints.get(pod);
  if (byAction === undefined) parsedConstraints.set(pod, (byAction = {}));
  const known = byAction[action];
  if (known !== undefined) return known;
  const labels = pod.metadata.labels ?? {};
  const out: SpreadConstraint[] = [];
  let result: Constraints = right(out);
  for (const x of rawConstraints(pod)) {
    const c = asRecord(x);
    if (c === undefined || c.whenUnsatisfiable !== action) continue;
    const parsed = parseConstraint(c, labels);
    if (isLeft(parsed)) {
      result = parsed;
      break;
    }
    out.push(parsed.right);
  }
  byAction[action] = result;
  return result;
};

// upstream helper.DefaultSelector

const serviceSelectors = new WeakMap<object, Map<string, Readonly<Record<string, string>>[]>>();

/** Non-nil Service selectors by namespace, once per version of the Service map. */
const selectorsOfServices = (state: ClusterState, namespace: string): readonly Readonly<Record<string, string>>[] => {
  const services = state.objects.get('Service');
  if (services === undefined) return [];
  let byNs = serviceSelectors.get(services);
  if (byNs === undefined) {
    byNs = new Map();
    for (const svc of services.values()) {
      const sel = asRecord(asRecord(svc.spec)?.selector) as Readonly<Record<string, string>> | undefined;
      if (sel === undefined) continue;
      const ns = svc.metadata.namespace ?? '';
      byNs.set(ns, [...(byNs.get(ns) ?? []), sel]);
    }
    serviceSelectors.set(services, byNs);
  }
  return byNs.get(namespace) ?? [];
};

const setMatches = (set: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean =>
  Object.keys(set).every((k) => Object.hasOwn(labels, k) && labels[k] === set[k]);

const fromSet = (set: ReadonlyMap<string, string>): Requirement[] => [...set].map(([key, value]) => ({ key, operator: 'Equals', values: [value] }));

/** The controller owner's selector requirements (RS, StatefulSet), or a map to merge (RC). */
const ownerSelector = (state: ClusterState, pod: Pod): { readonly set?: Raw; readonly requirements?: readonly Requirement[] } => {
  const owner = (pod.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  if (owner === undefined) return {};
  const ns = namespaceOf(pod);
  const get = (kind: string): KubeObject | undefined => getObject(state, kind, ns, owner.name);
  if (owner.apiVersion === 'v1' && owner.kind === 'ReplicationController') {
    const set = asRecord(asRecord(get('ReplicationController')?.spec)?.selector);
    return set === undefined ? {} : { set };
  }
  if (owner.apiVersion !== 'apps/v1' || (owner.kind !== 'ReplicaSet' && owner.kind !== 'StatefulSet')) return {};
  const obj = get(owner.kind);
  if (obj === undefined) return {};
  const sel = parseLabelSelector(asRecord(obj.spec)?.selector);
  return isLeft(sel) || sel.right.matchesNothing === true ? {} : { requirements: sel.right.requirements };
};

/** upstream DefaultSelector: Services' selectors merged, then the controller's. */
export const defaultSelector = (state: ClusterState, pod: Pod): Selector => {
  const labels = pod.metadata.labels ?? {};
  const set = new Map<string, string>();
  for (const sel of selectorsOfServices(state, namespaceOf(pod))) {
    if (setMatches(sel, labels)) for (const k of Object.keys(sel)) set.set(k, sel[k] as string);
  }
  const owner = ownerSelector(state, pod);
  if (owner.set !== undefined) for (const k of Object.keys(owner.set)) if (typeof owner.set[k] === 'string') set.set(k, owner.set[k]);
  return { requirements: [...fromSet(set), ...(owner.requirements ?? [])].sort(byKey) };
};

/** The system default constraints (all ScheduleAnyway), or none when nothing selects the pod. */
export const defaultConstraints = (state: ClusterState, pod: Pod): readonly SpreadConstraint[] => {
  const selector = defaultSelector(state, pod);
  if (isEmptySelector(selector)) return [];
  const base = { selector, minDomains: 1, honorNodeAffinity: true, honorNodeTaints: false };
  return [
    { ...base, topologyKey: LABEL_HOSTNAME, maxSkew: 3 },
    { ...base, topologyKey: LABEL_TOPOLOGY_ZONE, maxSkew: 5 },
  ];
};

// -------------------------------------------------------------------------------------
// which nodes count (upstream nodeLabelsMatchSpreadConstraints, matchNodeInclusionPolicies)
// -------------------------------------------------------------------------------------

const distinctKeys = (cs: readonly SpreadConstraint[]): string[] => [...new Set(cs.map((c) => c.topologyKey))].sort(compareStrings);

const hasAllKeys = (node: NodeInfo, keys: readonly string[]): boolean => {
  for (let i = 0; i < keys.length; i++) if (!Object.hasOwn(node.labels, keys[i] as string)) return false;
  return true;
};

const affinityKeys = new WeakMap<Pod, string>();

/** '' when the pod asks nothing of nodes (no nodeSelector, no required node affinity). */
const nodeAffinityKey = (pod: Pod): string => {
  let key = affinityKeys.get(pod);
  if (key === undefined) {
    const required = asRecord(asRecord(pod.spec.affinity)?.nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution;
    const selector = pod.spec.nodeSelector ?? {};
    key = required === undefined && Object.keys(selector).length === 0 ? '' : JSON.stringify([selector, required ?? null]);
    affinityKeys.set(pod, key);
  }
  return key;
};

const passesPolicies = (c: SpreadConstraint, pod: Pod, node: NodeInfo): boolean =>
  (!c.honorNodeAffinity || nodeAffinityKey(pod) === '' || requiredAffinityMatches(pod, node)) &&
  (!c.honorNodeTaints || firstUntoleratedTaint(node.taints, pod.spec.tolerations ?? []) === undefined);

/** Which nodes count for `c`: every key in `keys`, and the constraint's policies; undefined: all. */
const eligibility = (store: TopologyStore, pod: Pod, keys: readonly string[], c: SpreadConstraint): { key: string; memo: NodeMemo | undefined } => {
  const affinity = c.honorNodeAffinity ? nodeAffinityKey(pod) : '';
  const taints = c.honorNodeTaints ? JSON.stringify(pod.spec.tolerations ?? []) : '';
  if (keys.length === 0 && affinity === '' && !c.honorNodeTaints) return { key: '', memo: undefined };
  const key = `${keys.join('\u0001')}\u0000${affinity}\u0000${c.honorNodeTaints ? taints : '-'}`;
  return { key, memo: store.nodeMemo(`eligible\u0000${key}`, (node) => (hasAllKeys(node, keys) && passesPolicies(c, pod, node) ? 1 : 0)) };
};

/** Matching same-namespace pods that are not terminating (upstream countPodsMatchSelector). */
const podCounts = (store: TopologyStore, namespace: string, sel: Selector): { key: string; memo: NodeMemo } => {
  const key = `spread\u0000${namespace}\u0000${selectorKey(sel)}`;
  const empty = isEmptySelector(sel);
  const memo = store.podCounts(
    key,
    (p) => !empty && p.metadata.deletionTimestamp === undefined && namespaceOf(p) === namespace && matches(sel, p.metadata.labels),
    (state) => labelledPods(state, namespace, sel),
  );
  return { key, memo };
};

/**
 * The pods of `namespace` carrying the selector's first equality requirement (from the
 * state's label index): a superset of the pods it selects. undefined without one.
 */
const labelledPods = (state: ClusterState, namespace: string, sel: Selector): Pod[] | undefined => {
  const eq = sel.requirements.find((r) => (r.operator === 'Equals' || r.operator === 'In') && r.values.length === 1);
  if (eq === undefined || sel.matchesNothing === true) return undefined;
  const names = state.byLabel.get(labelIndexKey('Pod', namespace, eq.key, eq.values[0] as string));
  if (names === undefined) return [];
  const pods: Pod[] = [];
  for (const name of names) {
    const pod = getObject(state, 'Pod', namespace, name) as Pod | undefined;
    if (pod !== undefined) pods.push(pod);
  }
  return pods;
};

const spreadCounts = (store: TopologyStore, pod: Pod, keys: readonly string[], c: SpreadConstraint, lenient: boolean): DomainCounts => {
  const counts = podCounts(store, namespaceOf(pod), c.selector);
  const elig = eligibility(store, pod, keys, c);
  const domains = store.domains(c.topologyKey);
  const key = `${counts.key}\u0000${c.topologyKey}\u0000${elig.key}\u0000${lenient ? 1 : 0}`;
  return store.domainCounts(key, () => new DomainCounts(domains, counts.memo, elig.memo, lenient));
};

// -------------------------------------------------------------------------------------
// PreFilter and Filter
// -------------------------------------------------------------------------------------

/** upstream criticalPaths.update: two (value, count) pairs, the first the smallest. */
const updatePaths = (values: string[], nums: number[], value: string, num: number): void => {
  const i = value === values[0] ? 0 : value === values[1] ? 1 : -1;
  if (i >= 0) {
    nums[i] = num;
    if ((nums[0] as number) > (nums[1] as number)) {
      values.reverse();
      nums.reverse();
    }
  } else if (num < (nums[0] as number)) {
    values[1] = values[0] as string;
    nums[1] = nums[0] as number;
    values[0] = value;
    nums[0] = num;
  } else if (num < (nums[1] as number)) {
    values[1] = value;
    nums[1] = num;
  }
};

/** One DoNotSchedule constraint's counts in a cycle (upstream TpValueToMatchNum and CriticalPaths). */
class SpreadView {
  readonly view: CountView;
  private domainsNum: number;
  private min: number;
  private paths: { values: string[]; nums: number[] } | undefined;

  constructor(private readonly agg: DomainCounts) {
    this.view = new CountView(agg.domains, agg.counts, agg.nonZero);
    this.domainsNum = agg.present;
    this.min = agg.min();
  }

  minMatch(minDomains: number): number {
    return this.domainsNum < minDomains ? 0 : this.min;
  }

  update(value: string, delta: number): void {
    const paths = (this.paths ??= this.initialPaths());
    const d = this.agg.domains.intern(value);
    if (!this.view.touched(d) && (this.agg.members[d] ?? 0) === 0) this.domainsNum++;
    updatePaths(paths.values, paths.nums, value, this.view.add(value, delta));
    this.min = paths.nums[0] as number;
  }

  /** upstream builds the paths in map order; here in (count, value) order, one of those orders. */
  private initialPaths(): { values: string[]; nums: number[] } {
    const { counts, members, domains } = this.agg;
    const existing: number[] = [];
    for (let d = 0; d < members.length; d++) if ((members[d] as number) > 0) existing.push(d);
    existing.sort((a, b) => (counts[a] as number) - (counts[b] as number) || compareStrings(domains.values[a] ?? '', domains.values[b] ?? ''));
    const paths = { values: ['', ''], nums: [MAX_INT32, MAX_INT32] };
    for (const d of existing) updatePaths(paths.values, paths.nums, domains.values[d] ?? '', counts[d] as number);
    return paths;
  }
}

const preFilter: FilterPlugin['preFilter'] = (ctx, podInfo) => {
  const pod = podInfo.pod;
  const parsed = podConstraints(pod, 'DoNotSchedule');
  if (isLeft(parsed)) {
    const reason = `get constraints from pod: obtaining pod's hard topology spread constraints: ${parsed.left}`;
    return { type: 'Reject', failure: { code: 'UnschedulableAndUnresolvable', reasons: [reason], plugin: NAME } };
  }
  // the system defaults are all ScheduleAnyway: a pod without constraints has nothing to filter
  const cs = parsed.right;
  if (cs.length === 0) return SKIP;
  const store = topologyStore(ctx);
  const keys = distinctKeys(cs);
  const labels = pod.metadata.labels ?? {};
  const domains = cs.map((c) => store.domains(c.topologyKey));
  const views = cs.map((c) => new SpreadView(spreadCounts(store, pod, keys, c, false)));
  const selfMatch = cs.map((c) => (matches(c.selector, labels) ? 1 : 0));
  const n = cs.length;

  const filter = (node: NodeInfo): FilterFailure | undefined => {
    for (let i = 0; i < n; i++) {
      const d = (domains[i] as TopologyDomains).of(node);
      if (d < 0) return LABEL_MISSING;
      const c = cs[i] as SpreadConstraint;
      const v = views[i] as SpreadView;
      if (v.view.get(d) + (selfMatch[i] as number) - v.minMatch(c.minDomains) > c.maxSkew) return NOT_MATCH;
    }
    return undefined;
  };

  // upstream updateWithPod
  const update = (p: PodInfo, node: NodeInfo, delta: number): void => {
    if (namespaceOf(p.pod) !== namespaceOf(pod) || !hasAllKeys(node, keys)) return;
    for (let i = 0; i < n; i++) {
      const c = cs[i] as SpreadConstraint;
      if (!matches(c.selector, p.pod.metadata.labels) || !passesPolicies(c, pod, node)) continue;
      (views[i] as SpreadView).update(node.labels[c.topologyKey] as string, delta);
    }
  };

  return { type: 'Check', check: { filter, addPod: (p, node) => update(p, node, 1), removePod: (p, node) => update(p, node, -1) } };
};

export const filter: FilterPlugin = { name: NAME, preFilter };

// -------------------------------------------------------------------------------------
// PreScore, Score, NormalizeScore
// -------------------------------------------------------------------------------------

/** Go math.Round: halves away from zero. */
const goRound = (x: number): number => (x < 0 ? -Math.round(-x) : Math.round(x));

interface ScoredConstraint {
  readonly c: SpreadConstraint;
  readonly domains: TopologyDomains;
  /** Hostname: the node's own count; otherwise the domain's. */
  readonly perNode: NodeMemo | undefined;
  readonly perDomain: Int32Array;
  readonly weight: number;
}

/** Whether a node has every key (upstream's IgnoredNodes are the feasible nodes without). */
const hasDomains = (domains: readonly TopologyDomains[], node: NodeInfo): boolean => {
  for (let i = 0; i < domains.length; i++) if ((domains[i] as TopologyDomains).of(node) < 0) return false;
  return true;
};

const scoreConstraint = (
  store: TopologyStore,
  pod: Pod,
  c: SpreadConstraint,
  required: readonly TopologyDomains[],
  feasible: readonly NodeInfo[],
  ignored: Uint8Array,
  scoredNodes: number,
): ScoredConstraint => {
  const domains = store.domains(c.topologyKey);
  if (c.topologyKey === LABEL_HOSTNAME) {
    const perNode = podCounts(store, namespaceOf(pod), c.selector).memo;
    return { c, domains, perNode, perDomain: new Int32Array(0), weight: Math.log(scoredNodes + 2) };
  }
  const lenient = required.length === 0;
  const agg = spreadCounts(
    store,
    pod,
    required.map((d) => d.key),
    c,
    lenient,
  );
  // the domains among the scored nodes (without the key, as "" for the system defaults)
  let size = 0;
  domains.beginDistinct();
  for (let j = 0; j < feasible.length; j++) {
    if (ignored[j] === 1) continue;
    const d = domains.of(feasible[j] as NodeInfo);
    if (domains.firstSeen(d >= 0 ? d : domains.intern(''))) size++;
  }
  return { c, domains, perNode: undefined, perDomain: agg.counts, weight: Math.log(size + 2) };
};

const preScore: ScorePlugin['preScore'] = (ctx, podInfo, feasible) => {
  if (ctx.snapshot.nodes.length === 0) return 'Skip';
  const pod = podInfo.pod;
  const own = rawConstraints(pod).length > 0;
  let cs: readonly SpreadConstraint[];
  if (own) {
    const parsed = podConstraints(pod, 'ScheduleAnyway');
    if (isLeft(parsed)) return 'Skip';
    cs = parsed.right;
  } else cs = defaultConstraints(ctx.state, pod);
  if (cs.length === 0) return 'Skip';
  const store = topologyStore(ctx);
  // upstream: only non-default constraints need every key on a node (requireAllTopologies)
  const required = own ? distinctKeys(cs).map((k) => store.domains(k)) : [];
  // upstream IgnoredNodes: feasible nodes without every required key (score 0, left out of normalizing)
  const ignored = new Uint8Array(feasible.length);
  let scoredNodes = 0;
  for (let j = 0; j < feasible.length; j++) {
    if (hasDomains(required, feasible[j] as NodeInfo)) scoredNodes++;
    else ignored[j] = 1;
  }
  const scored = cs.map((c) => scoreConstraint(store, pod, c, required, feasible, ignored, scoredNodes));
  const n = scored.length;

  const score = (node: NodeInfo): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const sc = scored[i] as ScoredConstraint;
      const d = sc.domains.of(node);
      if (d < 0) {
        if (own) return 0; // ignored: every constraint's key is required
        continue;
      }
      const cnt = sc.perNode !== undefined ? sc.perNode.of(node) : (sc.perDomain[d] ?? 0);
      s += cnt * sc.weight + (sc.c.maxSkew - 1);
    }
    return goRound(s);
  };

  const normalize = (scores: number[], nodesScored: readonly NodeInfo[]): void => {
    const skip = (i: number): boolean => (nodesScored === feasible ? ignored[i] === 1 : !hasDomains(required, nodesScored[i] as NodeInfo));
    let min = Number.MAX_SAFE_INTEGER;
    let max = 0;
    for (let i = 0; i < scores.length; i++) {
      if (skip(i)) continue;
      const s = scores[i] as number;
      if (s < min) min = s;
      if (s > max) max = s;
    }
    for (let i = 0; i < scores.length; i++) {
      if (skip(i)) scores[i] = 0;
      else scores[i] = max === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (max + min - (scores[i] as number))) / max);
    }
  };

  return { score, normalize };
};

export const score: ScorePlugin = { name: NAME, preScore };
