/**
 * bench/scheduler-run: one run of one scheduler_perf workload on the engine, with the
 * scheduler as the only controller (scheduler_perf runs no kubelets either).
 *
 * Timeline (tick 1 s): t=0 the nodes and the workload's objects; then the init pods, then
 * the measured pods, `batch` pods per instant (each instant settles before the next, so
 * init pods are all scheduled before the first measured pod exists).
 *
 * The scheduler controller is wrapped (same name, watches, rankKey, reconcile) so that,
 * from the instant the first measured batch is created until the last measured pod is
 * bound (or the run ends), the wall time inside its calls is summed: that is "scheduling
 * time". Each reconcile that returned a Bind is one latency sample. The run goes on for
 * `graceS` simulated seconds after the last batch, so pods the scheduler retries later
 * (backoff, preemption) get their chance. A run whose measured phase outlives `budgetMs`
 * is stopped from inside the wrapper and reported with what it had done by then.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { KubeObject } from '../src/api/meta.js';
import type { EngineError, Input } from '../src/engine/engine.js';
import { Engine } from '../src/engine/engine.js';
import { schedulerController } from '../src/scheduler/scheduler.js';
import type { Controller } from '../src/state/controller.js';
import type { ClusterState } from '../src/state/state.js';
import { clusterInput, createRequest } from '../src/scenario/inputs.js';
import { nodeObject } from '../src/world/nodes.js';
import type { PodGroup, Workload } from './scheduler-workloads.js';
import { placementOf } from './scheduler-verify.js';
import type { Verdict } from './scheduler-verify.js';

export interface RunOptions {
  /** Pods created per instant. */
  readonly batch: number;
  /** Wall time the measured phase may take before the run is stopped. */
  readonly budgetMs: number;
  readonly maxSettleRounds: number;
  /** Simulated seconds the run goes on after the last batch (retries after backoff, preemption's second attempt). */
  readonly graceS: number;
  /** Called when the measured phase starts and ends (the CPU profiler hooks in here). */
  readonly onMeasureStart?: () => void;
  readonly onMeasureEnd?: () => void;
}

export interface RunOutcome {
  readonly status: 'ok' | 'budget' | EngineError['type'];
  readonly error?: string;
  readonly measuredPods: number;
  readonly measuredBound: number;
  readonly schedulingMs: number;
  readonly split: { readonly reconcileMs: number; readonly watchesMs: number; readonly rankKeyMs: number };
  readonly measuredWallMs: number;
  /** CPU time of this process (user + system) in the measured phase: far below the wall time when the machine is busy with other work. */
  readonly measuredCpuMs: number;
  readonly setupWallMs: number;
  /** Init pods upstream would have waited for (`wait`) that were still unscheduled when the measured phase began. */
  readonly initPendingAtMeasure: number;
  readonly cycles: number;
  readonly bindings: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly heapMiB: { readonly baseline: number; readonly peak: number; readonly retainedWithLog: number; readonly retainedStateOnly: number };
  readonly events: number;
  readonly verdict: Verdict;
}

const TICK_MS = 1000;
const HEAP_SAMPLE_EVERY = 1000;
const MiB = 1024 * 1024;

const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const heapUsed = (): number => process.memoryUsage().heapUsed;

class BudgetExceeded extends Error {}

// -------------------------------------------------------------------------------------
// the meter around the scheduler
// -------------------------------------------------------------------------------------

/**
 * The measured phase: from the creation of the first measured batch until the scheduler
 * has bound the last measured pod (upstream stops there too), or the run ends.
 */
class Meter {
  on = false;
  reconcileMs = 0;
  watchesMs = 0;
  rankKeyMs = 0;
  cycles = 0;
  bindings = 0;
  readonly latencies: number[] = [];
  readonly measuredKeys = new Set<string>();
  measuredBindings = 0;
  startedAt = NaN;
  endedAt = NaN;
  /** Pods waiting for the scheduler when the measured phase began. */
  pendingAtStart = 0;
  cpuMs = 0;
  peakHeap = 0;
  private deadline = Infinity;
  private cpuAtStart: NodeJS.CpuUsage | undefined;
  private calls = 0;

  constructor(private readonly measureCount: number, private readonly options: RunOptions) {}

  start(): void {
    if (this.on || !Number.isNaN(this.startedAt)) return;
    this.options.onMeasureStart?.();
    this.on = true;
    this.startedAt = performance.now();
    this.cpuAtStart = process.cpuUsage();
    this.deadline = this.startedAt + this.options.budgetMs;
  }

  finish(): void {
    if (!this.on) return;
    this.on = false;
    this.endedAt = performance.now();
    const cpu = process.cpuUsage(this.cpuAtStart);
    this.cpuMs = (cpu.user + cpu.system) / 1000;
    this.options.onMeasureEnd?.();
  }

  bound(key: string, ms: number): void {
    this.bindings++;
    this.latencies.push(ms);
    if (this.measuredKeys.has(key) && ++this.measuredBindings === this.measureCount) this.finish();
  }

  sampleHeap(): void {
    const h = heapUsed();
    if (h > this.peakHeap) this.peakHeap = h;
  }

  /** Outside the timed region: heap samples and the budget. */
  tick(): void {
    if (++this.calls % HEAP_SAMPLE_EVERY === 0) this.sampleHeap();
    if (this.on && performance.now() > this.deadline) throw new BudgetExceeded();
  }
}

const metered = (inner: Controller, meter: Meter): Controller => {
  const rank = inner.rankKey;
  return {
    name: inner.name,
    watches: (record, before, after) => {
      if (!meter.on) return inner.watches(record, before, after);
      const t0 = performance.now();
      const keys = inner.watches(record, before, after);
      const list = Array.isArray(keys) ? (keys as string[]) : [...keys]; // a lazy iterable's work belongs here
      meter.watchesMs += performance.now() - t0;
      return list;
    },
    reconcile: (state, key, nowMs, rng) => {
      meter.tick();
      if (!meter.on) return inner.reconcile(state, key, nowMs, rng);
      const t0 = performance.now();
      const result = inner.reconcile(state, key, nowMs, rng);
      const ms = performance.now() - t0;
      meter.reconcileMs += ms;
      meter.cycles++;
      if (result.requests.some((r) => r.action.type === 'Bind')) meter.bound(key, ms);
      return result;
    },
    ...(rank === undefined
      ? {}
      : {
          rankKey: (state: ClusterState, key: string) => {
            if (!meter.on) return rank(state, key);
            const t0 = performance.now();
            const r = rank(state, key);
            meter.rankKeyMs += performance.now() - t0;
            return r;
          },
        }),
  };
};

// -------------------------------------------------------------------------------------
// inputs
// -------------------------------------------------------------------------------------

const NODE_POOL = { name: 'scheduler-perf', count: 0, capacity: { cpu: '4', memory: '32Gi', pods: '110' } } as const;

const nodesOf = (w: Workload): KubeObject[] => {
  const named = (w.objects ?? []).filter((o) => o.kind === 'Node');
  const pool = Array.from({ length: w.nodes }, (_, i) => {
    const node = nodeObject(NODE_POOL, i, named.length + i, 0);
    const zone = w.zones?.[i % w.zones.length];
    return zone === undefined ? node : { ...node, metadata: { ...node.metadata, labels: { ...node.metadata.labels, 'topology.kubernetes.io/zone': zone } } };
  });
  return [...named, ...pool];
};

interface Batch {
  readonly pods: readonly { readonly group: PodGroup; readonly from: number; readonly to: number }[];
  readonly measured: boolean;
}

/** Init groups in batches, then measured batches, each with its share of the churn. */
const batchesOf = (w: Workload, size: number): Batch[] => {
  const out: Batch[] = [];
  for (const group of w.init) for (let from = 0; from < group.count; from += size) out.push({ pods: [{ group, from, to: Math.min(from + size, group.count) }], measured: false });
  let churned = 0;
  for (let from = 0; from < w.measure.count; from += size) {
    const pods = [];
    if (w.churn !== undefined && churned < w.churn.count) {
      const to = Math.min(churned + w.churn.perBatch, w.churn.count);
      pods.push({ group: w.churn, from: churned, to });
      churned = to;
    }
    pods.push({ group: w.measure, from, to: Math.min(from + size, w.measure.count) });
    out.push({ pods, measured: true });
  }
  return out;
};

const keyOf = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

const inputsOf = (w: Workload, options: RunOptions, meter: Meter): Input[] => {
  const objects = (w.objects ?? []).filter((o) => o.kind !== 'Node');
  const inputs: Input[] = [
    clusterInput([], nodesOf(w)),
    { atMs: 0, source: 'workload objects', actor: 'bench', abortOnRejection: true, requests: () => objects.map((o) => createRequest(o, 'bench', 'Applied')) },
  ];
  batchesOf(w, options.batch).forEach((batch, i) => {
    inputs.push({
      atMs: (i + 1) * TICK_MS,
      source: `${w.name} batch ${i}`,
      actor: 'bench',
      abortOnRejection: true,
      requests: (state) => {
        meter.sampleHeap();
        if (batch.measured && !meter.on && Number.isNaN(meter.startedAt)) meter.pendingAtStart = state.unscheduled.size;
        if (batch.measured) meter.start();
        const objects = batch.pods.flatMap(({ group, from, to }) => Array.from({ length: to - from }, (_, k) => group.make(from + k)));
        if (batch.measured) for (const o of objects.slice(objects.length - countOfMeasured(batch))) meter.measuredKeys.add(keyOf(o));
        return objects.map((o) => createRequest(o, 'bench', 'Applied'));
      },
    });
  });
  return inputs;
};

const countOfMeasured = (batch: Batch): number => {
  const last = batch.pods[batch.pods.length - 1];
  return last === undefined ? 0 : last.to - last.from;
};

// -------------------------------------------------------------------------------------
// one run
// -------------------------------------------------------------------------------------

const percentile = (sorted: readonly number[], p: number): number => (sorted.length === 0 ? NaN : (sorted[Math.max(Math.ceil((sorted.length * p) / 100) - 1, 0)] ?? NaN));

export const runWorkload = (w: Workload, options: RunOptions): RunOutcome => {
  collect();
  const baseline = heapUsed();
  const meter = new Meter(w.measure.count, options);
  const durationMs = (batchesOf(w, options.batch).length + options.graceS) * TICK_MS;
  let engine: Engine | undefined = new Engine(
    { seed: 1, tickMs: TICK_MS, durationMs, maxSettleRounds: options.maxSettleRounds, controllers: [metered(schedulerController(), meter)] },
    inputsOf(w, options, meter),
  );
  const started = performance.now();
  const { status, error } = runGuarded(engine, options);
  meter.finish();
  meter.sampleHeap();
  const state = engine.state;
  const events = engine.records.length;
  collect();
  const retainedWithLog = heapUsed();
  const verdict = placementOf(w, state, meter.measuredKeys);
  engine = undefined;
  collect();
  const retainedStateOnly = heapUsed();
  const finalSeq = state.seq; // keeps the state alive until it has been weighed
  const sorted = [...meter.latencies].sort((a, b) => a - b);
  const measureStart = Number.isNaN(meter.startedAt) ? meter.endedAt : meter.startedAt;
  return {
    status,
    ...(error === undefined ? {} : { error }),
    measuredPods: w.measure.count,
    measuredBound: verdict.measuredBound,
    schedulingMs: meter.reconcileMs + meter.watchesMs + meter.rankKeyMs,
    split: { reconcileMs: meter.reconcileMs, watchesMs: meter.watchesMs, rankKeyMs: meter.rankKeyMs },
    measuredWallMs: meter.endedAt - measureStart,
    measuredCpuMs: meter.cpuMs,
    setupWallMs: measureStart - started,
    initPendingAtMeasure: Math.max(0, meter.pendingAtStart - w.init.filter((g) => !g.wait).reduce((n, g) => n + g.count, 0)),
    cycles: meter.cycles,
    bindings: meter.bindings,
    latencyMs: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN },
    heapMiB: { baseline: baseline / MiB, peak: Math.max(meter.peakHeap, retainedWithLog) / MiB, retainedWithLog: retainedWithLog / MiB, retainedStateOnly: retainedStateOnly / MiB },
    events: Math.min(events, finalSeq),
    verdict,
  };
};

/** The engine's own errors are values; the budget is an exception thrown from inside the meter. */
const runGuarded = (engine: Engine, options: RunOptions): { status: RunOutcome['status']; error?: string } => {
  try {
    const result = engine.run();
    return isLeft(result) ? { status: result.left.type, error: JSON.stringify(result.left).slice(0, 500) } : { status: 'ok' };
  } catch (e) {
    if (!(e instanceof BudgetExceeded)) throw e;
    return { status: 'budget', error: `measured phase stopped after ${Math.round(options.budgetMs / 1000)} s of wall time` };
  }
};
