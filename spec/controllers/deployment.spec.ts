import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/api/actions.js';
import type { KubeObject } from '../../src/api/meta.js';
import type { ReplicaSet } from '../../src/api/replicaset.js';
import { deploymentController } from '../../src/controllers/deployment.js';
import { resolveFenceposts } from '../../src/controllers/deployment-util.js';
import { getObject } from '../../src/state/queries.js';
import type { Given } from '../support/given.js';
import { given } from '../support/given.js';
import type { DeploymentOpts } from '../support/deployment.js';
import { deployment, replicaSetsOf } from '../support/deployment.js';

const KEY = 'default/web';

/** Applies what the controller asked for, as the engine would. */
const step = (g: Given, nowMs = g.state.timeMs): { g: Given; actions: Action[] } => {
  const actions = g.reconcile(deploymentController, KEY, nowMs).actions;
  return { g: actions.reduce<Given>((acc, a) => acc.and(a, nowMs), g), actions };
};

/** Every pod of every ReplicaSet ready and available: the ReplicaSet controller's status, written directly. */
const allAvailable = (g: Given): Given =>
  replicaSetsOf(g.state, 'web').reduce<Given>((acc, rs) => {
    const n = rs.spec.replicas ?? 1;
    const status = { replicas: n, ...(n > 0 ? { fullyLabeledReplicas: n, readyReplicas: n, availableReplicas: n } : {}), observedGeneration: rs.metadata.generation ?? 1 };
    return acc.and({ type: 'UpdateStatus', ref: { kind: 'ReplicaSet', namespace: 'default', name: rs.metadata.name }, status });
  }, g);

const rolledOut = (replicas: number, opts: DeploymentOpts = {}): Given => {
  let g = step(given(deployment('web', replicas, opts))).g;
  g = allAvailable(g);
  return step(g).g;
};

const update = (g: Given, object: KubeObject): Given => {
  const current = getObject(g.state, 'Deployment', 'default', 'web');
  return g.and({ type: 'Update', object: { ...object, metadata: { ...object.metadata, annotations: { ...current?.metadata.annotations, ...object.metadata.annotations } } } });
};

const scaled = (actions: Action[]): [string, number][] =>
  actions.flatMap((a): [string, number][] =>
    a.type === 'Scale' ? [[a.ref.name, a.replicas]] : (a.type === 'Create' || a.type === 'Update') && a.object.kind === 'ReplicaSet' ? [[a.object.metadata.name, (a.object['spec'] as { replicas: number }).replicas]] : [],
  );

const newRSName = (g: Given): string => {
  const rss = replicaSetsOf(g.state, 'web');
  return [...rss].sort((a, b) => Number(b.metadata.annotations?.['deployment.kubernetes.io/revision']) - Number(a.metadata.annotations?.['deployment.kubernetes.io/revision']))[0]?.metadata.name ?? '';
};

describe('maxSurge and maxUnavailable (upstream ResolveFenceposts)', () => {
  it('rounds surge up and unavailable down: 10 replicas at 25%/25% → surge 3, unavailable 2', () => {
    expect(resolveFenceposts('25%', '25%', 10)).toEqual({ surge: 3, unavailable: 2 });
  });
  it('turns unavailable to 1 when both resolve to 0', () => {
    expect(resolveFenceposts('10%', '10%', 3)).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts('0%', '10%', 3)).toEqual({ surge: 0, unavailable: 1 });
  });
});

describe('Deployment controller', () => {
  it('given a new Deployment of 10, when reconciled, then it creates <name>-<hash> with 10 replicas, the hash on selector, template and labels', () => {
    const { actions } = step(given(deployment('web', 10, { annotations: { 'kubernetes.io/change-cause': 'first' } })));
    const create = actions.find((a) => a.type === 'Create');
    const rs = (create?.type === 'Create' ? create.object : undefined) as unknown as ReplicaSet;
    const hash = rs.metadata.labels?.['pod-template-hash'] ?? '';
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.spec.replicas).toBe(10);
    expect(rs.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec.template?.metadata?.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true, blockOwnerDeletion: true });
    expect(rs.metadata.annotations).toEqual({
      'kubernetes.io/change-cause': 'first',
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '10',
      'deployment.kubernetes.io/max-replicas': '13',
    });
  });

  it('rolls 10 replicas at 25%/25% step by step with upstream numbers: +3 new, −2 old, then as pods become available', () => {
    let g = rolledOut(10);
    const oldName = newRSName(g);
    g = update(g, deployment('web', 10, { image: 'nginx:1.28' }));
    // sync 1: new RS created with 13 − 10 = 3; old down by Σspec − minAvailable − newUnavailable = 13 − 8 − 3 = 2
    let s = step(g);
    const newName = newRSName(s.g);
    expect(scaled(s.actions)).toEqual([
      [newName, 3],
      [oldName, 8],
    ]);
    // sync 2: 11 asked for, room for 2 more new
    s = step(s.g);
    expect(scaled(s.actions)).toEqual([[newName, 5]]);
    // sync 3: nothing new available: Σspec 13 − 8 − 5 unavailable new = 0 → no move
    s = step(s.g);
    expect(scaled(s.actions)).toEqual([]);
    // the 5 new pods become available: 13 available, 5 above minAvailable → old 8 → 3
    s = step(allAvailable(s.g));
    expect(scaled(s.actions)).toEqual([[oldName, 3]]);
    s = step(s.g);
    expect(scaled(s.actions)).toEqual([[newName, 10]]);
    s = step(allAvailable(s.g));
    expect(scaled(s.actions)).toEqual([[oldName, 0]]);
  });

  it('reports Progressing and Available with upstream reasons and messages', () => {
    const g = rolledOut(2);
    const status = getObject(g.state, 'Deployment', 'default', 'web')?.['status'] as { conditions: { type: string; status: string; reason: string; message: string }[] };
    expect(status.conditions.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      ['Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${newRSName(g)}" has successfully progressed.`],
    ]);
  });

  it('Recreate: scales the old ReplicaSet to 0 and creates nothing while its pods exist', () => {
    let g = rolledOut(3, { strategy: 'Recreate' });
    g = update(g, deployment('web', 3, { strategy: 'Recreate', image: 'nginx:1.28' }));
    const s = step(g);
    expect(s.actions.map((a) => a.type)).toEqual(['Scale', 'UpdateStatus']);
    expect(scaled(s.actions)).toEqual([[newRSName(g), 0]]);
  });

  it('paused: a template change creates no ReplicaSet; a scale still resizes the current one', () => {
    let g = rolledOut(3);
    g = update(g, deployment('web', 5, { image: 'nginx:1.28', paused: true }));
    const s = step(g);
    expect(s.actions.filter((a) => a.type === 'Create')).toEqual([]);
    expect(scaled(s.actions)).toEqual([[newRSName(g), 5]]);
  });

  it('past the deadline without progress: Progressing False / ProgressDeadlineExceeded', () => {
    let g = rolledOut(2, { progressDeadlineSeconds: 60 });
    g = update(g, deployment('web', 2, { image: 'nginx:1.28', progressDeadlineSeconds: 60 }));
    g = step(step(g, 10_000).g, 10_000).g;
    const then = g.reconcile(deploymentController, KEY, 71_000);
    const status = then.actions.find((a) => a.type === 'UpdateStatus');
    const progressing = (status?.type === 'UpdateStatus' ? (status.status['conditions'] as { type: string; status: string; reason: string; message: string }[]) : []).find((c) => c.type === 'Progressing');
    expect(progressing).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${newRSName(g)}" has timed out progressing.` });
  });

  it('asks to be looked at again one second after the deadline would pass', () => {
    let g = rolledOut(2, { progressDeadlineSeconds: 60 });
    g = update(g, deployment('web', 2, { image: 'nginx:1.28', progressDeadlineSeconds: 60 }));
    g = step(g, 10_000).g;
    expect(g.reconcile(deploymentController, KEY, 10_000).result.requeueAfterMs).toBe(61_000);
  });

  it('does nothing for a Deployment that is gone', () => {
    given().reconcile(deploymentController, 'default/nope').thenNothing();
  });
});
