/**
 * What every `kubectl get` printer shares: the printer shape (columns, then the cells of
 * one object), the AGE cell, and upstream's small cell formatters (layoutContainerCells,
 * labels.FormatLabels, metav1.FormatLabelSelector).
 */
import { formatAge } from '../api/duration.js';
import type { KubeObject } from '../api/meta.js';
import type { LabelSelector } from '../api/selector.js';
import { fromLabelSelector, selectorToString } from '../api/selector.js';
import { simMsOf } from '../api/time.js';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** upstream TableColumnDefinition: kubectl prints the name upper-cased; `wide` is Priority 1 (only with -o wide). */
export interface Column {
  readonly name: string;
  readonly wide?: boolean;
}

/** One kind's printer: its columns and, for one object, a cell per column (wide ones included). */
export interface Printer {
  readonly columns: readonly Column[];
  /** `wide`: -o wide (a few printers shorten cells otherwise). */
  readonly cells: (o: KubeObject, nowMs: number, wide?: boolean) => readonly string[];
}

// -------------------------------------------------------------------------------------
// cells
// -------------------------------------------------------------------------------------

/** translateTimestampSince: HumanDuration of now − t, `<unknown>` for a missing (zero) time. */
export const since = (timestamp: string | undefined, nowMs: number): string => {
  const ms = timestamp === undefined ? NaN : simMsOf(timestamp);
  return Number.isNaN(ms) ? '<unknown>' : formatAge(nowMs - ms);
};

export const ageOf = (o: KubeObject, nowMs: number): string => since(o.metadata.creationTimestamp, nowMs);

interface ContainerLike {
  readonly name?: string;
  readonly image?: string;
}

/** layoutContainerCells: names and images, each comma-joined. */
export const containerCells = (containers: readonly ContainerLike[] | undefined): [string, string] => [
  (containers ?? []).map((c) => c.name ?? '').join(','),
  (containers ?? []).map((c) => c.image ?? '').join(','),
];

/** labels.FormatLabels: the `k=v` pairs sorted as strings (Set.String), comma-joined; `<none>` when empty. */
export const formatLabels = (labels: Readonly<Record<string, string>> | undefined): string => {
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  return pairs.length === 0 ? '<none>' : pairs.sort().join(',');
};

/** metav1.FormatLabelSelector: `<none>` for nil, empty (or matching nothing), `<error>` when it does not convert. */
export const formatLabelSelector = (selector: LabelSelector | undefined): string => {
  const parsed = fromLabelSelector(selector);
  if (parsed._tag === 'Left') return '<error>';
  const text = selectorToString(parsed.right);
  return text === '' ? '<none>' : text;
};

// -------------------------------------------------------------------------------------
// reading open objects
// -------------------------------------------------------------------------------------

/** A nested field of an open object, or undefined: for the kinds without a codec of their own. */
export const field = (o: unknown, ...path: readonly string[]): unknown => {
  let at: unknown = o;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return undefined;
    at = (at as Readonly<Record<string, unknown>>)[key];
  }
  return at;
};

export const numberAt = (o: unknown, ...path: readonly string[]): number | undefined => {
  const v = field(o, ...path);
  return typeof v === 'number' ? v : undefined;
};

export const stringAt = (o: unknown, ...path: readonly string[]): string | undefined => {
  const v = field(o, ...path);
  return typeof v === 'string' ? v : undefined;
};

/** Keys of a map field (ConfigMap data, Secret data), none when absent. */
export const keysAt = (o: unknown, ...path: readonly string[]): string[] => {
  const v = field(o, ...path);
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
};
