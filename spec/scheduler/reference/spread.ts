/**
 * Reference PodTopologySpread (upstream plugins/podtopologyspread/{common,filtering,
 * scoring,plugin}.go and plugins/helper/spread.go at v1.34, systemDefaulting on, the
 * NodeInclusionPolicy and MatchLabelKeys features on).
 *
 * Constraints: the pod's own of one whenUnsatisfiable; only when the pod has none at all,
 * the system defaults (hostname maxSkew 3, zone maxSkew 5, both ScheduleAnyway) with the
 * DefaultSelector: the selectors of the Services in the pod's namespace that select it,
 * plus its controller's (RC selector map; RS / StatefulSet label selector requirements).
 */
import type { KubeObject } from '../../../src/api/meta.js';
import type { Pod } from '../../../src/api/pod.js';
import type { RefCluster, RefNode } from './cluster.js';
import { namespaceOf } from './cluster.js';
import type { Verdict } from './filters.js';
import type { Labels, Req, Sel } from './selectors.js';
import { addReqs, firstUntolerated, isEmptySel, requiredNodeAffinityMatches, selMatches, selectorFromSet, selectorOf } from './selectors.js';

export const HOSTNAME = 'kubernetes.io/hostname';
export const ZONE = 'topology.kubernetes.io/zone';
const NAME = 'PodTopologySpread';
const NOT_MATCH = "node(s) didn't match pod topology spread constraints";

export interface Constraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: Sel;
  readonly minDomains: number;
  readonly nodeAffinityPolicy: string;
  readonly nodeTaintsPolicy: string;
}

interface RawConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: string;
  readonly labelSelector?: unknown;
  readonly minDomains?: number;
  readonly nodeAffinityPolicy?: string;
  readonly nodeTaintsPolicy?: string;
  readonly matchLabelKeys?: readonly string[];
}

const rawConstraints = (pod: Pod): readonly RawConstraint[] => ((pod.spec as { topologySpreadConstraints?: RawConstraint[] }).topologySpreadConstraints ?? []);

/** filterTopologySpreadConstraints, with mergeLabelSetWithSelector for matchLabelKeys (Nothing stays Nothing). */
const filterConstraints = (raw: readonly RawConstraint[], podLabels: Labels, action: string): Constraint[] => {
  const out: Constraint[] = [];
  for (const c of raw) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = selectorOf(c.labelSelector);
    const keys = c.matchLabelKeys ?? [];
    const extra: Req[] = [];
    for (const key of keys) if (Object.hasOwn(podLabels, key)) extra.push({ key, operator: '=', values: [podLabels[key] as string] });
    if (extra.length > 0 && !selector.nothing) selector = { nothing: false, reqs: [...extra, ...selector.reqs] };
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor',
      nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
    });
  }
  return out;
};

const controllerOf = (pod: Pod): { apiVersion: string; kind: string; name: string } | undefined => {
  for (const ref of pod.metadata.ownerReferences ?? []) if (ref.controller === true) return ref;
  return undefined;
};

const findIn = (list: readonly KubeObject[], namespace: string, name: string): KubeObject | undefined => {
  for (const o of list) if ((o.metadata.namespace ?? '') === namespace && o.metadata.name === name) return o;
  return undefined;
};

/** helper.DefaultSelector. */
export const defaultSelector = (cluster: RefCluster, pod: Pod): Sel => {
  const ns = namespaceOf(pod);
  const set: Record<string, string> = {};
  for (const svc of cluster.services) {
    if ((svc.metadata.namespace ?? '') !== ns) continue;
    const sel = (svc['spec'] as { selector?: Record<string, string> } | undefined)?.selector;
    if (sel === undefined || sel === null) continue;
    if (selMatches(selectorFromSet(sel), pod.metadata.labels)) Object.assign(set, sel);
  }
  let selector = selectorFromSet(set);
  const owner = controllerOf(pod);
  if (owner === undefined) return selector;
  if (owner.apiVersion === 'v1' && owner.kind === 'ReplicationController') {
    const rc = findIn(cluster.replicationControllers, ns, owner.name);
    if (rc !== undefined) selector = selectorFromSet({ ...set, ...((rc['spec'] as { selector?: Record<string, string> }).selector ?? {}) });
  } else if (owner.apiVersion === 'apps/v1' && (owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet')) {
    const obj = findIn(owner.kind === 'ReplicaSet' ? cluster.replicaSets : cluster.statefulSets, ns, owner.name);
    if (obj !== undefined) {
      const other = selectorOf((obj['spec'] as { selector?: unknown }).selector);
      if (!other.nothing) selector = addReqs(selector, other.reqs);
    }
  }
  return selector;
};

const SYSTEM_DEFAULTS: readonly RawConstraint[] = [
  { topologyKey: HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

/** getConstraints / initPreScoreState's choice: the pod's own, else buildDefaultConstraints. */
export const constraintsFor = (cluster: RefCluster, pod: Pod, action: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] => {
  const labels = pod.metadata.labels ?? {};
  if (rawConstraints(pod).length > 0) return filterConstraints(rawConstraints(pod), labels, action);
  const defaults = filterConstraints(SYSTEM_DEFAULTS, labels, action);
  if (defaults.length === 0) return [];
  const selector = defaultSelector(cluster, pod);
  if (isEmptySel(selector)) return [];
  return defaults.map((c) => ({ ...c, selector }));
};

export const hasOwnConstraints = (pod: Pod): boolean => rawConstraints(pod).length > 0;

/** countPodsMatchSelector: same namespace, not being deleted; an empty (Everything) selector counts none. */
export const countMatching = (pods: readonly Pod[], selector: Sel, namespace: string): number => {
  if (isEmptySel(selector)) return 0;
  let count = 0;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp !== undefined || namespaceOf(p) !== namespace) continue;
    if (selMatches(selector, p.metadata.labels)) count++;
  }
  return count;
};

export const hasAllKeys = (labels: Labels, constraints: readonly Constraint[]): boolean => constraints.every((c) => Object.hasOwn(labels, c.topologyKey));

/** matchNodeInclusionPolicies. */
export const passesPolicies = (c: Constraint, pod: Pod, n: RefNode): boolean => {
  if (c.nodeAffinityPolicy === 'Honor' && !requiredNodeAffinityMatches(pod.spec, n.name, n.labels)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && firstUntolerated(n.taints, pod.spec.tolerations ?? []) !== undefined) return false;
  return true;
};

// -------------------------------------------------------------------------------------
// Filter
// -------------------------------------------------------------------------------------

/** PreFilter (over every node) then the per-node Filter; undefined when PreFilter Skips. */
export const spreadFilter = (cluster: RefCluster, pod: Pod, all: readonly RefNode[]): ((n: RefNode) => Verdict | undefined) | undefined => {
  const constraints = constraintsFor(cluster, pod, 'DoNotSchedule');
  if (constraints.length === 0) return undefined;
  const ns = namespaceOf(pod);
  const counts: Map<string, number>[] = constraints.map(() => new Map());
  for (const n of all) {
    if (!hasAllKeys(n.labels, constraints)) continue;
    constraints.forEach((c, i) => {
      if (!passesPolicies(c, pod, n)) return;
      const value = n.labels[c.topologyKey] as string;
      const m = counts[i] as Map<string, number>;
      m.set(value, (m.get(value) ?? 0) + countMatching(n.pods, c.selector, ns));
    });
  }
  return (n) => {
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i] as Constraint;
      if (!Object.hasOwn(n.labels, c.topologyKey)) return { plugin: NAME, code: 'UnschedulableAndUnresolvable', reasons: [`${NOT_MATCH} (missing required label)`] };
      const m = counts[i] as Map<string, number>;
      let min = m.size < c.minDomains ? 0 : Number.MAX_SAFE_INTEGER;
      for (const v of m.values()) min = Math.min(min, v);
      const self = selMatches(c.selector, pod.metadata.labels) ? 1 : 0;
      const skew = (m.get(n.labels[c.topologyKey] as string) ?? 0) + self - min;
      if (skew > c.maxSkew) return { plugin: NAME, code: 'Unschedulable', reasons: [NOT_MATCH] };
    }
    return undefined;
  };
};

// -------------------------------------------------------------------------------------
// Score
// -------------------------------------------------------------------------------------

/**
 * PreScore, Score and NormalizeScore over the feasible nodes; undefined when PreScore Skips.
 * requireAllTopologies is "the pod has constraints of its own" (systemDefaulted): with the
 * system defaults a node missing a key is not ignored, and a missing zone label is the
 * domain "" for counting the zone's size.
 */
export const spreadScores = (cluster: RefCluster, pod: Pod, feasible: readonly RefNode[], all: readonly RefNode[]): number[] | undefined => {
  if (all.length === 0) return undefined;
  const constraints = constraintsFor(cluster, pod, 'ScheduleAnyway');
  if (constraints.length === 0) return undefined;
  const requireAll = hasOwnConstraints(pod);
  const ns = namespaceOf(pod);
  const ignored = new Set<string>();
  const counts: Map<string, number>[] = constraints.map(() => new Map());
  for (const n of feasible) {
    if (requireAll && !hasAllKeys(n.labels, constraints)) {
      ignored.add(n.name);
      continue;
    }
    constraints.forEach((c, i) => {
      if (c.topologyKey === HOSTNAME) return;
      const value = n.labels[c.topologyKey] ?? '';
      (counts[i] as Map<string, number>).set(value, 0);
    });
  }
  const weights = constraints.map((c, i) => Math.log((c.topologyKey === HOSTNAME ? feasible.length - ignored.size : (counts[i] as Map<string, number>).size) + 2));
  for (const n of all) {
    if (requireAll && !hasAllKeys(n.labels, constraints)) continue;
    constraints.forEach((c, i) => {
      if (!passesPolicies(c, pod, n)) return;
      const value = n.labels[c.topologyKey] ?? '';
      const m = counts[i] as Map<string, number>;
      if (!m.has(value)) return;
      m.set(value, (m.get(value) as number) + countMatching(n.pods, c.selector, ns));
    });
  }
  const raw = feasible.map((n) => {
    if (ignored.has(n.name)) return 0;
    let score = 0;
    constraints.forEach((c, i) => {
      if (!Object.hasOwn(n.labels, c.topologyKey)) return;
      const cnt = c.topologyKey === HOSTNAME ? countMatching(n.pods, c.selector, ns) : ((counts[i] as Map<string, number>).get(n.labels[c.topologyKey] as string) as number);
      score += cnt * (weights[i] as number) + (c.maxSkew - 1);
    });
    return goRound(score);
  });
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  feasible.forEach((n, i) => {
    if (ignored.has(n.name)) return;
    min = Math.min(min, raw[i] as number);
    max = Math.max(max, raw[i] as number);
  });
  return feasible.map((n, i) => {
    if (ignored.has(n.name)) return 0;
    if (max === 0) return 100;
    return Math.floor((100 * (max + min - (raw[i] as number))) / max);
  });
};

/** Go math.Round: half away from zero. */
const goRound = (x: number): number => (x < 0 ? -Math.round(-x) : Math.round(x));
