/**
 * Given/When/Then for controllers and admission (STYLE.md habit 10):
 *   given(...records or objects).reconcile(controller, key, nowMs).thenRequests(...)
 * The "given" state is built through the real admission and evolve, so specs exercise
 * the same path a run does.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import { expect } from 'vitest';
import type { Action, Request } from '../../src/api/actions.js';
import type { KubeObject } from '../../src/api/meta.js';
import type { Decision } from '../../src/admission/admit.js';
import { decide } from '../../src/admission/admit.js';
import { seededRng } from '../../src/engine/rng.js';
import type { EventRecord } from '../../src/log/events.js';
import type { Controller, ReconcileResult } from '../../src/state/controller.js';
import { evolve } from '../../src/state/evolve.js';
import type { ClusterState } from '../../src/state/state.js';
import { emptyState } from '../../src/state/state.js';
import { namespace } from './fixtures.js';

export const SEED = 7;

export class Given {
  constructor(readonly state: ClusterState, readonly records: readonly EventRecord[]) {}

  /** Applies an action through admission at `nowMs`; throws if admission refuses it. */
  and(action: Action, nowMs = this.state.timeMs, actor = 'spec'): Given {
    const decision = decide(this.state, action, { nowMs, seed: SEED, nextSeq: this.state.seq + 1 });
    if (isLeft(decision)) throw new Error(`given: ${action.type} refused: ${decision.left.message}`);
    let state = this.state;
    const records = [...this.records];
    for (const event of decision.right) {
      const record: EventRecord = { seq: state.seq + 1, timeMs: Math.max(nowMs, state.timeMs), actor, reason: 'Given', event };
      state = evolve(state, record);
      records.push(record);
    }
    return new Given(state, records);
  }

  create(...objects: KubeObject[]): Given {
    return objects.reduce<Given>((g, object) => g.and({ type: 'Create', object }), this);
  }

  /** What admission decides for an action against this state. */
  decide(action: Action, nowMs = this.state.timeMs): Decision {
    return decide(this.state, action, { nowMs, seed: SEED, nextSeq: this.state.seq + 1 });
  }

  reconcile(controller: Controller, key: string, nowMs = this.state.timeMs): Then {
    return new Then(controller.reconcile(this.state, key, nowMs, seededRng(SEED).split(controller.name).split(key)));
  }
}

export class Then {
  constructor(readonly result: ReconcileResult) {}

  get actions(): Action[] {
    return this.result.requests.map((r: Request) => r.action);
  }

  thenActionTypes(...types: Action['type'][]): Then {
    expect(this.actions.map((a) => a.type)).toEqual(types);
    return this;
  }

  thenNothing(): Then {
    expect(this.actions).toEqual([]);
    return this;
  }
}

/** A state with the four system namespaces. */
export const given = (...objects: KubeObject[]): Given =>
  new Given(emptyState, []).create(...['default', 'kube-system', 'kube-public', 'kube-node-lease'].map(namespace)).create(...objects);
