/**
 * ClusterState: the API objects as they stand after some prefix of the log, plus the
 * indexes `evolve` keeps so that no controller scans the whole cluster to answer a local
 * question. Every map is an Immutable.js persistent map; nothing here is ever mutated
 * after it is committed.
 *
 * Iteration order of these maps is deterministic but not meaningful: whatever reaches
 * the log is sorted explicitly by its reader (see queries.ts).
 */
import { List as IList, Map as IMap, Set as ISet } from 'immutable';
import type { KubeObject } from '../api/meta.js';
import type { Pod } from '../api/pod.js';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Resources requested by the pods bound to one node (the scheduler's cache, kept by evolve). */
export interface NodeUsage {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly pods: number;
  readonly nonZeroCpuMillis: number;
  readonly nonZeroMemoryBytes: number;
  readonly scalar: Readonly<Record<string, number>>;
}

export const EMPTY_USAGE: NodeUsage = {
  cpuMillis: 0,
  memoryBytes: 0,
  pods: 0,
  nonZeroCpuMillis: 0,
  nonZeroMemoryBytes: 0,
  scalar: {},
};

export interface ClusterState {
  /** Sequence number of the last event folded in (0: none). */
  readonly seq: number;
  readonly timeMs: number;
  /** kind → `<namespace>/<name>` → object. */
  readonly objects: IMap<string, IMap<string, KubeObject>>;
  /** uid → object key (`Kind/namespace/name`). */
  readonly byUid: IMap<string, string>;
  /** owner uid → keys of the objects that name it in ownerReferences. */
  readonly dependents: IMap<string, ISet<string>>;
  /** namespace → keys (`Kind/namespace/name`) of the objects in it (what namespace deletion empties). */
  readonly byNamespace: IMap<string, ISet<string>>;
  /** node name → `<namespace>/<name>` of the pods bound to it (terminal ones included). */
  readonly podsByNode: IMap<string, ISet<string>>;
  /** `<kind>\0<namespace>\0<label key>\0<value>` → names of the objects carrying that label. */
  readonly byLabel: IMap<string, ISet<string>>;
  /**
   * namespace → names of the pods no controller owns (no ownerReference with
   * `controller: true`): the candidates a ReplicaSet, Job or StatefulSet may adopt, so
   * adoption never walks every pod carrying a common label.
   */
  readonly orphanPods: IMap<string, ISet<string>>;
  /**
   * controller uid → `<namespace>/<name>` → the pods whose controller ownerReference
   * names it: what a ReplicaSet counts on every sync, read without a lookup per pod.
   */
  readonly podsByController: IMap<string, IMap<string, Pod>>;
  /** node name → pod IPs in use on it (what the kubelet's IPAM hands out from). */
  readonly podIPsByNode: IMap<string, ISet<string>>;
  /** node name → resources requested by its non-terminal pods. */
  readonly nodeUsage: IMap<string, NodeUsage>;
  /** `<namespace>/<name>` of pods waiting for the scheduler: unbound, not being deleted. */
  readonly unscheduled: ISet<string>;
  /**
   * `<namespace>/<name>` of each bound pod → the simulated ms of its last lifecycle step
   * (bound, sandbox started, containers started, ready, deletion begun): what the kubelet
   * model times its next step from, exactly (timestamps in objects have second precision).
   */
  readonly podProgressMs: IMap<string, number>;
  /** Node names in the order the nodes were created (upstream's nodeTree is built in that order). */
  readonly nodeNames: IList<string>;
  /** upstream genericScheduler.nextStartNodeIndex: where the next filter pass starts. */
  readonly nextStartNodeIndex: number;
}

export const emptyState: ClusterState = {
  seq: 0,
  timeMs: 0,
  objects: IMap(),
  byUid: IMap(),
  dependents: IMap(),
  byNamespace: IMap(),
  podsByNode: IMap(),
  byLabel: IMap(),
  orphanPods: IMap(),
  podsByController: IMap(),
  podIPsByNode: IMap(),
  nodeUsage: IMap(),
  unscheduled: ISet(),
  podProgressMs: IMap(),
  nodeNames: IList(),
  nextStartNodeIndex: 0,
};

export const labelIndexKey = (kind: string, namespace: string | undefined, key: string, value: string): string =>
  `${kind}\0${namespace ?? ''}\0${key}\0${value}`;
