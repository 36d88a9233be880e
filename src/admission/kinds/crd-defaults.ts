/**
 * What the API server does to a custom object before validating it, for the object's
 * version schema (apiextensions-apiserver pkg/apiserver/schema):
 *   1. pruning (pruning/algorithm.go): fields the schema does not specify are dropped,
 *      except under `x-kubernetes-preserve-unknown-fields: true` and the apiVersion, kind
 *      and metadata of the object and of embedded resources;
 *   2. nulls of non-nullable fields without a default are dropped (defaulting/prunenulls.go);
 *   3. defaulting (defaulting/algorithm.go): a property's `default` fills it when absent, or
 *      when null and not nullable; then the walk goes on into every present value,
 *      defaulted ones included, and into array items and additionalProperties values.
 * Upstream does this while decoding the request, so a create never sees the unknown
 * fields: admission calls `defaults` before `validate`, which gives the same result.
 *
 * Only the structural part of a schema (properties, items, additionalProperties) drives
 * these steps; allOf/anyOf/oneOf/not only validate. Every function returns new values.
 */
import type { JSONSchemaProps } from '../../api/crd.js';

// -------------------------------------------------------------------------------------
// JSON helpers
// -------------------------------------------------------------------------------------

export type JsonObject = Readonly<Record<string, unknown>>;

export const isJsonObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sets an own property, even `__proto__` (a plain assignment would set the prototype). */
const put = (o: Record<string, unknown>, k: string, v: unknown): void => {
  Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
};

const copyJson = (v: unknown): unknown => (v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as unknown));

/** upstream: x-kubernetes-int-or-string makes the type `integer,string` whatever `type` says. */
export const typesOf = (s: JSONSchemaProps): readonly string[] =>
  s['x-kubernetes-int-or-string'] === true ? ['integer', 'string'] : s.type !== undefined && s.type !== '' ? [s.type] : [];

/** A declared property's schema (own keys only: `toString` is not a property). */
export const propertyOf = (s: JSONSchemaProps | undefined, key: string): JSONSchemaProps | undefined =>
  s?.properties !== undefined && Object.hasOwn(s.properties, key) ? s.properties[key] : undefined;

/** The schema of an object's field: its property, else additionalProperties when a schema. */
const fieldSchema = (s: JSONSchemaProps | undefined, key: string): JSONSchemaProps | undefined => {
  if (s === undefined) return undefined;
  const prop = propertyOf(s, key);
  if (prop !== undefined) return prop;
  return typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
};

const itemsSchema = (s: JSONSchemaProps | undefined): JSONSchemaProps | undefined =>
  s?.items !== undefined && !Array.isArray(s.items) ? (s.items as JSONSchemaProps) : undefined;

// -------------------------------------------------------------------------------------
// pruning
// -------------------------------------------------------------------------------------

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * upstream pruning.Prune with isResourceRoot: the root counts as an embedded resource,
 * so its apiVersion, kind and metadata stay. `schema` absent: everything but those goes.
 */
export const prune = (value: unknown, schema: JSONSchemaProps | undefined): unknown =>
  pruneValue(value, { ...(schema ?? {}), 'x-kubernetes-embedded-resource': true });

/** upstream pruning.Prune without isResourceRoot: `s` as it is (embedded or not). */
export const pruneNode = (value: unknown, s: JSONSchemaProps): unknown => pruneValue(value, s);

const pruneValue = (x: unknown, s: JSONSchemaProps | undefined): unknown => {
  if (s?.['x-kubernetes-preserve-unknown-fields'] === true) return pruneKnown(x, s);
  if (Array.isArray(x)) return x.map((item) => pruneValue(item, itemsSchema(s)));
  if (!isJsonObject(x)) return x;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) {
    if (s?.['x-kubernetes-embedded-resource'] === true && META_FIELDS.has(k)) put(out, k, v);
    else if (s?.properties !== undefined && Object.hasOwn(s.properties, k)) put(out, k, pruneValue(v, s.properties[k]));
    else if (s?.additionalProperties !== undefined) put(out, k, pruneValue(v, fieldSchema(s, k)));
  }
  return out;
};

/** upstream skipPrune: unknown fields stay, known ones are pruned by their own schema. */
const pruneKnown = (x: unknown, s: JSONSchemaProps): unknown => {
  if (Array.isArray(x)) {
    const items = itemsSchema(s);
    return items === undefined ? x : x.map((item) => pruneKnown(item, items));
  }
  if (!isJsonObject(x)) return x;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) {
    const embeddedMeta = s['x-kubernetes-embedded-resource'] === true && META_FIELDS.has(k);
    const sub = embeddedMeta ? undefined : fieldSchema(s, k);
    const additionalBool = !embeddedMeta && propertyOf(s, k) === undefined && typeof s.additionalProperties === 'boolean';
    put(out, k, sub !== undefined ? pruneValue(v, sub) : additionalBool ? pruneValue(v, undefined) : v);
  }
  return out;
};

// -------------------------------------------------------------------------------------
// nulls and defaults
// -------------------------------------------------------------------------------------

/** upstream PruneNonNullableNullsWithoutDefaults. */
export const pruneNulls = (x: unknown, s: JSONSchemaProps | undefined): unknown => {
  if (Array.isArray(x)) return x.map((item) => pruneNulls(item, itemsSchema(s)));
  if (!isJsonObject(x)) return x;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) {
    const sub = fieldSchema(s, k);
    const droppable = v === null && sub !== undefined && sub.nullable !== true && sub.default === undefined;
    if (!droppable) put(out, k, pruneNulls(v, sub));
  }
  return out;
};

const nonNullableNull = (x: unknown, s: JSONSchemaProps | undefined): boolean => x === null && s !== undefined && s.nullable !== true;

/** upstream structuraldefaulting.Default. */
export const applyDefaults = (x: unknown, s: JSONSchemaProps | undefined): unknown => {
  if (s === undefined) return x;
  if (Array.isArray(x)) {
    const items = itemsSchema(s);
    return x.map((item) => applyDefaults(nonNullableNull(item, items) ? copyJson(items?.default) ?? null : item, items));
  }
  if (!isJsonObject(x)) return x;
  const out: Record<string, unknown> = { ...x };
  for (const [k, prop] of Object.entries(s.properties ?? {})) {
    if (prop.default === undefined) continue;
    if (!Object.hasOwn(out, k) || nonNullableNull(out[k], prop)) put(out, k, copyJson(prop.default));
  }
  for (const k of Object.keys(out)) {
    const prop = propertyOf(s, k);
    const extra = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
    if (prop !== undefined) put(out, k, applyDefaults(out[k], prop));
    else if (extra !== undefined) put(out, k, applyDefaults(nonNullableNull(out[k], extra) ? copyJson(extra.default) ?? null : out[k], extra));
  }
  return out;
};

/** The whole decode-time pipeline for one custom object: prune, drop nulls, default. */
export const pruneAndDefault = (value: unknown, schema: JSONSchemaProps | undefined): unknown =>
  applyDefaults(pruneNulls(prune(value, schema), schema), schema);
