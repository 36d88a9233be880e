/**
 * The rollback invariant (issue #5 item 8), with the real engine and Deployment
 * controller: after random template changes (setImage, env edits) and an `undo` to a
 * random existing revision, the Deployment's template is exactly that revision's
 * (without pod-template-hash), and once settled the new ReplicaSet's template is too.
 * KUBESIM_LONG=1 runs more cases.
 */
import fc from 'fast-check';
import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { Request } from '../../src/api/actions.js';
import type { KubeObject } from '../../src/api/meta.js';
import type { PodTemplateSpec } from '../../src/api/pod.js';
import type { Input } from '../../src/engine/engine.js';
import { setImage, undo } from '../../src/scenario/kubectl.js';
import { equalIgnoreHash, revisionsOf, withoutHash } from '../../src/scenario/revisions.js';
import { getObject, listKind } from '../../src/state/queries.js';
import { stateAt } from '../../src/state/replay.js';
import type { ClusterState } from '../../src/state/state.js';
import { nodesOf, pool, runCluster } from '../support/fixtures.js';

const RUNS = process.env['KUBESIM_LONG'] === '1' ? 60 : 6;
const STEP_MS = 30_000;
const REF = { kind: 'Deployment', namespace: 'default', name: 'web' };

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25', resources: { requests: { cpu: '100m' } } }] } },
  },
};

const change: fc.Arbitrary<{ type: 'image'; image: string } | { type: 'env'; value: string }> = fc.oneof(
  fc.record({ type: fc.constant('image' as const), image: fc.constantFrom('nginx:1.25', 'nginx:1.26', 'nginx:1.27') }),
  fc.record({ type: fc.constant('env' as const), value: fc.constantFrom('a', 'b') }),
);

const templateOf = (o: KubeObject | undefined): PodTemplateSpec => (o?.['spec'] as { template: PodTemplateSpec }).template;

/** An env edit as an Update of the whole Deployment (what `kubectl set env` writes). */
const envEdit = (state: ClusterState, value: string): readonly Request[] => {
  const d = getObject(state, 'Deployment', 'default', 'web') as KubeObject;
  const t = templateOf(d);
  const containers = (t.spec?.containers ?? []).map((c) => ({ ...c, env: [{ name: 'MODE', value }] }));
  return [{ actor: 'scenario', reason: 'EnvSet', action: { type: 'Update', object: { ...d, spec: { ...(d['spec'] as object), template: { ...t, spec: { ...t.spec, containers } } } } } }];
};

const input = (atMs: number, requests: Input['requests']): Input => ({ atMs, source: `input at ${atMs}ms`, actor: 'scenario', abortOnRejection: true, requests });

describe('rollout undo (property)', () => {
  it('restores exactly the chosen revision\'s template, in the Deployment and then in its new ReplicaSet', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.array(change, { minLength: 1, maxLength: 4 }), fc.nat(), (seed, changes, pick) => {
        const chosen: { revision?: number; template?: PodTemplateSpec } = {};
        const inputs = changes.map((c, i) =>
          input((i + 1) * STEP_MS, (state) => {
            const r = c.type === 'image' ? setImage(state, REF, 'web', c.image) : { _tag: 'Right' as const, right: envEdit(state, c.value) };
            return r._tag === 'Left' ? { failure: r.left } : r.right;
          }),
        );
        const undoMs = (changes.length + 1) * STEP_MS;
        inputs.push(
          input(undoMs, (state) => {
            const revisions = revisionsOf(state, getObject(state, 'Deployment', 'default', 'web') as KubeObject);
            const target = revisions[pick % revisions.length];
            chosen.revision = target?.revision ?? 0;
            chosen.template = target?.template;
            const r = undo(state, REF, chosen.revision);
            return r._tag === 'Left' ? { failure: r.left } : r.right;
          }),
        );
        const endMs = undoMs + 120_000;
        const run = runCluster([...nodesOf(pool('worker', 2)), deployment], inputs, { seed, durationMs: endMs });
        if (isLeft(run)) throw new Error(`seed ${seed}: ${JSON.stringify(run.left)}`);
        const want = withoutHash(chosen.template ?? {});
        const afterUndo = templateOf(getObject(stateAt(run.right.records, undoMs), 'Deployment', 'default', 'web'));
        expect({ seed, revision: chosen.revision, template: afterUndo }).toEqual({ seed, revision: chosen.revision, template: want });
        const final = run.right.state;
        const newRs = listKind(final, 'ReplicaSet', 'default').filter((rs) => equalIgnoreHash(templateOf(rs), want));
        expect({ seed, newReplicaSets: newRs.length }).toEqual({ seed, newReplicaSets: 1 });
        expect({ seed, template: withoutHash(templateOf(newRs[0])) }).toEqual({ seed, template: want });
        expect({ seed, updated: (getObject(final, 'Deployment', 'default', 'web')?.['status'] as { updatedReplicas?: number }).updatedReplicas }).toEqual({ seed, updated: 2 });
      }),
      { numRuns: RUNS },
    );
  });
});
