/**
 * Reference InterPodAffinity (upstream plugins/interpodaffinity/{filtering,scoring,
 * plugin}.go and framework.PodInfo / AffinityTerm at v1.34; hardPodAffinityWeight 1,
 * ignorePreferredTermsOfExistingPods false).
 *
 * A term matches a pod when `namespaces.has(pod ns) || namespaceSelector.Matches(nsLabels)`
 * and its label selector matches the pod's labels. Terms with no namespaces and a nil
 * namespaceSelector mean the term owner's namespace; a nil selector is Nothing.
 *
 * The incoming pod's terms have their namespaceSelector resolved against the Namespace
 * objects (mergeAffinityTermNamespacesIfNotEmpty: matching namespaces join `namespaces`, the
 * selector becomes Nothing) and are then matched with nsLabels = nil. In v1.34.1 that
 * function takes the term by value (`at fwk.AffinityTerm`, since the move to
 * k8s.io/kube-scheduler/framework; ≤ v1.33 and its doc comment: a pointer), so the reset is
 * lost and a selector that the empty label set satisfies (only NotIn / DoesNotExist) then
 * matches pods of every namespace. That is an upstream regression, not a rule: the
 * reference follows the documented behaviour unless V1_34_KEEPS_NAMESPACE_SELECTOR is set.
 *
 * matchLabelKeys / mismatchLabelKeys are merged into a non-nil labelSelector as
 * kube-apiserver does when it creates the pod (In / NotIn the pod's own value).
 */
import type { Pod } from '../../../src/api/pod.js';
import type { RefCluster, RefNode } from './cluster.js';
import { namespaceLabels, namespaceOf } from './cluster.js';
import type { Verdict } from './filters.js';
import type { Labels, Req, Sel } from './selectors.js';
import { isEmptySel, NOTHING, selMatches, selectorOf } from './selectors.js';

const NAME = 'InterPodAffinity';

interface Term {
  readonly namespaces: ReadonlySet<string>;
  readonly nsSelector: Sel;
  readonly selector: Sel;
  readonly topologyKey: string;
  readonly weight: number;
}

interface RawTerm {
  readonly labelSelector?: unknown;
  readonly namespaces?: readonly string[];
  readonly namespaceSelector?: unknown;
  readonly topologyKey: string;
  readonly matchLabelKeys?: readonly string[];
  readonly mismatchLabelKeys?: readonly string[];
}

interface RawAffinity {
  readonly podAffinity?: { readonly requiredDuringSchedulingIgnoredDuringExecution?: RawTerm[]; readonly preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; podAffinityTerm: RawTerm }[] };
  readonly podAntiAffinity?: { readonly requiredDuringSchedulingIgnoredDuringExecution?: RawTerm[]; readonly preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; podAffinityTerm: RawTerm }[] };
}

const termOf = (pod: Pod, raw: RawTerm, weight: number): Term => {
  let selector = selectorOf(raw.labelSelector);
  const labels = pod.metadata.labels ?? {};
  if (!selector.nothing) {
    const extra: Req[] = [];
    for (const key of raw.matchLabelKeys ?? []) if (Object.hasOwn(labels, key)) extra.push({ key, operator: 'In', values: [labels[key] as string] });
    for (const key of raw.mismatchLabelKeys ?? []) if (Object.hasOwn(labels, key)) extra.push({ key, operator: 'NotIn', values: [labels[key] as string] });
    selector = { nothing: false, reqs: [...selector.reqs, ...extra] };
  }
  const own = (raw.namespaces ?? []).length === 0 && (raw.namespaceSelector === undefined || raw.namespaceSelector === null);
  return { namespaces: new Set(own ? [namespaceOf(pod)] : (raw.namespaces ?? [])), nsSelector: selectorOf(raw.namespaceSelector), selector, topologyKey: raw.topologyKey, weight };
};

export interface PodTerms {
  readonly requiredAffinity: readonly Term[];
  readonly requiredAnti: readonly Term[];
  readonly preferredAffinity: readonly Term[];
  readonly preferredAnti: readonly Term[];
}

export const podTermsOf = (pod: Pod): PodTerms => {
  const a = (pod.spec.affinity ?? {}) as RawAffinity;
  return {
    requiredAffinity: (a.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => termOf(pod, t, 1)),
    requiredAnti: (a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => termOf(pod, t, 1)),
    preferredAffinity: (a.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => termOf(pod, t.podAffinityTerm, t.weight)),
    preferredAnti: (a.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => termOf(pod, t.podAffinityTerm, t.weight)),
  };
};

/** AffinityTerm.Matches. */
const matches = (t: Term, pod: Pod, nsLabels: Labels | undefined): boolean =>
  (t.namespaces.has(namespaceOf(pod)) || selMatches(t.nsSelector, nsLabels ?? {})) && selMatches(t.selector, pod.metadata.labels);

/** Reproduce v1.34.1's lost reset of the incoming pod's namespaceSelector (see the header). */
export const V1_34_KEEPS_NAMESPACE_SELECTOR = false;

/** mergeAffinityTermNamespacesIfNotEmpty for the incoming pod's terms. */
const merged = (cluster: RefCluster, t: Term): Term => {
  if (isEmptySel(t.nsSelector)) return t;
  const names = new Set(t.namespaces);
  for (const ns of cluster.namespaces) if (selMatches(t.nsSelector, ns.metadata.labels ?? {})) names.add(ns.metadata.name);
  return { ...t, namespaces: names, nsSelector: V1_34_KEEPS_NAMESPACE_SELECTOR ? t.nsSelector : NOTHING };
};

const mergedTerms = (cluster: RefCluster, terms: PodTerms): PodTerms => ({
  requiredAffinity: terms.requiredAffinity.map((t) => merged(cluster, t)),
  requiredAnti: terms.requiredAnti.map((t) => merged(cluster, t)),
  preferredAffinity: terms.preferredAffinity.map((t) => merged(cluster, t)),
  preferredAnti: terms.preferredAnti.map((t) => merged(cluster, t)),
});

const matchesAll = (terms: readonly Term[], pod: Pod): boolean => terms.length > 0 && terms.every((t) => matches(t, pod, undefined));

const pairKey = (key: string, value: string): string => `${key}\x00${value}`;
const bump = (m: Map<string, number>, n: RefNode, key: string, by: number): void => {
  if (!Object.hasOwn(n.labels, key)) return;
  const k = pairKey(key, n.labels[key] as string);
  m.set(k, (m.get(k) ?? 0) + by);
};

// -------------------------------------------------------------------------------------
// Filter
// -------------------------------------------------------------------------------------

/** PreFilter over every node, then the per-node Filter; undefined when PreFilter Skips. */
export const interPodFilter = (cluster: RefCluster, pod: Pod, all: readonly RefNode[]): ((n: RefNode) => Verdict | undefined) | undefined => {
  const own = mergedTerms(cluster, podTermsOf(pod));
  const nsLabels = namespaceLabels(cluster, namespaceOf(pod));
  const existingAnti = new Map<string, number>();
  const affinity = new Map<string, number>();
  const anti = new Map<string, number>();
  for (const n of all) {
    for (const e of n.pods) {
      for (const t of podTermsOf(e).requiredAnti) if (matches(t, pod, nsLabels)) bump(existingAnti, n, t.topologyKey, 1);
      if (matchesAll(own.requiredAffinity, e)) for (const t of own.requiredAffinity) bump(affinity, n, t.topologyKey, 1);
      for (const t of own.requiredAnti) if (matches(t, e, undefined)) bump(anti, n, t.topologyKey, 1);
    }
  }
  if (existingAnti.size === 0 && own.requiredAffinity.length === 0 && own.requiredAnti.length === 0) return undefined;
  return (n) => {
    if (!satisfiesAffinity(own, affinity, pod, n)) return { plugin: NAME, code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match pod affinity rules"] };
    for (const t of own.requiredAnti) {
      if (Object.hasOwn(n.labels, t.topologyKey) && (anti.get(pairKey(t.topologyKey, n.labels[t.topologyKey] as string)) ?? 0) > 0) {
        return { plugin: NAME, code: 'Unschedulable', reasons: ["node(s) didn't match pod anti-affinity rules"] };
      }
    }
    for (const key of Object.keys(n.labels)) {
      if ((existingAnti.get(pairKey(key, n.labels[key] as string)) ?? 0) > 0) return { plugin: NAME, code: 'Unschedulable', reasons: ["node(s) didn't satisfy existing pods anti-affinity rules"] };
    }
    return undefined;
  };
};

/** satisfyPodAffinity: every term's key on the node with a matching pod in its domain, or the first pod of a group. */
const satisfiesAffinity = (own: PodTerms, counts: ReadonlyMap<string, number>, pod: Pod, n: RefNode): boolean => {
  let podsExist = true;
  for (const t of own.requiredAffinity) {
    if (!Object.hasOwn(n.labels, t.topologyKey)) return false;
    if ((counts.get(pairKey(t.topologyKey, n.labels[t.topologyKey] as string)) ?? 0) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  return counts.size === 0 && matchesAll(own.requiredAffinity, pod);
};

// -------------------------------------------------------------------------------------
// Score
// -------------------------------------------------------------------------------------

/** PreScore over every node's pods, Score, NormalizeScore; undefined when PreScore Skips (no term touched any node). */
export const interPodScores = (cluster: RefCluster, pod: Pod, feasible: readonly RefNode[], all: readonly RefNode[]): number[] | undefined => {
  const own = mergedTerms(cluster, podTermsOf(pod));
  const nsLabels = namespaceLabels(cluster, namespaceOf(pod));
  const topo = new Map<string, number>();
  const keys = new Set<string>();
  let touched = false;
  const add = (n: RefNode, t: Term, weight: number, matched: boolean): void => {
    if (!matched || !Object.hasOwn(n.labels, t.topologyKey)) return;
    touched = true;
    keys.add(t.topologyKey);
    bump(topo, n, t.topologyKey, weight);
  };
  for (const n of all) {
    if (Object.keys(n.labels).length === 0) continue;
    for (const e of n.pods) {
      const theirs = podTermsOf(e);
      for (const t of own.preferredAffinity) add(n, t, t.weight, matches(t, e, undefined));
      for (const t of own.preferredAnti) add(n, t, -t.weight, matches(t, e, undefined));
      for (const t of theirs.requiredAffinity) add(n, t, 1, matches(t, pod, nsLabels));
      for (const t of theirs.preferredAffinity) add(n, t, t.weight, matches(t, pod, nsLabels));
      for (const t of theirs.preferredAnti) add(n, t, -t.weight, matches(t, pod, nsLabels));
    }
  }
  if (!touched) return undefined;
  const raw = feasible.map((n) => {
    let s = 0;
    for (const key of keys) if (Object.hasOwn(n.labels, key)) s += topo.get(pairKey(key, n.labels[key] as string)) ?? 0;
    return s;
  });
  const min = Math.min(...raw);
  const max = Math.max(...raw);
  return raw.map((s) => (max - min > 0 ? Math.trunc(100 * ((s - min) / (max - min))) : 0));
};
