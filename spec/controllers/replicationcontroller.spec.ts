import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import type { Pod } from '../../src/api/pod.js';
import { replicationControllerController } from '../../src/controllers/replicaset.js';
import { getObject, listKind } from '../../src/state/queries.js';
import { given } from '../support/given.js';
import { at, nodesOf, pod, pool, runCluster } from '../support/fixtures.js';
import { scaleTo } from '../support/deployment.js';

const rc = (name: string, replicas: number): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ReplicationController',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas,
    selector: { app: name },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] } },
  },
});

describe('ReplicationController controller', () => {
  it('given an RC of 3, when reconciled, then it creates 3 pods `<rc>-` owned by the v1 RC', () => {
    const then = given(rc('web', 3)).reconcile(replicationControllerController, 'default/web');
    then.thenActionTypes('Create', 'Create', 'Create', 'UpdateStatus');
    const created = then.actions[0];
    expect(created?.type === 'Create' && created.object.metadata).toMatchObject({
      generateName: 'web-',
      labels: { app: 'web' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'ReplicationController', name: 'web', controller: true, blockOwnerDeletion: true }],
    });
  });

  it('adopts an orphan pod its map selector matches', () => {
    const then = given(pod('stray', { labels: { app: 'web' } }), rc('web', 1)).reconcile(replicationControllerController, 'default/web');
    expect(then.actions.map((a) => a.type)).toEqual(['Update', 'UpdateStatus']);
  });

  it('is not the ReplicaSet controller: an RC is invisible to it and the other way round', () => {
    given(rc('web', 2)).reconcile(replicationControllerController, 'default/other').thenNothing();
  });

  it('runs in the engine: pods named <rc>-xxxxx, status as upstream RC, scale down by the deletion ranking', () => {
    const run = runCluster([...nodesOf(pool('worker', 2)), rc('web', 3)], [at(30_000, scaleTo('web', 1, 'ReplicationController'))], { durationMs: 90_000 });
    if (isLeft(run)) throw new Error(JSON.stringify(run.left));
    const pods = listKind(run.right.state, 'Pod') as unknown as Pod[];
    expect(pods).toHaveLength(1);
    expect(pods[0]?.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    const status = getObject(run.right.state, 'ReplicationController', 'default', 'web')?.['status'];
    expect(status).toEqual({ replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 2 });
  });
});
