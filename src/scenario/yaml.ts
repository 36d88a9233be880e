/**
 * YAML documents with positions, and the io-ts helpers that turn decoding failures into
 * located InputErrors: each document's plain value, a way to find the line:column of any
 * field path in it, closed object codecs (an unknown field is an error, as the scenario
 * contract says), and `reportErrors`, which words io-ts errors as the API server does.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { Document, DocumentOptions, Node, ParseOptions, ScalarTag, SchemaOptions, Tags } from 'yaml';
import { LineCounter, isAlias, isMap, isNode, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { InputError, PathSegment } from './errors.js';
import { formatPath } from './errors.js';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export interface Position {
  readonly line: number;
  readonly col: number;
}

/** One YAML document: its plain JSON value and where each of its fields is written. */
export interface LocatedDoc {
  readonly value: unknown;
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /**
   * Where the field at `path` is written (1-based): the key of a mapping entry, the item
   * of a list. A path that does not exist gives its deepest existing ancestor (for a
   * missing key, the entry of the mapping that lacks it); never undefined.
   */
  readonly locate: (path: readonly PathSegment[]) => Position;
}

// -------------------------------------------------------------------------------------
// parsing
// -------------------------------------------------------------------------------------

/**
 * upstream: sigs.k8s.io/yaml reads `0644` as octal 420 (YAML 1.1), and manifests write
 * file modes that way (`defaultMode: 0644`). Otherwise YAML 1.2 core: `yes`, `no`, `on`
 * and `off` stay strings.
 */
const legacyOctal: ScalarTag = {
  identify: () => false,
  default: true,
  tag: 'tag:yaml.org,2002:int',
  format: 'OCT',
  test: /^[-+]?0[0-7]+$/,
  resolve: (text) => parseInt(text, 8),
};

const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  prettyErrors: false,
  uniqueKeys: true,
  // Keys are strings, as sigs.k8s.io/yaml makes them (`80: x` is the key "80"); a list
  // or mapping used as a key is an error.
  stringKeys: true,
  // `<<: *defaults` merge keys, which kubectl (YAML 1.1) accepts.
  merge: true,
  customTags: (tags: Tags): Tags => [legacyOctal, ...tags],
};

/** The yaml library's first line, without its own " at line 3, column 5:" tail. */
const readable = (text: string, code: string, offset: number, message: string): string => {
  const first = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
  if (code !== 'DUPLICATE_KEY') return `invalid YAML: ${first}`;
  const key = /^\s*("[^"]*"|'[^']*'|[^:,{}[\]\n]+?)\s*:/.exec(text.slice(offset))?.[1] ?? '';
  return `invalid YAML: duplicate key ${key.startsWith('"') || key.startsWith("'") ? key : JSON.stringify(key)} (keys of a mapping must be unique)`;
};

/**
 * Limits on nesting, checked before the parser sees the text: a parser that recurses
 * hundreds of levels deep can exhaust the stack (and V8's regular expression compiler with
 * it) instead of failing cleanly. Real manifests stay far below these.
 */
const MAX_FLOW_DEPTH = 100;
const MAX_INDENT = 400;

/** Where the text nests deeper than the limits (`{`/`[` outside quotes and comments, or indentation). */
const tooDeepAt = (text: string): Position | undefined => {
  let depth = 0;
  let line = 1;
  let col = 0;
  let quote = '';
  let comment = false;
  let indent = 0;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    col++;
    if (ch === '\n') {
      line++;
      col = 0;
      comment = false;
      indent = 0;
      lineStart = true;
      continue;
    }
    if (lineStart) {
      if (ch === ' ' || ch === '-') {
        indent++;
        if (indent > MAX_INDENT) return { line, col };
        continue;
      }
      lineStart = false;
    }
    if (comment) continue;
    if (quote !== '') {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) comment = true;
    else if (ch === '{' || ch === '[') {
      depth++;
      if (depth > MAX_FLOW_DEPTH) return { line, col };
    } else if ((ch === '}' || ch === ']') && depth > 0) depth--;
  }
  return undefined;
};

/**
 * Every non-empty document of a YAML stream. The first syntax error (a duplicate key
 * included) is the result, at its line and column.
 */
export const parseYamlDocuments = (text: string, file: string): Either<InputError, readonly LocatedDoc[]> => {
  const tooDeep = tooDeepAt(text);
  if (tooDeep !== undefined) return left({ file, ...tooDeep, message: `invalid YAML: nested more than ${MAX_FLOW_DEPTH} levels deep, or indented more than ${MAX_INDENT} columns` });
  const counter = new LineCounter();
  const parsed = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter: counter });
  const docs = Array.isArray(parsed) ? parsed : [];
  const out: LocatedDoc[] = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error !== undefined) {
      const { line, col } = counter.linePos(error.pos[0]);
      return left({ file, line, col, message: readable(text, error.code, error.pos[0], error.message) });
    }
    // An empty document (a trailing `---`, a comment) or an explicit null is no object: skip it, as kubectl does.
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) continue;
    const located = locatedDoc(doc, counter, file);
    if (located._tag === 'Left') return located;
    out.push(located.right);
  }
  return right(out);
};

const locatedDoc = (doc: Document.Parsed, counter: LineCounter, file: string): Either<InputError, LocatedDoc> => {
  const locate = (path: readonly PathSegment[]): Position => counter.linePos(offsetOf(doc, path));
  const at = locate([]);
  try {
    // maxAliasCount: a "billion laughs" document is refused, not expanded.
    return right({ value: doc.toJS({ maxAliasCount: 1000 }) as unknown, file, line: at.line, col: at.col, locate });
  } catch (e) {
    return left({ file, line: at.line, col: at.col, message: `invalid YAML: ${e instanceof Error ? e.message : String(e)}` });
  }
};

// -------------------------------------------------------------------------------------
// positions
// -------------------------------------------------------------------------------------

const startOf = (node: unknown, fallback: number): number => (isNode(node) && node.range ? node.range[0] : fallback);

/** One step down from `node`: the key node (for a position) and the value (to go on). */
const child = (doc: Document, node: unknown, segment: PathSegment): { at: unknown; next: unknown } | undefined => {
  const resolved = isAlias(node) ? node.resolve(doc) : node;
  if (isMap(resolved)) {
    const pair = resolved.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
    return pair === undefined ? undefined : { at: pair.key, next: pair.value };
  }
  if (isSeq(resolved) && typeof segment === 'number') {
    const item: unknown = resolved.items[segment];
    return item === undefined ? undefined : { at: item, next: item };
  }
  return undefined;
};

/** The offset where `path` is written, or where its deepest existing ancestor is. */
const offsetOf = (doc: Document, path: readonly PathSegment[]): number => {
  let node: unknown = doc.contents;
  let offset = startOf(node as Node | null, 0);
  for (const segment of path) {
    const step = child(doc, node, segment);
    if (step === undefined) break;
    offset = startOf(step.at, offset);
    node = step.next;
  }
  return offset;
};

// -------------------------------------------------------------------------------------
// closed objects
// -------------------------------------------------------------------------------------

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

export interface Field {
  readonly key: string;
  readonly codec: t.Mixed;
  readonly required: boolean;
}

/** The fields of t.type / t.partial / t.intersection / t.exact / closed codecs. */
const fieldsOf = (codec: t.Mixed): Field[] => {
  if (codec instanceof t.InterfaceType) return Object.entries(codec.props as t.Props).map(([key, c]) => ({ key, codec: c, required: true }));
  if (codec instanceof t.PartialType) return Object.entries(codec.props as t.Props).map(([key, c]) => ({ key, codec: c, required: false }));
  if (codec instanceof t.IntersectionType) return (codec.types as t.Mixed[]).flatMap(fieldsOf);
  if (codec instanceof t.ExactType || codec instanceof t.ReadonlyType) return fieldsOf(codec.type as t.Mixed);
  if (codec instanceof ClosedType) return [...codec.fields];
  throw new Error(`closed(): cannot list the fields of ${codec.name}`);
};

/** An object codec that refuses fields it does not name. */
export class ClosedType<A> extends t.Type<A, unknown, unknown> {
  readonly _tag = 'ClosedType' as const;
  constructor(
    name: string,
    readonly fields: readonly Field[],
  ) {
    const known = new Set(fields.map((f) => f.key));
    super(
      name,
      (u): u is A => isRecord(u) && Object.keys(u).every((k) => known.has(k)) && fields.every((f) => (u[f.key] == null ? !f.required : f.codec.is(u[f.key]))),
      (u, c) => validateClosed<A>(fields, known, u, c),
      (a) => Object.fromEntries(fields.flatMap((f) => ((a as Record<string, unknown>)[f.key] === undefined ? [] : [[f.key, f.codec.encode((a as Record<string, unknown>)[f.key])]]))),
    );
  }
}

const UnknownField = new t.Type<never>('unknown field', (_u): _u is never => false, (u, c) => t.failure(u, c), t.identity);

/**
 * Unknown keys first (in the order written), then each field. A `null` is an absent
 * field, as the API server treats it (`description:` with nothing after it).
 */
const validateClosed = <A>(fields: readonly Field[], known: ReadonlySet<string>, u: unknown, c: t.Context): t.Validation<A> => {
  if (!isRecord(u)) return t.failure(u, c);
  const errors: t.ValidationError[] = [];
  for (const key of Object.keys(u)) {
    if (!known.has(key)) errors.push({ value: u[key], context: [...c, { key, type: UnknownField, actual: u[key] }], message: `unknown field ${JSON.stringify(key)}` });
  }
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const value = u[f.key];
    const context: t.Context = [...c, { key: f.key, type: f.codec, actual: value }];
    if (value === undefined || value === null) {
      if (f.required) errors.push({ value: undefined, context });
      continue;
    }
    const r = f.codec.validate(value, context);
    if (r._tag === 'Left') errors.push(...r.left);
    else out[f.key] = r.right;
  }
  return errors.length > 0 ? t.failures(errors) : t.success(out as A);
};

type TypeOfAll<Cs extends readonly t.Mixed[]> = Cs extends readonly [infer H extends t.Mixed, ...infer R extends readonly t.Mixed[]] ? t.TypeOf<H> & TypeOfAll<R> : unknown;

/**
 * `closed(t.type({ name: t.string }), t.partial({ labels: Labels }))`: the fields of the
 * codecs together, and an `unknown field "x"` error for any other key.
 */
export const closed = <Cs extends readonly [t.Mixed, ...t.Mixed[]]>(...codecs: Cs): ClosedType<TypeOfAll<Cs>> => {
  const fields = codecs.flatMap(fieldsOf);
  const name = `{ ${fields.map((f) => `${f.key}${f.required ? '' : '?'}`).join(', ')} }`;
  return new ClosedType<TypeOfAll<Cs>>(name, fields);
};

// -------------------------------------------------------------------------------------
// reporting
// -------------------------------------------------------------------------------------

const isBranching = (type: t.Decoder<unknown, unknown>): boolean => type instanceof t.UnionType || type instanceof t.IntersectionType;

/** Field path of an io-ts context: union and intersection members are not fields. */
const segmentsOf = (context: t.Context): PathSegment[] => {
  const out: PathSegment[] = [];
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1]?.type;
    const entry = context[i];
    if (parent === undefined || entry === undefined || isBranching(parent)) continue;
    out.push(parent instanceof t.ArrayType || parent instanceof t.TupleType || parent.name === 'UnknownArray' ? Number(entry.key) : entry.key);
  }
  return out;
};

/** Index of the first context entry at or after `from` that is a member of a t.union. */
const unionMemberAt = (context: t.Context, from: number): number =>
  context.findIndex((_, i) => i >= from && i > 0 && context[i - 1]?.type instanceof t.UnionType);

/**
 * A failed union reports one of its members: the one that got furthest into the value
 * (a timeline item whose key matched), or, when none got past the value itself, one
 * error at the union ("expected a or b").
 */
const pruneUnions = (errors: readonly t.ValidationError[], from = 0): t.ValidationError[] => {
  const out: t.ValidationError[] = [];
  const groups = new Map<string, t.ValidationError[]>();
  for (const e of errors) {
    const k = unionMemberAt(e.context, from);
    if (k < 0) out.push(e);
    else {
      const id = `${k}\u0000${e.context.slice(0, k).map((x) => x.key).join('\u0000')}`;
      groups.set(id, [...(groups.get(id) ?? []), e]);
    }
  }
  for (const group of groups.values()) out.push(...bestMember(group, from));
  return out;
};

const bestMember = (group: readonly t.ValidationError[], from: number): t.ValidationError[] => {
  const first = group[0];
  if (first === undefined) return [];
  const k = unionMemberAt(first.context, from);
  const depthOf = (key: string): number => Math.max(...group.filter((e) => e.context[k]?.key === key).map((e) => e.context.length));
  const members = [...new Set(group.map((e) => e.context[k]?.key ?? ''))];
  const best = members.reduce((a, b) => (depthOf(b) > depthOf(a) ? b : a));
  if (depthOf(best) <= k + 1) return [{ value: first.context[k - 1]?.actual, context: first.context.slice(0, k) }];
  return pruneUnions(group.filter((e) => e.context[k]?.key === best), k + 1);
};

const list = (words: readonly string[]): string => (words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1] ?? ''}`);

const NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  Int: 'an integer',
  UnknownRecord: 'a mapping',
  UnknownArray: 'a list',
  Duration: 'a duration such as 500ms, 30s, 5m or 1h30m',
  Quantity: 'a quantity such as 250m, 2 or 1Gi',
};

/** What a codec expects, in words: `a string`, `"NoSchedule" or "NoExecute"`, `a list`. */
export const expectedOf = (type: t.Decoder<unknown, unknown>): string => {
  if (type instanceof t.UnionType) return list((type.types as t.Mixed[]).map(expectedOf));
  if (type instanceof t.LiteralType) return JSON.stringify(type.value);
  if (type instanceof t.KeyofType) return list(Object.keys(type.keys as object).map((k) => JSON.stringify(k)));
  if (type instanceof t.ArrayType) return 'a list';
  if (type instanceof t.InterfaceType || type instanceof t.PartialType || type instanceof t.DictionaryType || type instanceof ClosedType) return 'a mapping';
  if (type instanceof t.RefinementType || type instanceof t.ExactType || type instanceof t.ReadonlyType) return NAMES[type.name] ?? expectedOf(type.type as t.Mixed);
  return NAMES[type.name] ?? type.name;
};

/** A value as messages show it: JSON, cut short. */
export const showValue = (u: unknown): string => {
  const json = JSON.stringify(u) ?? String(u);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
};

const messageOf = (e: t.ValidationError): string => {
  if (e.message !== undefined) return e.message;
  if (e.value === undefined) return 'Required value';
  const type = e.context[e.context.length - 1]?.type;
  return `Invalid value: ${showValue(e.value)}: expected ${type === undefined ? 'another value' : expectedOf(type)}`;
};

const joinPath = (prefix: string, rest: string): string => (prefix === '' ? rest : rest === '' ? prefix : rest.startsWith('[') ? `${prefix}${rest}` : `${prefix}.${rest}`);

/** A located error at `path` of `doc` (`pathPrefix` goes before the printed path only). */
export const errorAt = (doc: Pick<LocatedDoc, 'file' | 'locate'>, path: readonly PathSegment[], message: string, pathPrefix = ''): InputError => {
  const at = doc.locate(path);
  const printed = joinPath(pathPrefix, formatPath(path));
  return printed === '' ? { file: doc.file, line: at.line, col: at.col, message } : { file: doc.file, line: at.line, col: at.col, path: printed, message };
};

/**
 * io-ts errors as located InputErrors: the field path (`spec.timeline[2].scale.replicas`),
 * where it is written, and `Invalid value: "three": expected a non-negative integer`,
 * `Required value` or `unknown field "foo"`. One error per path, in the order written.
 */
export const reportErrors = (errors: t.Errors, doc: Pick<LocatedDoc, 'file' | 'locate'>, pathPrefix = ''): InputError[] => {
  const seen = new Set<string>();
  const out: { error: InputError; order: number }[] = [];
  for (const e of pruneUnions(errors)) {
    const segments = segmentsOf(e.context);
    const error = errorAt(doc, segments, messageOf(e), pathPrefix);
    const id = error.path ?? '';
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ error, order: out.length });
  }
  const key = (x: { error: InputError; order: number }): [number, number, number] => [x.error.line ?? 0, x.error.col ?? 0, x.order];
  return out.sort((a, b) => compareTuples(key(a), key(b))).map((x) => x.error);
};

const compareTuples = (a: readonly number[], b: readonly number[]): number => {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
};
