/**
 * Runs one scenario through both schedulers and lists every disagreement: the optimised
 * one (src/scheduler: snapshotOf, preFilter/runFilters, each plugin's PreScore/Score/
 * NormalizeScore, scheduleCycle) against the reference cycle in this folder. The state is
 * built through the real admission (spec/support/given.ts), and the reference reads the
 * admitted objects back from it, so both see the same defaulted pods.
 */
import type { Node } from '../../../src/api/node.js';
import type { Pod } from '../../../src/api/pod.js';
import { seededRng } from '../../../src/engine/rng.js';
import { podInfoOf, snapshotOf } from '../../../src/scheduler/cache.js';
import type { CycleResult } from '../../../src/scheduler/framework.js';
import { preFilter, runFilters, scheduleCycle } from '../../../src/scheduler/framework.js';
import type { CycleContext, FilterFailure, NodeInfo, Profile } from '../../../src/scheduler/types.js';
import { getNode, getPod, listKind } from '../../../src/state/queries.js';
import type { ClusterState } from '../../../src/state/state.js';
import { given } from '../../support/given.js';
import type { Scenario } from './arbitraries.js';
import type { RefCluster } from './cluster.js';
import type { RefCycle, RefPlugins } from './cycle.js';
import { referenceCycle, UPSTREAM_SCORE_WEIGHTS } from './cycle.js';
import type { Verdict } from './filters.js';

export const buildState = (s: Scenario): ClusterState => {
  let g = given(...s.namespaces, ...s.nodes, ...s.services, ...s.owners, ...s.pods, s.incoming);
  for (const key of s.succeeded) {
    const [namespace, name] = key.split('/') as [string, string];
    g = g.and({ type: 'UpdateStatus', ref: { kind: 'Pod', namespace, name }, status: { phase: 'Succeeded' } });
  }
  for (const key of s.terminating) {
    const [namespace, name] = key.split('/') as [string, string];
    g = g.and({ type: 'Delete', ref: { kind: 'Pod', namespace, name }, gracePeriodSeconds: 30 });
  }
  return g.state;
};

export const refClusterOf = (state: ClusterState, nodeNames: readonly string[]): RefCluster => ({
  nodes: nodeNames.map((n) => getNode(state, n) as Node),
  pods: listKind(state, 'Pod') as unknown as Pod[],
  namespaces: listKind(state, 'Namespace'),
  services: listKind(state, 'Service'),
  replicaSets: listKind(state, 'ReplicaSet'),
  statefulSets: listKind(state, 'StatefulSet'),
  replicationControllers: listKind(state, 'ReplicationController'),
});

export const pluginsOf = (profile: Profile): RefPlugins => ({ filters: profile.filters.map((f) => f.name), scores: profile.scores.map((s) => s.plugin.name) });

export interface Outcome {
  readonly result: CycleResult;
  readonly ref: RefCycle;
  readonly problems: readonly string[];
}

const show = (v: unknown): string => JSON.stringify(v) ?? 'undefined';
const verdictOf = (f: FilterFailure | undefined): Verdict | undefined => (f === undefined ? undefined : { plugin: f.plugin, code: f.code, reasons: [...f.reasons] });

/** plugin → reason → count, as the trace's `rejected`. */
export const histogram = (verdicts: Iterable<Verdict>, absent?: { readonly verdict: Verdict; readonly count: number }): Record<string, Record<string, number>> => {
  const out: Record<string, Record<string, number>> = {};
  for (const v of verdicts) for (const r of v.reasons) (out[v.plugin] ??= {})[r] = (out[v.plugin]?.[r] ?? 0) + 1;
  if (absent !== undefined && absent.count > 0) for (const r of absent.verdict.reasons) (out[absent.verdict.plugin] ??= {})[r] = (out[absent.verdict.plugin]?.[r] ?? 0) + absent.count;
  return out;
};

/** Runs `incoming` (the scenario's pending pod) through both and compares. */
export const differential = (s: Scenario, profile: Profile): Outcome => {
  const state = buildState(s);
  const pod = getPod(state, s.incoming.metadata.namespace, s.incoming.metadata.name) as Pod;
  const snapshot = snapshotOf(state);
  const ctx: CycleContext = { state, snapshot };
  const info = podInfoOf(pod);
  const result = scheduleCycle(ctx, profile, info, s.startIndex, seededRng(s.seed));
  const ref = referenceCycle(
    refClusterOf(
      state,
      s.nodes.map((n) => n.metadata.name),
    ),
    pod,
    pluginsOf(profile),
    { startIndex: s.startIndex, percentageOfNodesToScore: profile.percentageOfNodesToScore },
  );
  const problems: string[] = [];
  const check = (ok: boolean, what: string): void => {
    if (!ok) problems.push(what);
  };
  check(show(snapshot.nodes.map((n) => n.name)) === show(ref.order), `node-tree order: ${show(snapshot.nodes.map((n) => n.name))} vs reference ${show(ref.order)}`);
  for (const { plugin, weight } of profile.scores) check(UPSTREAM_SCORE_WEIGHTS[plugin.name] === weight, `weight of ${plugin.name}: ${weight}, upstream ${UPSTREAM_SCORE_WEIGHTS[plugin.name]}`);
  compareFilters(ctx, profile, pod, ref, check);
  compareCycle(result, ref, snapshot.nodes.length, check);
  if (ref.scores !== undefined && ref.feasible.length === (result.type === 'Feasible' ? result.trace.feasibleNodes : -1)) compareScores(ctx, profile, pod, ref, check);
  return { result, ref, problems };
};

const compareFilters = (ctx: CycleContext, profile: Profile, pod: Pod, ref: RefCycle, check: (ok: boolean, what: string) => void): void => {
  const prepared = preFilter(ctx, profile, podInfoOf(pod));
  check(show(verdictOf(prepared.rejected)) === show(ref.rejected), `PreFilter rejection: ${show(verdictOf(prepared.rejected))} vs reference ${show(ref.rejected)}`);
  if (ref.rejected !== undefined) return;
  const restricted = prepared.nodeNames === undefined ? undefined : [...prepared.nodeNames].sort();
  const refRestricted = ref.restrictedTo === undefined ? undefined : [...ref.restrictedTo].sort();
  check(show(restricted) === show(refRestricted), `PreFilter node names: ${show(restricted)} vs reference ${show(refRestricted)}`);
  for (const node of ctx.snapshot.nodes) {
    if (!ref.verdicts.has(node.name)) continue;
    const got = verdictOf(runFilters(prepared.checks, node));
    const want = ref.verdicts.get(node.name);
    check(show(got) === show(want), `filter verdict on ${node.name}: ${show(got)} vs reference ${show(want)}`);
  }
};

const compareCycle = (result: CycleResult, ref: RefCycle, totalNodes: number, check: (ok: boolean, what: string) => void): void => {
  if (ref.rejected !== undefined) {
    check(result.type === 'Unschedulable' && result.preFilterMessage === ref.rejected.reasons.join(', '), `PreFilter rejection: ${show(result)} vs reference ${show(ref.rejected)}`);
    check(show(result.trace.rejected) === show(histogram([], { verdict: ref.rejected, count: totalNodes })), `rejected histogram: ${show(result.trace.rejected)}`);
    return;
  }
  const failing = ref.visited.filter((n) => ref.verdicts.get(n) !== undefined);
  const failed = failing.map((n) => ref.verdicts.get(n) as Verdict);
  check(result.trace.evaluatedNodes === ref.visited.length, `evaluatedNodes ${result.trace.evaluatedNodes} vs reference ${ref.visited.length}`);
  if (ref.feasible.length === 0) {
    if (result.type !== 'Unschedulable') return check(false, `scheduled on ${result.node}, reference finds no feasible node`);
    const absent = ref.absent === undefined ? undefined : { verdict: ref.absent, count: totalNodes - failing.length };
    check(show(result.trace.rejected ?? {}) === show(histogram(failed, absent)), `rejected histogram ${show(result.trace.rejected)} vs reference ${show(histogram(failed, absent))}`);
    check(show([...result.failures.keys()].sort()) === show([...failing].sort()), `failing nodes ${show([...result.failures.keys()].sort())} vs reference ${show([...failing].sort())}`);
    for (const n of failing) check(show(verdictOf(result.failures.get(n))) === show(ref.verdicts.get(n)), `failure on ${n}: ${show(verdictOf(result.failures.get(n)))} vs reference ${show(ref.verdicts.get(n))}`);
    check(show(verdictOf(result.absent)) === show(ref.absent), `status of nodes PreFilter excluded: ${show(verdictOf(result.absent))} vs reference ${show(ref.absent)}`);
    return;
  }
  if (result.type !== 'Feasible') return check(false, `unschedulable (${show(result.trace)}), reference finds ${show(ref.feasible)}`);
  const trace = result.trace;
  check(trace.feasibleNodes === ref.feasible.length, `feasibleNodes ${trace.feasibleNodes} vs reference ${ref.feasible.length}`);
  check(show(trace.rejected ?? {}) === show(histogram(failed)), `rejected histogram ${show(trace.rejected)} vs reference ${show(histogram(failed))}`);
  check(ref.best.includes(result.node), `chose ${result.node}, reference's best: ${show(ref.best)}`);
  const scores = ref.scores;
  if (scores === undefined) return check(trace.score === undefined && trace.pluginScores === undefined, `a single feasible node is taken unscored, got score ${show(trace.score)}`);
  const expectAt = (node: string): { score: number; pluginScores: Record<string, number> } => {
    const i = ref.feasible.indexOf(node);
    const pluginScores: Record<string, number> = {};
    for (const [name, list] of Object.entries(scores.byPlugin)) pluginScores[name] = list[i] as number;
    return { score: scores.totals[i] as number, pluginScores };
  };
  const sorted = (r: Readonly<Record<string, number>> | undefined): string => show(Object.entries(r ?? {}).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  const want = expectAt(result.node);
  check(trace.score === want.score, `score of ${result.node}: ${trace.score} vs reference ${want.score}`);
  check(sorted(trace.pluginScores) === sorted(want.pluginScores), `plugin scores of ${result.node}: ${sorted(trace.pluginScores)} vs reference ${sorted(want.pluginScores)}`);
  for (const skipped of scores.skipped) check((trace.skipped ?? []).includes(skipped), `${skipped} PreScore-skipped in the reference, not in the trace's skipped ${show(trace.skipped)}`);
  for (const r of trace.runnersUp ?? []) {
    const other = expectAt(r.node);
    check(r.score === other.score && r.score <= (trace.score ?? 0), `runner-up ${r.node}: ${r.score} vs reference ${other.score} (winner ${trace.score})`);
  }
};

/** Every plugin's normalized score on every feasible node (not only the winner's). */
const compareScores = (ctx: CycleContext, profile: Profile, pod: Pod, ref: RefCycle, check: (ok: boolean, what: string) => void): void => {
  const feasible = ref.feasible.map((n) => ctx.snapshot.byName.get(n) as NodeInfo);
  const info = podInfoOf(pod);
  for (const { plugin } of profile.scores) {
    const scorer = plugin.preScore(ctx, info, feasible);
    const got = scorer === 'Skip' ? undefined : feasible.map((n) => scorer.score(n));
    if (got !== undefined && scorer !== 'Skip') scorer.normalize?.(got, feasible);
    const want = ref.scores?.byPlugin[plugin.name];
    check(show(got) === show(want), `${plugin.name} scores over ${show(ref.feasible)}: ${show(got)} vs reference ${show(want)}`);
  }
};
