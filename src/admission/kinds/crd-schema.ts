/**
 * A custom object checked against its CRD's OpenAPI v3 schema, as kube-apiserver does it
 * (k8s.io/kube-openapi pkg/validation/validate, turned into field errors by
 * apiextensions-apiserver pkg/apiserver/validation kubeOpenAPIResultToFieldErrors), then
 * the x-kubernetes-list-type checks (pkg/apiserver/schema/listtype).
 *
 * Messages keep kube-openapi's quirks: the value's name appears in the detail
 * (`spec.replicas in body must be of type integer: "string"`), a wrong type reports the
 * value's type name, and errors kube-openapi raises without a name (anyOf, oneOf, not,
 * range checks of the schema's own bounds) carry upstream's nil path, printed `<nil>`.
 *
 * Differences from upstream, all cheap to live with:
 * - JSON cannot tell `1.0` from `1` once parsed, so `1.0` counts as an integer here (the
 *   API server reads it as a float; both accept it for `type: integer`).
 * - `pattern` is an ECMAScript regular expression here, RE2 upstream: the syntax both
 *   share (what CRDs use in practice) matches alike; lookarounds work here, not there.
 * - Properties are checked in the schema's order; upstream walks a Go map (random order).
 * - anyOf/oneOf report the first failing alternative's errors, not the "best" by
 *   kube-openapi's match count. Formats without a simple exact rule (email, uri,
 *   hostname, isbn, creditcard) are approximated; see FORMATS.
 */
import type { JSONSchemaProps } from '../../api/crd.js';
import type { FieldError } from '../../api/validation.js';
import { duplicate, invalid, notSupported, required, tooLong, tooMany } from '../../api/validation.js';
import { isJsonObject, propertyOf, typesOf } from './crd-defaults.js';
import { jsonEqual } from '../../api/json.js';

// -------------------------------------------------------------------------------------
// entry points
// -------------------------------------------------------------------------------------

/**
 * Errors of `value` against `schema`. `prefix` is the field path errors hang under
 * (empty for a whole object; `...default` when the CRD's defaults are checked).
 */
export const validateAgainstSchema = (schema: JSONSchemaProps, value: unknown, prefix = ''): FieldError[] => {
  const out: FieldError[] = [];
  walk({ prefix, out }, schema, value, '');
  return out;
};

interface Walk {
  readonly prefix: string;
  readonly out: FieldError[];
}

/** upstream: the error's name, without kube-openapi's leading dot, as a child of prefix. */
const pathOf = (w: Walk, name: string): string => {
  if (name === '' || name === '.') return w.prefix === '' ? NIL_PATH : w.prefix;
  const child = name.startsWith('.') ? name.slice(1) : name;
  return w.prefix === '' ? child : `${w.prefix}.${child}`;
};

/** upstream prints a nil *field.Path as `<nil>` (errors kube-openapi raises without a name). */
export const NIL_PATH = '<nil>';

const nameless = (w: Walk, detail: string): void => {
  w.out.push(invalid(w.prefix === '' ? NIL_PATH : w.prefix, '', detail));
};

/** upstream SchemaValidator.Validate: every validator that applies to the value's kind. */
const walk = (w: Walk, s: JSONSchemaProps, v: unknown, name: string): void => {
  if (v === null || v === undefined) {
    checkType(w, s, null, name);
    checkEnum(w, s, null, name);
    return;
  }
  checkType(w, s, v, name);
  checkCombinators(w, s, v, name);
  if (typeof v === 'string') {
    checkString(w, s, v, name);
    checkFormat(w, s, v, name);
  }
  if (typeof v === 'number') checkNumber(w, s, v, name);
  if (Array.isArray(v)) checkArray(w, s, v, name);
  checkEnum(w, s, v, name);
  if (isJsonObject(v)) checkObject(w, s, v, name);
};

// -------------------------------------------------------------------------------------
// type and format
// -------------------------------------------------------------------------------------

/** The type name kube-openapi gives a JSON value (Go's int64 and float64 for numbers). */
export const jsonTypeOf = (v: unknown): string => {
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (Array.isArray(v)) return 'array';
  return 'object';
};

const typeFail = (w: Walk, name: string, typeName: string, shown: string): void => {
  w.out.push(invalid(pathOf(w, name), shown, `${name} in body must be of type ${typeName}: ${JSON.stringify(shown)}`));
};

/** upstream typeValidator, with its format cross-check for non-string values. */
const checkType = (w: Walk, s: JSONSchemaProps, v: unknown, name: string): void => {
  const types = typesOf(s);
  const format = effectiveFormat(s);
  if (types.length === 0 && format === '') return;
  if (v === null) {
    if (types.length > 0 && s.nullable !== true) typeFail(w, name, types.join(','), 'null');
    return;
  }
  const actual = jsonTypeOf(v);
  const nativeFormat = actual === 'integer' ? 'int64' : actual === 'number' ? 'float64' : '';
  const intAsNumber = actual === 'integer' && types.includes('number');
  const stringLike = actual === 'string' || actual === 'array';
  if (!stringLike && format !== '' && !(types.includes(actual) || nativeFormat === format || intAsNumber)) {
    typeFail(w, name, format, nativeFormat);
    return;
  }
  if (!(types.includes('number') || types.includes('integer')) && format !== '' && stringLike) return;
  if (!(types.includes(actual) || intAsNumber)) typeFail(w, name, types.join(','), actual);
};

/** upstream StripUnsupportedFormatsPostProcessor: formats the API server ignores are dropped. */
export const effectiveFormat = (s: JSONSchemaProps): string => {
  const format = s.format ?? '';
  if (format === '') return '';
  const types = typesOf(s);
  const single = types.length === 1 ? types[0] : '';
  if (single === '' || single === 'string') return FORMATS[format.replaceAll('-', '')] === undefined ? '' : format;
  if (single === 'integer') return format === 'int32' || format === 'int64' ? format : '';
  if (single === 'number') return format === 'float' || format === 'double' ? format : '';
  return '';
};

const checkFormat = (w: Walk, s: JSONSchemaProps, v: string, name: string): void => {
  const format = effectiveFormat(s);
  const valid = FORMATS[format.replaceAll('-', '')];
  if (valid !== undefined && !valid(v)) typeFail(w, name, format, v);
};

const re = (r: RegExp) => (v: string): boolean => r.test(v);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const isDate = (v: string): boolean => {
  const m = DATE.exec(v);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= (days[mo - 1] ?? 0);
};
// upstream strfmt IsDateTime: a date, a `t`, then hh:mm:ss[.frac](z|±hh:mm), case-insensitive.
const TIME = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/;
const isDateTime = (v: string): boolean => {
  const parts = v.toLowerCase().split('t');
  const m = parts.length >= 2 ? TIME.exec(parts[1] ?? '') : null;
  return v.length >= 4 && m !== null && isDate(parts[0] ?? '') && (m[1] ?? '') <= '23' && (m[2] ?? '') <= '59' && (m[3] ?? '') <= '59';
};
const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|0?\\d?\\d)';
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);
const isIPv6 = (v: string): boolean => {
  if (!/^[0-9a-fA-F:.]+$/.test(v) || (v.match(/::/g) ?? []).length > 1) return false;
  const tail = v.includes('.') ? v.slice(v.lastIndexOf(':') + 1) : '';
  if (tail !== '' && !IPV4.test(tail)) return false;
  const groups = (tail === '' ? v : v.slice(0, v.length - tail.length - 1)).split(':').filter((g, i, all) => g !== '' || (i > 0 && i < all.length - 1));
  const count = groups.filter((g) => g !== '').length + (tail === '' ? 0 : 2);
  return groups.every((g) => g === '' || /^[0-9a-fA-F]{1,4}$/.test(g)) && (v.includes('::') ? count < 8 : count === 8);
};
const isCidr = (v: string): boolean => {
  const [ip, bits, ...rest] = v.split('/');
  if (ip === undefined || bits === undefined || rest.length > 0 || !/^\d{1,3}$/.test(bits)) return false;
  return IPV4.test(ip) ? Number(bits) <= 32 : isIPv6(ip) && Number(bits) <= 128;
};
const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$/;
const SCALA_DURATION = /^\d+\s?(d|day|days|h|hr|hour|hours|m|min|minute|minutes|s|sec|second|seconds|ms|milli|millis|millisecond|milliseconds|us|micro|micros|microsecond|microseconds|ns|nano|nanos|nanosecond|nanoseconds|w|week|weeks)$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** strfmt's default registry, keyed by normalized name (dashes removed), as the API server knows it. */
const FORMATS: Readonly<Record<string, (v: string) => boolean>> = {
  bsonobjectid: re(/^[0-9a-fA-F]{24}$/),
  uri: re(/^([a-zA-Z][a-zA-Z0-9+.-]*:\S+|\/\S*)$/),
  email: re(/^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+$/),
  hostname: (v) => v.length <= 255 && re(/^[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*$/)(v),
  ipv4: re(IPV4),
  ipv6: isIPv6,
  cidr: isCidr,
  mac: re(/^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{2}[:-]){7}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{4}\.){2}[0-9a-fA-F]{4}$/),
  uuid: re(/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i),
  uuid3: re(/^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i),
  uuid4: re(/^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i),
  uuid5: re(/^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i),
  isbn: re(/^(\d{9}[\dX]|\d{13}|[\d-]{13}|[\d-]{17})$/),
  isbn10: re(/^(\d{9}[\dX]|[\d-]{13})$/),
  isbn13: re(/^(\d{13}|[\d-]{17})$/),
  creditcard: (v) => /^\d{12,19}$/.test(v.replace(/\D/g, '')),
  ssn: re(/^\d{3}[- ]?\d{2}[- ]?\d{4}$/),
  hexcolor: re(/^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/),
  rgbcolor: re(/^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$/),
  byte: re(BASE64),
  password: () => true,
  date: isDate,
  duration: (v) => GO_DURATION.test(v) || SCALA_DURATION.test(v),
  datetime: isDateTime,
};

// -------------------------------------------------------------------------------------
// strings, numbers, arrays, enums
// -------------------------------------------------------------------------------------

/** upstream stringValidator: only the first failing rule is reported. */
const checkString = (w: Walk, s: JSONSchemaProps, v: string, name: string): void => {
  const runes = [...v].length;
  const path = pathOf(w, name);
  if (s.maxLength !== undefined && runes > s.maxLength) w.out.push(tooLong(path, s.maxLength));
  else if (s.minLength !== undefined && runes < s.minLength) w.out.push(invalid(path, v, `${name} in body should be at least ${s.minLength} chars long`));
  else if (s.pattern !== undefined && s.pattern !== '' && !matchesPattern(s.pattern, v)) w.out.push(invalid(path, v, `${name} in body should match '${s.pattern}'`));
};

const matchesPattern = (pattern: string, v: string): boolean => {
  const r = compilePattern(pattern);
  return r instanceof RegExp ? r.test(v) : true; // an invalid pattern was refused with the CRD
};

// RE2 syntax ECMAScript lacks, rewritten: named groups, \A and \z anchors, POSIX classes.
const RE2_REWRITES: readonly (readonly [RegExp, string])[] = [
  [/\(\?P</g, '(?<'],
  [/\\A/g, '^'],
  [/\\z/g, '$'],
  [/\[:alpha:\]/g, 'a-zA-Z'],
  [/\[:digit:\]/g, '0-9'],
  [/\[:alnum:\]/g, 'a-zA-Z0-9'],
  [/\[:space:\]/g, '\\s'],
  [/\[:upper:\]/g, 'A-Z'],
  [/\[:lower:\]/g, 'a-z'],
  [/\[:xdigit:\]/g, '0-9A-Fa-f'],
  [/\[:word:\]/g, '\\w'],
  [/\[:punct:\]/g, '!-\\/:-@\\[-`{-~'],
];

/**
 * A schema pattern (Go RE2) as an ECMAScript RegExp, or the compile error. RE2's inline
 * flags `(?i)`, `(?s)`, `(?m)` become flags of the whole expression wherever they appear
 * (upstream scopes them to their group: a slight over-acceptance here).
 */
export const compilePattern = (pattern: string): RegExp | Error => {
  let source = pattern;
  let flags = '';
  source = source.replace(/\(\?([imsU]+)\)/g, (_m, f: string) => {
    flags += f.replace('U', '');
    return '';
  });
  for (const [from, to] of RE2_REWRITES) source = source.replace(from, to);
  const unique = [...new Set(flags)].join('');
  try {
    return new RegExp(source, `${unique}u`);
  } catch {
    try {
      return new RegExp(source, unique);
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  }
};

const INT32_MAX = 2147483647;
const FLOAT32_MAX = 3.4028234663852886e38;

/** upstream IsValueValidAgainstRange: whether `n` fits the schema's single type and format. */
const rangeError = (s: JSONSchemaProps, n: number, label: string, name: string): string | undefined => {
  const types = typesOf(s);
  const type = types.length === 1 ? types[0] : '';
  const format = effectiveFormat(s);
  const fits =
    type === 'integer'
      ? Number.isInteger(n) && (format !== 'int32' || Math.abs(n + 0.5) <= INT32_MAX + 0.5)
      : !(format === 'float' && Math.abs(n) > FLOAT32_MAX);
  if (fits) return undefined;
  const shownType = type === '' ? 'number' : type;
  return format !== '' ? `${label} value must be of type ${shownType} with format ${format} in ${name}` : `${label} value must be of type ${shownType} (default format) in ${name}`;
};

/** upstream numberValidator: range of the value, then multipleOf, minimum, maximum. */
const checkNumber = (w: Walk, s: JSONSchemaProps, v: number, name: string): void => {
  const checked = rangeError(s, v, 'Checked', name);
  if (checked !== undefined) nameless(w, checked);
  if (s.multipleOf !== undefined) checkMultipleOf(w, s, v, s.multipleOf, name);
  if (s.minimum !== undefined) checkBound(w, s, v, s.minimum, 'min', name);
  if (s.maximum !== undefined) checkBound(w, s, v, s.maximum, 'max', name);
};

const checkMultipleOf = (w: Walk, s: JSONSchemaProps, v: number, factor: number, name: string): void => {
  const rangeErr = rangeError(s, factor, 'MultipleOf', name);
  if (rangeErr !== undefined) nameless(w, rangeErr);
  const native = rangeErr === undefined && Number.isInteger(v);
  const f = native ? Math.trunc(factor) : factor;
  if (f <= 0) {
    w.out.push(invalid(pathOf(w, name), f, `factor MultipleOf declared for ${name} must be positive: ${native ? String(f) : goFloat(f)}`));
    return;
  }
  const ok = native ? v % f === 0 : Number.isInteger(f < 1 ? (1 / f) * v : v / f);
  if (!ok) w.out.push(invalid(pathOf(w, name), v, `${name} in body should be a multiple of ${native ? String(f) : goFloat(f)}`));
};

/** upstream Minimum/MaximumNativeType: integers compare with the bound truncated to an integer. */
const checkBound = (w: Walk, s: JSONSchemaProps, v: number, bound: number, side: 'min' | 'max', name: string): void => {
  const label = side === 'min' ? 'Minimum boundary' : 'Maximum boundary';
  const rangeErr = rangeError(s, bound, label, name);
  if (rangeErr !== undefined) nameless(w, rangeErr);
  const native = rangeErr === undefined && Number.isInteger(v);
  const b = native ? Math.trunc(bound) : bound;
  const exclusive = side === 'min' ? s.exclusiveMinimum === true : s.exclusiveMaximum === true;
  const fails = side === 'min' ? (exclusive ? v <= b : v < b) : exclusive ? v >= b : v > b;
  if (!fails) return;
  const relation = side === 'min' ? (exclusive ? 'greater than' : 'greater than or equal to') : exclusive ? 'less than' : 'less than or equal to';
  w.out.push(invalid(pathOf(w, name), v, `${name} in body should be ${relation} ${native ? String(b) : goFloat(b)}`));
};

/** Go's `%v` of a float64 (strconv 'g', shortest): exponent form below 1e-4 and from 1e6. */
export const goFloat = (n: number): string => {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  if (n === 0) return '0';
  const [mantissa = '0', expText = '0'] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp >= -4 && exp < 6) return String(n);
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
};

/** upstream schemaSliceValidator: items, then minItems, maxItems, uniqueItems. */
const checkArray = (w: Walk, s: JSONSchemaProps, v: readonly unknown[], name: string): void => {
  const items = s.items;
  if (items !== undefined && !Array.isArray(items)) {
    v.forEach((item, i) => walk(w, items as JSONSchemaProps, item, `${name}[${i}]`));
  }
  const path = pathOf(w, name);
  if (s.minItems !== undefined && v.length < s.minItems) w.out.push(invalid(path, v.length, `${name} in body should have at least ${s.minItems} items`));
  if (s.maxItems !== undefined && v.length > s.maxItems) w.out.push(tooMany(path, v.length, s.maxItems));
  if (s.uniqueItems === true && v.some((x, i) => v.slice(0, i).some((y) => jsonEqual(x, y)))) {
    w.out.push(invalid(path, '', `${name} in body shouldn't contain duplicates`));
  }
};

/** upstream basicCommonValidator; enum values other than strings are shown as JSON. */
const checkEnum = (w: Walk, s: JSONSchemaProps, v: unknown, name: string): void => {
  const values = s.enum;
  if (values === undefined || values.length === 0) return;
  if (v !== null && values.some((e) => e !== null && jsonEqual(e, v))) return;
  w.out.push(notSupported(pathOf(w, name), v, values.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)))));
};

// -------------------------------------------------------------------------------------
// objects and combinators
// -------------------------------------------------------------------------------------

/** upstream objectValidator: property counts, unknown keys, properties, required. */
const checkObject = (w: Walk, s: JSONSchemaProps, v: Readonly<Record<string, unknown>>, name: string): void => {
  const keys = Object.keys(v);
  const path = pathOf(w, name);
  if (s.minProperties !== undefined && keys.length < s.minProperties) w.out.push(invalid(path, keys.length, `${name} in body should have at least ${s.minProperties} properties`));
  if (s.maxProperties !== undefined && keys.length > s.maxProperties) w.out.push(tooMany(path, keys.length, s.maxProperties));
  const props = s.properties ?? {};
  const extra = s.additionalProperties;
  for (const k of keys.filter((key) => !Object.hasOwn(props, key))) {
    if (extra === false) w.out.push(invalid(path, k, `${name}.${k} in body is a forbidden property`));
    else if (typeof extra === 'object') walk(w, extra, v[k], `${name}.${k}`);
  }
  for (const [k, sub] of Object.entries(props)) {
    if (Object.hasOwn(v, k)) walk(w, sub, v[k], name === '' ? k : `${name}.${k}`);
  }
  for (const k of s.required ?? []) {
    if (!Object.hasOwn(v, k)) w.out.push(required(pathOf(w, `${name}.${k}`)));
  }
};

/** upstream schemaPropsValidator: anyOf, oneOf, allOf, not. */
const checkCombinators = (w: Walk, s: JSONSchemaProps, v: unknown, name: string): void => {
  const sub = (schema: JSONSchemaProps): FieldError[] => {
    const inner: Walk = { prefix: w.prefix, out: [] };
    walk(inner, schema, v, name);
    return inner.out;
  };
  const quoted = JSON.stringify(name);
  if (s.anyOf !== undefined && s.anyOf.length > 0) {
    const results = s.anyOf.map(sub);
    if (!results.some((r) => r.length === 0)) {
      nameless(w, `${quoted} must validate at least one schema (anyOf)`);
      w.out.push(...(results[0] ?? []));
    }
  }
  if (s.oneOf !== undefined && s.oneOf.length > 0) {
    const results = s.oneOf.map(sub);
    const valid = results.filter((r) => r.length === 0).length;
    if (valid !== 1) {
      nameless(w, `${quoted} must validate one and only one schema (oneOf). ${valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`}`);
      if (valid === 0) w.out.push(...(results[0] ?? []));
    }
  }
  if (s.allOf !== undefined && s.allOf.length > 0) {
    const results = s.allOf.map(sub);
    results.forEach((r) => w.out.push(...r));
    const valid = results.filter((r) => r.length === 0).length;
    if (valid !== results.length) nameless(w, `${quoted} must validate all the schemas (allOf)${valid === 0 ? '. None validated' : ''}`);
  }
  if (s.not !== undefined && sub(s.not).length === 0) nameless(w, `${quoted} must not validate the schema (not)`);
};

// -------------------------------------------------------------------------------------
// list types
// -------------------------------------------------------------------------------------

/** upstream listtype.ValidateListSetsAndMaps: duplicates in `set` and `map` lists. */
export const validateListTypes = (s: JSONSchemaProps, v: unknown, path = ''): FieldError[] => {
  const child = (k: string): string => (path === '' ? k : `${path}.${k}`);
  if (Array.isArray(v)) return listErrors(s, v, path);
  if (!isJsonObject(v)) return [];
  const out: FieldError[] = [];
  const extra = s.additionalProperties;
  for (const [k, x] of Object.entries(v)) {
    if (typeof extra === 'object') out.push(...validateListTypes(extra, x, `${path}[${k}]`));
    const sub = propertyOf(s, k);
    if (sub !== undefined) out.push(...validateListTypes(sub, x, child(k)));
  }
  return out;
};

const listErrors = (s: JSONSchemaProps, v: readonly unknown[], path: string): FieldError[] => {
  const out: FieldError[] = [];
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'set') out.push(...firstRepeats(v).map((i) => duplicate(`${path}[${i}]`, v[i])));
  if (listType === 'map') out.push(...mapListErrors(s['x-kubernetes-list-map-keys'] ?? [], v, path));
  const items = s.items;
  if (items !== undefined && !Array.isArray(items)) v.forEach((x, i) => out.push(...validateListTypes(items as JSONSchemaProps, x, `${path}[${i}]`)));
  return out;
};

/** Indices where a value is seen for the second time (upstream reports each value once). */
const firstRepeats = (v: readonly unknown[]): number[] => {
  const counts = new Map<string, number>();
  const out: number[] = [];
  v.forEach((x, i) => {
    const key = JSON.stringify(x) ?? 'null';
    const n = counts.get(key) ?? 0;
    if (n === 1) out.push(i);
    counts.set(key, n + 1);
  });
  return out;
};

const mapListErrors = (keys: readonly string[], v: readonly unknown[], path: string): FieldError[] => {
  const bad = v.findIndex((x) => x !== null && !isJsonObject(x));
  if (bad >= 0) return [invalid(`${path}[${bad}]`, v[bad], 'must be an object for an array of list-type map')];
  const keyOf = (x: unknown): Record<string, unknown> => {
    const o = isJsonObject(x) ? x : {};
    return Object.fromEntries(keys.filter((k) => Object.hasOwn(o, k)).map((k) => [k, o[k]]));
  };
  const keyed = v.map(keyOf);
  return firstRepeats(keyed).map((i) => duplicate(`${path}[${i}]`, keyed[i]));
};
