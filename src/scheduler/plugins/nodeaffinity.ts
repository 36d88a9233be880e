/**
 * NodeAffinity (upstream plugins/nodeaffinity/node_affinity.go and
 * component-helpers/scheduling/corev1/nodeaffinity).
 *
 * Filter: the node must carry every spec.nodeSelector label (an empty map asks nothing)
 * and, when requiredDuringSchedulingIgnoredDuringExecution is set, match one of its
 * nodeSelectorTerms. Within a term, matchExpressions (on labels) and matchFields (only
 * metadata.name is a field) are ANDed. Terms with neither are dropped, so a required
 * selector with no other terms matches no node. A term that fails to parse (unknown
 * operator, bad key or value, Gt/Lt without one integer, a field requirement without
 * exactly one value) matches nothing. Failure is UnschedulableAndUnresolvable.
 *
 * PreFilter (`requiredNodeNames`): when every required term pins metadata.name with In,
 * only the union of those names can fit; an empty union is the "conflict" failure.
 *
 * Score: the sum of the weights of the preferred terms the node matches (weight 0 and
 * empty terms skipped), normalized so the best node gets 100 (all zero stays zero).
 *
 * Not modelled: the profile's addedAffinity; upstream fails the whole cycle with an
 * error when a preferred term does not parse, here such a term just never adds weight.
 */
import { qualifiedNameErrors, labelValueErrors } from '../../api/label-syntax.js';
import type { Pod } from '../../api/pod.js';
import type { Requirement, Selector } from '../../api/selector.js';
import { matches } from '../../api/selector.js';
import type { FilterFailure, FilterPlugin, NodeInfo, PodInfo, ScorePlugin } from '../types.js';
import { SKIP, nodeScore } from '../types.js';
import { defaultNormalizeScore } from './normalize.js';

export const NAME = 'NodeAffinity';
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';
const NAME_FIELD = 'metadata.name';

// -------------------------------------------------------------------------------------
// reading spec.affinity (an open object in the codec) defensively
// -------------------------------------------------------------------------------------

type Raw = Readonly<Record<string, unknown>>;
const asRecord = (x: unknown): Raw | undefined => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Raw) : undefined);
const asArray = (x: unknown): readonly unknown[] => (Array.isArray(x) ? x : []);
const asString = (x: unknown): string => (typeof x === 'string' ? x : '');

const nodeAffinityOf = (pod: Pod): Raw | undefined => asRecord(asRecord(pod.spec.affinity)?.nodeAffinity);

/** The required NodeSelector, or undefined when the pod sets none (then nothing is asked). */
const requiredSelectorOf = (pod: Pod): Raw | undefined => asRecord(nodeAffinityOf(pod)?.requiredDuringSchedulingIgnoredDuringExecution);

const isEmptyTerm = (term: Raw | undefined): boolean => asArray(term?.matchExpressions).length === 0 && asArray(term?.matchFields).length === 0;

// -------------------------------------------------------------------------------------
// parsing a NodeSelectorTerm (upstream newNodeSelectorTerm)
// -------------------------------------------------------------------------------------

interface FieldRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn';
  readonly value: string;
}

interface ParsedTerm {
  readonly labels: Selector | undefined;
  readonly fields: readonly FieldRequirement[] | undefined;
  /** A parse error: the term matches no node. */
  readonly invalid: boolean;
}

const INVALID: ParsedTerm = { labels: undefined, fields: undefined, invalid: true };

/** strconv.ParseInt(s, 10, 64) succeeds. */
const isInt64 = (s: string): boolean => {
  if (!/^[+-]?[0-9]+$/.test(s)) return false;
  const n = BigInt(s);
  return n <= (1n << 63n) - 1n && n >= -(1n << 63n);
};

const stringValues = (x: unknown): string[] | undefined => {
  const values = asArray(x);
  return values.every((v) => typeof v === 'string') ? (values as string[]) : undefined;
};

const valuesFit = (operator: string, values: readonly string[]): boolean => {
  switch (operator) {
    case 'In':
    case 'NotIn':
      return values.length > 0;
    case 'Exists':
    case 'DoesNotExist':
      return values.length === 0;
    case 'Gt':
    case 'Lt':
      return values.length === 1 && values.every(isInt64);
    default:
      return false; // upstream: operator not supported
  }
};

/** upstream labels.NewRequirement's checks, for one matchExpressions entry. */
const labelRequirement = (x: unknown): Requirement | undefined => {
  const e = asRecord(x);
  const key = asString(e?.key);
  const operator = asString(e?.operator);
  const values = stringValues(e?.values);
  if (values === undefined || !valuesFit(operator, values)) return undefined;
  if (qualifiedNameErrors(key).length > 0 || values.some((v) => labelValueErrors(v).length > 0)) return undefined;
  return { key, operator: operator as Requirement['operator'], values };
};

/** upstream nodeSelectorRequirementsAsFieldSelector: In/NotIn with exactly one value. */
const fieldRequirement = (x: unknown): FieldRequirement | undefined => {
  const e = asRecord(x);
  const operator = asString(e?.operator);
  const values = stringValues(e?.values);
  if ((operator !== 'In' && operator !== 'NotIn') || values?.length !== 1) return undefined;
  return { key: asString(e?.key), operator, value: values[0] ?? '' };
};

const parseTerm = (term: Raw | undefined): ParsedTerm => {
  const expressions = asArray(term?.matchExpressions);
  const fieldExprs = asArray(term?.matchFields);
  const requirements = expressions.map(labelRequirement);
  const fields = fieldExprs.map(fieldRequirement);
  if (requirements.some((r) => r === undefined) || fields.some((f) => f === undefined)) return INVALID;
  return {
    labels: expressions.length === 0 ? undefined : { requirements: requirements as Requirement[] },
    fields: fieldExprs.length === 0 ? undefined : (fields as FieldRequirement[]),
    invalid: false,
  };
};

// -------------------------------------------------------------------------------------
// matching
// -------------------------------------------------------------------------------------

const fieldMatches = (f: FieldRequirement, nodeName: string): boolean => {
  const actual = f.key === NAME_FIELD ? nodeName : ''; // fields.Set.Get: "" when absent
  return f.operator === 'In' ? actual === f.value : actual !== f.value;
};

/** upstream nodeSelectorTerm.match; fields are ignored for a node without a name. */
const termMatches = (term: ParsedTerm, node: NodeInfo): boolean => {
  if (term.invalid) return false;
  if (term.labels !== undefined && !matches(term.labels, node.node.metadata.labels)) return false;
  if (term.fields !== undefined && node.name !== '' && !term.fields.every((f) => fieldMatches(f, node.name))) return false;
  return true;
};

/** spec.nodeSelector as upstream SelectorFromSet: every pair must be a node label. */
const nodeSelectorMatches = (pod: Pod, node: NodeInfo): boolean => {
  const labels = node.node.metadata.labels ?? {};
  return Object.entries(pod.spec.nodeSelector ?? {}).every(([k, v]) => Object.hasOwn(labels, k) && labels[k] === v);
};

/** upstream RequiredNodeAffinity.Match: nodeSelector AND the required terms (ORed). */
export const requiredAffinityMatches = (pod: Pod, node: NodeInfo): boolean => {
  if (!nodeSelectorMatches(pod, node)) return false;
  const required = requiredSelectorOf(pod);
  if (required === undefined) return true;
  return asArray(required.nodeSelectorTerms)
    .map(asRecord)
    .filter((t) => !isEmptyTerm(t))
    .some((t) => termMatches(parseTerm(t), node));
};

export const fitsNodeAffinity = (pod: PodInfo, node: NodeInfo): FilterFailure | undefined =>
  requiredAffinityMatches(pod.pod, node) ? undefined : { code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_POD], plugin: NAME };

/**
 * upstream PreFilter: Skip when the pod sets neither nodeSelector nor required node
 * affinity; terms that all pin `metadata.name` restrict the cycle to those nodes.
 */
export const filter: FilterPlugin = {
  name: NAME,
  preFilter: (_ctx, pod) => {
    if (pod.pod.spec.nodeSelector === undefined && requiredSelectorOf(pod.pod) === undefined) return SKIP;
    const names = requiredNodeNames(pod.pod);
    if (names.tag === 'Conflict') return { type: 'Reject', failure: names.failure };
    const check = { filter: (node: NodeInfo) => fitsNodeAffinity(pod, node) };
    return names.tag === 'Only' ? { type: 'Check', check, nodeNames: names.nodeNames } : { type: 'Check', check };
  },
};

// -------------------------------------------------------------------------------------
// PreFilter: the metadata.name fast path (DaemonSet pods)
// -------------------------------------------------------------------------------------

export type RequiredNodeNames =
  | { readonly tag: 'AllNodes' }
  | { readonly tag: 'Only'; readonly nodeNames: readonly string[] }
  | { readonly tag: 'Conflict'; readonly failure: FilterFailure };

/** Names a term pins with `metadata.name In`, intersected; undefined when it pins none. */
const pinnedNames = (term: Raw | undefined): Set<string> | undefined => {
  let names: Set<string> | undefined;
  for (const x of asArray(term?.matchFields)) {
    const r = asRecord(x);
    if (asString(r?.key) !== NAME_FIELD || asString(r?.operator) !== 'In') continue;
    const values = new Set(asArray(r?.values).filter((v): v is string => typeof v === 'string'));
    names = names === undefined ? values : new Set([...names].filter((n) => values.has(n)));
  }
  return names;
};

/** upstream NodeAffinity.PreFilter's node-name result: union over terms, sorted. */
export const requiredNodeNames = (pod: Pod): RequiredNodeNames => {
  const terms = asArray(requiredSelectorOf(pod)?.nodeSelectorTerms);
  if (terms.length === 0) return { tag: 'AllNodes' };
  const union = new Set<string>();
  for (const t of terms) {
    const names = pinnedNames(asRecord(t));
    if (names === undefined) return { tag: 'AllNodes' };
    for (const n of names) union.add(n);
  }
  if (union.size === 0) return { tag: 'Conflict', failure: { code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_CONFLICT], plugin: NAME } };
  return { tag: 'Only', nodeNames: [...union].sort() };
};

// -------------------------------------------------------------------------------------
// score
// -------------------------------------------------------------------------------------

/** upstream PreferredSchedulingTerms.Score: Σ weights of the matching preferred terms. */
export const preferredAffinityScore = (pod: Pod, node: NodeInfo): number => {
  let total = 0;
  for (const x of asArray(nodeAffinityOf(pod)?.preferredDuringSchedulingIgnoredDuringExecution)) {
    const p = asRecord(x);
    const weight = typeof p?.weight === 'number' ? p.weight : 0;
    const preference = asRecord(p?.preference);
    if (weight === 0 || isEmptyTerm(preference)) continue;
    if (termMatches(parseTerm(preference), node)) total += weight;
  }
  return total;
};

/** upstream PreScore Skips a pod without preferred node affinity. */
export const score: ScorePlugin = nodeScore(
  NAME,
  (pod, node) => preferredAffinityScore(pod.pod, node),
  (scores) => defaultNormalizeScore(scores, false),
  (pod) => asArray(nodeAffinityOf(pod.pod)?.preferredDuringSchedulingIgnoredDuringExecution).length === 0,
);
