/**
 * From a scenario file to a typed, checked scenario. File access is injected (`ReadFile`):
 * only src/cli touches the file system.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import { dirname, isAbsolute, join } from 'node:path';
import type { KubeObject } from '../api/meta.js';
import { reportErrors } from './closed.js';
import type { Expectation, NodePool, Scenario as ScenarioT, TimelineItem } from './codec.js';
import { Scenario } from './codec.js';
import type { InputError, PathSegment } from './errors.js';
import type { LocatedDoc, Position } from './yaml.js';
import { parseYamlDocuments } from './yaml.js';

export type ReadFile = (path: string) => Either<string, string>;

/** One Kubernetes object from a manifest, with where it came from. */
export interface ManifestDoc {
  readonly object: KubeObject;
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Position of a field path inside this object. */
  readonly locate: (path: readonly PathSegment[]) => Position;
}

export interface Located<T> {
  readonly value: T;
  readonly index: number;
  readonly line: number;
  readonly col: number;
}

export interface LoadedScenario {
  readonly file: string;
  readonly doc: LocatedDoc;
  readonly raw: ScenarioT;
  readonly name: string;
  readonly seed: number;
  readonly durationMs: number;
  readonly tickMs: number;
  readonly nodePools: readonly NodePool[];
  readonly nodes: readonly ManifestDoc[];
  readonly manifests: readonly ManifestDoc[];
  /** Timeline entries with the objects of their `apply` loaded. */
  readonly timeline: readonly (Located<TimelineItem> & { readonly objects: readonly ManifestDoc[] })[];
  readonly expect: readonly Located<Expectation>[];
}

// -------------------------------------------------------------------------------------
// manifests
// -------------------------------------------------------------------------------------

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

const shapeError = (o: Record<string, unknown>): [PathSegment[], string] | undefined => {
  if (typeof o['apiVersion'] !== 'string') return [['apiVersion'], 'Required value: every manifest needs apiVersion']; 
  if (typeof o['kind'] !== 'string') return [['kind'], 'Required value: every manifest needs kind'];
  const meta = o['metadata'];
  if (!isRecord(meta)) return [['metadata'], 'Required value'];
  if (typeof meta['name'] !== 'string' && typeof meta['generateName'] !== 'string') return [['metadata', 'name'], 'Required value: name or generateName is required'];
  return undefined;
};

/** The objects of one YAML document: itself, or the items of a `kind: List` (kubectl expands those). */
const objectsOf = (doc: LocatedDoc): Either<InputError[], ManifestDoc[]> => {
  const value = doc.value;
  if (!isRecord(value)) return left([{ file: doc.file, line: doc.line, col: doc.col, message: 'a manifest must be a mapping (an object with apiVersion, kind and metadata)' }]);
  const items: [Record<string, unknown>, PathSegment[]][] =
    value['kind'] === 'List' && Array.isArray(value['items']) ? (value['items'] as unknown[]).map((it, i) => [it as Record<string, unknown>, ['items', i]]) : [[value, []]];
  const out: ManifestDoc[] = [];
  const errors: InputError[] = [];
  for (const [item, prefix] of items) {
    const at = doc.locate(prefix);
    const bad = isRecord(item) ? shapeError(item) : [[], 'a manifest must be a mapping'] as [PathSegment[], string];
    if (bad !== undefined) {
      const pos = doc.locate([...prefix, ...bad[0]]);
      errors.push({ file: doc.file, line: pos.line, col: pos.col, path: bad[0].join('.'), message: bad[1] });
      continue;
    }
    const metadata = item['metadata'] as Record<string, unknown>;
    const object = { ...item, metadata: { ...metadata, name: typeof metadata['name'] === 'string' ? metadata['name'] : '' } } as KubeObject;
    out.push({ object, file: doc.file, line: at.line, col: at.col, locate: (path) => doc.locate([...prefix, ...path]) });
  }
  return errors.length > 0 ? left(errors) : right(out);
};

interface SourceRef {
  readonly path?: string | undefined;
  readonly inline?: Record<string, unknown> | undefined;
}

const loadSource = (scenario: LocatedDoc, where: PathSegment[], source: SourceRef, readFile: ReadFile): Either<InputError[], ManifestDoc[]> => {
  if (source.inline !== undefined) {
    const inlineDoc: LocatedDoc = { value: source.inline, file: scenario.file, ...scenario.locate([...where, 'inline']), locate: (p) => scenario.locate([...where, 'inline', ...p]) };
    return objectsOf(inlineDoc);
  }
  const resolved = isAbsolute(source.path ?? '') ? (source.path ?? '') : join(dirname(scenario.file), source.path ?? '');
  const text = readFile(resolved);
  if (isLeft(text)) {
    const at = scenario.locate([...where, 'path']);
    return left([{ file: scenario.file, ...at, path: [...where, 'path'].map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.').replace(/\.\[/g, '['), message: `${text.left}: ${resolved}` }]);
  }
  const docs = parseYamlDocuments(text.right, resolved);
  if (isLeft(docs)) return left([docs.left]);
  const out: ManifestDoc[] = [];
  const errors: InputError[] = [];
  for (const d of docs.right) {
    const objs = objectsOf(d);
    if (isLeft(objs)) errors.push(...objs.left);
    else out.push(...objs.right);
  }
  return errors.length > 0 ? left(errors) : right(out);
};

// -------------------------------------------------------------------------------------
// the scenario
// -------------------------------------------------------------------------------------

const located = <T>(doc: LocatedDoc, path: PathSegment[], value: T, index: number): Located<T> => ({ value, index, ...doc.locate(path) });

export const loadScenario = (file: string, readFile: ReadFile): Either<readonly InputError[], LoadedScenario> => {
  const text = readFile(file);
  if (isLeft(text)) return left([{ file, message: text.left }]);
  const docs = parseYamlDocuments(text.right, file);
  if (isLeft(docs)) return left([docs.left]);
  const doc = docs.right[0];
  if (doc === undefined) return left([{ file, message: 'the file is empty: expected a Scenario' }]);
  if (docs.right.length > 1) return left([{ file, line: docs.right[1]?.line, col: docs.right[1]?.col, message: 'a scenario file holds one YAML document; found more' }]);
  const decoded = Scenario.decode(doc.value);
  if (isLeft(decoded)) return left(reportErrors(decoded.left, doc));
  const s = decoded.right;
  const errors: InputError[] = [...checkTimes(doc, s)];
  const gather = (where: PathSegment[], source: SourceRef): ManifestDoc[] => {
    const r = loadSource(doc, where, source, readFile);
    if (isLeft(r)) errors.push(...r.left);
    return isLeft(r) ? [] : r.right;
  };
  const manifests = (s.spec.manifests ?? []).flatMap((m, i) => gather(['spec', 'manifests', i], m));
  const nodes = (s.spec.cluster?.nodes ?? []).flatMap((n, i) => gather(['spec', 'cluster', 'nodes', i], { inline: n }));
  const timeline = (s.spec.timeline ?? []).map((item, i) => ({
    ...located(doc, ['spec', 'timeline', i], item, i),
    objects: item.apply === undefined ? [] : gather(['spec', 'timeline', i, 'apply'], item.apply),
  }));
  if (errors.length > 0) return left(errors);
  return right({
    file,
    doc,
    raw: s,
    name: s.metadata.name,
    seed: s.spec.seed ?? 1,
    durationMs: s.spec.duration,
    tickMs: s.spec.tick ?? 1000,
    nodePools: s.spec.cluster?.nodePools ?? [],
    nodes,
    manifests,
    timeline,
    expect: (s.spec.expect ?? []).map((e, i) => located(doc, ['spec', 'expect', i], e, i)),
  });
};

/** Times are multiples of the tick and inside [0, duration]; windows run forwards. */
const checkTimes = (doc: LocatedDoc, s: ScenarioT): InputError[] => {
  const tick = s.spec.tick ?? 1000;
  const errors: InputError[] = [];
  const check = (path: PathSegment[], ms: number): void => {
    const at = doc.locate(path);
    const where = { file: doc.file, ...at, path: path.reduce<string>((o, p) => (typeof p === 'number' ? `${o}[${p}]` : o === '' ? p : `${o}.${p}`), '') };
    if (ms % tick !== 0) errors.push({ ...where, message: `Invalid value: ${ms}ms: must be a multiple of the tick (${tick}ms)` });
    if (ms > s.spec.duration) errors.push({ ...where, message: `Invalid value: ${ms}ms: after the end of the run (duration ${s.spec.duration}ms)` });
  };
  if (tick <= 0) errors.push({ file: doc.file, ...doc.locate(['spec', 'tick']), path: 'spec.tick', message: 'Invalid value: must be more than 0' });
  if (tick <= 0) return errors;
  check(['spec', 'duration'], s.spec.duration);
  (s.spec.timeline ?? []).forEach((item, i) => check(['spec', 'timeline', i, 'at'], item.at));
  (s.spec.expect ?? []).forEach((e, i) => {
    if (e.at !== undefined) check(['spec', 'expect', i, 'at'], e.at);
    const w = e.within ?? e.always;
    const key = e.within !== undefined ? 'within' : 'always';
    if (w === undefined) return;
    check(['spec', 'expect', i, key, 'from'], w.from);
    check(['spec', 'expect', i, key, 'to'], w.to);
    if (w.from > w.to) errors.push({ file: doc.file, ...doc.locate(['spec', 'expect', i, key]), path: `spec.expect[${i}].${key}`, message: 'Invalid value: `from` is after `to`' });
  });
  return errors;
};
