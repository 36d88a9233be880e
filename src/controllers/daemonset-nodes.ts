/**
 * Where a DaemonSet's pods belong (upstream pkg/controller/daemon: NodeShouldRunDaemonPod
 * and predicates in daemon_controller.go; util/daemonset_util.go for the pod additions).
 *
 * - `nodeShouldRunDaemonPod`: the pod the DaemonSet would make for the node (template +
 *   the automatic tolerations) must fit the node's name, its nodeSelector and required
 *   node affinity, and tolerate its NoSchedule/NoExecute taints (`shouldRun`); a pod that
 *   is already there may stay while it tolerates every NoExecute taint
 *   (`shouldContinueRunning`). Resources, ports and cordoning are the scheduler's business.
 * - The pod additions: the automatic tolerations (AddOrUpdateDaemonPodTolerations) and the
 *   node-name affinity (ReplaceDaemonSetPodNodeNameNodeAffinity).
 *
 * The matching rules are upstream's component-helpers ones (nodeaffinity, ToleratesTaint).
 * The scheduler has the same predicates in src/scheduler/plugins, but the layer rule keeps
 * controllers from importing the scheduler, so the few lines needed live here.
 */
import type { Node, Taint } from '../api/node.js';
import type { PodSpec, Toleration } from '../api/pod.js';
import type { Operator, Requirement } from '../api/selector.js';
import { tolerates } from '../api/tolerations.js';
import { matches } from '../api/selector.js';
import type { DaemonSet } from '../api/workloads.js';

/** upstream metav1.ObjectNameField: the only field node affinity's matchFields knows. */
const NAME_FIELD = 'metadata.name';

// -------------------------------------------------------------------------------------
// the automatic tolerations (upstream AddOrUpdateDaemonPodTolerations, in its order)
// -------------------------------------------------------------------------------------

const exists = (key: string, effect: string): Toleration => ({ key, operator: 'Exists', effect });

/** Infinite NoExecute tolerations so taint-based eviction never removes daemon pods; TaintNodesByCondition's NoSchedule ones. */
const DAEMON_TOLERATIONS: readonly Toleration[] = [
  exists('node.kubernetes.io/not-ready', 'NoExecute'),
  exists('node.kubernetes.io/unreachable', 'NoExecute'),
  exists('node.kubernetes.io/disk-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/memory-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/pid-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/unschedulable', 'NoSchedule'),
];
const NETWORK_UNAVAILABLE = exists('node.kubernetes.io/network-unavailable', 'NoSchedule');

/** upstream Toleration.MatchToleration: same key, operator, value and effect. */
const sameToleration = (a: Toleration, b: Toleration): boolean =>
  (a.key ?? '') === (b.key ?? '') && (a.operator ?? '') === (b.operator ?? '') && (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '');

/** upstream AddOrUpdateTolerationInPodSpec: replaces a matching toleration (dropping its seconds) or appends. */
const addOrUpdateToleration = (list: readonly Toleration[], toleration: Toleration): Toleration[] => {
  const at = list.findIndex((t) => sameToleration(t, toleration));
  if (at < 0) return [...list, toleration];
  return list.map((t, i) => (i === at ? toleration : t));
};

export const withDaemonTolerations = (spec: PodSpec): Toleration[] => {
  const added = spec.hostNetwork === true ? [...DAEMON_TOLERATIONS, NETWORK_UNAVAILABLE] : DAEMON_TOLERATIONS;
  return added.reduce<Toleration[]>(addOrUpdateToleration, [...(spec.tolerations ?? [])]);
};

// -------------------------------------------------------------------------------------
// the node-name affinity (upstream ReplaceDaemonSetPodNodeNameNodeAffinity)
// -------------------------------------------------------------------------------------

type Raw = Readonly<Record<string, unknown>>;
const asRecord = (x: unknown): Raw | undefined => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Raw) : undefined);
const asArray = (x: unknown): readonly unknown[] => (Array.isArray(x) ? x : []);
const asString = (x: unknown): string => (typeof x === 'string' ? x : '');

/**
 * The affinity with its required node terms replaced by one `metadata.name In [node]`
 * term: upstream drops the other required terms (the controller has already checked
 * them) and keeps the preferred ones and pod (anti-)affinity.
 */
export const withNodeNameAffinity = (affinity: Raw | undefined, nodeName: string): Raw => {
  const required = { nodeSelectorTerms: [{ matchFields: [{ key: NAME_FIELD, operator: 'In', values: [nodeName] }] }] };
  const nodeAffinity = asRecord(affinity?.nodeAffinity) ?? {};
  return { ...affinity, nodeAffinity: { ...nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: required } };
};

/**
 * upstream GetTargetNodeName: the bound node, else the node the name affinity pins (the
 * first `metadata.name In` value of a single-valued requirement), else none.
 */
export const targetNodeName = (spec: PodSpec): string | undefined => {
  if (spec.nodeName !== undefined && spec.nodeName !== '') return spec.nodeName;
  const required = asRecord(asRecord(asRecord(spec.affinity)?.nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution);
  for (const term of asArray(required?.nodeSelectorTerms)) {
    for (const f of asArray(asRecord(term)?.matchFields)) {
      const r = asRecord(f);
      const values = asArray(r?.values);
      if (asString(r?.key) === NAME_FIELD && asString(r?.operator) === 'In' && values.length === 1) return asString(values[0]);
    }
  }
  return undefined;
};

// -------------------------------------------------------------------------------------
// required node affinity (upstream nodeaffinity.GetRequiredNodeAffinity(pod).Match)
// -------------------------------------------------------------------------------------

const LABEL_OPERATORS: ReadonlySet<string> = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);

/** A matchExpressions entry as a label requirement; undefined when it does not parse (the term then matches nothing). */
const labelRequirement = (x: unknown): Requirement | undefined => {
  const e = asRecord(x);
  const operator = asString(e?.operator);
  const values = asArray(e?.values).filter((v): v is string => typeof v === 'string');
  if (!LABEL_OPERATORS.has(operator)) return undefined;
  const ok = operator === 'In' || operator === 'NotIn' ? values.length > 0 : operator === 'Gt' || operator === 'Lt' ? values.length === 1 && /^[+-]?[0-9]+$/.test(values[0] ?? '') : values.length === 0;
  return ok ? { key: asString(e?.key), operator: operator as Operator, values } : undefined;
};

/** upstream nodeSelectorRequirementsAsFieldSelector: only In/NotIn with exactly one value. */
const fieldMatches = (x: unknown, nodeName: string): boolean => {
  const e = asRecord(x);
  const operator = asString(e?.operator);
  const values = asArray(e?.values);
  if ((operator !== 'In' && operator !== 'NotIn') || values.length !== 1) return false;
  const actual = asString(e?.key) === NAME_FIELD ? nodeName : '';
  return operator === 'In' ? actual === values[0] : actual !== values[0];
};

const termMatches = (term: Raw | undefined, node: Node): boolean => {
  const requirements = asArray(term?.matchExpressions).map(labelRequirement);
  if (requirements.some((r) => r === undefined)) return false;
  if (requirements.length > 0 && !matches({ requirements: requirements as Requirement[] }, node.metadata.labels)) return false;
  return asArray(term?.matchFields).every((f) => fieldMatches(f, node.metadata.name));
};

const isEmptyTerm = (term: Raw | undefined): boolean => asArray(term?.matchExpressions).length === 0 && asArray(term?.matchFields).length === 0;

/** spec.nodeSelector (every pair a node label) AND one of the non-empty required terms. */
export const fitsNodeAffinity = (spec: PodSpec, node: Node): boolean => {
  const labels = node.metadata.labels ?? {};
  if (!Object.entries(spec.nodeSelector ?? {}).every(([k, v]) => Object.hasOwn(labels, k) && labels[k] === v)) return false;
  const required = asRecord(asRecord(asRecord(spec.affinity)?.nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution);
  if (required === undefined) return true;
  return asArray(required.nodeSelectorTerms)
    .map(asRecord)
    .filter((t) => !isEmptyTerm(t))
    .some((t) => termMatches(t, node));
};

// -------------------------------------------------------------------------------------
// taints (upstream FindMatchingUntoleratedTaint; ToleratesTaint is src/api/tolerations.ts)
// -------------------------------------------------------------------------------------

const untolerated = (taints: readonly Taint[], tolerations: readonly Toleration[], effects: ReadonlySet<string>): boolean =>
  taints.some((taint) => effects.has(taint.effect) && !tolerations.some((t) => tolerates(t, taint)));

const DO_NOT_SCHEDULE: ReadonlySet<string> = new Set(['NoSchedule', 'NoExecute']);
const NO_EXECUTE: ReadonlySet<string> = new Set(['NoExecute']);

// -------------------------------------------------------------------------------------
// NodeShouldRunDaemonPod
// -------------------------------------------------------------------------------------

export interface NodeVerdict {
  /** A daemon pod should be created here if none is. */
  readonly shouldRun: boolean;
  /** A daemon pod already here may stay. */
  readonly shouldContinueRunning: boolean;
}

const NO: NodeVerdict = { shouldRun: false, shouldContinueRunning: false };
const YES: NodeVerdict = { shouldRun: true, shouldContinueRunning: true };

/** The spec the DaemonSet's pod for a node would have before the name affinity (upstream NewPod). */
export const daemonPodSpec = (ds: DaemonSet): PodSpec => {
  const spec = ds.spec.template?.spec ?? { containers: [] };
  return { ...spec, tolerations: withDaemonTolerations(spec) };
};

/** upstream NodeShouldRunDaemonPod, given the spec from `daemonPodSpec`. */
export const nodeShouldRunDaemonPod = (spec: PodSpec, node: Node): NodeVerdict => {
  // upstream: a template pinned to another node by spec.nodeName runs nowhere else.
  if (spec.nodeName !== undefined && spec.nodeName !== '' && spec.nodeName !== node.metadata.name) return NO;
  if (!fitsNodeAffinity(spec, node)) return NO;
  const taints = node.spec?.taints ?? [];
  const tolerations = spec.tolerations ?? [];
  if (!untolerated(taints, tolerations, DO_NOT_SCHEDULE)) return YES;
  // upstream: scheduled daemon pods keep running while they tolerate every NoExecute taint.
  return { shouldRun: false, shouldContinueRunning: !untolerated(taints, tolerations, NO_EXECUTE) };
};

