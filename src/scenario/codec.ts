/**
 * The scenario file format, v1 (shared/scenario-format.md), as io-ts codecs: the single
 * source of the scenario's types. Objects are closed: an unknown field is an error.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { DurationMs } from '../api/duration.js';
import { parseQuantity } from '../api/quantity.js';
import { closed, exactlyOne } from './closed.js';

// -------------------------------------------------------------------------------------
// values
// -------------------------------------------------------------------------------------

const fail = (u: unknown, c: t.Context, expected: string) => t.failure<never>(u, c, `Invalid value: ${JSON.stringify(u) ?? 'null'}: ${expected}`);

export const NonNegativeInt = new t.Type<number, number, unknown>('a non-negative integer', (u): u is number => typeof u === 'number', (u, c) => (typeof u === 'number' && Number.isInteger(u) && u >= 0 ? t.success(u) : fail(u, c, 'expected a non-negative integer')), t.identity);
const PositiveInt = new t.Type<number, number, unknown>('a positive integer', (u): u is number => typeof u === 'number', (u, c) => (typeof u === 'number' && Number.isInteger(u) && u >= 1 ? t.success(u) : fail(u, c, 'expected an integer of at least 1')), t.identity);
const Fraction = new t.Type<number, number, unknown>('a number in [0, 1)', (u): u is number => typeof u === 'number', (u, c) => (typeof u === 'number' && u >= 0 && u < 1 ? t.success(u) : fail(u, c, 'expected a number ≥ 0 and < 1')), t.identity);

/** A quantity, kept as written (the API layer parses it where it is used). */
export const QuantityText = new t.Type<string | number, string | number, unknown>(
  'a quantity',
  (u): u is string | number => typeof u === 'string' || typeof u === 'number',
  (u, c) => {
    if (typeof u !== 'string' && typeof u !== 'number') return fail(u, c, 'expected a quantity such as 250m, 2 or 1Gi');
    const q = parseQuantity(u);
    return isLeft(q) ? fail(u, c, q.left) : t.success(u);
  },
  t.identity,
);

const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const Name = new t.Type<string, string, unknown>('a name', (u): u is string => typeof u === 'string', (u, c) => (typeof u === 'string' && DNS1123.test(u) && u.length <= 253 ? t.success(u) : fail(u, c, 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character')), t.identity);

const StringMap = t.record(t.string, t.string);
const Duration = DurationMs;

// -------------------------------------------------------------------------------------
// cluster
// -------------------------------------------------------------------------------------

const Taint = closed('Taint', { key: t.string, effect: t.keyof({ NoSchedule: null, PreferNoSchedule: null, NoExecute: null }) }, { value: t.string });
const Resources = t.record(t.string, QuantityText);

export const NodePool = closed('NodePool', { name: Name, count: PositiveInt, capacity: Resources }, { allocatable: Resources, labels: StringMap, taints: t.array(Taint) });
export type NodePool = t.TypeOf<typeof NodePool>;

const Shutdown = t.union([t.literal('grace'), Duration]);
export const KubeletSpec = closed('KubeletSpec', {}, { imagePull: Duration, containerStart: Duration, jitter: Fraction, shutdown: Shutdown });

export const Cluster = closed('Cluster', {}, { nodePools: t.array(NodePool), nodes: t.array(t.UnknownRecord), kubelet: KubeletSpec });
export const EngineSpec = closed('Engine', {}, { maxSettleRounds: PositiveInt });

// -------------------------------------------------------------------------------------
// manifests, timeline, expectations
// -------------------------------------------------------------------------------------

export const ManifestSource = exactlyOne(closed('ManifestSource', {}, { path: t.string, inline: t.UnknownRecord }), ['path', 'inline'], 'a manifest file or an inline object');

const Targeted = { target: t.string };
const Namespaced = { namespace: t.string };

export const Inputs = {
  apply: ManifestSource,
  delete: closed('Delete', Targeted, { ...Namespaced, gracePeriodSeconds: NonNegativeInt }),
  scale: closed('Scale', { ...Targeted, replicas: NonNegativeInt }, Namespaced),
  setImage: closed('SetImage', { ...Targeted, container: t.string, image: t.string }, Namespaced),
  undo: closed('Undo', Targeted, { ...Namespaced, toRevision: NonNegativeInt }),
  load: t.UnknownRecord,
  fault: t.UnknownRecord,
} as const;
export const INPUT_KINDS = Object.keys(Inputs) as readonly (keyof typeof Inputs)[];

export const TimelineItem = exactlyOne(closed('TimelineItem', { at: Duration }, Inputs), INPUT_KINDS, 'what happens at that time');
export type TimelineItem = t.TypeOf<typeof TimelineItem>;

const Window = closed('Window', { from: Duration, to: Duration });
const Scalar = t.union([t.string, t.number, t.boolean]);
export const That = exactlyOne(
  closed('That', Targeted, { ...Namespaced, field: t.string, equals: Scalar, atLeast: t.number, atMost: t.number, exists: t.boolean }),
  ['equals', 'atLeast', 'atMost', 'exists'],
  'a comparison',
);
export const Expectation = exactlyOne(closed('Expectation', { that: That }, { at: Duration, within: Window, always: Window }), ['at', 'within', 'always'], 'when it is judged');
export type Expectation = t.TypeOf<typeof Expectation>;

// -------------------------------------------------------------------------------------
// scenario
// -------------------------------------------------------------------------------------

export const Scenario = closed('Scenario', {
  apiVersion: t.literal('kubesim/v1'),
  kind: t.literal('Scenario'),
  metadata: closed('Metadata', { name: Name }, { description: t.string }),
  spec: closed('ScenarioSpec', { duration: Duration }, {
    seed: NonNegativeInt,
    tick: Duration,
    cluster: Cluster,
    manifests: t.array(ManifestSource),
    traffic: t.array(t.UnknownRecord),
    timeline: t.array(TimelineItem),
    expect: t.array(Expectation),
    engine: EngineSpec,
  }),
});
export type Scenario = t.TypeOf<typeof Scenario>;
