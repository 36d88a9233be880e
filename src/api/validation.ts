/**
 * Field errors as the API server words them: `spec.replicas: Invalid value: -1: must be
 * greater than or equal to 0`, `spec.containers: Required value`.
 */
import type * as t from 'io-ts';

export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export const invalid = (path: string, value: unknown, detail: string): FieldError => ({
  path,
  message: `Invalid value: ${showValue(value)}: ${detail}`,
});

export const required = (path: string): FieldError => ({ path, message: 'Required value' });

export const showValue = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : value === undefined ? 'null' : JSON.stringify(value) ?? String(value);

/** Errors from an io-ts decode of an API object, one per field, deduplicated. */
export const fieldErrorsOf = (errors: t.Errors, prefix = ''): FieldError[] => {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors) {
    const path = joinPath(prefix, pathOfDecodeError(e.context));
    const message = e.value === undefined ? 'Required value' : `Invalid value: ${showValue(e.value)}: expected ${expectedName(e.context)}`;
    const line = `${path}: ${message}`;
    if (seen.has(line)) continue;
    seen.add(line);
    out.push({ path, message });
  }
  return out;
};

const joinPath = (prefix: string, path: string): string => (prefix === '' ? path : path === '' ? prefix : `${prefix}.${path}`);

const pathOfDecodeError = (context: t.Context): string => {
  const parts: string[] = [];
  for (let i = 1; i < context.length; i++) {
    const entry = context[i];
    const parent = context[i - 1];
    if (entry === undefined || parent === undefined) continue;
    const parentTag = (parent.type as { _tag?: string })._tag;
    if (parentTag === 'IntersectionType' || parentTag === 'UnionType') continue;
    if (parentTag === 'ArrayType' || parentTag === 'ReadonlyArrayType') parts.push(`[${entry.key}]`);
    else parts.push(parts.length === 0 ? entry.key : `.${entry.key}`);
  }
  return parts.join('');
};

const expectedName = (context: t.Context): string => {
  const last = context[context.length - 1];
  const name = last?.type.name ?? 'a value';
  return name.length > 60 ? 'another shape' : name;
};

export const formatFieldError = (e: FieldError): string => (e.path === '' ? e.message : `${e.path}: ${e.message}`);

// upstream apimachinery field.ErrorType wordings, for the other error types.

/** `Required value: detail` (field.Required with a detail). */
export const requiredWith = (path: string, detail: string): FieldError => ({ path, message: detail === '' ? 'Required value' : `Required value: ${detail}` });

/** `Unsupported value: "Foo": supported values: "A", "B"` (field.NotSupported). */
export const notSupported = (path: string, value: unknown, supported: readonly string[]): FieldError => ({
  path,
  message: `Unsupported value: ${showValue(value)}${supported.length === 0 ? '' : `: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`}`,
});

/** `Forbidden: detail` (field.Forbidden). */
export const forbidden = (path: string, detail: string): FieldError => ({ path, message: `Forbidden: ${detail}` });

/** `Duplicate value: "x"` (field.Duplicate). */
export const duplicate = (path: string, value: unknown): FieldError => ({ path, message: `Duplicate value: ${showValue(value)}` });

/** `Too long: may not be more than N bytes` (field.TooLong, as v1.34 words it). */
export const tooLong = (path: string, max: number): FieldError => ({ path, message: `Too long: may not be more than ${max} bytes` });

/** `Too many: N: must have at most M items` (field.TooMany). */
export const tooMany = (path: string, actual: number, max: number): FieldError => ({ path, message: `Too many: ${actual}: must have at most ${max} items` });

/**
 * The field errors of a value that does not have the codec's type; none when it does.
 * `is` checks the same types as `decode` without building results, so decoding runs only
 * to word the errors.
 */
export const typeErrors = (codec: t.Mixed, value: unknown, prefix = ''): FieldError[] => {
  if (codec.is(value)) return [];
  const decoded = codec.decode(value);
  return decoded._tag === 'Left' ? fieldErrorsOf(decoded.left, prefix) : [];
};
