/**
 * Judging expectations on a log (never on live engine state, so a replay judges the same).
 * State changes only at instants that have events, so a window is checked at its start
 * and at every instant with events inside it; `at: T` is checked on the state after T
 * settled. Times are inclusive.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { KubeObject } from '../api/meta.js';
import { formatClock } from '../api/duration.js';
import { resolveKindName } from '../api/kinds.js';
import type { EventRecord } from '../log/events.js';
import { evolveAll } from '../state/evolve.js';
import { getObject } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { emptyState } from '../state/state.js';
import { parseFieldPath, valueAt } from './fields.js';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export type When =
  | { readonly type: 'at'; readonly atMs: number }
  | { readonly type: 'within'; readonly fromMs: number; readonly toMs: number }
  | { readonly type: 'always'; readonly fromMs: number; readonly toMs: number };

export type Comparison =
  | { readonly type: 'equals'; readonly value: string | number | boolean }
  | { readonly type: 'atLeast'; readonly value: number }
  | { readonly type: 'atMost'; readonly value: number }
  | { readonly type: 'exists'; readonly value: boolean };

export interface ExpectationSpec {
  readonly when: When;
  readonly target: { readonly kind: string; readonly name: string; readonly namespace?: string };
  readonly field?: string;
  readonly comparison: Comparison;
  /** How the expectation reads in reports: `deployment/web status.readyReplicas equals 3 at 10m`. */
  readonly text: string;
}

export interface Verdict {
  readonly passed: boolean;
  /** What was observed: `held at 2m10s (value 3)`, `failed at 3m20s: value 11 is not at most 10`. */
  readonly detail: string;
  /** The instant that decided the verdict, when there is one. */
  readonly decidedAtMs?: number;
}

// -------------------------------------------------------------------------------------
// one check
// -------------------------------------------------------------------------------------

interface Observation {
  readonly ok: boolean;
  readonly observed: string;
}

const observe = (state: ClusterState, e: ExpectationSpec): Observation => {
  const info = resolveKindName(e.target.kind);
  const kind = info?.kind ?? e.target.kind;
  const namespace = info?.namespaced === false ? undefined : (e.target.namespace ?? 'default');
  const object = getObject(state, kind, namespace, e.target.name);
  const what = `${e.target.kind}/${e.target.name}`;
  if (object === undefined) {
    const absentOk = e.field === undefined && e.comparison.type === 'exists' && !e.comparison.value;
    return { ok: absentOk, observed: `${what} does not exist` };
  }
  if (e.field === undefined) {
    return { ok: e.comparison.type === 'exists' && e.comparison.value, observed: `${what} exists` };
  }
  return compare(valueOf(object, e.field), e.comparison);
};

const valueOf = (object: KubeObject, field: string): unknown => {
  const path = parseFieldPath(field);
  return isLeft(path) ? undefined : valueAt(object, path.right);
};

const show = (v: unknown): string => (v === undefined ? '<absent>' : typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v));

/** upstream serialisation: counts omitted when zero compare as 0. */
const asNumber = (v: unknown): number | undefined => (v === undefined ? 0 : typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : undefined);

export const compare = (value: unknown, c: Comparison): Observation => {
  switch (c.type) {
    case 'exists':
      return { ok: (value !== undefined) === c.value, observed: value === undefined ? 'field absent' : `value ${show(value)}` };
    case 'equals': {
      const ok = typeof c.value === 'number' ? asNumber(value) === c.value : value === c.value || (value !== undefined && String(value) === String(c.value) && typeof value !== 'object');
      return { ok, observed: `value ${show(value)}` };
    }
    case 'atLeast': {
      const n = asNumber(value);
      return { ok: n !== undefined && n >= c.value, observed: `value ${show(value)}` };
    }
    case 'atMost': {
      const n = asNumber(value);
      return { ok: n !== undefined && n <= c.value, observed: `value ${show(value)}` };
    }
  }
};

// -------------------------------------------------------------------------------------
// over the log
// -------------------------------------------------------------------------------------

interface Progress {
  verdict?: Verdict;
  last?: string;
}

const inWindow = (w: When, t: number): boolean => (w.type === 'at' ? w.atMs === t : w.fromMs <= t && t <= w.toMs);

const step = (e: ExpectationSpec, p: Progress, state: ClusterState, t: number): void => {
  if (p.verdict !== undefined || !inWindow(e.when, t)) return;
  const o = observe(state, e);
  p.last = o.observed;
  const at = formatClock(t);
  if (e.when.type === 'at') p.verdict = { passed: o.ok, detail: `at ${at}: ${o.observed}`, decidedAtMs: t };
  else if (e.when.type === 'within' && o.ok) p.verdict = { passed: true, detail: `held at ${at} (${o.observed})`, decidedAtMs: t };
  else if (e.when.type === 'always' && !o.ok) p.verdict = { passed: false, detail: `failed at ${at}: ${o.observed}`, decidedAtMs: t };
};

const finish = (e: ExpectationSpec, p: Progress): Verdict => {
  if (p.verdict !== undefined) return p.verdict;
  const w = e.when;
  if (w.type === 'within') return { passed: false, detail: `never held between ${formatClock(w.fromMs)} and ${formatClock(w.toMs)} (last: ${p.last ?? 'not observed'})` };
  if (w.type === 'always') return { passed: true, detail: `held from ${formatClock(w.fromMs)} to ${formatClock(w.toMs)}` };
  return { passed: false, detail: `not judged: ${formatClock(w.atMs)} is after the end of the run` };
};

/** Verdicts in the order of `expectations`. `endMs`: the run's duration (the last instant judged). */
export const judge = (records: readonly EventRecord[], expectations: readonly ExpectationSpec[], endMs: number): Verdict[] => {
  const progress: Progress[] = expectations.map(() => ({}));
  const instants = new Set<number>();
  for (const e of expectations) {
    if (e.when.type === 'at') instants.add(e.when.atMs);
    else instants.add(e.when.fromMs);
  }
  for (const r of records) instants.add(r.timeMs);
  const times = [...instants].filter((t) => t <= endMs).sort((a, b) => a - b);
  let state = emptyState;
  let next = 0;
  for (const t of times) {
    const start = next;
    while (next < records.length && (records[next] as EventRecord).timeMs <= t) next++;
    if (next > start) state = evolveAll(state, records.slice(start, next));
    expectations.forEach((e, i) => step(e, progress[i] as Progress, state, t));
  }
  return expectations.map((e, i) => finish(e, progress[i] as Progress));
};
