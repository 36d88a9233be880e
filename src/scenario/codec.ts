/**
 * The scenario file format, v1 (shared/scenario-format.md, docs/scenario-format.md), as
 * io-ts codecs: the single source of the scenario's types. Objects are closed (an unknown
 * field is an error), messages follow the API server's words (`Invalid value`,
 * `Required value`, `Unsupported value`), and a failed choice reports the branch the
 * user meant (the timeline input whose key is present, the fault whose `type` is given).
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { DurationMs } from '../api/duration.js';
import { parseQuantity } from '../api/quantity.js';
import { closed, expectedOf, showValue } from './yaml.js';

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

const invalid = (u: unknown, c: t.Context, expected: string) => t.failure<never>(u, c, `Invalid value: ${showValue(u)}: ${expected}`);

const errorsOf = (v: t.Validation<unknown>): t.Errors => (isLeft(v) ? v.left : []);

/** An error at field `key` of the value being decoded at `c`. */
const failAt = (c: t.Context, key: string, value: unknown, message: string) =>
  t.failure<never>(value, [...c, { key, type: t.unknown, actual: value }], message);

/** A scalar codec from a test: `accept(u)` is the error text, or undefined when `u` is fine. */
const scalar = <A>(name: string, is: (u: unknown) => u is A, accept: (u: A) => string | undefined, expected: string) =>
  new t.Type<A, A, unknown>(
    name,
    (u): u is A => is(u) && accept(u) === undefined,
    (u, c) => {
      if (!is(u)) return invalid(u, c, `expected ${expected}`);
      const problem = accept(u);
      return problem === undefined ? t.success(u) : invalid(u, c, problem);
    },
    t.identity,
  );

const isNumber = (u: unknown): u is number => typeof u === 'number' && Number.isFinite(u);
const isString = (u: unknown): u is string => typeof u === 'string';

/** One of a few strings; upstream's message: `Unsupported value: "x": supported values: "a", "b"`. */
export const oneOf = <V extends string>(...values: readonly V[]) => {
  const supported = values.map((v) => JSON.stringify(v)).join(', ');
  return new t.Type<V, V, unknown>(
    values.map((v) => JSON.stringify(v)).join(' | '),
    (u): u is V => values.includes(u as V),
    (u, c) => (values.includes(u as V) ? t.success(u as V) : t.failure(u, c, `Unsupported value: ${showValue(u)}: supported values: ${supported}`)),
    t.identity,
  );
};

/**
 * Exactly one of `keys` present (a timeline input, `path` or `inline`, a comparison). The
 * object is decoded in any case, so an unknown field is reported beside a missing key.
 */
export const exactlyOne = <C extends t.Mixed>(codec: C, keys: readonly string[]): t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown> =>
  new t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown>(
    expectedOf(codec),
    (u): u is t.TypeOf<C> => codec.is(u) && isRecord(u) && keys.filter((k) => u[k] != null).length === 1,
    (u, c) => {
      const r = codec.validate(u, c);
      if (!isRecord(u)) return r;
      const present = Object.keys(u).filter((k) => keys.includes(k) && u[k] !== undefined && u[k] !== null);
      const choices = keys.join(', ');
      const extra =
        present.length === 0
          ? errorsOf(t.failure(u, c, `Required value: exactly one of ${choices}`))
          : present.length > 1
            ? errorsOf(failAt(c, present[1] ?? '', u[present[1] ?? ''], `Forbidden: may not be given together with ${present[0] ?? ''} (exactly one of ${choices})`))
            : [];
      return extra.length === 0 ? r : t.failures([...errorsOf(r), ...extra]);
    },
    codec.encode,
  );

/**
 * A union told apart by a tag field (`type: nodeDown`): an unknown tag is reported at
 * the tag, a known one by its own branch only.
 */
export const tagged = <B extends Record<string, t.Mixed>>(tag: string, branches: B) => {
  const names = Object.keys(branches);
  type A = t.TypeOf<B[keyof B]>;
  return new t.Type<A, unknown, unknown>(
    'a mapping',
    (u): u is A => isRecord(u) && typeof u[tag] === 'string' && Object.hasOwn(branches, u[tag]) && (branches[u[tag]]?.is(u) ?? false),
    (u, c) => {
      if (!isRecord(u)) return t.failure(u, c);
      const value = u[tag];
      const branch = typeof value === 'string' && Object.hasOwn(branches, value) ? branches[value] : undefined;
      if (branch !== undefined) return branch.validate(u, c);
      const supported = names.map((n) => JSON.stringify(n)).join(', ');
      return failAt(c, tag, value, value === undefined ? `Required value: supported values: ${supported}` : `Unsupported value: ${showValue(value)}: supported values: ${supported}`);
    },
    (a) => (branches[(a as Record<string, string>)[tag] ?? '']?.encode(a) ?? a) as unknown,
  );
};

/** `codec`, then a check of the decoded value that may add errors (cross-field rules). */
const checked = <C extends t.Mixed>(codec: C, check: (a: t.TypeOf<C>, c: t.Context) => t.Errors) =>
  new t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown>(
    expectedOf(codec),
    (u): u is t.TypeOf<C> => codec.is(u) && check(u, []).length === 0,
    (u, c) => {
      const r = codec.validate(u, c);
      if (isLeft(r)) return r;
      const errors = check(r.right, c);
      return errors.length > 0 ? t.failures(errors) : r;
    },
    codec.encode,
  );

// -------------------------------------------------------------------------------------
// values
// -------------------------------------------------------------------------------------

export const NonNegativeInt = scalar('a non-negative integer', isNumber, (n) => (Number.isSafeInteger(n) && n >= 0 ? undefined : 'expected a non-negative integer'), 'a non-negative integer');
export const PositiveInt = scalar('a positive integer', isNumber, (n) => (Number.isSafeInteger(n) && n >= 1 ? undefined : 'expected an integer of at least 1'), 'an integer of at least 1');
export const NonNegativeNumber = scalar('a number', isNumber, (n) => (n >= 0 ? undefined : 'must be greater than or equal to 0'), 'a number');
const FiniteNumber = scalar('a number', isNumber, () => undefined, 'a number');
const Fraction = scalar('a number', isNumber, (n) => (n >= 0 && n < 1 ? undefined : 'expected a number ≥ 0 and < 1'), 'a number ≥ 0 and < 1');
const NonEmptyString = scalar('a string', isString, (s) => (s === '' ? 'must not be empty' : undefined), 'a string');

/** `<kind>/<name>`, kubectl's form; the kind is resolved where the input is prepared. */
const Target = scalar('a target', isString, (s) => (/^[^/\s]+\/[^/\s]+$/.test(s) ? undefined : 'expected <kind>/<name>, e.g. deploy/web'), '<kind>/<name>, e.g. deploy/web');

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A DNS-1123 subdomain, in upstream's words when it is not one. */
export const Name = scalar('a name', isString, (s) =>
  s.length <= 253 && DNS1123_SUBDOMAIN.test(s)
    ? undefined
    : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", 'a string');

/** A non-negative quantity, kept as written (the API layer parses it where it is used). */
export const QuantityText = new t.Type<string | number, string | number, unknown>(
  'Quantity',
  (u): u is string | number => (typeof u === 'string' || typeof u === 'number') && !isLeft(parseQuantity(u)),
  (u, c) => {
    if (typeof u !== 'string' && typeof u !== 'number') return invalid(u, c, 'expected a quantity such as 250m, 2 or 1Gi');
    const q = parseQuantity(u);
    if (isLeft(q)) return invalid(u, c, q.left);
    return q.right.milli < 0n ? invalid(u, c, 'must be greater than or equal to 0') : t.success(u);
  },
  t.identity,
);

export const Duration = DurationMs;

/** `grace` or a duration (the kubelet's shutdown time). */
const GraceOrDuration = new t.Type<'grace' | number, string, unknown>(
  'Shutdown',
  (u): u is 'grace' | number => u === 'grace' || DurationMs.is(u),
  (u, c) => {
    if (u === 'grace') return t.success('grace' as const);
    const d = DurationMs.validate(u, c);
    return isLeft(d) ? invalid(u, c, 'expected "grace" or a duration such as 30s') : d;
  },
  (a) => (a === 'grace' ? a : DurationMs.encode(a)),
);

const StringMap = t.record(t.string, t.string);

// -------------------------------------------------------------------------------------
// cluster
// -------------------------------------------------------------------------------------

export const Taint = closed(t.type({ key: NonEmptyString, effect: oneOf('NoSchedule', 'PreferNoSchedule', 'NoExecute') }), t.partial({ value: t.string }));

/** Resources of a node: any names, `cpu` and `memory` required. */
const NodeResources = checked(t.record(t.string, QuantityText), (r, c) =>
  ['cpu', 'memory'].filter((k) => r[k] === undefined).flatMap((k) => errorsOf(failAt(c, k, undefined, 'Required value'))),
);

export const NodePool = closed(
  t.type({ name: Name, count: PositiveInt, capacity: NodeResources }),
  t.partial({ allocatable: NodeResources, labels: StringMap, taints: t.array(Taint) }),
);
export type NodePool = t.TypeOf<typeof NodePool>;

export const KubeletSpec = closed(t.partial({ imagePull: Duration, containerStart: Duration, jitter: Fraction, shutdown: GraceOrDuration }));
export type KubeletSpec = t.TypeOf<typeof KubeletSpec>;

export const Cluster = closed(t.partial({ nodePools: t.array(NodePool), nodes: t.array(t.UnknownRecord), kubelet: KubeletSpec }));

export const EngineSpec = closed(t.partial({ maxSettleRounds: PositiveInt }));
export type EngineSpec = t.TypeOf<typeof EngineSpec>;

// -------------------------------------------------------------------------------------
// manifests and traffic
// -------------------------------------------------------------------------------------

/** A manifest file (relative to the scenario file) or one inline object. */
export const ManifestSource = exactlyOne(closed(t.partial({ path: NonEmptyString, inline: t.UnknownRecord })), ['path', 'inline']);
export type ManifestSource = t.TypeOf<typeof ManifestSource>;

const ServiceRef = { service: NonEmptyString };
const Namespaced = { namespace: Name };

export const TrafficSpec = closed(t.type({ ...ServiceRef, cpuPerRequest: QuantityText }), t.partial({ ...Namespaced, idleCpu: QuantityText }));
export type TrafficSpec = t.TypeOf<typeof TrafficSpec>;

// -------------------------------------------------------------------------------------
// timeline inputs
// -------------------------------------------------------------------------------------

export const LoadProfile = tagged('type', {
  ramp: closed(t.type({ type: t.literal('ramp'), to: NonNegativeNumber, over: Duration })),
  sine: checked(closed(t.type({ type: t.literal('sine'), min: NonNegativeNumber, max: NonNegativeNumber, period: Duration })), (p, c) =>
    p.min <= p.max ? [] : errorsOf(failAt(c, 'max', p.max, `Invalid value: ${p.max}: must be greater than or equal to min (${p.min})`)),
  ),
  spike: closed(t.type({ type: t.literal('spike'), to: NonNegativeNumber, for: Duration })),
  csv: closed(t.type({ type: t.literal('csv'), path: NonEmptyString })),
});
export type LoadProfile = t.TypeOf<typeof LoadProfile>;

export const LoadSpec = exactlyOne(closed(t.type(ServiceRef), t.partial({ ...Namespaced, rps: NonNegativeNumber, profile: LoadProfile })), ['rps', 'profile']);
export type LoadSpec = t.TypeOf<typeof LoadSpec>;

export const FaultSpec = tagged('type', {
  nodeDown: closed(t.type({ type: t.literal('nodeDown'), node: NonEmptyString })),
  nodeUp: closed(t.type({ type: t.literal('nodeUp'), node: NonEmptyString })),
  partition: closed(t.type({ type: t.literal('partition'), nodes: checked(t.array(NonEmptyString), (a, c) => (a.length > 0 ? [] : errorsOf(t.failure(a, c, 'Required value: at least one node')))), duration: Duration })),
  podCrash: closed(t.type({ type: t.literal('podCrash'), pod: NonEmptyString }), t.partial({ ...Namespaced, container: NonEmptyString, exitCode: PositiveInt })),
  zoneDown: closed(t.type({ type: t.literal('zoneDown'), zone: NonEmptyString })),
});
export type FaultSpec = t.TypeOf<typeof FaultSpec>;

const Targeted = { target: Target };

export const Inputs = {
  apply: ManifestSource,
  delete: closed(t.type(Targeted), t.partial({ ...Namespaced, gracePeriodSeconds: NonNegativeInt, propagationPolicy: oneOf('Background', 'Foreground', 'Orphan') })),
  scale: closed(t.type({ ...Targeted, replicas: NonNegativeInt }), t.partial(Namespaced)),
  load: LoadSpec,
  fault: FaultSpec,
  // kubectl set image <target> <container>=<image>; container "*" is every container
  setImage: closed(t.type({ ...Targeted, container: NonEmptyString, image: NonEmptyString }), t.partial(Namespaced)),
  // kubectl rollout undo [--to-revision N]; 0 (the default) is the previous revision
  undo: closed(t.type(Targeted), t.partial({ ...Namespaced, toRevision: NonNegativeInt })),
  // kubectl rollout pause / resume / restart
  pause: closed(t.type(Targeted), t.partial(Namespaced)),
  resume: closed(t.type(Targeted), t.partial(Namespaced)),
  restart: closed(t.type(Targeted), t.partial(Namespaced)),
};
export type InputKind = keyof typeof Inputs;
export const INPUT_KINDS = Object.keys(Inputs) as readonly InputKind[];

export const TimelineItem = exactlyOne(closed(t.type({ at: Duration }), t.partial(Inputs)), INPUT_KINDS);
export type TimelineItem = t.TypeOf<typeof TimelineItem>;

// -------------------------------------------------------------------------------------
// expectations
// -------------------------------------------------------------------------------------

const ScalarValue = new t.Type<string | number | boolean, string | number | boolean, unknown>(
  'a string, a number or true or false',
  (u): u is string | number | boolean => typeof u === 'string' || isNumber(u) || typeof u === 'boolean',
  (u, c) => (typeof u === 'string' || isNumber(u) || typeof u === 'boolean' ? t.success(u) : invalid(u, c, 'expected a string, a number, true or false')),
  t.identity,
);

export const COMPARISONS = ['equals', 'atLeast', 'atMost', 'exists'] as const;

/** What is judged: one comparison; only `exists` may leave out `field` (the object itself). */
export const That = checked(
  exactlyOne(
    closed(t.type(Targeted), t.partial({ ...Namespaced, field: NonEmptyString, equals: ScalarValue, atLeast: FiniteNumber, atMost: FiniteNumber, exists: t.boolean })),
    COMPARISONS,
  ),
  (a, c) => (a.field !== undefined || a.exists !== undefined ? [] : errorsOf(failAt(c, 'field', undefined, 'Required value: only `exists` may leave out the field'))),
);
export type That = t.TypeOf<typeof That>;

export const Window = closed(t.type({ from: Duration, to: Duration }));
export type Window = t.TypeOf<typeof Window>;

export const WHEN_KINDS = ['at', 'within', 'always'] as const;

export const ExpectationItem = exactlyOne(closed(t.type({ that: That }), t.partial({ at: Duration, within: Window, always: Window })), WHEN_KINDS);
export type ExpectationItem = t.TypeOf<typeof ExpectationItem>;

// -------------------------------------------------------------------------------------
// scenario
// -------------------------------------------------------------------------------------

export const API_VERSION = 'kubesim/v1';

export const Metadata = closed(t.type({ name: Name }), t.partial({ description: t.string }));

/** A KubeSchedulerConfiguration subset (kubesim extension; see docs/scenario-format.md). */
const PluginRef = closed(t.type({ name: NonEmptyString }), t.partial({ weight: t.number }));
const PluginSet = closed(t.partial({ enabled: t.array(PluginRef), disabled: t.array(PluginRef) }));
const SchedulerProfile = closed(
  t.partial({
    schedulerName: NonEmptyString,
    plugins: closed(t.partial({ filter: PluginSet, score: PluginSet })),
    pluginConfig: t.array(closed(t.type({ name: NonEmptyString }), t.partial({ args: t.UnknownRecord }))),
  }),
);
export const SchedulerSpec = closed(t.partial({ percentageOfNodesToScore: t.number, profiles: t.array(SchedulerProfile) }));
export type SchedulerSpec = t.TypeOf<typeof SchedulerSpec>;

export const ScenarioSpec = closed(
  t.type({ duration: Duration }),
  t.partial({
    seed: NonNegativeInt,
    tick: Duration,
    cluster: Cluster,
    manifests: t.array(ManifestSource),
    traffic: t.array(TrafficSpec),
    timeline: t.array(TimelineItem),
    expect: t.array(ExpectationItem),
    engine: EngineSpec,
    scheduler: SchedulerSpec,
  }),
);
export type ScenarioSpec = t.TypeOf<typeof ScenarioSpec>;

export const Scenario = closed(t.type({ apiVersion: oneOf(API_VERSION), kind: oneOf('Scenario'), metadata: Metadata, spec: ScenarioSpec }));
export type Scenario = t.TypeOf<typeof Scenario>;
