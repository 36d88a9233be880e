/**
 * A Draft gathers the changes of one or many events and commits them as one new
 * ClusterState. Maps are made mutable (Immutable.js `asMutable`) only when first written,
 * so untouched maps keep their identity and a batch of events costs one path copy per
 * touched entry instead of one per event.
 */
import { List as IList, Map as IMap, Set as ISet } from 'immutable';
import type { KubeObject } from '../api/meta.js';
import type { Pod } from '../api/pod.js';
import type { ClusterState, NodeUsage } from './state.js';

type SetIndex = IMap<string, ISet<string>>;

export class Draft {
  private objects: IMap<string, IMap<string, KubeObject>>;
  private readonly mutableKinds = new Set<string>();
  private byUid: IMap<string, string>;
  private dependents: SetIndex;
  private byNamespace: SetIndex;
  private podsByNode: SetIndex;
  private byLabel: SetIndex;
  private podIPsByNode: SetIndex;
  private orphanPods: SetIndex;
  private podsByController: IMap<string, IMap<string, Pod>>;
  private nodeUsage: IMap<string, NodeUsage>;
  private unscheduled: ISet<string>;
  private podProgressMs: IMap<string, number>;
  private nodeNames: IList<string>;
  private readonly touched = new Set<string>();
  seq: number;
  timeMs: number;
  nextStartNodeIndex: number;
  constructor(private readonly base: ClusterState) {
    this.objects = base.objects;
    this.byUid = base.byUid;
    this.dependents = base.dependents;
    this.byNamespace = base.byNamespace;
    this.podsByNode = base.podsByNode;
    this.byLabel = base.byLabel;
    this.podIPsByNode = base.podIPsByNode;
    this.orphanPods = base.orphanPods;
    this.podsByController = base.podsByController;
    this.nodeUsage = base.nodeUsage;
    this.unscheduled = base.unscheduled;
    this.podProgressMs = base.podProgressMs;
    this.nodeNames = base.nodeNames;
    this.seq = base.seq;
    this.timeMs = base.timeMs;
    this.nextStartNodeIndex = base.nextStartNodeIndex;
  }

  private mut<K extends string>(field: K): void {
    if (this.touched.has(field)) return;
    this.touched.add(field);
    const self = this as unknown as Record<string, { asMutable(): unknown }>;
    const current = self[field];
    if (current !== undefined) self[field] = current.asMutable() as { asMutable(): unknown };
  }

  // --- objects -----------------------------------------------------------------------

  getObject(kind: string, nsName: string): KubeObject | undefined {
    return this.objects.get(kind)?.get(nsName);
  }

  countKind(kind: string): number {
    return this.objects.get(kind)?.size ?? 0;
  }

  private kindMap(kind: string): IMap<string, KubeObject> {
    this.mut('objects');
    let inner = this.objects.get(kind);
    if (inner === undefined) {
      inner = IMap<string, KubeObject>().asMutable();
      this.mutableKinds.add(kind);
      this.objects.set(kind, inner);
    } else if (!this.mutableKinds.has(kind)) {
      inner = inner.asMutable();
      this.mutableKinds.add(kind);
      this.objects.set(kind, inner);
    }
    return inner;
  }

  putObject(kind: string, nsName: string, object: KubeObject): void {
    this.kindMap(kind).set(nsName, object);
  }

  removeObject(kind: string, nsName: string): void {
    this.kindMap(kind).remove(nsName);
  }

  // --- indexes -----------------------------------------------------------------------

  setUid(uid: string, key: string | undefined): void {
    this.mut('byUid');
    if (key === undefined) this.byUid.remove(uid);
    else this.byUid.set(uid, key);
  }

  private addTo(field: 'dependents' | 'byNamespace' | 'podsByNode' | 'byLabel' | 'podIPsByNode' | 'orphanPods', indexKey: string, member: string): void {
    this.mut(field);
    const index = this[field];
    index.set(indexKey, (index.get(indexKey) ?? ISet<string>()).add(member));
  }

  private removeFrom(field: 'dependents' | 'byNamespace' | 'podsByNode' | 'byLabel' | 'podIPsByNode' | 'orphanPods', indexKey: string, member: string): void {
    const index = this[field];
    const members = index.get(indexKey);
    if (members === undefined || !members.has(member)) return;
    this.mut(field);
    const rest = members.remove(member);
    if (rest.size === 0) this[field].remove(indexKey);
    else this[field].set(indexKey, rest);
  }

  addDependent(ownerUid: string, key: string): void { this.addTo('dependents', ownerUid, key); }
  removeDependent(ownerUid: string, key: string): void { this.removeFrom('dependents', ownerUid, key); }
  addToNamespace(namespace: string, key: string): void { this.addTo('byNamespace', namespace, key); }
  removeFromNamespace(namespace: string, key: string): void { this.removeFrom('byNamespace', namespace, key); }
  addPodToNode(node: string, nsName: string): void { this.addTo('podsByNode', node, nsName); }
  removePodFromNode(node: string, nsName: string): void { this.removeFrom('podsByNode', node, nsName); }
  addPodIP(node: string, ip: string): void { this.addTo('podIPsByNode', node, ip); }
  removePodIP(node: string, ip: string): void { this.removeFrom('podIPsByNode', node, ip); }
  addOrphanPod(namespace: string, name: string): void { this.addTo('orphanPods', namespace, name); }
  removeOrphanPod(namespace: string, name: string): void { this.removeFrom('orphanPods', namespace, name); }
  /** Puts (or, with undefined, removes) a pod under its controller's uid. */
  setControlledPod(controllerUid: string, nsName: string, pod: Pod | undefined): void {
    const inner = this.podsByController.get(controllerUid);
    if (pod === undefined && inner?.has(nsName) !== true) return;
    this.mut('podsByController');
    const next = pod === undefined ? (inner ?? IMap<string, Pod>()).remove(nsName) : (inner ?? IMap<string, Pod>()).set(nsName, pod);
    if (next.size === 0) this.podsByController.remove(controllerUid);
    else this.podsByController.set(controllerUid, next);
  }

  addLabel(indexKey: string, name: string): void { this.addTo('byLabel', indexKey, name); }
  removeLabel(indexKey: string, name: string): void { this.removeFrom('byLabel', indexKey, name); }

  usageOf(node: string): NodeUsage | undefined { return this.nodeUsage.get(node); }
  setUsage(node: string, usage: NodeUsage | undefined): void {
    this.mut('nodeUsage');
    if (usage === undefined) this.nodeUsage.remove(node);
    else this.nodeUsage.set(node, usage);
  }

  setUnscheduled(nsName: string, waiting: boolean): void {
    if (this.unscheduled.has(nsName) === waiting) return;
    this.mut('unscheduled');
    if (waiting) this.unscheduled.add(nsName);
    else this.unscheduled.remove(nsName);
  }

  setPodProgress(nsName: string, ms: number | undefined): void {
    if (ms === undefined && !this.podProgressMs.has(nsName)) return;
    this.mut('podProgressMs');
    if (ms === undefined) this.podProgressMs.remove(nsName);
    else this.podProgressMs.set(nsName, ms);
  }

  addNodeName(name: string): void {
    this.nodeNames = this.nodeNames.push(name);
  }

  removeNodeName(name: string): void {
    const i = this.nodeNames.indexOf(name);
    if (i >= 0) this.nodeNames = this.nodeNames.remove(i);
  }

  // --- commit ------------------------------------------------------------------------

  commit(): ClusterState {
    if (this.touched.has('objects')) {
      for (const kind of this.mutableKinds) {
        const inner = this.objects.get(kind);
        if (inner === undefined) continue;
        if (inner.size === 0) this.objects.remove(kind);
        else this.objects.set(kind, inner.asImmutable());
      }
    }
    const objects = this.touched.has('objects') ? this.objects.asImmutable() : this.base.objects;
    const done = <T extends { asImmutable(): T }>(field: string, value: T, original: T): T =>
      this.touched.has(field) ? value.asImmutable() : original;
    return {
      seq: this.seq,
      timeMs: this.timeMs,
      objects,
      byUid: done('byUid', this.byUid, this.base.byUid),
      dependents: done('dependents', this.dependents, this.base.dependents),
      byNamespace: done('byNamespace', this.byNamespace, this.base.byNamespace),
      podsByNode: done('podsByNode', this.podsByNode, this.base.podsByNode),
      byLabel: done('byLabel', this.byLabel, this.base.byLabel),
      podIPsByNode: done('podIPsByNode', this.podIPsByNode, this.base.podIPsByNode),
      orphanPods: done('orphanPods', this.orphanPods, this.base.orphanPods),
      podsByController: done('podsByController', this.podsByController, this.base.podsByController),
      nodeUsage: done('nodeUsage', this.nodeUsage, this.base.nodeUsage),
      unscheduled: done('unscheduled', this.unscheduled, this.base.unscheduled),
      podProgressMs: done('podProgressMs', this.podProgressMs, this.base.podProgressMs),
      nodeNames: this.nodeNames,
      nextStartNodeIndex: this.nextStartNodeIndex,
    };
  }
}
