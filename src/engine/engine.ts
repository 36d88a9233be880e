/**
 * The engine: the only impure loop. It owns the virtual clock, the timer queue, the work
 * queues and the log; everything it calls is pure.
 *
 *   clock jumps to the next due timer ─▶ due inputs and requeues mark work
 *   ─▶ rounds: each controller drains its dirty keys ─▶ reconcile ─▶ admission
 *   ─▶ events appended and folded into state ─▶ watches mark keys dirty ─▶ … settled
 *
 * A round in which some controller still has dirty keys after `maxSettleRounds` rounds
 * of one instant stops the run with an error naming the controllers and keys involved.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import type { Request } from '../api/actions.js';
import type { ObjectRef } from '../api/meta.js';
import { decide } from '../admission/admit.js';
import type { Rejection } from '../admission/admit.js';
import type { Event, EventRecord } from '../log/events.js';
import type { Controller, Rng } from '../state/controller.js';
import { evolve } from '../state/evolve.js';
import type { ClusterState } from '../state/state.js';
import { emptyState } from '../state/state.js';
import { TimerHeap } from './heap.js';
import { seededRng } from './rng.js';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Something from outside the control plane at a given time: a scenario's timeline entry. */
export interface Input {
  readonly atMs: number;
  /** Where it comes from, for messages (`scenarios/x.yaml:12:5 spec.timeline[2]`). */
  readonly source: string;
  readonly actor: string;
  /**
   * The requests to make, resolved against the state at that instant; or why the input
   * cannot be made at all (kubectl's refusal, e.g. `rollout undo` to a revision that does
   * not exist), which stops the run like a rejection.
   */
  readonly requests: (state: ClusterState, nowMs: number) => readonly Request[] | InputFailure;
  /** A rejection of this input stops the run (the scenario is wrong), instead of being logged. */
  readonly abortOnRejection: boolean;
}

/** An input refused before it reaches the API server (client-side, as kubectl refuses it). */
export interface InputFailure {
  readonly failure: string;
}

export interface EngineConfig {
  readonly seed: number;
  readonly tickMs: number;
  readonly durationMs: number;
  readonly maxSettleRounds: number;
  readonly controllers: readonly Controller[];
}

export type EngineError =
  | { readonly type: 'NotSettled'; readonly timeMs: number; readonly rounds: number; readonly dirty: readonly { controller: string; keys: readonly string[] }[] }
  | { readonly type: 'InputRejected'; readonly timeMs: number; readonly source: string; readonly rejection: Rejection };

export interface RunResult {
  readonly state: ClusterState;
  readonly records: readonly EventRecord[];
}

type Timer =
  | { readonly dueMs: number; readonly order: number; readonly kind: 'input'; readonly input: Input }
  | { readonly dueMs: number; readonly order: number; readonly kind: 'requeue'; readonly controller: number; readonly key: string };

class Abort {
  constructor(readonly error: EngineError) {}
}

// -------------------------------------------------------------------------------------
// engine
// -------------------------------------------------------------------------------------

export class Engine {
  state: ClusterState = emptyState;
  readonly records: EventRecord[] = [];
  private readonly timers = new TimerHeap<Timer>();
  private readonly dirty: Set<string>[];
  private readonly requeueAt: Map<string, number>[];
  private readonly rngs: Rng[];
  private order = 0;
  private nowMs = 0;

  constructor(private readonly config: EngineConfig, inputs: readonly Input[]) {
    this.dirty = config.controllers.map(() => new Set<string>());
    this.requeueAt = config.controllers.map(() => new Map<string, number>());
    const root = seededRng(config.seed);
    this.rngs = config.controllers.map((c) => root.split(c.name));
    for (const input of inputs) this.timers.push({ dueMs: input.atMs, order: this.order++, kind: 'input', input });
  }

  /** Runs every instant up to and including `durationMs`. */
  run(): Either<EngineError, RunResult> {
    return this.runUntil(this.config.durationMs);
  }

  /**
   * Runs every instant up to and including `endMs` (capped at `durationMs`); a later call
   * goes on from there, exactly as one longer run would (a run is a function of the
   * timers, not of where it was paused).
   */
  runUntil(endMs: number): Either<EngineError, RunResult> {
    const until = Math.min(endMs, this.config.durationMs);
    try {
      for (;;) {
        const next = this.timers.peek();
        if (next === undefined || next.dueMs > until) break;
        this.instant(next.dueMs);
      }
    } catch (e) {
      if (e instanceof Abort) return left(e.error);
      throw e;
    }
    return right({ state: this.state, records: this.records });
  }

  private instant(nowMs: number): void {
    this.nowMs = nowMs;
    for (let t = this.timers.peek(); t !== undefined && t.dueMs === nowMs; t = this.timers.peek()) {
      this.timers.pop();
      if (t.kind === 'input') this.fireInput(t.input);
      else if (this.requeueAt[t.controller]?.get(t.key) === t.dueMs) {
        this.requeueAt[t.controller]?.delete(t.key);
        this.dirty[t.controller]?.add(t.key);
      }
    }
    this.settle();
  }

  private fireInput(input: Input): void {
    const requests = input.requests(this.state, this.nowMs);
    if ('failure' in requests) {
      throw new Abort({ type: 'InputRejected', timeMs: this.nowMs, source: input.source, rejection: { code: 'BadRequest', message: requests.failure } });
    }
    for (const request of requests) {
      const rejection = this.submit(request);
      if (rejection !== undefined && input.abortOnRejection) {
        throw new Abort({ type: 'InputRejected', timeMs: this.nowMs, source: input.source, rejection });
      }
    }
  }

  private settle(): void {
    const controllers = this.config.controllers;
    for (let round = 1; this.dirty.some((d) => d.size > 0); round++) {
      if (round > this.config.maxSettleRounds) throw new Abort(this.notSettled(round - 1));
      controllers.forEach((controller, i) => this.drain(controller, i));
    }
  }

  private drain(controller: Controller, i: number): void {
    const pending = this.dirty[i] as Set<string>;
    if (pending.size === 0) return;
    this.dirty[i] = new Set<string>();
    let keys = [...pending];
    const rank = controller.rankKey;
    if (rank !== undefined) {
      const ranked = keys.map((key, at) => ({ key, at, rank: rank(this.state, key) }));
      keys = ranked.sort((a, b) => a.rank - b.rank || a.at - b.at).map((r) => r.key);
    }
    const rng = this.rngs[i] as Rng;
    for (const key of keys) {
      const result = controller.reconcile(this.state, key, this.nowMs, rng.split(key));
      for (const request of result.requests) this.submit(request);
      if (result.requeueAfterMs !== undefined) this.requeue(i, key, result.requeueAfterMs);
    }
  }

  private requeue(controller: number, key: string, afterMs: number): void {
    if (afterMs <= 0) {
      this.dirty[controller]?.add(key);
      return;
    }
    const tick = this.config.tickMs;
    const dueMs = Math.ceil((this.nowMs + afterMs) / tick) * tick;
    const waiting = this.requeueAt[controller] as Map<string, number>;
    const already = waiting.get(key);
    if (already !== undefined && already <= dueMs) return; // upstream AddAfter keeps the earliest
    waiting.set(key, dueMs);
    this.timers.push({ dueMs, order: this.order++, kind: 'requeue', controller, key });
  }

  /** Admission, then append and fold; returns the rejection, if any (it is logged too). */
  submit(request: Request): Rejection | undefined {
    const decision = decide(this.state, request.action, { nowMs: this.nowMs, seed: this.config.seed, nextSeq: this.state.seq + 1 });
    if (isLeft(decision)) {
      this.append(request.actor, request.reason, {
        type: 'ActionRejected',
        action: request.action.type,
        code: decision.left.code,
        message: decision.left.message,
        ref: refOfAction(request),
      });
      return decision.left;
    }
    for (const event of decision.right) this.append(request.actor, request.reason, event);
    return undefined;
  }

  private append(actor: string, reason: string, event: Event): void {
    const record: EventRecord = { seq: this.state.seq + 1, timeMs: this.nowMs, actor, reason, event };
    const before = this.state;
    this.state = evolve(before, record);
    this.records.push(record);
    this.config.controllers.forEach((controller, i) => {
      const dirty = this.dirty[i] as Set<string>;
      for (const key of controller.watches(record, before, this.state)) dirty.add(key);
    });
  }

  private notSettled(rounds: number): EngineError {
    const dirty = this.config.controllers
      .map((c, i) => ({ controller: c.name, keys: [...(this.dirty[i] ?? [])].sort().slice(0, 10) }))
      .filter((d) => d.keys.length > 0);
    return { type: 'NotSettled', timeMs: this.nowMs, rounds, dirty };
  }
}

const refOfAction = (request: Request): ObjectRef => {
  const a = request.action;
  switch (a.type) {
    case 'Create':
    case 'Update':
      return { kind: a.object.kind, name: a.object.metadata.name ?? a.object.metadata.generateName ?? '', ...(a.object.metadata.namespace === undefined ? {} : { namespace: a.object.metadata.namespace }) };
    case 'Scale':
    case 'Delete':
    case 'UpdateStatus':
    case 'RemoveFinalizer':
    case 'FinalizeNamespace':
      return a.ref;
    default:
      return a.pod;
  }
};

export const runEngine = (config: EngineConfig, inputs: readonly Input[]): Either<EngineError, RunResult> =>
  new Engine(config, inputs).run();
