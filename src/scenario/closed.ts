/**
 * io-ts combinators for the scenario format: objects that refuse unknown fields (the
 * contract says an unknown field is an error, with its path), and the translation of
 * io-ts errors into located InputErrors.
 */
import * as t from 'io-ts';
import type { InputError, PathSegment } from './errors.js';
import { formatPath } from './errors.js';
import type { LocatedDoc } from './yaml.js';

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

/** An object with required and optional fields and nothing else. */
export const closed = <R extends t.Props, O extends t.Props>(name: string, required: R, optional: O = {} as O) => {
  type A = t.TypeOf<t.TypeC<R>> & t.TypeOf<t.PartialC<O>>;
  return new t.Type<A, unknown, unknown>(
    name,
    (u): u is A => isRecord(u),
    (u, c) => {
      if (!isRecord(u)) return t.failure(u, c, `Invalid value: ${JSON.stringify(u) ?? 'null'}: expected an object (${name})`);
      const errors: t.Errors = [];
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(u)) {
        if (!(key in required) && !(key in optional)) {
          errors.push({ value: u[key], context: [...c, { key, type: t.never, actual: u[key] }], message: `unknown field ${JSON.stringify(key)}` });
        }
      }
      const fields: [string, t.Mixed, boolean][] = [
        ...Object.entries(required).map(([k, v]): [string, t.Mixed, boolean] => [k, v, true]),
        ...Object.entries(optional).map(([k, v]): [string, t.Mixed, boolean] => [k, v, false]),
      ];
      for (const [key, codec, isRequired] of fields) {
        const value = u[key];
        if (value === undefined) {
          if (isRequired) errors.push({ value, context: [...c, { key, type: codec, actual: value }], message: 'Required value' });
          continue;
        }
        const r = codec.validate(value, [...c, { key, type: codec, actual: value }]);
        if (r._tag === 'Left') errors.push(...r.left);
        else out[key] = r.right;
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out as A);
    },
    t.identity,
  );
};

/** Exactly one of `keys` present (the timeline's input kinds, `path` or `inline`). */
export const exactlyOne = <C extends t.Mixed>(codec: C, keys: readonly string[], what: string): t.Type<t.TypeOf<C>, unknown, unknown> =>
  new t.Type<t.TypeOf<C>, unknown, unknown>(
    codec.name,
    codec.is,
    (u, c) => {
      if (isRecord(u)) {
        const present = keys.filter((k) => u[k] !== undefined);
        if (present.length !== 1) {
          const message = present.length === 0 ? `Required value: one of ${keys.join(', ')} (${what})` : `Invalid value: only one of ${keys.join(', ')} may be given, found ${present.join(' and ')}`;
          return t.failure(u, c, message);
        }
      }
      return codec.validate(u, c);
    },
    codec.encode,
  );

const nameOf = (type: t.Decoder<unknown, unknown>): string => {
  const n = type.name;
  if (n === 'number' || n === 'Int') return 'a number';
  if (n === 'string') return 'a string';
  if (n === 'boolean') return 'true or false';
  return n.length > 50 ? 'another shape' : n;
};

/** io-ts errors → one located InputError each (the first per path). */
export const reportErrors = (errors: t.Errors, doc: Pick<LocatedDoc, 'file' | 'locate'>, prefix: readonly PathSegment[] = []): InputError[] => {
  const seen = new Set<string>();
  const out: InputError[] = [];
  for (const e of errors) {
    const segments: PathSegment[] = [...prefix];
    for (const entry of e.context.slice(1)) {
      if (entry.key === '') continue;
      segments.push(/^\d+$/.test(entry.key) ? Number(entry.key) : entry.key);
    }
    const path = formatPath(segments);
    if (seen.has(path)) continue;
    seen.add(path);
    const last = e.context[e.context.length - 1];
    const message = e.message ?? (e.value === undefined ? 'Required value' : `Invalid value: ${JSON.stringify(e.value) ?? 'null'}: expected ${last === undefined ? 'another value' : nameOf(last.type)}`);
    const at = doc.locate(segments.slice(prefix.length));
    out.push({ file: doc.file, line: at.line, col: at.col, path, message });
  }
  return out;
};
