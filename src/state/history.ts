/**
 * The history of a log: its records grouped by the object they are about, from which the
 * state at any instant is read. This is how a saved log is folded for inspection.
 *
 * Live runs fold event by event (evolve), keeping every index current because the
 * controllers read each intermediate state. Reading a log needs only the states someone
 * asks about, so `historyOf` makes one pass over the records that
 *
 * - checks them as evolve would (order, time, existence, uids), so a log that evolve
 *   would refuse is refused here with the same message;
 * - appends each record to the history of its object (one object per creation: a name
 *   deleted and created again has two histories);
 * - notes what a later step needs from another object at that moment (the hostIP a pod
 *   reads from its node), and the scheduler's rotating start index after each binding.
 *
 * An object at sequence number `seq` is then its history's records up to `seq`, folded
 * with the same per-object step as evolve (step.ts) and stamped with its resourceVersion:
 * only the objects asked for are built, and the last one built is kept. `stateAt` builds
 * a whole ClusterState (every object; the derived indexes when first read). Equal to
 * evolve's state up to the order of members inside index sets, which no reader relies on
 * (spec/state/replay.prop.spec.ts checks it after every event).
 */
import { List as IList, Map as IMap } from 'immutable';
import type { KubeObject } from '../api/meta.js';
import { nsName } from '../api/meta.js';
import type { EventRecord } from '../log/events.js';
import { Draft } from './draft.js';
import { evaluatedNodesOf, nextStartIndex } from './evolve.js';
import { reindex } from './indexes.js';
import { compareStrings } from './queries.js';
import type { ClusterState } from './state.js';
import { emptyState } from './state.js';
import { alreadyExists, checkOrder, doesNotExist, internalIPOf, progressOf, stepObject, uidMismatch, withVersion } from './step.js';

/**
 * The records about one object, from its creation to its deletion: a linked list through
 * the log (`Links.next`), so that the pass allocates nothing per event.
 */
class ObjectHistory {
  /** Index in the log of the last record about it (the first is `first`). */
  last: number;
  /** Sequence number of the ObjectDeleted that ended it (Infinity while it exists). */
  deletedSeq = Infinity;
  /** Pods: the node it is bound to; what its hostIP is read from. */
  node: string | undefined;
  /** Nodes only: the object as it stands during the pass, and the InternalIP pods on it get as hostIP. */
  current: KubeObject | undefined;
  internalIP = '';
  private builtUpTo = -1;
  private built: KubeObject | undefined;

  constructor(
    readonly kind: string,
    readonly namespace: string | undefined,
    readonly name: string,
    readonly uid: string | undefined,
    readonly createdSeq: number,
    readonly first: number,
  ) {
    this.last = first;
  }

  existsAt(seq: number): boolean {
    return this.createdSeq <= seq && seq < this.deletedSeq;
  }

  /** The object as it stood at `seq` (which it must exist at). */
  objectAt(log: Links, seq: number): KubeObject {
    let upTo = this.first;
    for (let i = this.first; i !== -1 && (log.records[i] as EventRecord).seq <= seq; i = log.next[i] as number) upTo = i;
    if (upTo === this.builtUpTo && this.built !== undefined) return this.built;
    let o: KubeObject | undefined;
    for (let i = this.first; ; i = log.next[i] as number) {
      const r = log.records[i] as EventRecord;
      o = stepObject(o, r.event, r.timeMs, () => log.hostIPs[i] ?? '');
      if (i === upTo) break;
    }
    const built = withVersion(o as KubeObject, (log.records[upTo] as EventRecord).seq);
    this.builtUpTo = upTo;
    this.built = built;
    return built;
  }

  /** Pods: when the kubelet model last saw it move a lifecycle step, as of `seq`. */
  progressAt(log: Links, seq: number): number | undefined {
    let ms: number | undefined;
    for (let i = this.first; i !== -1 && (log.records[i] as EventRecord).seq <= seq; i = log.next[i] as number) {
      const p = progressOf(log.records[i] as EventRecord);
      if (p !== null) ms = p.ms;
    }
    return ms;
  }
}

/** The log with, for each record, the index of the next record about the same object (-1: none). */
interface Links {
  readonly records: readonly EventRecord[];
  readonly next: Int32Array;
  /** At the index of each PodSandboxStarted: the hostIP its node reported then. */
  readonly hostIPs: (string | undefined)[];
}

export interface LogHistory {
  /** Sequence number of the last record (0: an empty log). */
  readonly lastSeq: number;
  /** Sequence number of the last record at or before `timeMs` (the instant settled). */
  seqAt(timeMs: number): number;
  /** One object as it stood at `seq`. */
  objectAt(kind: string, namespace: string | undefined, name: string, seq: number): KubeObject | undefined;
  /** Every object of a kind at `seq` (in one namespace when given), sorted by namespace and name. */
  list(kind: string, seq: number, namespace?: string): KubeObject[];
  /** The whole state at `seq`. */
  stateAt(seq: number): ClusterState;
}

const nodeNameOf = (o: KubeObject): string | undefined => (o['spec'] as { nodeName?: string } | undefined)?.nodeName;

/** The objects that exist at this point of the pass: kind → namespace → name → history. */
class Existing {
  private readonly kinds = new Map<string, Map<string, Map<string, ObjectHistory>>>();

  namespaceOf(kind: string, namespace: string | undefined): Map<string, ObjectHistory> {
    let byNamespace = this.kinds.get(kind);
    if (byNamespace === undefined) this.kinds.set(kind, (byNamespace = new Map()));
    const ns = namespace ?? '';
    let byName = byNamespace.get(ns);
    if (byName === undefined) byNamespace.set(ns, (byName = new Map()));
    return byName;
  }

  get(kind: string, namespace: string | undefined, name: string): ObjectHistory | undefined {
    return this.kinds.get(kind)?.get(namespace ?? '')?.get(name);
  }
}

/** One pass over the records: the history of every object, with evolve's checks. */
export const historyOf = (records: readonly EventRecord[]): LogHistory => {
  const byKind = new Map<string, ObjectHistory[]>();
  const existing = new Existing();
  const nodes = existing.namespaceOf('Node', undefined);
  const links: Links = { records, next: new Int32Array(records.length).fill(-1), hostIPs: [] };
  /** The scheduler's start index after each record. */
  const startIndexes = new Int32Array(records.length);
  let startIndex = 0;
  let seq = 0;
  let timeMs = 0;

  for (let index = 0; index < records.length; index++) {
    const r = records[index] as EventRecord;
    checkOrder(r, seq, timeMs);
    seq = r.seq;
    timeMs = r.timeMs;
    const e = r.event;
    if (e.type === 'ActionRejected') {
      const evaluated = evaluatedNodesOf(e);
    if (evaluated !== undefined) startIndex = nextStartIndex(startIndex, evaluated, nodes.size);
    startIndexes[index] = startIndex;
      continue;
    }
    let h: ObjectHistory;
    if (e.type === 'ObjectCreated') {
      const { kind, metadata: m } = e.object;
      const names = existing.namespaceOf(kind, m.namespace);
      if (names.has(m.name)) throw alreadyExists(r.seq, kind, nsName(m.namespace, m.name));
      h = new ObjectHistory(kind, m.namespace, m.name, m.uid, r.seq, index);
      names.set(m.name, h);
      let ofKind = byKind.get(kind);
      if (ofKind === undefined) byKind.set(kind, (ofKind = []));
      ofKind.push(h);
    } else {
      let kind: string;
      let namespace: string | undefined;
      let name: string;
      let uid: string | undefined;
      if (e.type === 'ObjectUpdated') {
        kind = e.object.kind;
        ({ namespace, name, uid } = e.object.metadata);
      } else if ('ref' in e) {
        ({ kind, namespace, name, uid } = e.ref);
      } else {
        kind = 'Pod';
        ({ namespace, name, uid } = e.pod);
      }
      const found = existing.get(kind, namespace, name);
      if (found === undefined) throw doesNotExist(r.seq, kind, nsName(namespace, name));
      if (uid !== undefined && uid !== found.uid) throw uidMismatch(r.seq, kind, name, uid, found.uid);
      h = found;
      if (e.type === 'ObjectDeleted') {
        h.deletedSeq = r.seq;
        existing.namespaceOf(kind, namespace).delete(name);
      } else {
        links.next[h.last] = index;
        h.last = index;
      }
    }
    if (h.kind === 'Node') {
      h.current = stepObject(h.current, e, r.timeMs, () => '');
      h.internalIP = internalIPOf(h.current);
    } else if (h.kind === 'Pod') {
      if (e.type === 'ObjectCreated' || e.type === 'ObjectUpdated') h.node = nodeNameOf(e.object);
      else if (e.type === 'PodBound') h.node = e.node;
      else if (e.type === 'PodSandboxStarted') {
        links.hostIPs[index] = nodes.get(h.node ?? '')?.internalIP ?? '';
      }
    }
    startIndexes[index] = startIndex;
  }
  const lastSeq = seq;

  const seqAt = (t: number): number => {
    let lo = 0;
    let hi = records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((records[mid] as EventRecord).timeMs <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : (records[lo - 1] as EventRecord).seq;
  };

  /** Records are numbered 1, 2, …: the record with sequence number `seq` is at index seq - 1. */
  const startIndexAt = (at: number): number => (at === 0 ? 0 : (startIndexes[at - 1] as number));

  const objectAt = (kind: string, namespace: string | undefined, name: string, at: number): KubeObject | undefined => {
    const ofKind = byKind.get(kind) ?? [];
    for (let i = ofKind.length - 1; i >= 0; i--) {
      const h = ofKind[i] as ObjectHistory;
      if (h.name === name && h.namespace === namespace && h.existsAt(at)) return h.objectAt(links, at);
    }
    return undefined;
  };

  const list = (kind: string, at: number, namespace?: string): KubeObject[] =>
    (byKind.get(kind) ?? [])
      .filter((h) => h.existsAt(at) && (namespace === undefined || h.namespace === namespace))
      .sort((a, b) => compareStrings(a.namespace ?? '', b.namespace ?? '') || compareStrings(a.name, b.name))
      .map((h) => h.objectAt(links, at));

  const stateAt = (at: number): ClusterState => {
    const objects = IMap<string, IMap<string, KubeObject>>().withMutations((outer) => {
      for (const [kind, histories] of byKind) {
        const inner = IMap<string, KubeObject>().withMutations((m) => {
          for (const h of histories) if (h.existsAt(at)) m.set(nsName(h.namespace, h.name), h.objectAt(links, at));
        });
        if (inner.size > 0) outer.set(kind, inner);
      }
    });
    const nodeNames = IList((byKind.get('Node') ?? []).filter((h) => h.existsAt(at)).map((h) => h.name));
    const atRecord = at === 0 ? undefined : records[at - 1];
    const core = { seq: at, timeMs: atRecord?.timeMs ?? 0, objects, nodeNames, nextStartNodeIndex: startIndexAt(at) };
    return lazilyIndexed(core, () => (byKind.get('Pod') ?? []).flatMap((h) => {
      if (!h.existsAt(at)) return [];
      const ms = h.progressAt(links, at);
      return ms === undefined ? [] : [[nsName(h.namespace, h.name), ms] as const];
    }));
  };

  return { lastSeq, seqAt, objectAt, list, stateAt };
};

type Core = Pick<ClusterState, 'seq' | 'timeMs' | 'objects' | 'nodeNames' | 'nextStartNodeIndex'>;

/** A state whose derived indexes are built from its objects when first read. */
const lazilyIndexed = (core: Core, progress: () => Iterable<readonly [string, number]>): ClusterState => {
  let built: ClusterState | undefined;
  const indexed = (): ClusterState => {
    if (built !== undefined) return built;
    const draft = new Draft({ ...emptyState, ...core });
    for (const inner of core.objects.values()) for (const o of inner.values()) reindex(draft, undefined, o);
    for (const [k, ms] of progress()) draft.setPodProgress(k, ms);
    built = draft.commit();
    return built;
  };
  return {
    ...core,
    get byUid() { return indexed().byUid; },
    get dependents() { return indexed().dependents; },
    get byNamespace() { return indexed().byNamespace; },
    get podsByNode() { return indexed().podsByNode; },
    get byLabel() { return indexed().byLabel; },
    get podIPsByNode() { return indexed().podIPsByNode; },
    get orphanPods() { return indexed().orphanPods; },
    get podsByController() { return indexed().podsByController; },
    get nodeUsage() { return indexed().nodeUsage; },
    get unscheduled() { return indexed().unscheduled; },
    get podProgressMs() { return indexed().podProgressMs; },
  };
};
