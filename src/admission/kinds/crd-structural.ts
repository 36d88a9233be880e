/**
 * The checks a CRD version's openAPIV3Schema must pass (apiextensions-apiserver:
 * validateCustomResourceDefinitionValidation and ValidateCustomResourceDefinitionOpenAPISchema
 * in pkg/apis/apiextensions/validation; ValidateStructural in pkg/apiserver/schema;
 * ValidateDefaults in pkg/apiserver/schema/defaulting), in upstream's order:
 *   1. the status-subresource root restrictions and `nullable` at the root;
 *   2. structural-schema errors, sorted as upstream sorts them (by their text);
 *   3. only when the schema is structural: every `default` must be pruned and valid;
 *   4. the OpenAPI restrictions (unsupported keywords, x-kubernetes-* consistency).
 * Properties are visited in the schema's order (upstream: Go map order, i.e. random).
 * CEL rules in x-kubernetes-validations are not compiled; only a missing rule is refused.
 */
import type { JSONSchemaProps } from '../../api/crd.js';
import type { FieldError } from '../../api/validation.js';
import { formatFieldError, forbidden, invalid, notSupported, requiredWith } from '../../api/validation.js';
import { propertyOf, pruneNode } from './crd-defaults.js';
import { compilePattern, validateAgainstSchema } from './crd-schema.js';
import { jsonEqual } from '../../api/json.js';

type Level = 'root' | 'item' | 'field';

const prop = (path: string, k: string): string => `${path}.properties[${k}]`;
const entries = (s: JSONSchemaProps): [string, JSONSchemaProps][] => Object.entries(s.properties ?? {});
const itemSchema = (s: JSONSchemaProps): JSONSchemaProps | undefined => (s.items !== undefined && !Array.isArray(s.items) ? (s.items as JSONSchemaProps) : undefined);
const extraSchema = (s: JSONSchemaProps): JSONSchemaProps | undefined => (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);

// -------------------------------------------------------------------------------------
// entry point
// -------------------------------------------------------------------------------------

// upstream allowedFieldsAtRootSchema, as JSON names (the message lists the Go names).
const ROOT_FIELDS_WITH_STATUS = ['description', 'type', 'format', 'title', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'multipleOf', 'required', 'items', 'properties', 'externalDocs', 'example', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-validations'];
const ROOT_FIELDS_GO = '[Description Type Format Title Maximum ExclusiveMaximum Minimum ExclusiveMinimum MaxLength MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items Properties ExternalDocs Example XPreserveUnknownFields XValidations]';

/** Errors of one version's schema; `base` is `spec.versions[i].schema`. */
export const schemaErrors = (schema: JSONSchemaProps | undefined, statusEnabled: boolean, base: string): FieldError[] => {
  if (schema === undefined) return [];
  const path = `${base}.openAPIV3Schema`;
  const errs: FieldError[] = [];
  if (statusEnabled && schema.type !== undefined && schema.type !== 'object') {
    errs.push(invalid(`${path}.type`, schema.type, 'only "object" is allowed as the type at the root of the schema if the status subresource is enabled'));
  } else if (statusEnabled && Object.keys(schema).some((k) => !ROOT_FIELDS_WITH_STATUS.includes(k) && isSet(schema[k]))) {
    errs.push(invalid(path, schema, `only ${ROOT_FIELDS_GO} fields are allowed at the root of the schema if the status subresource is enabled`));
  }
  if (schema.nullable === true) errs.push(forbidden(`${path}.nullable`, 'nullable cannot be true at the root'));
  const structural = hasUnsupported(schema) ? [] : structuralErrors(schema, path);
  errs.push(...(structural.length > 0 ? structural : defaultsErrors(schema, path, true, false)));
  errs.push(...openAPIErrors(schema, path, { root: true, allowDefaults: true, reason: '', insideMeta: false }));
  return errs;
};

/** upstream skips zero values (false, 0, "", empty lists) when checking the root. */
const isSet = (v: unknown): boolean => v !== undefined && v !== false && v !== 0 && v !== '' && !(Array.isArray(v) && v.length === 0);

/** Keywords that make NewStructural fail; upstream then reports only the OpenAPI errors. */
const hasUnsupported = (s: JSONSchemaProps): boolean =>
  Array.isArray(s.items) || ['$ref', 'id', 'definitions', 'dependencies', 'patternProperties', 'additionalItems'].some((k) => s[k] !== undefined) ||
  [...Object.values(s.properties ?? {}), ...[itemSchema(s), extraSchema(s), s.not].filter((x) => x !== undefined), ...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? [])].some(hasUnsupported);

// -------------------------------------------------------------------------------------
// structural schema (upstream ValidateStructural)
// -------------------------------------------------------------------------------------

const structuralErrors = (schema: JSONSchemaProps, path: string): FieldError[] => {
  const out: FieldError[] = [];
  invariants(schema, 'root', path, out);
  completeness(schema, path, out);
  return out.sort((a, b) => (formatFieldError(a) < formatFieldError(b) ? -1 : formatFieldError(a) > formatFieldError(b) ? 1 : 0));
};

const TYPE_DETAIL: Record<Level, string> = {
  root: 'must not be empty at the root',
  item: 'must not be empty for specified array items',
  field: 'must not be empty for specified object fields',
};

const invariants = (s: JSONSchemaProps, level: Level, path: string, out: FieldError[]): void => {
  const items = itemSchema(s);
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const type = s.type ?? '';
  if (type === 'array' && items === undefined) out.push(requiredWith(`${path}.items`, 'must be specified'));
  if (items !== undefined) invariants(items, 'item', `${path}.items`, out);
  for (const [k, sub] of entries(s)) invariants(sub, 'field', prop(path, k), out);
  if (s.additionalProperties !== undefined && level === 'root') out.push(forbidden(`${path}.additionalProperties`, 'must not be used at the root'));
  const extra = extraSchema(s);
  if (extra !== undefined) invariants(extra, 'field', `${path}.additionalProperties`, out);
  extensionErrors(s, path, out);
  valueValidationErrors(s, path, out);
  if (embedded && type !== 'object') out.push(typeError(path, type, 'must be object if x-kubernetes-embedded-resource is true'));
  else if (type === '' && s['x-kubernetes-int-or-string'] !== true && s['x-kubernetes-preserve-unknown-fields'] !== true) out.push(requiredWith(`${path}.type`, TYPE_DETAIL[level]));
  if (embedded && s.additionalProperties !== undefined) out.push(forbidden(`${path}.additionalProperties`, 'must not be used if x-kubernetes-embedded-resource is set'));
  if (level === 'root' && type !== '' && type !== 'object') out.push(invalid(`${path}.type`, type, 'must be object at the root'));
  metaErrors(s, level === 'root', embedded, path, out);
  if (embedded && s['x-kubernetes-preserve-unknown-fields'] !== true && entries(s).length === 0) {
    out.push(requiredWith(`${path}.properties`, 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'));
  }
};

const typeError = (path: string, type: string, detail: string): FieldError => (type === '' ? requiredWith(`${path}.type`, detail) : invalid(`${path}.type`, type, detail));

const extensionErrors = (s: JSONSchemaProps, path: string, out: FieldError[]): void => {
  if (s['x-kubernetes-int-or-string'] !== true) return;
  if (s['x-kubernetes-preserve-unknown-fields'] === true) out.push(invalid(`${path}.x-kubernetes-preserve-unknown-fields`, true, 'must be false if x-kubernetes-int-or-string is true'));
  if (s['x-kubernetes-embedded-resource'] === true) out.push(invalid(`${path}.x-kubernetes-embedded-resource`, true, 'must be false if x-kubernetes-int-or-string is true'));
};

/** kind and apiVersion must be strings; metadata at the root may only restrict name and generateName. */
const metaErrors = (s: JSONSchemaProps, root: boolean, embedded: boolean, path: string, out: FieldError[]): void => {
  const check = root || embedded;
  for (const k of ['kind', 'apiVersion']) {
    const sub = s.properties?.[k];
    if (check && sub !== undefined && sub.type !== 'string') out.push(invalid(`${prop(path, k)}.type`, sub.type ?? '', 'must be string'));
  }
  const meta = s.properties?.['metadata'];
  if (meta === undefined) return;
  if (check && meta.type !== 'object') out.push(invalid(`${prop(path, 'metadata')}.type`, meta.type ?? '', 'must be object'));
  if (!root) return;
  const names = Object.keys(meta.properties ?? {});
  const onlyNames = names.length > 0 && names.every((n) => n === 'name' || n === 'generateName');
  const rest = Object.keys(meta).filter((k) => k !== 'type' && k !== 'default' && !(k === 'properties' && (onlyNames || names.length === 0)));
  if (rest.length > 0) out.push(forbidden(prop(path, 'metadata'), 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
};

const isIntOrStringAnyOf = (anyOf: readonly JSONSchemaProps[] | undefined): boolean =>
  anyOf !== undefined && anyOf.length === 2 && jsonEqual(anyOf, [{ type: 'integer' }, { type: 'string' }]);

/** upstream validateValueValidation: what allOf/anyOf/oneOf/not may contain, and the pattern. */
const valueValidationErrors = (s: JSONSchemaProps, path: string, out: FieldError[], skipFirstAllOfAnyOf = false, skipAnyOf = false): void => {
  if (!(skipAnyOf || isIntOrStringAnyOf(s.anyOf))) (s.anyOf ?? []).forEach((v, i) => nestedErrors(v, `${path}.anyOf[${i}]`, out));
  const skipFirst = skipFirstAllOfAnyOf || isIntOrStringAnyOf(s.allOf?.[0]?.anyOf);
  (s.allOf ?? []).forEach((v, i) => nestedErrors(v, `${path}.allOf[${i}]`, out, skipFirst && i === 0));
  (s.oneOf ?? []).forEach((v, i) => nestedErrors(v, `${path}.oneOf[${i}]`, out));
  if (s.not !== undefined) nestedErrors(s.not, `${path}.not`, out);
  if (s.pattern !== undefined && s.pattern !== '') {
    const compiled = compilePattern(s.pattern);
    if (compiled instanceof Error) out.push(invalid(`${path}.pattern`, s.pattern, `must be a valid regular expression, but isn't: ${compiled.message}`));
  }
};

const NESTED_FORBIDDEN: readonly (readonly [string, string])[] = [
  ['type', 'must be empty to be structural'],
  ['additionalProperties', 'must be undefined to be structural'],
  ['default', 'must be undefined to be structural'],
  ['title', 'must be empty to be structural'],
  ['description', 'must be empty to be structural'],
  ['nullable', 'must be false to be structural'],
  ['x-kubernetes-preserve-unknown-fields', 'must be false to be structural'],
  ['x-kubernetes-embedded-resource', 'must be false to be structural'],
  ['x-kubernetes-int-or-string', 'must be false to be structural'],
  ['x-kubernetes-list-map-keys', 'must be empty to be structural'],
  ['x-kubernetes-list-type', 'must be undefined to be structural'],
  ['x-kubernetes-map-type', 'must be undefined to be structural'],
  ['x-kubernetes-validations', 'must be empty to be structural'],
];

/** upstream validateNestedValueValidation: inside a combinator, only value validations. */
const nestedErrors = (v: JSONSchemaProps, path: string, out: FieldError[], skipAnyOf = false): void => {
  valueValidationErrors(v, path, out, false, skipAnyOf);
  const items = itemSchema(v);
  if (items !== undefined) nestedErrors(items, `${path}.items`, out);
  for (const [k, sub] of entries(v)) nestedErrors(sub, prop(path, k), out);
  for (const [k, detail] of NESTED_FORBIDDEN) {
    if (isSet(v[k]) || (k === 'default' && v.default !== undefined)) out.push(forbidden(`${path}.${k}`, detail));
  }
  if (v.properties?.['metadata'] !== undefined) out.push(forbidden(prop(path, 'metadata'), 'must not be specified in a nested context'));
};

/** upstream validateStructuralCompleteness: what the root's combinators name must exist. */
const completeness = (s: JSONSchemaProps, path: string, out: FieldError[]): void => {
  const visit = (v: JSONSchemaProps, target: JSONSchemaProps | undefined, sPath: string, vPath: string): void => {
    if (target === undefined) {
      out.push(requiredWith(sPath, `because it is defined in ${vPath}`));
      return;
    }
    combinators(v, target, sPath, vPath);
    const items = itemSchema(v);
    if (items !== undefined) visit(items, itemSchema(target), `${sPath}.items`, `${vPath}.items`);
    for (const [k, sub] of entries(v)) visit(sub, propertyOf(target, k), prop(sPath, k), prop(vPath, k));
  };
  const combinators = (v: JSONSchemaProps, target: JSONSchemaProps, sPath: string, vPath: string): void => {
    if (v.not !== undefined) visit(v.not, target, sPath, `${vPath}.not`);
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) (v[key] ?? []).forEach((x, i) => visit(x, target, sPath, `${vPath}.${key}[${i}]`));
  };
  combinators(s, s, path, path);
};

// -------------------------------------------------------------------------------------
// defaults (upstream defaulting.ValidateDefaults)
// -------------------------------------------------------------------------------------

const META = new Set(['apiVersion', 'kind', 'metadata']);

const defaultsErrors = (s: JSONSchemaProps, path: string, resourceRoot: boolean, insideMeta: boolean): FieldError[] => {
  const embedded = resourceRoot || s['x-kubernetes-embedded-resource'] === true;
  const node: JSONSchemaProps = embedded ? { ...s, 'x-kubernetes-embedded-resource': true } : s;
  const meta = embedded ? false : insideMeta;
  const errs: FieldError[] = [];
  if (s.default !== undefined && !meta) {
    if (!jsonEqual(pruneNode(s.default, node), s.default)) errs.push(invalid(`${path}.default`, s.default, 'must not have unknown fields'));
    errs.push(...validateAgainstSchema(s, s.default, `${path}.default`));
  }
  const items = itemSchema(s);
  if (items !== undefined) errs.push(...defaultsErrors(items, `${path}.items`, false, meta));
  for (const [k, sub] of entries(s)) errs.push(...defaultsErrors(sub, prop(path, k), false, meta || (embedded && META.has(k))));
  return errs;
};

// -------------------------------------------------------------------------------------
// OpenAPI restrictions (upstream ValidateCustomResourceDefinitionOpenAPISchema)
// -------------------------------------------------------------------------------------

interface Ctx {
  readonly root: boolean;
  readonly allowDefaults: boolean;
  readonly reason: string;
  readonly insideMeta: boolean;
}

const TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const UNSUPPORTED: readonly (readonly [string, string])[] = [
  ['id', 'id is not supported'],
  ['additionalItems', 'additionalItems is not supported'],
  ['patternProperties', 'patternProperties is not supported'],
  ['definitions', 'definitions is not supported'],
  ['dependencies', 'dependencies is not supported'],
  ['$ref', '$ref is not supported'],
];

const openAPIErrors = (s: JSONSchemaProps, path: string, ctx: Ctx): FieldError[] => {
  const errs = keywordErrors(s, path, ctx);
  const sub = { ...ctx, root: false };
  const extra = extraSchema(s);
  if (extra !== undefined) {
    const extraCtx = ctx.insideMeta ? { ...sub, allowDefaults: false, reason: 'inside additionalProperties applying to object metadata' } : sub;
    errs.push(...openAPIErrors(extra, `${path}.additionalProperties`, extraCtx));
  }
  for (const [k, p] of entries(s)) {
    const meta = (ctx.root || s['x-kubernetes-embedded-resource'] === true) && META.has(k);
    const propCtx = !meta ? sub : ctx.root ? { ...sub, insideMeta: true, allowDefaults: false, reason: `in top-level ${k}` } : { ...sub, insideMeta: true };
    errs.push(...openAPIErrors(p, prop(path, k), propCtx));
  }
  if (s.not !== undefined) errs.push(...openAPIErrors(s.not, `${path}.not`, sub));
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) (s[key] ?? []).forEach((x, i) => errs.push(...openAPIErrors(x, `${path}.${key}[${i}]`, sub)));
  const items = itemSchema(s);
  if (items !== undefined) errs.push(...openAPIErrors(items, `${path}.items`, sub));
  return [...errs, ...extensionKeywordErrors(s, path)];
};

const keywordErrors = (s: JSONSchemaProps, path: string, ctx: Ctx): FieldError[] => {
  const errs: FieldError[] = [];
  if (s.type !== undefined && s.type !== '' && !TYPES.includes(s.type)) errs.push(notSupported(`${path}.type`, s.type, TYPES));
  if (s.default !== undefined && !ctx.allowDefaults) errs.push(forbidden(`${path}.default`, ctx.reason === '' ? 'must not be set' : `must not be set ${ctx.reason}`));
  for (const [k, detail] of UNSUPPORTED) if (s[k] !== undefined) errs.push(forbidden(`${path}.${k}`, detail));
  if (s.type === 'null') errs.push(forbidden(`${path}.type`, 'type cannot be set to null, use nullable as an alternative'));
  if (Array.isArray(s.items)) errs.push(forbidden(`${path}.items`, 'items must be a schema object and not an array'));
  if (ctx.insideMeta && s['x-kubernetes-embedded-resource'] === true) errs.push(forbidden(`${path}.x-kubernetes-embedded-resource`, 'must not be used inside of resource meta'));
  if (s.uniqueItems === true) errs.push(forbidden(`${path}.uniqueItems`, 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic'));
  if (s.additionalProperties !== undefined && entries(s).length > 0 && s.additionalProperties !== true) {
    errs.push(forbidden(`${path}.additionalProperties`, 'additionalProperties and properties are mutual exclusive'));
  }
  return errs;
};

/** x-kubernetes-preserve-unknown-fields, -map-type, -list-type, -list-map-keys and rules. */
const extensionKeywordErrors = (s: JSONSchemaProps, path: string): FieldError[] => {
  const errs: FieldError[] = [];
  const type = s.type ?? '';
  const listType = s['x-kubernetes-list-type'];
  const mapType = s['x-kubernetes-map-type'];
  const keys = s['x-kubernetes-list-map-keys'] ?? [];
  if (s['x-kubernetes-preserve-unknown-fields'] === false) errs.push(invalid(`${path}.x-kubernetes-preserve-unknown-fields`, false, 'must be true or undefined'));
  if (mapType !== undefined && type !== 'object') errs.push(typeError(path, type, 'must be object if x-kubernetes-map-type is specified'));
  if (mapType !== undefined && mapType !== 'atomic' && mapType !== 'granular') errs.push(notSupported(`${path}.x-kubernetes-map-type`, mapType, ['atomic', 'granular']));
  if (listType !== undefined && type !== 'array') errs.push(typeError(path, type, 'must be array if x-kubernetes-list-type is specified'));
  else if (listType === 'set') errs.push(...atomicSetItemErrors(s, path));
  if (listType !== undefined && !['atomic', 'set', 'map'].includes(listType)) errs.push(notSupported(`${path}.x-kubernetes-list-type`, listType, ['atomic', 'set', 'map']));
  if (keys.length > 0 && listType === undefined) errs.push(requiredWith(`${path}.x-kubernetes-list-type`, 'must be map if x-kubernetes-list-map-keys is non-empty'));
  else if (keys.length > 0 && listType !== 'map') errs.push(invalid(`${path}.x-kubernetes-list-type`, listType, 'must be map if x-kubernetes-list-map-keys is non-empty'));
  if (listType === 'map') errs.push(...mapListErrors(s, path, keys));
  if (listType === 'set' || listType === 'map') errs.push(...listItemErrors(s, path, listType, keys));
  (s['x-kubernetes-validations'] ?? []).forEach((r, i) => {
    if ((r.rule ?? '').trim() === '') errs.push(requiredWith(`${path}.x-kubernetes-validations[${i}].rule`, 'rule is not specified'));
  });
  return errs;
};

const atomicSetItemErrors = (s: JSONSchemaProps, path: string): FieldError[] => {
  const items = itemSchema(s);
  if (items?.type === 'array' && items['x-kubernetes-list-type'] !== undefined && items['x-kubernetes-list-type'] !== 'atomic') {
    return [invalid(`${path}.items.x-kubernetes-list-type`, items['x-kubernetes-list-type'], 'must be atomic as item of a list with x-kubernetes-list-type=set')];
  }
  if (items?.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
    return [invalid(`${path}.items.x-kubernetes-map-type`, items['x-kubernetes-list-type'], 'must be atomic as item of a list with x-kubernetes-list-type=set')];
  }
  return [];
};

const mapListErrors = (s: JSONSchemaProps, path: string, keys: readonly string[]): FieldError[] => {
  const errs: FieldError[] = [];
  const items = itemSchema(s);
  if (keys.length === 0) errs.push(requiredWith(`${path}.x-kubernetes-list-map-keys`, 'must not be empty if x-kubernetes-list-type is map'));
  if (s.items === undefined) errs.push(requiredWith(`${path}.items`, 'must have a schema if x-kubernetes-list-type is map'));
  else if (items === undefined) errs.push(invalid(`${path}.items`, s.items, 'must only have a single schema if x-kubernetes-list-type is map'));
  else if (items.type !== 'object') errs.push(invalid(`${path}.items.type`, items.type ?? '', "must be object if parent array's x-kubernetes-list-type is map"));
  if (items?.type !== 'object') return errs;
  keys.forEach((k, i) => {
    const key = propertyOf(items, k);
    if (key === undefined) errs.push(invalid(`${path}.x-kubernetes-list-map-keys`, keys, 'entries must all be names of item properties'));
    else if (key.type === 'array' || key.type === 'object') errs.push(invalid(`${path}.items.properties[${k}].type`, items.type, "must be a scalar type if parent array's x-kubernetes-list-type is map"));
    if (keys.indexOf(k) < i) errs.push(invalid(`${path}.x-kubernetes-list-map-keys`, keys, 'must not contain duplicate entries'));
  });
  return errs;
};

/** upstream validateMapListKeysMapSet. */
const listItemErrors = (s: JSONSchemaProps, path: string, listType: string, keys: readonly string[]): FieldError[] => {
  const items = itemSchema(s);
  if (items === undefined) return [];
  const errs = items.nullable === true ? [forbidden(`${path}.items.nullable`, `cannot be nullable when x-kubernetes-list-type is ${listType}`)] : [];
  if (listType !== 'map') return errs;
  for (const k of keys) {
    const key = propertyOf(items, k);
    if (key === undefined) continue;
    if (!(items.required ?? []).includes(k) && key.default === undefined) {
      errs.push(requiredWith(`${path}.items.properties[${k}].default`, 'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property'));
    }
    if (key.nullable === true) errs.push(forbidden(`${path}.items.properties[${k}].nullable`, 'this property is in x-kubernetes-list-map-keys, so it cannot be nullable'));
  }
  return errs;
};
