/**
 * Field paths into an object, as scenario expectations write them:
 * `status.readyReplicas`, `spec.template.spec.containers[0].image`,
 * `status.conditions[type=Ready].status`, `metadata.labels[app.kubernetes.io/name]`.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';

export type Segment =
  | { readonly type: 'field'; readonly name: string }
  | { readonly type: 'index'; readonly index: number }
  | { readonly type: 'match'; readonly key: string; readonly value: string };

export const parseFieldPath = (path: string): Either<string, readonly Segment[]> => {
  const segments: Segment[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) return left(`unclosed "[" at character ${i + 1} of ${JSON.stringify(path)}`);
      const inner = path.slice(i + 1, close);
      segments.push(bracket(inner));
      i = close + 1;
      if (path[i] === '.') i++;
      continue;
    }
    let j = i;
    while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
    const name = path.slice(i, j);
    if (name === '') return left(`empty field name at character ${i + 1} of ${JSON.stringify(path)}`);
    segments.push({ type: 'field', name });
    i = path[j] === '.' ? j + 1 : j;
  }
  return segments.length === 0 ? left('empty field path') : right(segments);
};

const unquote = (s: string): string => (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0] ? s.slice(1, -1) : s);

const bracket = (inner: string): Segment => {
  if (/^\d+$/.test(inner)) return { type: 'index', index: Number(inner) };
  const eq = inner.indexOf('=');
  if (eq > 0) return { type: 'match', key: inner.slice(0, eq).trim(), value: unquote(inner.slice(eq + 1).trim()) };
  return { type: 'field', name: unquote(inner) };
};

/** The value at the path, or undefined when any step is absent. */
export const valueAt = (object: unknown, segments: readonly Segment[]): unknown => {
  let current: unknown = object;
  for (const s of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    if (s.type === 'field') current = (current as Record<string, unknown>)[s.name];
    else if (!Array.isArray(current)) return undefined;
    else if (s.type === 'index') current = current[s.index];
    else current = current.find((item: unknown) => typeof item === 'object' && item !== null && String((item as Record<string, unknown>)[s.key]) === s.value);
  }
  return current;
};
