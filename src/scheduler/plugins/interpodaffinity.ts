/**
 * InterPodAffinity (upstream plugins/interpodaffinity/{filtering,scoring,plugin}.go at
 * v1.34, with framework.PodInfo's affinity terms).
 *
 * Terms: a term selects pods by labelSelector (nil: none) in its namespaces, or in the
 * namespaces whose labels namespaceSelector matches (nil: none, {}: all); no namespaces and
 * no namespaceSelector mean the pod's own namespace. matchLabelKeys / mismatchLabelKeys add
 * `key in (v)` / `key notin (v)` for the pod's own labels, as kube-apiserver does when it
 * admits the pod (a nil labelSelector stays nil). For the incoming pod, namespaceSelector is
 * resolved against the Namespace objects once per cycle.
 *
 * Filter, in order: (1) required affinity: the node has every term's key, and each term's
 * domain holds a pod matching all terms, unless no pod anywhere does and the pod matches
 * its own terms (the first pod of a group) — UnschedulableAndUnresolvable; (2) required
 * anti-affinity: no matching pod in any term's domain; (3) no existing pod's required
 * anti-affinity term matches the pod within that pod's domain — both Unschedulable.
 *
 * Score: per topology pair, +w / −w for each existing pod matching an incoming preferred
 * (anti-)affinity term, +1 for each existing pod's required affinity term the pod matches
 * (hardPodAffinityWeight), ±w for its preferred terms; raw = the sum over the node's
 * pairs; normalized `trunc(100·((s−min)/(max−min)))` in float64.
 *
 * Cost: per-node counts and contributions are kept across cycles in podtopologyspread's
 * TopologyStore and recounted only on the nodes the cache replaced, so a cycle costs one
 * pass over the node array plus those nodes; Filter and Score are O(terms) with no
 * allocation. Whether any node holds pods with (anti-)affinity comes from the store too:
 * the snapshot's havePodsWith… lists are rebuilt over every node after each change.
 *
 * Preemption (AddPod/RemovePod) changes only the cycle's views, as upstream changes its
 * cloned cycle state.
 *
 * Not modelled: the plugin args (hardPodAffinityWeight is 1, ignorePreferredTermsOfExistingPods
 * false); an unparsable term of the incoming pod rejects every node (UnschedulableAndUnresolvable
 * "parsing pod: …") as upstream's PreFilter does, and its PreScore error is a Skip here.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, right } from 'fp-ts/lib/Either.js';
import type { Pod } from '../../api/pod.js';
import type { Selector } from '../../api/selector.js';
import { matches } from '../../api/selector.js';
import { compareStrings, getObject } from '../../state/queries.js';
import type { ClusterState } from '../../state/state.js';
import type { FilterFailure, FilterPlugin, NodeInfo, PodInfo, ScorePlugin } from '../types.js';
import { MAX_NODE_SCORE, SKIP } from '../types.js';
import type { Contribution, TopologyDomains, TopologyStore } from './podtopologyspread.js';
import { CountView, DomainCounts, isEmptySelector, labelsKey, namespaceOf, parseLabelSelector, selectorKey, topologyStore } from './podtopologyspread.js';

export const NAME = 'InterPodAffinity';
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";
/** upstream InterPodAffinityArgs.hardPodAffinityWeight default. */
export const HARD_POD_AFFINITY_WEIGHT = 1;

const AFFINITY_FAILED: FilterFailure = { code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_AFFINITY_RULES_NOT_MATCH], plugin: NAME };
const ANTI_AFFINITY_FAILED: FilterFailure = { code: 'Unschedulable', reasons: [ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH], plugin: NAME };
const EXISTING_ANTI_AFFINITY_FAILED: FilterFailure = { code: 'Unschedulable', reasons: [ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH], plugin: NAME };

// -------------------------------------------------------------------------------------
// terms (upstream framework.AffinityTerm, newAffinityTerm)
// -------------------------------------------------------------------------------------

export interface AffinityTerm {
  readonly topologyKey: string;
  readonly selector: Selector;
  readonly namespaces: ReadonlySet<string>;
  readonly namespaceSelector: Selector;
  /** The preferred term's weight (1 for required terms). */
  readonly weight: number;
}

export interface PodTerms {
  readonly requiredAffinity: readonly AffinityTerm[];
  readonly requiredAntiAffinity: readonly AffinityTerm[];
  readonly preferredAffinity: readonly AffinityTerm[];
  readonly preferredAntiAffinity: readonly AffinityTerm[];
  /** What upstream NewPodInfo reports; a category that fails to parse has no terms. */
  readonly error: string | undefined;
}

type Raw = Readonly<Record<string, unknown>>;
const asRecord = (x: unknown): Raw | undefined => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Raw) : undefined);
const asArray = (x: unknown): readonly unknown[] => (Array.isArray(x) ? x : []);
const strings = (x: unknown): string[] => asArray(x).filter((s): s is string => typeof s === 'string');

/** kube-apiserver's matchLabelKeys / mismatchLabelKeys merge into the term's labelSelector. */
const withLabelKeys = (term: Raw, labels: Readonly<Record<string, string>>): unknown => {
  const selector = term.labelSelector;
  const sel = asRecord(selector);
  if (sel === undefined) return selector;
  const extra: unknown[] = [];
  for (const key of strings(term.matchLabelKeys)) if (Object.hasOwn(labels, key)) extra.push({ key, operator: 'In', values: [labels[key]] });
  for (const key of strings(term.mismatchLabelKeys)) if (Object.hasOwn(labels, key)) extra.push({ key, operator: 'NotIn', values: [labels[key]] });
  return extra.length === 0 ? selector : { ...sel, matchExpressions: [...asArray(sel.matchExpressions), ...extra] };
};

const parseTerm = (pod: Pod, raw: unknown, weight: number): Either<string, AffinityTerm> => {
  const term = asRecord(raw) ?? {};
  const selector = parseLabelSelector(withLabelKeys(term, pod.metadata.labels ?? {}));
  if (isLeft(selector)) return selector;
  const namespaceSelector = parseLabelSelector(term.namespaceSelector);
  if (isLeft(namespaceSelector)) return namespaceSelector;
  const listed = strings(term.namespaces);
  const own = listed.length === 0 && (term.namespaceSelector === undefined || term.namespaceSelector === null);
  return right({
    topologyKey: typeof term.topologyKey === 'string' ? term.topologyKey : '',
    selector: selector.right,
    namespaces: new Set(own ? [namespaceOf(pod)] : listed),
    namespaceSelector: namespaceSelector.right,
    weight,
  });
};

const parseTerms = (pod: Pod, list: readonly unknown[], weighted: boolean): Either<string, AffinityTerm[]> => {
  const terms: AffinityTerm[] = [];
  for (const x of list) {
    const w = asRecord(x);
    const t = weighted ? parseTerm(pod, w?.podAffinityTerm, typeof w?.weight === 'number' ? w.weight : 0) : parseTerm(pod, x, 1);
    if (isLeft(t)) return t;
    terms.push(t.right);
  }
  return right(terms);
};

const podTermsCache = new WeakMap<Pod, PodTerms>();

/** The pod's four term lists, once per Pod object. */
export const podTerms = (pod: Pod): PodTerms => {
  const known = podTermsCache.get(pod);
  if (known !== undefined) return known;
  const affinity = asRecord(pod.spec.affinity);
  const podAffinity = asRecord(affinity?.podAffinity);
  const antiAffinity = asRecord(affinity?.podAntiAffinity);
  const errors: string[] = [];
  const category = (name: string, list: unknown, weighted: boolean): AffinityTerm[] => {
    const parsed = parseTerms(pod, asArray(list), weighted);
    if (!isLeft(parsed)) return parsed.right;
    errors.push(`${name}: ${parsed.left}`);
    return [];
  };
  const terms: PodTerms = {
    requiredAffinity: category('requiredAffinityTerms', podAffinity?.requiredDuringSchedulingIgnoredDuringExecution, false),
    requiredAntiAffinity: category('requiredAntiAffinityTerms', antiAffinity?.requiredDuringSchedulingIgnoredDuringExecution, false),
    preferredAffinity: category('preferredAffinityTerms', podAffinity?.preferredDuringSchedulingIgnoredDuringExecution, true),
    preferredAntiAffinity: category('preferredAntiAffinityTerms', antiAffinity?.preferredDuringSchedulingIgnoredDuringExecution, true),
    // utilerrors.NewAggregate's message
    error: errors.length === 0 ? undefined : errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`,
  };
  podTermsCache.set(pod, terms);
  return terms;
};

/** upstream AffinityTerm.Matches: `nsLabels` are the labels of the pod's namespace. */
export const termMatches = (t: AffinityTerm, pod: Pod, nsLabels: Readonly<Record<string, string>> | undefined): boolean =>
  (t.namespaces.has(namespaceOf(pod)) || matches(t.namespaceSelector, nsLabels)) && matches(t.selector, pod.metadata.labels);

// -------------------------------------------------------------------------------------
// the incoming pod's terms, namespaceSelector resolved (upstream mergeAffinityTermNamespacesIfNotEmpty)
// -------------------------------------------------------------------------------------

interface IncomingTerm {
  readonly topologyKey: string;
  readonly weight: number;
  /** An empty namespaceSelector: every namespace. */
  readonly allNamespaces: boolean;
  readonly namespaces: ReadonlySet<string>;
  readonly selector: Selector;
  /** Equal for terms that select the same pods. */
  readonly key: string;
}

const namespaceNames = new WeakMap<object, Map<string, readonly string[]>>();

/** Names of the Namespace objects whose labels `sel` matches, once per version of the Namespace map. */
const namespacesMatching = (state: ClusterState, sel: Selector): readonly string[] => {
  const all = state.objects.get('Namespace');
  if (all === undefined || sel.matchesNothing === true) return [];
  let bySelector = namespaceNames.get(all);
  if (bySelector === undefined) namespaceNames.set(all, (bySelector = new Map()));
  const key = selectorKey(sel);
  let names = bySelector.get(key);
  if (names === undefined) {
    names = [...all.values()].filter((ns) => matches(sel, ns.metadata.labels)).map((ns) => ns.metadata.name);
    bySelector.set(key, names);
  }
  return names;
};

const incoming = (state: ClusterState, t: AffinityTerm): IncomingTerm => {
  const allNamespaces = isEmptySelector(t.namespaceSelector);
  const namespaces = allNamespaces ? t.namespaces : new Set([...t.namespaces, ...namespacesMatching(state, t.namespaceSelector)]);
  const scope = allNamespaces ? '*' : [...namespaces].sort(compareStrings).join('\u0001');
  return { topologyKey: t.topologyKey, weight: t.weight, allNamespaces, namespaces, selector: t.selector, key: `${scope}\u0000${selectorKey(t.selector)}` };
};

const incomingMatches = (t: IncomingTerm, pod: Pod): boolean => (t.allNamespaces || t.namespaces.has(namespaceOf(pod))) && matches(t.selector, pod.metadata.labels);

const matchesAll = (terms: readonly IncomingTerm[], pod: Pod): boolean => terms.length > 0 && terms.every((t) => incomingMatches(t, pod));

/** Counts, by `topologyKey` domain, of the pods matching every term of `terms`. */
const termCounts = (store: TopologyStore, terms: readonly IncomingTerm[], topologyKey: string): DomainCounts => {
  const predicate = `affinity\u0000${terms.map((t) => t.key).join('\u0004')}`;
  return store.domainCounts(`${predicate}\u0000${topologyKey}`, () => {
    const counts = store.podCounts(predicate, (p) => matchesAll(terms, p));
    return new DomainCounts(store.domains(topologyKey), counts, undefined, false);
  });
};

const namespaceLabels = (state: ClusterState, namespace: string): Readonly<Record<string, string>> | undefined =>
  getObject(state, 'Namespace', undefined, namespace)?.metadata.labels;

/** What existing pods' terms can see of the incoming pod: its namespace, labels and namespace labels. */
const signature = (pod: Pod, nsLabels: Readonly<Record<string, string>> | undefined): string =>
  `${namespaceOf(pod)}\u0000${labelsKey(pod.metadata.labels)}\u0000${labelsKey(nsLabels)}`;

// -------------------------------------------------------------------------------------
// PreFilter and Filter
// -------------------------------------------------------------------------------------

/** Existing pods' required anti-affinity terms that match the incoming pod, on one node. */
const existingAntiAffinity =
  (pod: Pod, nsLabels: Readonly<Record<string, string>> | undefined) =>
  (node: NodeInfo): readonly Contribution[] => {
    const out: Contribution[] = [];
    for (const p of node.podsWithRequiredAntiAffinity) {
      for (const t of podTerms(p.pod).requiredAntiAffinity) if (termMatches(t, pod, nsLabels)) out.push({ key: t.topologyKey, weight: 1 });
    }
    return out;
  };

interface AntiGroup {
  readonly domains: TopologyDomains;
  readonly views: CountView[];
}

/** The cycle's counts (upstream preFilterState), changed in place by addPod/removePod. */
interface FilterState {
  readonly affinity: readonly IncomingTerm[];
  /** Per affinity term: the view of its key (terms with one key share it). */
  readonly affinityViews: readonly CountView[];
  readonly affinityByKey: ReadonlyMap<string, CountView>;
  readonly selfMatch: boolean;
  readonly anti: readonly IncomingTerm[];
  readonly antiViews: readonly CountView[];
  readonly antiGroups: readonly AntiGroup[];
  readonly existing: CountView[];
}

const buildState = (store: TopologyStore, state: ClusterState, pod: Pod, terms: PodTerms, existing: readonly CountView[]): FilterState => {
  const affinity = terms.requiredAffinity.map((t) => incoming(state, t));
  const affinityByKey = new Map<string, CountView>();
  for (const t of affinity) {
    if (affinityByKey.has(t.topologyKey)) continue;
    const agg = termCounts(store, affinity, t.topologyKey);
    affinityByKey.set(t.topologyKey, new CountView(agg.domains, agg.counts, agg.nonZero));
  }
  const anti = terms.requiredAntiAffinity.map((t) => incoming(state, t));
  const antiViews = anti.map((t) => {
    const agg = termCounts(store, [t], t.topologyKey);
    return new CountView(agg.domains, agg.counts, agg.nonZero);
  });
  const groups = new Map<string, AntiGroup>();
  anti.forEach((t, i) => {
    const view = antiViews[i] as CountView;
    const group = groups.get(t.topologyKey);
    if (group === undefined) groups.set(t.topologyKey, { domains: view.domains, views: [view] });
    else group.views.push(view);
  });
  return {
    affinity,
    affinityViews: affinity.map((t) => affinityByKey.get(t.topologyKey) as CountView),
    affinityByKey,
    selfMatch: matchesAll(affinity, pod),
    anti,
    antiViews,
    antiGroups: [...groups.values()],
    existing: [...existing],
  };
};

/** upstream satisfyPodAffinity. */
const satisfiesAffinity = (s: FilterState, node: NodeInfo): boolean => {
  let podsExist = true;
  for (let i = 0; i < s.affinityViews.length; i++) {
    const view = s.affinityViews[i] as CountView;
    const d = view.domains.of(node);
    if (d < 0) return false;
    if (view.get(d) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // the first pod of a group that has affinity to itself
  if (!s.selfMatch) return false;
  for (const view of s.affinityByKey.values()) if (view.nonZero > 0) return false;
  return true;
};

const satisfiesAntiAffinity = (s: FilterState, node: NodeInfo): boolean => {
  for (let g = 0; g < s.antiGroups.length; g++) {
    const group = s.antiGroups[g] as AntiGroup;
    const d = group.domains.of(node);
    if (d < 0) continue;
    let sum = 0;
    for (let i = 0; i < group.views.length; i++) sum += (group.views[i] as CountView).get(d);
    if (sum > 0) return false;
  }
  return true;
};

const satisfiesExisting = (s: FilterState, node: NodeInfo): boolean => {
  for (let i = 0; i < s.existing.length; i++) {
    const view = s.existing[i] as CountView;
    const d = view.domains.of(node);
    if (d >= 0 && view.get(d) > 0) return false;
  }
  return true;
};

/** upstream preFilterState.updateWithPod. */
const updateWithPod = (store: TopologyStore, s: FilterState, pod: Pod, nsLabels: Readonly<Record<string, string>> | undefined, p: Pod, node: NodeInfo, delta: number): void => {
  const labels = node.labels;
  for (const t of podTerms(p).requiredAntiAffinity) {
    if (!termMatches(t, pod, nsLabels) || !Object.hasOwn(labels, t.topologyKey)) continue;
    let view = s.existing.find((v) => v.domains.key === t.topologyKey);
    if (view === undefined) s.existing.push((view = new CountView(store.domains(t.topologyKey), [], 0)));
    view.add(labels[t.topologyKey] as string, delta);
  }
  if (matchesAll(s.affinity, p)) {
    for (const [key, view] of s.affinityByKey) if (Object.hasOwn(labels, key)) view.add(labels[key] as string, delta);
  }
  s.anti.forEach((t, i) => {
    if (incomingMatches(t, p) && Object.hasOwn(labels, t.topologyKey)) (s.antiViews[i] as CountView).add(labels[t.topologyKey] as string, delta);
  });
};

const preFilter: FilterPlugin['preFilter'] = (ctx, podInfo) => {
  const pod = podInfo.pod;
  const terms = podTerms(pod);
  if (terms.error !== undefined) return { type: 'Reject', failure: { code: 'UnschedulableAndUnresolvable', reasons: [`parsing pod: ${terms.error}`], plugin: NAME } };
  const state = ctx.state;
  const store = topologyStore(ctx);
  const nsLabels = namespaceLabels(state, namespaceOf(pod));
  const existing =
    store.affinitySummary().withRequiredAntiAffinity === 0
      ? []
      : store
          .keyedSums(`anti\u0000${signature(pod, nsLabels)}`, existingAntiAffinity(pod, nsLabels))
          .keys()
          .map((k) => new CountView(k.domains, k.sums, 0));
  if (existing.length === 0 && terms.requiredAffinity.length === 0 && terms.requiredAntiAffinity.length === 0) return SKIP;
  const s = buildState(store, state, pod, terms, existing);
  const filter = (node: NodeInfo): FilterFailure | undefined => {
    if (!satisfiesAffinity(s, node)) return AFFINITY_FAILED;
    if (!satisfiesAntiAffinity(s, node)) return ANTI_AFFINITY_FAILED;
    if (!satisfiesExisting(s, node)) return EXISTING_ANTI_AFFINITY_FAILED;
    return undefined;
  };
  return {
    type: 'Check',
    check: {
      filter,
      addPod: (p: PodInfo, node: NodeInfo) => updateWithPod(store, s, pod, nsLabels, p.pod, node, 1),
      removePod: (p: PodInfo, node: NodeInfo) => updateWithPod(store, s, pod, nsLabels, p.pod, node, -1),
    },
  };
};

export const filter: FilterPlugin = { name: NAME, preFilter };

// -------------------------------------------------------------------------------------
// PreScore, Score, NormalizeScore
// -------------------------------------------------------------------------------------

/** What existing pods with affinity add to the pairs of their node for the incoming pod (upstream processExistingPod). */
const existingPreferences =
  (pod: Pod, nsLabels: Readonly<Record<string, string>> | undefined) =>
  (node: NodeInfo): readonly Contribution[] => {
    const out: Contribution[] = [];
    for (const p of node.podsWithAffinity) {
      const terms = podTerms(p.pod);
      if (HARD_POD_AFFINITY_WEIGHT > 0) {
        for (const t of terms.requiredAffinity) if (termMatches(t, pod, nsLabels)) out.push({ key: t.topologyKey, weight: HARD_POD_AFFINITY_WEIGHT });
      }
      for (const t of terms.preferredAffinity) if (termMatches(t, pod, nsLabels)) out.push({ key: t.topologyKey, weight: t.weight });
      for (const t of terms.preferredAntiAffinity) if (termMatches(t, pod, nsLabels)) out.push({ key: t.topologyKey, weight: -t.weight });
    }
    return out;
  };

interface WeightedCounts {
  readonly domains: TopologyDomains;
  readonly counts: ArrayLike<number>;
  readonly weight: number;
}

const preScore: ScorePlugin['preScore'] = (ctx, podInfo) => {
  const pod = podInfo.pod;
  const terms = podTerms(pod);
  if (terms.error !== undefined) return 'Skip';
  const state = ctx.state;
  const hasConstraints = terms.preferredAffinity.length > 0 || terms.preferredAntiAffinity.length > 0;
  const store = topologyStore(ctx);
  const withAffinity = store.affinitySummary().withAffinity;
  // upstream: without preferred terms only the nodes with affinity pods are visited
  if (!hasConstraints && withAffinity === 0) return 'Skip';
  const nsLabels = namespaceLabels(state, namespaceOf(pod));
  let contributed = false;
  const weighted: WeightedCounts[] = [];
  const own = (t: AffinityTerm, sign: number): void => {
    const term = incoming(state, t);
    const agg = termCounts(store, [term], term.topologyKey);
    if (agg.total > 0) contributed = true;
    weighted.push({ domains: agg.domains, counts: agg.counts, weight: sign * t.weight });
  };
  for (const t of terms.preferredAffinity) own(t, 1);
  for (const t of terms.preferredAntiAffinity) own(t, -1);
  if (withAffinity > 0) {
    const sums = store.keyedSums(`score\u0000${signature(pod, nsLabels)}`, existingPreferences(pod, nsLabels));
    for (const k of sums.keys()) weighted.push({ domains: k.domains, counts: k.sums, weight: 1 });
    if (sums.entries > 0) contributed = true;
  }
  if (!contributed) return 'Skip';

  const score = (node: NodeInfo): number => {
    let s = 0;
    for (let i = 0; i < weighted.length; i++) {
      const w = weighted[i] as WeightedCounts;
      const d = w.domains.of(node);
      if (d >= 0) s += w.weight * (w.counts[d] ?? 0);
    }
    return s;
  };
  return { score, normalize };
};

/** upstream NormalizeScore: divides first, in float64. */
const normalize = (scores: number[]): void => {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    if (s > max) max = s;
    if (s < min) min = s;
  }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * (((scores[i] as number) - min) / diff)) : 0;
};

export const score: ScorePlugin = { name: NAME, preScore };
