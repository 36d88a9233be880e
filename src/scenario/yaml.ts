/**
 * YAML documents with positions: each document's plain value, and a way to find the
 * line:column of any field path in it (for error messages).
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import type { Document } from 'yaml';
import { LineCounter, isMap, isNode, isScalar, parseAllDocuments } from 'yaml';
import type { InputError, PathSegment } from './errors.js';

export interface Position {
  readonly line: number;
  readonly col: number;
}

export interface LocatedDoc {
  readonly value: unknown;
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** The position of the node at `path`, or of its deepest existing ancestor. */
  readonly locate: (path: readonly PathSegment[]) => Position;
}

const firstLine = (message: string): string => (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');

/** The key node of `path`'s last segment when it names a key of a mapping. */
const keyNodeOf = (doc: Document, path: readonly PathSegment[]): unknown => {
  const last = path[path.length - 1];
  if (typeof last !== 'string') return undefined;
  const parent: unknown = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  return parent.items.find((pair) => isScalar(pair.key) && pair.key.value === last)?.key;
};

const positionOf = (doc: Document, counter: LineCounter, path: readonly PathSegment[]): Position => {
  const key = keyNodeOf(doc, path);
  if (isNode(key) && key.range !== undefined && key.range !== null) {
    const { line, col } = counter.linePos(key.range[0]);
    return { line, col };
  }
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range !== undefined && node.range !== null) {
      const { line, col } = counter.linePos(node.range[0]);
      return { line, col };
    }
  }
  return { line: 1, col: 1 };
};

export const parseYamlDocuments = (text: string, file: string): Either<InputError, readonly LocatedDoc[]> => {
  const counter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  const docs = Array.isArray(parsed) ? parsed : [];
  const out: LocatedDoc[] = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error !== undefined) {
      const { line, col } = counter.linePos(error.pos[0]);
      return left({ file, line, col, message: `invalid YAML: ${firstLine(error.message)}` });
    }
    if (doc.contents === null) continue;
    const at = positionOf(doc, counter, []);
    out.push({ value: doc.toJS({ maxAliasCount: 1000 }) as unknown, file, line: at.line, col: at.col, locate: (path) => positionOf(doc, counter, path) });
  }
  return right(out);
};
