/**
 * kubectl's status viewers (polymorphichelpers/rollout_status.go) on hand-built objects:
 * every branch of the Deployment, DaemonSet and StatefulSet messages, the partitioned
 * StatefulSet rollout included.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import { rolloutStatus } from '../../src/report/rollout.js';
import { describePodTemplate } from '../../src/report/rollout-template.js';

const object = (kind: string, generation: number, spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name: 'x', namespace: 'default', generation },
  spec,
  status,
});

const status = (o: KubeObject) => {
  const r = rolloutStatus(o);
  if (r._tag === 'Left') throw new Error(r.left);
  return r.right;
};

describe('Deployment status viewer', () => {
  it.each([
    [2, { observedGeneration: 1 }, 'Waiting for deployment spec update to be observed...\n'],
    [2, { observedGeneration: 2, replicas: 4, updatedReplicas: 1 }, 'Waiting for deployment "x" rollout to finish: 1 out of 3 new replicas have been updated...\n'],
    [2, { observedGeneration: 2, replicas: 4, updatedReplicas: 3 }, 'Waiting for deployment "x" rollout to finish: 1 old replicas are pending termination...\n'],
    [2, { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 2 }, 'Waiting for deployment "x" rollout to finish: 2 of 3 updated replicas are available...\n'],
    [2, { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }, 'deployment "x" successfully rolled out\n'],
  ])('generation %i, status %j', (generation, s, message) => {
    expect(status(object('Deployment', generation, { replicas: 3 }, s)).message).toBe(message);
  });

  it('a Progressing condition with ProgressDeadlineExceeded is an error', () => {
    const s = { observedGeneration: 1, updatedReplicas: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] };
    expect(status(object('Deployment', 1, { replicas: 3 }, s)).error).toBe('deployment "x" exceeded its progress deadline');
  });
});

describe('DaemonSet status viewer', () => {
  const rolling = { updateStrategy: { type: 'RollingUpdate' } };
  it.each([
    [{ observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 1 }, 'Waiting for daemon set "x" rollout to finish: 1 out of 3 new pods have been updated...\n'],
    [{ observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2 }, 'Waiting for daemon set "x" rollout to finish: 2 of 3 updated pods are available...\n'],
    [{ observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 }, 'daemon set "x" successfully rolled out\n'],
  ])('%j', (s, message) => {
    expect(status(object('DaemonSet', 1, rolling, s)).message).toBe(message);
  });

  it('OnDelete has no rollout status', () => {
    expect(status(object('DaemonSet', 1, { updateStrategy: { type: 'OnDelete' } }, {})).error).toBe('rollout status is only available for RollingUpdate strategy type');
  });
});

describe('StatefulSet status viewer', () => {
  const spec = (partition: number) => ({ replicas: 4, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition } } });
  it.each([
    [0, { observedGeneration: 0 }, 'Waiting for statefulset spec update to be observed...\n'],
    [0, { observedGeneration: 1, readyReplicas: 3 }, 'Waiting for 1 pods to be ready...\n'],
    [2, { observedGeneration: 1, readyReplicas: 4, updatedReplicas: 1 }, 'Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...\n'],
    [2, { observedGeneration: 1, readyReplicas: 4, updatedReplicas: 2 }, 'partitioned roll out complete: 2 new pods have been updated...\n'],
  ])('partition %i, status %j', (partition, s, message) => {
    expect(status(object('StatefulSet', 1, spec(partition), s)).message).toBe(message);
  });
});

describe('other kinds', () => {
  it('have no status viewer', () => {
    expect(rolloutStatus(object('ReplicaSet', 1, {}, {}))).toEqual({ _tag: 'Left', left: 'no status viewer has been implemented for ReplicaSet.apps' });
  });
});

describe('describePodTemplate', () => {
  it('prints init containers, named ports, env, resources, annotations and tolerations as kubectl does', () => {
    const text = describePodTemplate({
      metadata: { labels: { b: '2', a: '1' }, annotations: { 'kubernetes.io/change-cause': 'set image' } },
      spec: {
        initContainers: [{ name: 'init', image: 'busybox' }],
        containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }, { containerPort: 443, protocol: 'TCP' }], env: [{ name: 'A', value: 'x' }], resources: { limits: { memory: '128Mi' } } }],
        tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
      },
    });
    expect(text).toBe(
      [
        'Pod Template:',
        '  Labels:\ta=1',
        '\tb=2',
        '  Annotations:\tkubernetes.io/change-cause: set image',
        '  Init Containers:',
        '   init:',
        '    Image:\tbusybox',
        '    Port:\t<none>',
        '    Host Port:\t<none>',
        '    Environment:\t<none>',
        '    Mounts:\t<none>',
        '  Containers:',
        '   web:',
        '    Image:\tnginx',
        '    Ports:\t80/TCP (http), 443/TCP',
        '    Host Ports:\t0/TCP (http), 0/TCP',
        '    Limits:',
        '      memory:\t128Mi',
        '    Environment:',
        '      A:\tx',
        '    Mounts:\t<none>',
        '  Volumes:\t<none>',
        '  Node-Selectors:\t<none>',
        '  Tolerations:\tk:NoSchedule op=Exists',
        '',
      ].join('\n'),
    );
  });
});
