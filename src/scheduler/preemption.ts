/**
 * PostFilter: DefaultPreemption (upstream framework/preemption/preemption.go and
 * plugins/defaultpreemption/default_preemption.go), run when no node fits a pod.
 *
 * 1. Eligibility: not with preemptionPolicy Never, nor while lower-priority pods the
 *    scheduler preempted for it are still terminating on its nominated node.
 * 2. Candidates: the nodes that failed with Unschedulable (never UnschedulableAndUnresolvable),
 *    visited from a seeded random offset until there are enough of them (upstream
 *    DryRunPreemption, sequential here: upstream's parallel workers stop at the same count).
 * 3. Victims on a node: every lower-priority pod goes; if the pod then fits, the most
 *    important ones are put back while it still fits, PDB-violating ones first.
 * 4. One node by upstream's tie-breaks (pickOneNodeForPreemption), and the requests:
 *    lower-priority nominations to that node cleared, each victim marked DisruptionTarget
 *    and deleted gracefully, the pod nominated to the node. A later cycle binds it there
 *    (the framework tries status.nominatedNodeName first).
 *
 * What-ifs change the cycle's filter state in place through the checks' addPod/removePod
 * (upstream PreFilterExtensions on a cloned CycleState); each is undone before the next.
 * Priorities, start times and conditions are read from the state, whose pods are fresher
 * than the cache's.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { Request } from '../api/actions.js';
import type { KubeObject } from '../api/meta.js';
import { refOf } from '../api/meta.js';
import type { Pod } from '../api/pod.js';
import { DEFAULT_SCHEDULER_NAME } from '../api/pod.js';
import type { PodDisruptionBudget } from '../api/policy.js';
import type { Selector } from '../api/selector.js';
import { fromLabelSelector, matches } from '../api/selector.js';
import { simMsOf, timestampAt } from '../api/time.js';
import type { Rng } from '../state/controller.js';
import { withCondition } from '../state/pod-status.js';
import { compareStrings, getPod, listKind } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { nodeInfoOf } from './cache.js';
import type { CycleResult, FilterCheck } from './framework.js';
import { filtersWithNominated, histogramMessage } from './framework.js';
import type { CycleContext, FilterFailure, NodeInfo, PodInfo, Profile } from './types.js';

const ACTOR = 'scheduler';
/** upstream DefaultPreemptionArgs defaults. */
export const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
export const MIN_CANDIDATE_NODES_ABSOLUTE = 100;
/** upstream adds MaxInt32+1 to each priority so that sums of negative priorities compare sensibly. */
const PRIORITY_OFFSET = 2 ** 31;

export const NOT_ELIGIBLE_NEVER = 'not eligible due to preemptionPolicy=Never.';
export const NOT_ELIGIBLE_TERMINATING = 'not eligible due to a terminating pod on the nominated node.';
const NO_VICTIMS: FilterFailure = { code: 'UnschedulableAndUnresolvable', reasons: ['No preemption victims found for incoming pod'], plugin: 'DefaultPreemption' };
const NOT_HELPFUL = 'Preemption is not helpful for scheduling';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export interface PostFilterOutcome {
  /** Appended to the FailedScheduling message (`preemption: …`). */
  readonly message?: string;
  /** What preemption does: delete victims, nominate the node. */
  readonly requests: readonly Request[];
  /** The node the pod is nominated to ('' clears its nomination); absent: unchanged. */
  readonly nominatedNode?: string;
  /** Keys of the pods preempted for it, most important first. */
  readonly victims?: readonly string[];
}

/** A pod on a node as preemption weighs it (upstream MoreImportantPod's inputs). */
export interface Weighed {
  readonly info: PodInfo;
  /** The pod as the state has it now. */
  readonly pod: Pod;
  readonly priority: number;
  /** status.startTime, or now for a pod that has not started (upstream GetPodStartTime). */
  readonly startMs: number;
}

export interface Candidate {
  readonly node: string;
  /** Most important first. */
  readonly victims: readonly Weighed[];
  readonly pdbViolations: number;
}

export interface Budget {
  readonly namespace: string;
  readonly selector: Selector;
  readonly allowed: number;
  readonly disrupted: ReadonlySet<string>;
}

/** What one preemption attempt reads, computed once. */
interface Env {
  readonly state: ClusterState;
  readonly checks: readonly FilterCheck[];
  readonly priority: number;
  readonly budgets: readonly Budget[];
  /** The pending pods nominated to a node (the cache's nominator), in key order. */
  readonly nominated: (node: string) => readonly PodInfo[];
  /** The preemptor's key. */
  readonly self: string;
  readonly nowMs: number;
}

// -------------------------------------------------------------------------------------
// small queries
// -------------------------------------------------------------------------------------

/** upstream corev1helpers.PodPriority. */
export const priorityOf = (pod: Pod): number => pod.spec.priority ?? 0;

const fresh = (state: ClusterState, pod: Pod): Pod => getPod(state, pod.metadata.namespace, pod.metadata.name) ?? pod;

const weigh = (env: Env, info: PodInfo): Weighed => {
  const pod = fresh(env.state, info.pod);
  const start = pod.status?.startTime;
  return { info, pod, priority: priorityOf(pod), startMs: start === undefined ? env.nowMs : simMsOf(start) };
};

/** upstream MoreImportantPod as a comparator: higher priority, then the earlier start, first. */
const moreImportantFirst = (a: Weighed, b: Weighed): number => b.priority - a.priority || a.startMs - b.startMs;

/** upstream podTerminatingByPreemption: being deleted, and its DisruptionTarget says the scheduler did it. */
export const terminatingByPreemption = (pod: Pod): boolean => {
  if (pod.metadata.deletionTimestamp === undefined) return false;
  const c = pod.status?.conditions?.find((x) => x.type === 'DisruptionTarget');
  return c !== undefined && c.status === 'True' && c.reason === 'PreemptionByScheduler';
};

type Unschedulable = Extract<CycleResult, { type: 'Unschedulable' }>;

/** upstream NodeToStatus.Get: a node the filters did not report has the absent nodes' status (UU by default). */
const codeOf = (result: Unschedulable, node: string): FilterFailure['code'] =>
  result.failures.get(node)?.code ?? result.absent?.code ?? 'UnschedulableAndUnresolvable';

/** upstream calculateNumCandidates. */
export const numCandidates = (nodes: number): number =>
  Math.min(Math.max(Math.trunc((nodes * MIN_CANDIDATE_NODES_PERCENTAGE) / 100), MIN_CANDIDATE_NODES_ABSOLUTE), nodes);

const budgetsOf = (state: ClusterState): Budget[] =>
  (listKind(state, 'PodDisruptionBudget') as unknown as PodDisruptionBudget[]).flatMap((pdb) => {
    const parsed = fromLabelSelector(pdb.spec?.selector);
    // upstream: an invalid, nil or empty selector matches no pod here
    if (isLeft(parsed) || parsed.right.matchesNothing === true || parsed.right.requirements.length === 0) return [];
    const disrupted = new Set(Object.keys(pdb.status?.disruptedPods ?? {}));
    return [{ namespace: pdb.metadata.namespace ?? 'default', selector: parsed.right, allowed: pdb.status?.disruptionsAllowed ?? 0, disrupted }];
  });

// -------------------------------------------------------------------------------------
// filters on a what-if node
// -------------------------------------------------------------------------------------

/** NodeInfo keeps its pods in key order. */
const byKey = (pods: PodInfo[]): PodInfo[] => pods.sort((a, b) => compareStrings(a.key, b.key));

const addPod = (checks: readonly FilterCheck[], p: PodInfo, node: NodeInfo): void => {
  for (const c of checks) c.check.addPod?.(p, node);
};

const removePod = (checks: readonly FilterCheck[], p: PodInfo, node: NodeInfo): void => {
  for (const c of checks) c.check.removePod?.(p, node);
};

const withNominated = (env: Env, node: NodeInfo): FilterFailure | undefined => filtersWithNominated(env.checks, node, env.nominated(node.name), env.priority, env.self);

const fits = (env: Env, node: NodeInfo): boolean => withNominated(env, node) === undefined;

// -------------------------------------------------------------------------------------
// victims on one node (upstream SelectVictimsOnNode)
// -------------------------------------------------------------------------------------

/** upstream filterPodsWithPDBViolation: stable; each matching budget is spent pod by pod. */
export const splitByBudgets = <T extends { readonly pod: Pod }>(pods: readonly T[], budgets: readonly Budget[]): { violating: T[]; nonViolating: T[] } => {
  const allowed = budgets.map((b) => b.allowed);
  const violating: T[] = [];
  const nonViolating: T[] = [];
  for (const item of pods) {
    const labels = item.pod.metadata.labels ?? {};
    let violated = false;
    if (Object.keys(labels).length > 0) {
      budgets.forEach((b, i) => {
        if (b.namespace !== (item.pod.metadata.namespace ?? 'default') || !matches(b.selector, labels) || b.disrupted.has(item.pod.metadata.name)) return;
        allowed[i] = (allowed[i] as number) - 1;
        if ((allowed[i] as number) < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(item);
  }
  return { violating, nonViolating };
};

const selectVictimsOnNode = (env: Env, node: NodeInfo): Candidate | FilterFailure => {
  const weighed = node.pods.map((p) => weigh(env, p));
  const potential = weighed.filter((w) => w.priority < env.priority);
  if (potential.length === 0) return NO_VICTIMS;
  let current = nodeInfoOf(node.index, node.node, weighed.filter((w) => w.priority >= env.priority).map((w) => w.info), undefined, node);
  for (const w of potential) removePod(env.checks, w.info, current);
  const removed = new Set(potential);
  const outcome = ((): Candidate | FilterFailure => {
    const failure = withNominated(env, current);
    if (failure !== undefined) return failure;
    const { violating, nonViolating } = splitByBudgets([...potential].sort(moreImportantFirst), env.budgets);
    const victims: Weighed[] = [];
    const reprieve = (w: Weighed): boolean => {
      const next = nodeInfoOf(node.index, node.node, byKey([...current.pods, w.info]), undefined, node);
      addPod(env.checks, w.info, next);
      if (fits(env, next)) {
        current = next;
        removed.delete(w);
        return true;
      }
      removePod(env.checks, w.info, current);
      victims.push(w);
      return false;
    };
    let pdbViolations = 0;
    for (const w of violating) if (!reprieve(w)) pdbViolations++;
    for (const w of nonViolating) reprieve(w);
    if (violating.length > 0 && nonViolating.length > 0) victims.sort(moreImportantFirst);
    if (victims.length === 0) return { code: 'UnschedulableAndUnresolvable', reasons: [`expected at least one victim pod on node ${JSON.stringify(node.name)}`], plugin: 'DefaultPreemption' };
    return { node: node.name, victims, pdbViolations };
  })();
  for (const w of removed) addPod(env.checks, w.info, node);
  return outcome;
};

// -------------------------------------------------------------------------------------
// candidates and the pick
// -------------------------------------------------------------------------------------

const isCandidate = (x: Candidate | FilterFailure): x is Candidate => 'victims' in x;

/** upstream DryRunPreemption: candidates without PDB violations first; stops once it has enough. */
const dryRun = (env: Env, potential: readonly NodeInfo[], offset: number, wanted: number): { candidates: Candidate[]; statuses: Map<string, FilterFailure> } => {
  const clean: Candidate[] = [];
  const violating: Candidate[] = [];
  const statuses = new Map<string, FilterFailure>();
  for (let i = 0; i < potential.length; i++) {
    const node = potential[(offset + i) % potential.length] as NodeInfo;
    const selected = selectVictimsOnNode(env, node);
    if (!isCandidate(selected)) {
      statuses.set(node.name, selected);
      continue;
    }
    const list = selected.pdbViolations === 0 ? clean : violating;
    if (list.length < wanted) list.push(selected);
    if (clean.length > 0 && clean.length + violating.length >= wanted) break;
  }
  return { candidates: [...clean, ...violating], statuses };
};

/** upstream GetEarliestPodStartTime: the earliest start among the highest-priority victims. */
const earliestTopStartMs = (c: Candidate): number => {
  const top = Math.max(...c.victims.map((v) => v.priority));
  return Math.min(...c.victims.filter((v) => v.priority === top).map((v) => v.startMs));
};

/** upstream pickOneNodeForPreemption's rules, each breaking the ties of the one before. */
const PICK_RULES: readonly ((c: Candidate) => number)[] = [
  (c) => -c.pdbViolations,
  (c) => -(c.victims[0]?.priority ?? 0),
  (c) => -c.victims.reduce((sum, v) => sum + v.priority + PRIORITY_OFFSET, 0),
  (c) => -c.victims.length,
  earliestTopStartMs,
];

/** The best candidate; among complete ties the first found (upstream: the first of a map's order). */
export const pickCandidate = (candidates: readonly Candidate[]): Candidate | undefined => {
  let remaining = candidates;
  for (const rule of PICK_RULES) {
    if (remaining.length <= 1) break;
    const scores = remaining.map(rule);
    const best = Math.max(...scores);
    remaining = remaining.filter((_, i) => scores[i] === best);
  }
  return remaining[0];
};

// -------------------------------------------------------------------------------------
// requests
// -------------------------------------------------------------------------------------

const request = (reason: string, action: Request['action']): Request => ({ actor: ACTOR, reason, action });
const ref = (pod: Pod) => refOf(pod as unknown as KubeObject);

/** upstream PreemptPod: DisruptionTarget (patched only if it changes), then an ordinary graceful delete. */
const preemptRequests = (victim: Pod, schedulerName: string, nowMs: number): Request[] => {
  const condition = { type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: `${schedulerName}: preempting to accommodate a higher priority pod` };
  const conditions = withCondition(victim.status?.conditions, condition, timestampAt(nowMs));
  const changed = JSON.stringify(conditions) !== JSON.stringify(victim.status?.conditions ?? []);
  return [
    ...(changed ? [request('Preempted', { type: 'UpdateStatus', ref: ref(victim), status: { ...victim.status, conditions } })] : []),
    request('Preempted', { type: 'Delete', ref: ref(victim) }),
  ];
};

/** upstream prepareCandidate(Async) and the nomination the failure handler writes. */
const prepare = (env: Env, preemptor: Pod, best: Candidate): Request[] => {
  const schedulerName = preemptor.spec.schedulerName ?? DEFAULT_SCHEDULER_NAME;
  const lower = env.nominated(best.node).filter((p) => p.key !== env.self && priorityOf(p.pod) < env.priority);
  return [
    ...lower.map((p) => request('Nominated', { type: 'Nominate', pod: ref(p.pod), node: '' })),
    // a victim already being deleted needs no second call
    ...best.victims.filter((v) => v.pod.metadata.deletionTimestamp === undefined).flatMap((v) => preemptRequests(v.pod, schedulerName, env.nowMs)),
    request('Nominated', { type: 'Nominate', pod: ref(preemptor), node: best.node }),
  ];
};

// -------------------------------------------------------------------------------------
// PostFilter
// -------------------------------------------------------------------------------------

const notEligible = (ctx: CycleContext, preemptor: Pod, result: Unschedulable): string | undefined => {
  if (preemptor.spec.preemptionPolicy === 'Never') return NOT_ELIGIBLE_NEVER;
  const nominated = preemptor.status?.nominatedNodeName ?? '';
  // a nominated node the filters now rule out for good: look for another
  if (nominated === '' || codeOf(result, nominated) === 'UnschedulableAndUnresolvable') return undefined;
  const priority = priorityOf(preemptor);
  const pods = ctx.snapshot.byName.get(nominated)?.pods ?? [];
  return pods.some((p) => {
    const pod = fresh(ctx.state, p.pod);
    return priorityOf(pod) < priority && terminatingByPreemption(pod);
  })
    ? NOT_ELIGIBLE_TERMINATING
    : undefined;
};

/**
 * DefaultPreemption's PostFilter for `pod` after `result`. `nowMs` (default: the time of
 * the state) stamps the victims' condition and stands for the start time of pods that
 * have not started.
 */
export const postFilter = (ctx: CycleContext, _profile: Profile, pod: PodInfo, result: Unschedulable, rng: Rng, nowMs: number = ctx.state.timeMs): PostFilterOutcome => {
  // upstream fails before filtering when there are no nodes: PostFilter never runs
  if (result.totalNodes === 0) return { requests: [] };
  const preemptor = fresh(ctx.state, pod.pod);
  const why = notEligible(ctx, preemptor, result);
  if (why !== undefined) return { message: `preemption: ${why}`, requests: [] };
  const env: Env = {
    state: ctx.state,
    checks: result.filters.checks,
    priority: priorityOf(preemptor),
    budgets: budgetsOf(ctx.state),
    nominated: (node) => ctx.snapshot.nominatedPods(node),
    self: pod.key,
    nowMs,
  };
  const potential = ctx.snapshot.nodes.filter((n) => codeOf(result, n.name) === 'Unschedulable');
  const { candidates, statuses } = potential.length === 0 ? { candidates: [], statuses: new Map<string, FilterFailure>() } : dryRun(env, potential, rng.int(0, potential.length - 1), numCandidates(potential.length));
  const best = pickCandidate(candidates);
  if (best === undefined) return noCandidate(result.totalNodes, statuses, preemptor);
  return { requests: prepare(env, preemptor, best), nominatedNode: best.node, victims: best.victims.map((v) => v.info.key) };
};

/** upstream: a FitError over the dry run's statuses, the other nodes "not helpful"; the nomination is cleared. */
const noCandidate = (totalNodes: number, statuses: ReadonlyMap<string, FilterFailure>, preemptor: Pod): PostFilterOutcome => {
  const histogram = new Map<string, number>();
  for (const { reasons } of statuses.values()) for (const r of reasons) histogram.set(r, (histogram.get(r) ?? 0) + 1);
  if (statuses.size < totalNodes) histogram.set(NOT_HELPFUL, (histogram.get(NOT_HELPFUL) ?? 0) + totalNodes - statuses.size);
  const nominated = (preemptor.status?.nominatedNodeName ?? '') !== '';
  return {
    message: `preemption: ${histogramMessage(totalNodes, histogram)}`,
    requests: nominated ? [request('Nominated', { type: 'Nominate', pod: ref(preemptor), node: '' })] : [],
    nominatedNode: '',
  };
};
