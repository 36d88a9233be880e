import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import { timestampAt } from '../../src/api/time.js';
import { controllerCell } from '../../src/report/table-workloads.js';
import { renderTable } from '../../src/report/tables.js';

// Cells follow upstream printDeployment, printStatefulSet, printDaemonSet,
// printReplicationController and printControllerRevision.
const NOW_MS = 300_000;
const opts = { wide: false, allNamespaces: false, nowMs: NOW_MS };
const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: 'default', creationTimestamp: timestampAt(60_000), ...extra });
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } };

describe('printControllerRevision CONTROLLER', () => {
  const revision = (ownerReferences?: unknown[]): KubeObject => ({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: meta('agent-5dd6545c46', { ownerReferences }), revision: 2 } as KubeObject);
  const ref = (apiVersion: string, kind: string, controller?: boolean) => ({ apiVersion, kind, name: 'agent', uid: 'u', ...(controller === undefined ? {} : { controller }) });

  it('names the controlling owner by its lower-cased group kind', () => {
    expect(controllerCell(revision([ref('apps/v1', 'DaemonSet', true)]))).toBe('daemonset.apps/agent');
    expect(controllerCell(revision([ref('v1', 'Pod', false), ref('apps/v1', 'StatefulSet', true)]))).toBe('statefulset.apps/agent');
  });
  it('a core-group kind has no group; a ref without kind or group is its bare name', () => {
    expect(controllerCell(revision([ref('v1', 'ReplicationController', true)]))).toBe('replicationcontroller/agent');
    expect(controllerCell(revision([ref('v1', '', true)]))).toBe('agent');
  });
  it('is <none> without an owner that is a controller', () => {
    expect(controllerCell(revision())).toBe('<none>');
    expect(controllerCell(revision([ref('apps/v1', 'DaemonSet')]))).toBe('<none>');
  });
  it('prints NAME CONTROLLER REVISION AGE', () => {
    expect(renderTable('ControllerRevision', [revision([ref('apps/v1', 'DaemonSet', true)])], opts)).toBe(
      'NAME               CONTROLLER             REVISION   AGE\nagent-5dd6545c46   daemonset.apps/agent   2          4m\n',
    );
  });
});

describe('workload tables with controller-filled status', () => {
  it('Deployment: READY is ready/spec.replicas; counts a controller has not written read 0', () => {
    const deploys: KubeObject[] = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web'), spec: { replicas: 10, selector: { matchLabels: { app: 'web' } }, template }, status: { replicas: 12, readyReplicas: 8, updatedReplicas: 5, availableReplicas: 7 } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('new'), spec: { selector: { matchLabels: { app: 'new' } }, template } },
    ];
    expect(renderTable('Deployment', deploys, { ...opts, wide: true })).toBe(
      [
        'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR',
        'web    8/10    5            7           4m    nginx        nginx:1.28   app=web',
        'new    0/1     0            0           4m    nginx        nginx:1.28   app=new',
        '',
      ].join('\n'),
    );
  });

  it('StatefulSet: READY only, and -o wide adds no selector', () => {
    const sts: KubeObject = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('db'), spec: { replicas: 5, selector: { matchLabels: { app: 'db' } }, template }, status: { replicas: 3, readyReplicas: 2 } };
    expect(renderTable('StatefulSet', [sts], { ...opts, wide: true })).toBe('NAME   READY   AGE   CONTAINERS   IMAGES\ndb     2/5     4m    nginx        nginx:1.28\n');
  });

  it('DaemonSet: the five status counts and the template nodeSelector', () => {
    const ds: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta('agent'),
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { ...template, spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux', disk: 'ssd' } } } },
      status: { desiredNumberScheduled: 4, currentNumberScheduled: 4, numberReady: 3, updatedNumberScheduled: 2, numberAvailable: 3 },
    };
    expect(renderTable('DaemonSet', [ds], opts)).toBe(
      'NAME    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR                     AGE\nagent   4         4         3       2            3           disk=ssd,kubernetes.io/os=linux   4m\n',
    );
  });

  it('ReplicationController: the selector is a plain label map', () => {
    const rc: KubeObject = { apiVersion: 'v1', kind: 'ReplicationController', metadata: meta('legacy'), spec: { replicas: 2, selector: { app: 'legacy', tier: 'web' }, template }, status: { replicas: 2, readyReplicas: 1 } };
    expect(renderTable('ReplicationController', [rc], { ...opts, wide: true }).split('\n')[1]).toMatch(/^legacy +2 +2 +1 +4m +nginx +nginx:1\.28 +app=legacy,tier=web$/);
  });
});
