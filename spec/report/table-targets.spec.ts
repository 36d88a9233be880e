import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import { timestampAt } from '../../src/api/time.js';
import { ALL_CATEGORY, parseGetArgs } from '../../src/report/table-targets.js';
import { renderTables } from '../../src/report/tables.js';

describe('kubectl get arguments (ResourceTypeOrNameArgs)', () => {
  it('reads TYPE[,TYPE…] then names; one type and one name imply a single item', () => {
    expect(parseGetArgs(['deploy,rs'])).toEqual({ _tag: 'Right', right: { requests: [{ resource: 'deploy', names: [] }, { resource: 'rs', names: [] }], singleItem: false } });
    expect(parseGetArgs(['job', 'pi'])).toEqual({ _tag: 'Right', right: { requests: [{ resource: 'job', names: ['pi'] }], singleItem: true } });
    expect(parseGetArgs(['job', 'a', 'b'])).toMatchObject({ right: { singleItem: false } });
    expect(parseGetArgs(['all', 'web'])).toMatchObject({ right: { singleItem: false } });
  });

  it('reads TYPE/NAME arguments each as its own request, and refuses mixing the two forms', () => {
    expect(parseGetArgs(['deploy/web', 'rs/web-1'])).toEqual({ _tag: 'Right', right: { requests: [{ resource: 'deploy', names: ['web'] }, { resource: 'rs', names: ['web-1'] }], singleItem: false } });
    expect(parseGetArgs(['deploy/web'])).toMatchObject({ right: { singleItem: true } });
    expect(parseGetArgs(['pods', 'pod/x'])).toMatchObject({ _tag: 'Left', left: expect.stringContaining('no need to specify a resource type as a separate argument') });
    expect(parseGetArgs(['a/b/c'])).toMatchObject({ _tag: 'Left', left: expect.stringContaining('more than one slash') });
    expect(parseGetArgs(['pods/'])).toMatchObject({ _tag: 'Left', left: expect.stringContaining('single resource and name') });
  });

  it('`all` is the workload category, core group first, batch last', () => {
    expect(ALL_CATEGORY).toEqual(['Pod', 'ReplicationController', 'Service', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet', 'HorizontalPodAutoscaler', 'CronJob', 'Job']);
  });
});

describe('several kinds in one get', () => {
  const NOW_MS = 120_000;
  const meta = (name: string) => ({ name, namespace: 'default', creationTimestamp: timestampAt(0) });
  const deploy: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web'), spec: { replicas: 2, selector: { matchLabels: { app: 'web' } } }, status: { readyReplicas: 2, updatedReplicas: 2, availableReplicas: 2 } };
  const rs: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta('web-5d4f'), spec: { replicas: 2, selector: { matchLabels: { app: 'web' } } }, status: { replicas: 2, readyReplicas: 2 } };
  const opts = { wide: false, allNamespaces: false, nowMs: NOW_MS };

  it('prints each kind in turn, a blank line between, names prefixed with the group kind', () => {
    const text = renderTables(
      [
        { kind: 'Deployment', groupKind: 'deployment.apps', objects: [deploy] },
        { kind: 'StatefulSet', groupKind: 'statefulset.apps', objects: [] },
        { kind: 'ReplicaSet', groupKind: 'replicaset.apps', objects: [rs] },
      ],
      opts,
    );
    expect(text).toBe(
      [
        'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE',
        'deployment.apps/web   2/2     2            2           2m',
        '',
        'NAME                       DESIRED   CURRENT   READY   AGE',
        'replicaset.apps/web-5d4f   2         2         2       2m',
        '',
      ].join('\n'),
    );
  });

  it('prefixes names even when only one of the kinds asked for has objects (get all shows service/kubernetes)', () => {
    const text = renderTables([{ kind: 'Pod', groupKind: 'pod', objects: [] }, { kind: 'ReplicaSet', groupKind: 'replicaset.apps', objects: [rs] }], opts);
    expect(text.split('\n')[1]).toMatch(/^replicaset\.apps\/web-5d4f /);
  });

  it('one kind keeps bare names; with -A the namespace comes before the prefixed name', () => {
    expect(renderTables([{ kind: 'ReplicaSet', groupKind: 'replicaset.apps', objects: [rs] }], opts).split('\n')[1]).toMatch(/^web-5d4f /);
    const all = renderTables([{ kind: 'Deployment', groupKind: 'deployment.apps', objects: [deploy] }, { kind: 'ReplicaSet', groupKind: 'replicaset.apps', objects: [rs] }], { ...opts, allNamespaces: true });
    expect(all.split('\n')[1]).toMatch(/^default +deployment\.apps\/web +2\/2 /);
  });

  it('prints nothing when no kind has objects', () => {
    expect(renderTables([{ kind: 'Pod', groupKind: 'pod', objects: [] }, { kind: 'Job', groupKind: 'job.batch', objects: [] }], opts)).toBe('');
  });
});
