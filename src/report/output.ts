/**
 * kubectl's other output formats and messages: -o json, -o yaml, -o name, "No resources
 * found", NotFound.
 *
 * -o json is Go's json.MarshalIndent (keys in byte order, 4 spaces, <, > and & escaped).
 * -o yaml is sigs.k8s.io/yaml: the JSON re-read by go-yaml v2 and emitted by its libyaml
 * port, whose choices (key order, quoting, folding past column 80) live in table-yaml.ts.
 */
import type { KindInfo } from '../api/kinds.js';
import { qualifiedKind } from '../api/kinds.js';
import type { KubeObject } from '../api/meta.js';
import { emitYaml } from './table-yaml.js';

// -------------------------------------------------------------------------------------
// JSON
// -------------------------------------------------------------------------------------

/** Go's sort.Strings order: UTF-8 bytes, which is code point order (not UTF-16 units). */
export const compareCodePoints = (a: string, b: string): number => {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < x.length && i < y.length; i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
};

/** encoding/json's HTMLEscape default: these never appear raw in kubectl's JSON. */
const GO_ESCAPES: Readonly<Record<string, string>> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

const jsonString = (s: string): string => JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] ?? c);

/**
 * The JSON data model of a value, as json.Marshal would see it (toJSON applied, undefined
 * dropped from objects and null in arrays).
 */
export const jsonData = (value: unknown): unknown => {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as unknown);
};

/** Written by hand, not JSON.stringify: that would list integer-like keys ("80", "443") first. */
const jsonText = (v: unknown, indent: string): string => {
  if (typeof v === 'string') return jsonString(v);
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const inner = `${indent}    `;
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[\n${v.map((x) => inner + jsonText(x, inner)).join(',\n')}\n${indent}]`;
  const keys = Object.keys(v).sort(compareCodePoints);
  const fields = keys.map((k) => `${inner}${jsonString(k)}: ${jsonText((v as Record<string, unknown>)[k], inner)}`);
  return keys.length === 0 ? '{}' : `{\n${fields.join(',\n')}\n${indent}}`;
};

/** kubectl -o json: json.MarshalIndent(obj, "", "    ") and a newline. */
export const toJson = (value: unknown): string => `${jsonText(jsonData(value), '')}\n`;

// -------------------------------------------------------------------------------------
// YAML
// -------------------------------------------------------------------------------------

/** kubectl -o yaml (sigs.k8s.io/yaml.Marshal): see table-yaml.ts. */
export const toYaml = (value: unknown): string => emitYaml(jsonData(value));

// -------------------------------------------------------------------------------------
// lists, names and messages
// -------------------------------------------------------------------------------------

/** What kubectl prints for several objects with -o json/yaml. */
export const asList = (items: readonly KubeObject[]): object => ({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });


const qualified = (name: string, info: KindInfo): string => qualifiedKind(name, info.apiVersion);

/** -o name: `pod/web-1`, `replicaset.apps/web`. */
export const nameLine = (info: KindInfo, o: KubeObject): string => `${qualified(info.kind.toLowerCase(), info)}/${o.metadata.name}`;

/**
 * kubectl get's line on stderr when nothing matched: with the namespace when every
 * resource asked for is namespaced and -A was not given (undefined), else bare. kubectl
 * does not name the kind, so `_kindPlural` is accepted and not printed.
 */
export const noResourcesMessage = (namespace: string | undefined, _kindPlural?: string): string =>
  namespace === undefined ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`;

/** The apiserver's NotFound status as kubectl prints it: `pods "x"`, `deployments.apps "web"` (one line). */
export const notFoundMessage = (info: KindInfo, name: string): string => `Error from server (NotFound): ${qualified(info.plural, info)} ${JSON.stringify(name)} not found\n`;

export interface TolerationView {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
  readonly tolerationSeconds?: number;
}

/**
 * kubectl's printTolerationsMultiline body: sorted by key, `key=value:effect`, `op=Exists`
 * for a value-less Exists (alone for a key-less wildcard), `for Ns`; each line after the
 * first starts with a tab (the column of the first). `<none>` for no tolerations.
 */
export const tolerationLines = (list: readonly TolerationView[] | undefined): string[] => {
  const sorted = [...(list ?? [])].sort((a, b) => compareCodePoints(a.key ?? '', b.key ?? ''));
  if (sorted.length === 0) return ['<none>'];
  return sorted.map((t, i) => {
    let s = `${i === 0 ? '' : '\t'}${t.key ?? ''}${t.value ? `=${t.value}` : ''}${t.effect ? `:${t.effect}` : ''}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`;
    return s;
  });
};
