/**
 * From a scenario file to a typed, checked scenario: parse the YAML with positions,
 * decode it with the codecs of codec.ts, load the manifests it names, fill defaults, and
 * check what the codecs cannot (times on the tick and inside the run, windows that run
 * forwards, node pools that do not collide). File access is injected (`ReadFile`): only
 * src/cli touches the file system. Every error names the file, line, column and field.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import { posix } from 'node:path';
import type { KubeObject } from '../api/meta.js';
import { cmp, parseQuantity } from '../api/quantity.js';
import { DEFAULT_MAX_PODS } from '../world/nodes.js';
import type { KubeletConfig } from '../world/kubelet.js';
import { DEFAULT_KUBELET } from '../world/kubelet.js';
import type { FaultSpec, LoadSpec, ManifestSource, NodePool, Scenario as ScenarioFile, TimelineItem, TrafficSpec, Window } from './codec.js';
import { INPUT_KINDS, Scenario } from './codec.js';
import type { InputError, PathSegment } from './errors.js';
import { formatPath, parsePath } from './errors.js';
import type { LocatedDoc, Position } from './yaml.js';
import { errorAt, parseYamlDocuments, reportErrors } from './yaml.js';
import type { Comparison, When } from './judge.js';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Reads a file; the error is a short phrase such as "file not found". */
export interface ReadFile {
  (path: string): Either<string, string>;
}

export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** One Kubernetes object from a manifest, with where it is written. */
export interface ManifestDoc extends SourcePosition {
  /** apiVersion, kind and metadata are checked; `metadata.name` is "" when only generateName is given. */
  readonly object: KubeObject;
  /** Position of a field path inside this object (`['spec', 'replicas']`). */
  readonly locate: (path: readonly PathSegment[]) => Position;
}

type Decoded<K extends keyof TimelineItem> = Exclude<TimelineItem[K], undefined>;

/** A timeline input, told apart by `type` (the key it has in the file); `spec` is its decoded value. */
export type TimelineInput =
  | { readonly type: 'apply'; readonly spec: ManifestSource; readonly objects: readonly ManifestDoc[] }
  | { readonly type: 'delete'; readonly spec: Decoded<'delete'> }
  | { readonly type: 'scale'; readonly spec: Decoded<'scale'> }
  | { readonly type: 'load'; readonly spec: LoadSpec }
  | { readonly type: 'fault'; readonly spec: FaultSpec }
  | { readonly type: 'setImage'; readonly spec: Decoded<'setImage'> }
  | { readonly type: 'undo'; readonly spec: Decoded<'undo'> }
  | { readonly type: 'pause'; readonly spec: Decoded<'pause'> }
  | { readonly type: 'resume'; readonly spec: Decoded<'resume'> }
  | { readonly type: 'restart'; readonly spec: Decoded<'restart'> };

export interface TimelineEntry {
  readonly atMs: number;
  /** Position in `spec.timeline`: entries of one instant apply in this order. */
  readonly index: number;
  readonly source: SourcePosition;
  readonly input: TimelineInput;
  /** @deprecated transitional: the decoded item; use `atMs` and `input`. */
  readonly value: TimelineItem;
  /** @deprecated transitional: `input.objects` of an apply, [] otherwise. */
  readonly objects: readonly ManifestDoc[];
  /** @deprecated transitional: use `source`. */
  readonly line: number;
  /** @deprecated transitional: use `source`. */
  readonly col: number;
}

export type { Comparison, When };

export interface Expectation {
  readonly index: number;
  readonly source: SourcePosition;
  readonly when: When;
  /** As written: `deploy/web`; resolved to a kind where the run is prepared. */
  readonly target: string;
  readonly namespace?: string;
  readonly field?: string;
  readonly comparison: Comparison;
  /** @deprecated transitional: the decoded item. */
  readonly value: Exclude<ScenarioFile['spec']['expect'], undefined>[number];
  /** @deprecated transitional: use `source`. */
  readonly line: number;
  /** @deprecated transitional: use `source`. */
  readonly col: number;
}

export interface EngineSettings {
  readonly maxSettleRounds: number;
}

export const DEFAULT_SEED = 1;
export const DEFAULT_TICK_MS = 1000;
export const DEFAULT_ENGINE: EngineSettings = { maxSettleRounds: 1000 };

export interface LoadedScenario {
  readonly file: string;
  readonly name: string;
  readonly description?: string;
  readonly seed: number;
  readonly durationMs: number;
  readonly tickMs: number;
  readonly kubelet: KubeletConfig;
  readonly engine: EngineSettings;
  /** As decoded, with `capacity.pods` filled (110 unless given). */
  readonly nodePools: readonly NodePool[];
  readonly nodes: readonly ManifestDoc[];
  readonly manifests: readonly ManifestDoc[];
  /** In file order; the engine orders inputs by time, then by `index`. */
  readonly timeline: readonly TimelineEntry[];
  readonly expect: readonly Expectation[];
  /** Present when the file has `spec.traffic`. */
  readonly traffic?: readonly TrafficSpec[];
  /** The scenario document, to locate any field of it in later messages. */
  readonly doc: LocatedDoc;
  /** The file as decoded, before defaults. */
  readonly raw: ScenarioFile;
}

// -------------------------------------------------------------------------------------
// manifests
// -------------------------------------------------------------------------------------

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

const describe = (u: unknown): string => (Array.isArray(u) ? 'a list' : u === null ? 'null' : typeof u === 'object' ? 'a mapping' : `${typeof u} ${JSON.stringify(u)}`);

/** What is wrong with the head of a manifest, as [field path, message], if anything. */
const shapeError = (o: unknown): [PathSegment[], string] | undefined => {
  if (!isRecord(o)) return [[], `Invalid value: a manifest must be a mapping with apiVersion, kind and metadata, found ${describe(o)}`];
  if (typeof o['apiVersion'] !== 'string' || o['apiVersion'] === '') return [['apiVersion'], 'Required value: every object needs apiVersion'];
  if (typeof o['kind'] !== 'string' || o['kind'] === '') return [['kind'], 'Required value: every object needs kind'];
  const meta = o['metadata'];
  if (!isRecord(meta)) return [['metadata'], meta === undefined ? 'Required value' : `Invalid value: expected a mapping, found ${describe(meta)}`];
  if (typeof meta['name'] !== 'string' && typeof meta['generateName'] !== 'string') return [['metadata', 'name'], 'Required value: name or generateName is required'];
  return undefined;
};

/** Where an object is: its file, how to locate its fields, and the path printed before them (`items[2]` in a List). */
interface Sub extends Pick<LocatedDoc, 'file' | 'locate'> {
  readonly printed?: string;
}
const within = (doc: Sub, prefix: readonly PathSegment[], printed?: string): Sub => ({ file: doc.file, locate: (p) => doc.locate([...prefix, ...p]), ...(printed === undefined ? {} : { printed }) });

/**
 * A `kind: List`, or a typed list (`kind: PodList`, as the API returns them): upstream's
 * FlattenListVisitor expands both, and gives items of a typed list that lack them the
 * list's apiVersion and the item kind.
 */
const listItems = (value: Record<string, unknown>): unknown => {
  const { kind, items } = value;
  if (kind === 'List') return items ?? [];
  if (typeof kind !== 'string' || !kind.endsWith('List') || !Array.isArray(items)) return undefined;
  const itemKind = kind.slice(0, -'List'.length);
  return items.map((item: unknown) => (isRecord(item) ? { apiVersion: value['apiVersion'], kind: itemKind, ...item } : item));
};

/** The objects of one value: itself, or the items of a list (kubectl expands those). */
const objectsOf = (value: unknown, doc: Sub, errors: InputError[]): ManifestDoc[] => {
  const items = isRecord(value) ? listItems(value) : undefined;
  if (items !== undefined) {
    if (!Array.isArray(items)) {
      errors.push(errorAt(doc, ['items'], `Invalid value: expected a list of objects, found ${describe(items)}`, doc.printed));
      return [];
    }
    return items.flatMap((item: unknown, i) => objectsOf(item, within(doc, ['items', i], formatPath([...parsePath(doc.printed ?? ''), 'items', i])), errors));
  }
  const bad = shapeError(value);
  if (bad !== undefined) {
    errors.push(errorAt(doc, bad[0], bad[1], doc.printed));
    return [];
  }
  const item = value as Record<string, unknown> & { metadata: Record<string, unknown> };
  const name = typeof item.metadata['name'] === 'string' ? item.metadata['name'] : '';
  const object = { ...item, metadata: { ...item.metadata, name } } as unknown as KubeObject;
  return [{ object, file: doc.file, ...doc.locate([]), locate: doc.locate }];
};

/** `path:` is relative to the scenario file's directory (posix semantics, absolute kept). */
export const resolveManifestPath = (scenarioFile: string, path: string): string => (posix.isAbsolute(path) ? path : posix.join(posix.dirname(scenarioFile), path));

const readError = (why: string, resolved: string): string =>
  /not found|no such file|ENOENT/i.test(why) ? `file not found: ${resolved}` : `cannot read ${resolved}: ${why}`;

/** The objects of a manifest source at `where` in the scenario (`path:` or `inline:`). */
const loadSource = (scenario: LocatedDoc, where: PathSegment[], source: ManifestSource, readFile: ReadFile, errors: InputError[]): ManifestDoc[] => {
  if (source.inline !== undefined) return objectsOf(source.inline, within(scenario, [...where, 'inline']), errors);
  const resolved = resolveManifestPath(scenario.file, source.path ?? '');
  const text = readFile(resolved);
  if (isLeft(text)) {
    errors.push(errorAt(scenario, [...where, 'path'], readError(text.left, resolved)));
    return [];
  }
  const docs = parseYamlDocuments(text.right, resolved);
  if (isLeft(docs)) {
    errors.push(docs.left);
    return [];
  }
  const objects = docs.right.flatMap((d) => objectsOf(d.value, d, errors));
  if (docs.right.length === 0) errors.push(errorAt(scenario, [...where, 'path'], `Invalid value: ${JSON.stringify(source.path)}: no objects in ${resolved}`));
  return objects;
};

// -------------------------------------------------------------------------------------
// timeline and expectations
// -------------------------------------------------------------------------------------

const sourceOf = (doc: LocatedDoc, path: PathSegment[]): SourcePosition => ({ file: doc.file, ...doc.locate(path) });

/** The one input of a decoded item (the codec guarantees there is exactly one). */
const inputOf = (item: TimelineItem, objects: () => ManifestDoc[]): TimelineInput => {
  for (const type of INPUT_KINDS) {
    if (item[type] === undefined) continue;
    return type === 'apply' ? { type, spec: item.apply as ManifestSource, objects: objects() } : ({ type, spec: item[type] } as TimelineInput);
  }
  throw new Error('timeline item without an input: the codec lets none through');
};

const timelineOf = (doc: LocatedDoc, items: readonly TimelineItem[], readFile: ReadFile, errors: InputError[]): TimelineEntry[] =>
  items.map((item, index) => {
    const path: PathSegment[] = ['spec', 'timeline', index];
    const input = inputOf(item, () => (item.apply === undefined ? [] : loadSource(doc, [...path, 'apply'], item.apply, readFile, errors)));
    const source = sourceOf(doc, path);
    return { atMs: item.at, index, source, input, value: item, objects: input.type === 'apply' ? input.objects : [], line: source.line, col: source.col };
  });

type ExpectationItem = Expectation['value'];

const whenOf = (e: ExpectationItem): When => {
  if (e.at !== undefined) return { type: 'at', atMs: e.at };
  const w = (e.within ?? e.always) as Window;
  return { type: e.within !== undefined ? 'within' : 'always', fromMs: w.from, toMs: w.to };
};

const comparisonOf = (that: ExpectationItem['that']): Comparison => {
  if (that.equals !== undefined) return { type: 'equals', value: that.equals };
  if (that.atLeast !== undefined) return { type: 'atLeast', value: that.atLeast };
  if (that.atMost !== undefined) return { type: 'atMost', value: that.atMost };
  return { type: 'exists', value: that.exists ?? true };
};

const expectationsOf = (doc: LocatedDoc, items: readonly ExpectationItem[]): Expectation[] =>
  items.map((e, index) => {
    const source = sourceOf(doc, ['spec', 'expect', index]);
    const { target, namespace, field } = e.that;
    return {
      index,
      source,
      when: whenOf(e),
      target,
      ...(namespace === undefined ? {} : { namespace }),
      ...(field === undefined ? {} : { field }),
      comparison: comparisonOf(e.that),
      value: e,
      line: source.line,
      col: source.col,
    };
  });

// -------------------------------------------------------------------------------------
// checks the codecs cannot make
// -------------------------------------------------------------------------------------

/** Times are multiples of the tick and inside [0, duration]; windows run forwards. */
const checkTimes = (doc: LocatedDoc, s: ScenarioFile): InputError[] => {
  const tick = s.spec.tick ?? DEFAULT_TICK_MS;
  if (tick <= 0) return [errorAt(doc, ['spec', 'tick'], 'Invalid value: "0s": must be greater than 0')];
  const errors: InputError[] = [];
  const check = (path: PathSegment[], ms: number): void => {
    if (ms % tick !== 0) errors.push(errorAt(doc, path, `Invalid value: ${ms}ms: must be a multiple of the tick (${tick}ms)`));
    else if (ms > s.spec.duration) errors.push(errorAt(doc, path, `Invalid value: ${ms}ms: after the end of the run (duration ${s.spec.duration}ms)`));
  };
  check(['spec', 'duration'], s.spec.duration);
  (s.spec.timeline ?? []).forEach((item, i) => check(['spec', 'timeline', i, 'at'], item.at));
  (s.spec.expect ?? []).forEach((e, i) => {
    if (e.at !== undefined) check(['spec', 'expect', i, 'at'], e.at);
    const key = e.within !== undefined ? 'within' : 'always';
    const w = e.within ?? e.always;
    if (w === undefined) return;
    check(['spec', 'expect', i, key, 'from'], w.from);
    check(['spec', 'expect', i, key, 'to'], w.to);
    if (w.from > w.to) errors.push(errorAt(doc, ['spec', 'expect', i, key, 'to'], `Invalid value: ${w.to}ms: must not be before from (${w.from}ms)`));
  });
  return errors;
};

/** Pool names are unique, allocatable fits in capacity, explicit nodes do not take a pool's names. */
const checkNodes = (doc: LocatedDoc, pools: readonly NodePool[], nodes: readonly ManifestDoc[]): InputError[] => {
  const errors: InputError[] = [];
  const names = new Set<string>();
  pools.forEach((pool, i) => {
    const at: PathSegment[] = ['spec', 'cluster', 'nodePools', i];
    if (names.has(pool.name)) errors.push(errorAt(doc, [...at, 'name'], `Duplicate value: ${JSON.stringify(pool.name)}`));
    names.add(pool.name);
    for (const [resource, amount] of Object.entries(pool.allocatable ?? {})) {
      const capacity = pool.capacity[resource];
      const [a, c] = [parseQuantity(amount), parseQuantity(capacity ?? 0)];
      if (capacity === undefined || isLeft(a) || isLeft(c) || cmp(a.right, c.right) <= 0) continue;
      errors.push(errorAt(doc, [...at, 'allocatable', resource], `Invalid value: ${JSON.stringify(amount)}: must be less than or equal to capacity (${JSON.stringify(capacity)})`));
    }
  });
  const poolNode = (name: string): boolean => pools.some((p) => name.startsWith(`${p.name}-`) && /^\d+$/.test(name.slice(p.name.length + 1)) && Number(name.slice(p.name.length + 1)) < p.count);
  const seen = new Set<string>();
  for (const n of nodes) {
    const name = n.object.metadata.name;
    if (n.object.kind !== 'Node') errors.push({ file: n.file, ...n.locate(['kind']), path: 'kind', message: `Unsupported value: ${JSON.stringify(n.object.kind)}: supported values: "Node"` });
    else if (seen.has(name) || poolNode(name)) errors.push({ file: n.file, ...n.locate(['metadata', 'name']), path: 'metadata.name', message: `Duplicate value: ${JSON.stringify(name)}: another node has this name` });
    seen.add(name);
  }
  return errors;
};

// -------------------------------------------------------------------------------------
// the scenario
// -------------------------------------------------------------------------------------

/** The one document of a scenario file, decoded; a wrong apiVersion or kind alone is reported. */
const decodeScenario = (file: string, text: string): Either<readonly InputError[], { doc: LocatedDoc; s: ScenarioFile }> => {
  const docs = parseYamlDocuments(text, file);
  if (isLeft(docs)) return left([docs.left]);
  const [doc, second] = docs.right;
  if (doc === undefined) return left([{ file, message: 'the file is empty: expected a Scenario (apiVersion: kubesim/v1, kind: Scenario)' }]);
  if (second !== undefined) return left([{ file, line: second.line, col: second.col, message: 'a scenario file holds one YAML document; found another here' }]);
  const decoded = Scenario.decode(doc.value);
  if (!isLeft(decoded)) return right({ doc, s: decoded.right });
  const errors = reportErrors(decoded.left, doc);
  const header = errors.filter((e) => e.path === 'apiVersion' || e.path === 'kind');
  return left(header.length > 0 ? header : errors);
};

const withPods = (pool: NodePool): NodePool => (pool.capacity['pods'] === undefined ? { ...pool, capacity: { ...pool.capacity, pods: DEFAULT_MAX_PODS } } : pool);

const kubeletOf = (s: ScenarioFile): KubeletConfig => {
  const k = s.spec.cluster?.kubelet ?? {};
  return {
    imagePullMs: k.imagePull ?? DEFAULT_KUBELET.imagePullMs,
    containerStartMs: k.containerStart ?? DEFAULT_KUBELET.containerStartMs,
    jitter: k.jitter ?? DEFAULT_KUBELET.jitter,
    shutdown: k.shutdown === undefined ? DEFAULT_KUBELET.shutdown : k.shutdown === 'grace' ? 'grace' : { ms: k.shutdown },
  };
};

/**
 * Loads and checks a scenario file. The errors are every problem found in one pass:
 * all decoding errors, or else every time, node and manifest problem.
 */
export const loadScenario = (file: string, readFile: ReadFile): Either<readonly InputError[], LoadedScenario> => {
  const text = readFile(file);
  if (isLeft(text)) return left([{ file, message: text.left }]);
  const decoded = decodeScenario(file, text.right);
  if (isLeft(decoded)) return decoded;
  const { doc, s } = decoded.right;
  const errors: InputError[] = checkTimes(doc, s);
  const manifests = (s.spec.manifests ?? []).flatMap((m, i) => loadSource(doc, ['spec', 'manifests', i], m, readFile, errors));
  const nodes = (s.spec.cluster?.nodes ?? []).flatMap((n, i) => objectsOf(n, within(doc, ['spec', 'cluster', 'nodes', i]), errors));
  const nodePools = s.spec.cluster?.nodePools ?? [];
  errors.push(...checkNodes(doc, nodePools, nodes));
  const timeline = timelineOf(doc, s.spec.timeline ?? [], readFile, errors);
  if (errors.length > 0) return left(errors);
  return right({
    file,
    name: s.metadata.name,
    ...(s.metadata.description === undefined ? {} : { description: s.metadata.description }),
    seed: s.spec.seed ?? DEFAULT_SEED,
    durationMs: s.spec.duration,
    tickMs: s.spec.tick ?? DEFAULT_TICK_MS,
    kubelet: kubeletOf(s),
    engine: { maxSettleRounds: s.spec.engine?.maxSettleRounds ?? DEFAULT_ENGINE.maxSettleRounds },
    nodePools: nodePools.map(withPods),
    nodes,
    manifests,
    timeline,
    expect: expectationsOf(doc, s.spec.expect ?? []),
    ...(s.spec.traffic === undefined ? {} : { traffic: s.spec.traffic }),
    doc,
    raw: s,
  });
};

/** One document of a manifest file: the objects in it (a List gives its items), or why there are none. */
export interface ManifestDocument {
  /** 1-based, counting the non-empty documents of the file. */
  readonly document: number;
  readonly objects: readonly ManifestDoc[];
  readonly errors: readonly InputError[];
}

/** The documents of a manifest file (what `kubectl apply -f` reads); a YAML syntax error is the whole result. */
export const manifestDocuments = (file: string, text: string): Either<InputError, readonly ManifestDocument[]> => {
  const docs = parseYamlDocuments(text, file);
  if (isLeft(docs)) return docs;
  return right(
    docs.right.map((d, i) => {
      const errors: InputError[] = [];
      const objects = objectsOf(d.value, d, errors);
      return { document: i + 1, objects, errors };
    }),
  );
};
