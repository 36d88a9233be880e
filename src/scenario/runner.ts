/**
 * Runs a loaded scenario: check it, turn it into engine inputs, run the engine, judge the
 * expectations on the log.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import { formatClock } from '../api/duration.js';
import type { Input } from '../engine/engine.js';
import { runEngine } from '../engine/engine.js';
import { defaultControllers } from '../engine/registry.js';
import type { EventRecord } from '../log/events.js';
import { profilesFrom } from '../scheduler/config.js';
import type { Profile } from '../scheduler/types.js';
import type { ClusterState } from '../state/state.js';
import type { KubeletConfig } from '../world/kubelet.js';
import { DEFAULT_KUBELET } from '../world/kubelet.js';
import type { InputError } from './errors.js';
import { formatPath } from './errors.js';
import { applyRequest, clusterInput } from './inputs.js';
import { timelineInputs } from './timeline.js';
import type { ExpectationSpec, Verdict } from './judge.js';
import { judge } from './judge.js';
import type { LoadedScenario, ManifestDoc } from './load.js';
import { customKindsOf, expectationSpecs, manifestErrors, unmodelledWarnings, unsupported } from './prepare.js';

export const DEFAULT_MAX_SETTLE_ROUNDS = 1000;

export interface ScenarioRun {
  readonly scenario: LoadedScenario;
  readonly seed: number;
  readonly records: readonly EventRecord[];
  readonly state: ClusterState;
  readonly expectations: readonly ExpectationSpec[];
  readonly verdicts: readonly Verdict[];
  readonly warnings: readonly string[];
}

const kubeletOf = (s: LoadedScenario): KubeletConfig => {
  const k = s.raw.spec.cluster?.kubelet ?? {};
  return {
    imagePullMs: k.imagePull ?? DEFAULT_KUBELET.imagePullMs,
    containerStartMs: k.containerStart ?? DEFAULT_KUBELET.containerStartMs,
    jitter: k.jitter ?? DEFAULT_KUBELET.jitter,
    shutdown: k.shutdown === undefined || k.shutdown === 'grace' ? 'grace' : { ms: k.shutdown },
  };
};

const manifestInput = (docs: readonly ManifestDoc[]): Input => ({
  atMs: 0,
  source: docs.length === 0 ? 'spec.manifests' : `${docs[0]?.file ?? ''}:${docs[0]?.line ?? 1}:${docs[0]?.col ?? 1}\u0000spec.manifests`,
  actor: 'scenario',
  abortOnRejection: true,
  requests: (state) => docs.map((d) => applyRequest(state, d.object, 'scenario')),
});

/** The scheduler's profiles from `spec.scheduler` (undefined: kubesim's default profile). */
const schedulerProfiles = (s: LoadedScenario): Either<InputError[], readonly Profile[] | undefined> => {
  const config = s.raw.spec.scheduler;
  if (config === undefined) return right(undefined);
  const profiles = profilesFrom(config);
  if (!isLeft(profiles)) return right(profiles.right);
  return left(
    profiles.left.map((e) => {
      const path = ['spec', 'scheduler', ...e.path];
      return { file: s.file, ...s.doc.locate(path), path: formatPath(path), message: e.message };
    }),
  );
};

/** Everything that is wrong with the scenario before it runs. */
const check = (s: LoadedScenario): InputError[] => [
  ...unsupported(s),
  ...((docs) => {
    const custom = customKindsOf(docs);
    return docs.flatMap((d) => manifestErrors(d, custom));
  })([...s.nodes, ...s.manifests, ...s.timeline.flatMap((t) => t.objects)]),
];

const sourceError = (source: string, message: string): InputError => {
  const [loc = '', path] = source.split('\u0000');
  const m = /^(.*):(\d+):(\d+)$/.exec(loc);
  return m === null ? { file: loc, path, message } : { file: m[1] ?? '', line: Number(m[2]), col: Number(m[3]), ...(path === undefined ? {} : { path }), message };
};

export const runScenario = (s: LoadedScenario, seedOverride?: number): Either<readonly InputError[], ScenarioRun> => {
  const seed = seedOverride ?? s.seed;
  const timeline = timelineInputs(s);
  const expectations = expectationSpecs(s);
  const scheduler = schedulerProfiles(s);
  const errors = [...check(s), ...timeline.errors, ...expectations.errors, ...(isLeft(scheduler) ? scheduler.left : [])];
  if (errors.length > 0 || isLeft(scheduler)) return left(errors);
  const config = {
    seed,
    tickMs: s.tickMs,
    durationMs: s.durationMs,
    maxSettleRounds: s.raw.spec.engine?.maxSettleRounds ?? DEFAULT_MAX_SETTLE_ROUNDS,
    controllers: defaultControllers({ kubelet: kubeletOf(s), ...(scheduler.right === undefined ? {} : { schedulerProfiles: scheduler.right }) }),
  };
  const result = runEngine(config, [clusterInput(s.nodePools, s.nodes.map((n) => n.object)), manifestInput(s.manifests), ...timeline.inputs]);
  if (isLeft(result)) {
    const e = result.left;
    if (e.type === 'InputRejected') return left([sourceError(e.source, `refused at ${formatClock(e.timeMs)}: ${e.rejection.message}`)]);
    const dirty = e.dirty.map((d) => `${d.controller} (${d.keys.join(', ')})`).join('; ');
    return left([{ file: s.file, message: `the cluster did not settle at ${formatClock(e.timeMs)}: after ${e.rounds} rounds these controllers still had work: ${dirty}. Raise spec.engine.maxSettleRounds if this is expected, or look for two controllers undoing each other.` }]);
  }
  const verdicts = judge(result.right.records, expectations.specs, s.durationMs);
  const warnings = unmodelledWarnings([...s.manifests, ...s.timeline.flatMap((t) => t.objects)]);
  return right({ scenario: s, seed, records: result.right.records, state: result.right.state, expectations: expectations.specs, verdicts, warnings });
};
