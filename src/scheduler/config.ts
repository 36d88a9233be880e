/**
 * Scheduler profiles from a KubeSchedulerConfiguration subset (upstream
 * pkg/scheduler/apis/config/v1): profiles selected by `schedulerName`, plugins enabled or
 * disabled per extension point (`*` disables every default of that point), score weights,
 * NodeResourcesFit's scoringStrategy and percentageOfNodesToScore.
 *
 * A profile starts from upstream's default plugin set and weights (every default plugin
 * but DynamicResources, NodeVolumeLimits and VolumeRestrictions, which kubesim does not
 * model); without a configuration, the run uses that default profile (profile.ts).
 */
import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { typeErrors } from '../api/validation.js';
import { left, right } from 'fp-ts/lib/Either.js';
import { DEFAULT_SCHEDULER_NAME } from '../api/pod.js';
import * as balanced from './plugins/balancedallocation.js';
import * as image from './plugins/imagelocality.js';
import * as interPod from './plugins/interpodaffinity.js';
import * as spread from './plugins/podtopologyspread.js';
import * as affinity from './plugins/nodeaffinity.js';
import * as nodeName from './plugins/nodename.js';
import * as ports from './plugins/nodeports.js';
import * as fit from './plugins/noderesourcesfit.js';
import * as unschedulable from './plugins/nodeunschedulable.js';
import type { ResourceSpec, ScoringStrategyConfig } from './plugins/resourcestrategies.js';
import { scoringStrategy, validateScoringStrategy } from './plugins/resourcestrategies.js';
import * as taints from './plugins/tainttoleration.js';
import * as volumeBinding from './plugins/volumebinding.js';
import * as volumeZone from './plugins/volumezone.js';
import type { FilterPlugin, Profile, ScorePlugin } from './types.js';

export interface PluginRef {
  readonly name: string;
  readonly weight?: number;
}

export interface PluginSet {
  readonly enabled?: readonly PluginRef[];
  readonly disabled?: readonly PluginRef[];
}

export interface ProfileConfig {
  readonly schedulerName?: string;
  readonly plugins?: { readonly filter?: PluginSet; readonly score?: PluginSet };
  readonly pluginConfig?: readonly { readonly name: string; readonly args?: Readonly<Record<string, unknown>> }[];
}

export interface SchedulerConfig {
  readonly percentageOfNodesToScore?: number;
  readonly profiles?: readonly ProfileConfig[];
}

/** A problem with the configuration, at a path relative to it (`profiles[0].plugins.score.enabled[1].name`). */
export interface ConfigError {
  readonly path: (string | number)[];
  readonly message: string;
}

/** Filters kubesim implements, in upstream's order (all of them are upstream defaults). */
export const FILTERS: readonly FilterPlugin[] = [unschedulable.filter, nodeName.filter, taints.filter, affinity.filter, ports.filter, fit.filter, volumeBinding.filter, volumeZone.filter, spread.filter, interPod.filter];

type ScoreFactory = (args: Readonly<Record<string, unknown>> | undefined) => ScorePlugin;

/** Score plugins kubesim implements, with upstream's default weights. */
export const SCORES: readonly { readonly name: string; readonly weight: number; readonly make: ScoreFactory }[] = [
  { name: taints.NAME, weight: 3, make: () => taints.score },
  { name: affinity.NAME, weight: 2, make: () => affinity.score },
  { name: fit.NAME, weight: 1, make: (args) => scoringStrategy(strategyOf(args)) },
  { name: volumeBinding.NAME, weight: 1, make: () => volumeBinding.score },
  { name: spread.NAME, weight: 2, make: () => spread.score },
  { name: interPod.NAME, weight: 2, make: () => interPod.score },
  { name: balanced.NAME, weight: 1, make: (args) => balanced.balancedAllocationWith((args?.['resources'] as ResourceSpec[] | undefined) ?? undefined) },
  { name: image.NAME, weight: 1, make: () => image.imageLocality },
];

const strategyOf = (args: Readonly<Record<string, unknown>> | undefined): ScoringStrategyConfig =>
  (args?.['scoringStrategy'] as ScoringStrategyConfig | undefined) ?? { type: 'LeastAllocated' };

const STRATEGY_TYPES = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'];

const unsupported = (value: string, supported: readonly string[]): string =>
  `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`;

/** Which plugins of one extension point are on, and their weights, after enabled/disabled. */
const pointPlugins = (defaults: readonly { name: string; weight: number }[], set: PluginSet | undefined, at: (string | number)[], errors: ConfigError[]): Map<string, number> => {
  const known = defaults.map((d) => d.name);
  const on = new Map<string, number>();
  const disabled = set?.disabled ?? [];
  const disableAll = disabled.some((d) => d.name === '*');
  disabled.forEach((d, i) => {
    if (d.name !== '*' && !known.includes(d.name)) errors.push({ path: [...at, 'disabled', i, 'name'], message: unsupported(d.name, ['*', ...known]) });
  });
  for (const d of defaults) if (!disableAll && !disabled.some((x) => x.name === d.name)) on.set(d.name, d.weight);
  (set?.enabled ?? []).forEach((e, i) => {
    if (!known.includes(e.name)) return void errors.push({ path: [...at, 'enabled', i, 'name'], message: unsupported(e.name, known) });
    const weight = e.weight ?? 0;
    if (!Number.isInteger(weight) || weight < 0) return void errors.push({ path: [...at, 'enabled', i, 'weight'], message: `Invalid value: ${weight}: must be a non-negative integer` });
    on.set(e.name, weight === 0 ? (defaults.find((d) => d.name === e.name)?.weight ?? 1) : weight);
  });
  return on;
};

const pluginArgs = (p: ProfileConfig, name: string): Readonly<Record<string, unknown>> | undefined => p.pluginConfig?.find((c) => c.name === name)?.args;

/** The shapes of the plugin args kubesim reads, checked before anything reads them. */
const Resources = t.array(t.type({ name: t.string, weight: t.number }));
const ARGS: Readonly<Record<string, t.Mixed>> = {
  [fit.NAME]: t.partial({
    scoringStrategy: t.intersection([
      t.type({ type: t.string }),
      t.partial({ resources: Resources, requestedToCapacityRatio: t.type({ shape: t.array(t.type({ utilization: t.number, score: t.number })) }) }),
    ]),
  }),
  [balanced.NAME]: t.partial({ resources: Resources }),
};

const argsErrors = (p: ProfileConfig, at: (string | number)[]): ConfigError[] =>
  (p.pluginConfig ?? []).flatMap((c, i): ConfigError[] => {
    const where = [...at, 'pluginConfig', i];
    if (!SCORES.some((s) => s.name === c.name) && !FILTERS.some((f) => f.name === c.name)) return [{ path: [...where, 'name'], message: unsupported(c.name, SCORES.map((s) => s.name)) }];
    const shape = ARGS[c.name];
    const wrong = shape === undefined ? [] : typeErrors(shape, c.args ?? {});
    if (wrong.length > 0) return wrong.map((e) => ({ path: [...where, 'args', ...(e.path === '' ? [] : [e.path])], message: e.message }));
    if (c.name !== fit.NAME || c.args?.['scoringStrategy'] === undefined) return [];
    const strategy = strategyOf(c.args);
    if (!STRATEGY_TYPES.includes(strategy.type)) return [{ path: [...where, 'args', 'scoringStrategy', 'type'], message: unsupported(strategy.type, STRATEGY_TYPES) }];
    return validateScoringStrategy(strategy).map((m) => ({ path: [...where, 'args'], message: m }));
  });

const profileOf = (p: ProfileConfig, percentage: number, at: (string | number)[], errors: ConfigError[]): Profile => {
  const filterOn = pointPlugins(FILTERS.map((f) => ({ name: f.name, weight: 0 })), p.plugins?.filter, [...at, 'plugins', 'filter'], errors);
  const scoreOn = pointPlugins(SCORES, p.plugins?.score, [...at, 'plugins', 'score'], errors);
  const args = argsErrors(p, at);
  errors.push(...args);
  return {
    schedulerName: p.schedulerName ?? DEFAULT_SCHEDULER_NAME,
    filters: FILTERS.filter((f) => filterOn.has(f.name)),
    scores: args.length > 0 ? [] : SCORES.filter((s) => scoreOn.has(s.name)).map((s) => ({ plugin: s.make(pluginArgs(p, s.name)), weight: scoreOn.get(s.name) ?? s.weight })),
    percentageOfNodesToScore: percentage,
  };
};

/** The profiles a configuration describes, or every problem with it. */
export const profilesFrom = (config: SchedulerConfig): Either<ConfigError[], Profile[]> => {
  const errors: ConfigError[] = [];
  const percentage = config.percentageOfNodesToScore ?? 0;
  if (percentage < 0 || percentage > 100) errors.push({ path: ['percentageOfNodesToScore'], message: `Invalid value: ${percentage}: not in valid range [0-100]` });
  const configs = config.profiles === undefined || config.profiles.length === 0 ? [{}] : config.profiles;
  const profiles = configs.map((p, i) => profileOf(p, percentage, ['profiles', i], errors));
  profiles.forEach((p, i) => {
    if (profiles.findIndex((q) => q.schedulerName === p.schedulerName) < i) errors.push({ path: ['profiles', i, 'schedulerName'], message: `Duplicate value: ${JSON.stringify(p.schedulerName)}` });
  });
  return errors.length > 0 ? left(errors) : right(profiles);
};
