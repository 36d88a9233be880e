/**
 * Reference matching rules, written from upstream apimachinery and k8s.io/api:
 * - metav1.LabelSelectorAsSelector: nil → Nothing; {} → Everything; matchLabels are `=`
 *   requirements, matchExpressions In / NotIn / Exists / DoesNotExist.
 * - labels.Selector.Matches: every requirement holds; NotIn and DoesNotExist hold for a
 *   missing key; Gt / Lt parse the label as a base-10 int64 and fail when it does not parse.
 * - v1.Toleration.ToleratesTaint: an empty effect matches every effect, an empty key every
 *   key, Exists every value, "" or Equal the same value.
 * - component-helpers nodeaffinity: NodeSelectorTerms ORed (empty terms dropped; no terms
 *   matches nothing), matchExpressions and matchFields ANDed within a term.
 *
 * Deliberately naive: plain loops over the raw JSON, no parsing step, no caching.
 */
import type { Taint } from '../../../src/api/node.js';
import type { Toleration } from '../../../src/api/pod.js';

export type Labels = Readonly<Record<string, string>>;

export interface Req {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

/** A parsed labels.Selector: `nothing` (a nil LabelSelector) or a list of requirements (none: Everything). */
export type Sel = { readonly nothing: true } | { readonly nothing: false; readonly reqs: readonly Req[] };

export const NOTHING: Sel = { nothing: true };
export const EVERYTHING: Sel = { nothing: false, reqs: [] };

interface RawSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

/** metav1.LabelSelectorAsSelector. */
export const selectorOf = (raw: unknown): Sel => {
  if (raw === undefined || raw === null) return NOTHING;
  const s = raw as RawSelector;
  const reqs: Req[] = [];
  for (const key of Object.keys(s.matchLabels ?? {})) reqs.push({ key, operator: '=', values: [(s.matchLabels ?? {})[key] as string] });
  for (const e of s.matchExpressions ?? []) reqs.push({ key: e.key, operator: e.operator, values: e.values ?? [] });
  return { nothing: false, reqs };
};

/** labels.SelectorFromSet / Set.AsSelector: `key=value` for every pair (an empty set: Everything). */
export const selectorFromSet = (set: Labels): Sel => ({ nothing: false, reqs: Object.keys(set).map((key) => ({ key, operator: '=', values: [set[key] as string] })) });

/** selector.Empty(): Everything (no requirements). Nothing is not empty. */
export const isEmptySel = (sel: Sel): boolean => !sel.nothing && sel.reqs.length === 0;

/** selector.Add(reqs...): Nothing stays Nothing. */
export const addReqs = (sel: Sel, more: readonly Req[]): Sel => (sel.nothing ? sel : { nothing: false, reqs: [...sel.reqs, ...more] });

const parseInt64 = (s: string | undefined): number | undefined => (s !== undefined && /^[+-]?\d+$/.test(s) ? Number(s) : undefined);

export const reqMatches = (r: Req, labels: Labels): boolean => {
  const has = Object.hasOwn(labels, r.key);
  const value = labels[r.key];
  switch (r.operator) {
    case '=':
    case '==':
    case 'In':
      return has && r.values.includes(value as string);
    case '!=':
    case 'NotIn':
      return !has || !r.values.includes(value as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      const actual = has ? parseInt64(value) : undefined;
      const bound = parseInt64(r.values[0]);
      if (actual === undefined || bound === undefined) return false;
      return r.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
};

export const selMatches = (sel: Sel, labels: Labels | undefined): boolean => {
  if (sel.nothing) return false;
  for (const r of sel.reqs) if (!reqMatches(r, labels ?? {})) return false;
  return true;
};

// -------------------------------------------------------------------------------------
// taints and tolerations
// -------------------------------------------------------------------------------------

export const tolerates = (t: Toleration, taint: Taint): boolean => {
  if ((t.effect ?? '') !== '' && t.effect !== taint.effect) return false;
  if ((t.key ?? '') !== '' && t.key !== taint.key) return false;
  const op = t.operator ?? '';
  if (op === '' || op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return op === 'Exists';
};

export const anyTolerates = (tolerations: readonly Toleration[], taint: Taint): boolean => {
  for (const t of tolerations) if (tolerates(t, taint)) return true;
  return false;
};

/** v1helper.FindMatchingUntoleratedTaint with DoNotScheduleTaintsFilterFunc: the first NoSchedule/NoExecute taint not tolerated. */
export const firstUntolerated = (taints: readonly Taint[], tolerations: readonly Toleration[]): Taint | undefined => {
  for (const taint of taints) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!anyTolerates(tolerations, taint)) return taint;
  }
  return undefined;
};

// -------------------------------------------------------------------------------------
// node selector terms (node affinity)
// -------------------------------------------------------------------------------------

export interface RawTerm {
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
  readonly matchFields?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

export const isEmptyTerm = (t: RawTerm): boolean => (t.matchExpressions ?? []).length === 0 && (t.matchFields ?? []).length === 0;

/** upstream nodeSelectorRequirementsAsSelector / AsFieldSelector: what parses (a term with an error matches nothing). */
const exprValid = (e: { readonly operator: string; readonly values?: readonly string[] }): boolean => {
  const n = (e.values ?? []).length;
  switch (e.operator) {
    case 'In':
    case 'NotIn':
      return n > 0;
    case 'Exists':
    case 'DoesNotExist':
      return n === 0;
    case 'Gt':
    case 'Lt':
      return n === 1 && parseInt64((e.values ?? [])[0]) !== undefined;
    default:
      return false;
  }
};

/** nodeSelectorTerm.match: expressions against the labels, fields (In / NotIn of one value) against `metadata.name`. */
export const termMatches = (t: RawTerm, nodeName: string, labels: Labels): boolean => {
  for (const e of t.matchExpressions ?? []) if (!exprValid(e)) return false;
  for (const f of t.matchFields ?? []) if ((f.operator !== 'In' && f.operator !== 'NotIn') || (f.values ?? []).length !== 1) return false;
  for (const e of t.matchExpressions ?? []) if (!reqMatches({ key: e.key, operator: e.operator, values: e.values ?? [] }, labels)) return false;
  // fields.Set{"metadata.name": name}; a field selector reads a missing field as ""
  if (nodeName === '') return true;
  for (const f of t.matchFields ?? []) {
    const actual = f.key === 'metadata.name' ? nodeName : '';
    const value = (f.values ?? [])[0];
    if (f.operator === 'In' ? actual !== value : actual === value) return false;
  }
  return true;
};

/** RequiredNodeAffinity.Match: nodeSelector (if non-empty), then the required terms (if the field is set). */
export const requiredNodeAffinityMatches = (spec: { readonly nodeSelector?: Labels; readonly affinity?: unknown }, nodeName: string, labels: Labels): boolean => {
  const sel = spec.nodeSelector ?? {};
  if (Object.keys(sel).length > 0 && !selMatches(selectorFromSet(sel), labels)) return false;
  const required = nodeAffinityOf(spec.affinity).requiredDuringSchedulingIgnoredDuringExecution;
  if (required === undefined || required === null) return true;
  for (const term of required.nodeSelectorTerms ?? []) {
    if (isEmptyTerm(term)) continue;
    if (termMatches(term, nodeName, labels)) return true;
  }
  return false;
};

export interface RawNodeAffinity {
  readonly requiredDuringSchedulingIgnoredDuringExecution?: { readonly nodeSelectorTerms?: readonly RawTerm[] } | null;
  readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly { readonly weight: number; readonly preference: RawTerm }[] | null;
}

export const nodeAffinityOf = (affinity: unknown): RawNodeAffinity => ((affinity as { nodeAffinity?: RawNodeAffinity } | undefined)?.nodeAffinity ?? {}) as RawNodeAffinity;
