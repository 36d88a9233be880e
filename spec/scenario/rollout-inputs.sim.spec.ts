/**
 * The kubectl timeline inputs (setImage, undo, pause, resume, restart, scale) run through
 * the real engine: what they write, and kubectl's refusals as located scenario errors
 * (before the run where the kind tells, at the instant otherwise). Also the bad input of
 * issue #5: workload specs the API server refuses are exit-2 errors at their location,
 * whether in spec.manifests or brought by a timeline `apply`.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import { formatInputError } from '../../src/scenario/errors.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { ScenarioRun } from '../../src/scenario/runner.js';
import { runScenario } from '../../src/scenario/runner.js';
import { getObject, listKind } from '../../src/state/queries.js';

const DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      initContainers: [ { name: init, image: "busybox:1.36" } ]
      containers:
        - { name: web, image: "nginx:1.26" }
        - { name: sidecar, image: "envoy:1.30" }
`;

const STATEFULSET = `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db }
spec:
  replicas: 2
  serviceName: db
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec:
      containers: [ { name: db, image: "postgres:16" } ]
`;

/** A scenario with these manifests (files m0.yaml, m1.yaml…) and these timeline entries (YAML flow lines). */
const scenario = (manifests: readonly string[], timeline: readonly string[], duration = '5m'): Record<string, string> => ({
  's.yaml': [
    'apiVersion: kubesim/v1',
    'kind: Scenario',
    'metadata: { name: t }',
    'spec:',
    `  duration: ${duration}`,
    '  cluster:',
    '    nodePools: [ { name: w, count: 2, capacity: { cpu: "4", memory: 8Gi } } ]',
    '  manifests:',
    ...manifests.map((_, i) => `    - path: m${i}.yaml`),
    ...(timeline.length === 0 ? [] : ['  timeline:', ...timeline.map((t) => `    - ${t}`)]),
  ].join('\n'),
  ...Object.fromEntries(manifests.map((m, i) => [`m${i}.yaml`, m])),
});

const run = (files: Record<string, string>): Either<string[], ScenarioRun> => {
  const read = (path: string): Either<string, string> => (files[path] === undefined ? left('file not found') : right(files[path]));
  const loaded = loadScenario('s.yaml', read);
  if (isLeft(loaded)) return left(loaded.left.map(formatInputError));
  const r = runScenario(loaded.right);
  return isLeft(r) ? left(r.left.map(formatInputError)) : right(r.right);
};

const ok = (files: Record<string, string>): ScenarioRun => {
  const r = run(files);
  if (isLeft(r)) throw new Error(r.left.join('\n'));
  return r.right;
};

const errors = (files: Record<string, string>): string[] => {
  const r = run(files);
  if (!isLeft(r)) throw new Error('the scenario ran, but should have been refused');
  return r.left;
};

type Template = { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: { containers: { name: string; image?: string }[]; initContainers?: { name: string; image?: string }[] } };
const templateOf = (o: KubeObject | undefined): Template => (o?.['spec'] as { template: Template }).template;
const images = (t: Template): string[] => [...(t.spec.initContainers ?? []), ...t.spec.containers].map((c) => `${c.name}=${c.image ?? ''}`);
const deployment = (r: ScenarioRun): KubeObject | undefined => getObject(r.state, 'Deployment', 'default', 'web');

describe('setImage', () => {
  it('sets the named container only, as `kubectl set image deployment/web web=…`', () => {
    const r = ok(scenario([DEPLOYMENT], ['{ at: 1m, setImage: { target: deploy/web, container: web, image: "nginx:1.27" } }']));
    expect(images(templateOf(deployment(r)))).toEqual(['init=busybox:1.36', 'web=nginx:1.27', 'sidecar=envoy:1.30']);
  });

  it('`*` sets every container, init containers included', () => {
    const r = ok(scenario([DEPLOYMENT], ['{ at: 1m, setImage: { target: deployment/web, container: "*", image: "x:2" } }']));
    expect(images(templateOf(deployment(r)))).toEqual(['init=x:2', 'web=x:2', 'sidecar=x:2']);
  });

  it('matches init containers by name', () => {
    const r = ok(scenario([DEPLOYMENT], ['{ at: 1m, setImage: { target: deployment/web, container: init, image: "busybox:1.37" } }']));
    expect(images(templateOf(deployment(r)))[0]).toBe('init=busybox:1.37');
  });

  it('an unknown container is refused at the instant, in kubectl\'s words', () => {
    expect(errors(scenario([DEPLOYMENT], ['{ at: 1m, setImage: { target: deploy/web, container: app, image: "nginx:1.27" } }']))).toEqual([
      's.yaml:11:17: spec.timeline[0].setImage: refused at 1m00s: unable to find container named "app"',
    ]);
  });

  it('a kind without a pod template is refused before the run, at the target', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: web }\n';
    expect(errors(scenario([cm], ['{ at: 1m, setImage: { target: cm/web, container: web, image: "nginx:1.27" } }']))).toEqual([
      's.yaml:11:29: spec.timeline[0].setImage.target: Invalid value: "cm/web": the object is not a pod or does not have a pod template: *v1.ConfigMap',
    ]);
  });

  it('a missing object is refused at the instant with the API server\'s NotFound', () => {
    expect(errors(scenario([DEPLOYMENT], ['{ at: 1m, setImage: { target: deploy/api, container: web, image: "nginx:1.27" } }']))[0]).toBe(
      's.yaml:11:17: spec.timeline[0].setImage: refused at 1m00s: deployments.apps "api" not found',
    );
  });
});

describe('pause, resume, restart', () => {
  it('pause and resume flip spec.paused', () => {
    const paused = ok(scenario([DEPLOYMENT], ['{ at: 1m, pause: { target: deploy/web } }']));
    expect((deployment(paused)?.['spec'] as { paused?: boolean }).paused).toBe(true);
    const resumed = ok(scenario([DEPLOYMENT], ['{ at: 1m, pause: { target: deploy/web } }', '{ at: 2m, resume: { target: deploy/web } }']));
    expect((deployment(resumed)?.['spec'] as { paused?: boolean }).paused).toBe(false);
  });

  it('pausing twice and resuming what is not paused are kubectl errors', () => {
    expect(errors(scenario([DEPLOYMENT], ['{ at: 1m, pause: { target: deploy/web } }', '{ at: 2m, pause: { target: deploy/web } }']))).toEqual([
      's.yaml:12:17: spec.timeline[1].pause: refused at 2m00s: deployments.apps "web" is already paused',
    ]);
    expect(errors(scenario([DEPLOYMENT], ['{ at: 1m, resume: { target: deploy/web } }']))).toEqual([
      's.yaml:11:17: spec.timeline[0].resume: refused at 1m00s: deployments.apps "web" is not paused',
    ]);
  });

  it('pause on a StatefulSet is refused before the run', () => {
    expect(errors(scenario([STATEFULSET], ['{ at: 1m, pause: { target: sts/db } }']))).toEqual([
      's.yaml:11:26: spec.timeline[0].pause.target: Invalid value: "sts/db": statefulsets.apps "db" pausing is not supported',
    ]);
  });

  it('restart stamps the template with the virtual time in RFC 3339', () => {
    const r = ok(scenario([DEPLOYMENT, STATEFULSET], ['{ at: 3m, restart: { target: deploy/web } }', '{ at: 4m, restart: { target: sts/db } }']));
    expect(templateOf(deployment(r)).metadata?.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:03:00Z' });
    expect(templateOf(getObject(r.state, 'StatefulSet', 'default', 'db')).metadata?.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:04:00Z' });
  });

  it('restart of a paused Deployment is refused as kubectl refuses it', () => {
    expect(errors(scenario([DEPLOYMENT], ['{ at: 1m, pause: { target: deploy/web } }', '{ at: 2m, restart: { target: deploy/web } }']))).toEqual([
      "s.yaml:12:17: spec.timeline[1].restart: refused at 2m00s: deployments.apps \"web\" can't restart paused deployment (run rollout resume first)",
    ]);
  });
});

describe('scale', () => {
  it('scales every scalable kind', () => {
    const r = ok(scenario([DEPLOYMENT, STATEFULSET], ['{ at: 1m, scale: { target: deploy/web, replicas: 3 } }', '{ at: 1m, scale: { target: sts/db, replicas: 1 } }']));
    expect((deployment(r)?.['spec'] as { replicas: number }).replicas).toBe(3);
    expect((getObject(r.state, 'StatefulSet', 'default', 'db')?.['spec'] as { replicas: number }).replicas).toBe(1);
  });

  it('an unscalable kind is refused by the scale subresource', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: web }\n';
    expect(errors(scenario([cm], ['{ at: 1m, scale: { target: cm/web, replicas: 3 } }']))).toEqual([
      's.yaml:11:17: spec.timeline[0].scale: refused at 1m00s: the server could not find the requested resource (configmaps/scale)',
    ]);
  });
});

describe('undo', () => {
  const revisions = (r: ScenarioRun): Record<string, string> =>
    Object.fromEntries(
      listKind(r.state, 'ReplicaSet', 'default').map((rs) => [(rs['spec'] as { template: Template }).template.spec.containers[0]?.image ?? '', rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '']),
    );

  it('with no toRevision goes back to the previous revision, whose ReplicaSet is reused and renumbered', () => {
    const r = ok(scenario([DEPLOYMENT], ['{ at: 1m, setImage: { target: deploy/web, container: web, image: "nginx:1.27" } }', '{ at: 3m, undo: { target: deploy/web } }']));
    expect(images(templateOf(deployment(r)))).toEqual(['init=busybox:1.36', 'web=nginx:1.26', 'sidecar=envoy:1.30']);
    expect(templateOf(deployment(r)).metadata?.labels).toEqual({ app: 'web' });
    expect(revisions(r)).toEqual({ 'nginx:1.26': '3', 'nginx:1.27': '2' });
  });

  it('to a revision that does not exist is refused at the instant', () => {
    expect(errors(scenario([DEPLOYMENT], ['{ at: 1m, undo: { target: deploy/web, toRevision: 5 } }']))).toEqual([
      's.yaml:11:17: spec.timeline[0].undo: refused at 1m00s: unable to find specified revision 5 in history',
    ]);
  });

  it('with only one revision has no history to go back to', () => {
    expect(errors(scenario([DEPLOYMENT], ['{ at: 1m, undo: { target: deploy/web } }']))).toEqual([
      's.yaml:11:17: spec.timeline[0].undo: refused at 1m00s: no rollout history found for deployment "web"',
    ]);
  });

  it('of a paused Deployment is refused', () => {
    const timeline = ['{ at: 1m, setImage: { target: deploy/web, container: web, image: "nginx:1.27" } }', '{ at: 2m, pause: { target: deploy/web } }', '{ at: 3m, undo: { target: deploy/web } }'];
    expect(errors(scenario([DEPLOYMENT], timeline))).toEqual([
      "s.yaml:13:17: spec.timeline[2].undo: refused at 3m00s: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
    ]);
  });

  it('to the revision in force writes nothing (kubectl: skipped rollback)', () => {
    const r = ok(scenario([DEPLOYMENT], ['{ at: 1m, setImage: { target: deploy/web, container: web, image: "nginx:1.27" } }', '{ at: 3m, undo: { target: deploy/web, toRevision: 2 } }']));
    expect(r.records.filter((x) => x.timeMs === 180_000)).toEqual([]);
  });

  it('of a StatefulSet restores the template stored in its ControllerRevision', () => {
    const r = ok(scenario([STATEFULSET], ['{ at: 1m, setImage: { target: sts/db, container: db, image: "postgres:17" } }', '{ at: 3m, undo: { target: statefulset/db, toRevision: 1 } }']));
    expect(images(templateOf(getObject(r.state, 'StatefulSet', 'default', 'db')))).toEqual(['db=postgres:16']);
  });

  it('of a ReplicaSet is refused before the run', () => {
    const rs = 'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: { name: web }\nspec:\n  selector: { matchLabels: { a: b } }\n  template: { metadata: { labels: { a: b } }, spec: { containers: [ { name: c, image: i } ] } }\n';
    expect(errors(scenario([rs], ['{ at: 1m, undo: { target: rs/web } }']))).toEqual([
      's.yaml:11:25: spec.timeline[0].undo.target: Invalid value: "rs/web": no rollbacker has been implemented for "ReplicaSet.apps"',
    ]);
  });
});

describe('bad workload specs (issue #5)', () => {
  const noSurge = DEPLOYMENT.replace('  replicas: 2\n', '  replicas: 2\n  strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }\n');
  // upstream field.Invalid prints a non-pointer IntOrString with %#v
  const MESSAGE = 'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0';

  it('maxSurge 0 with maxUnavailable 0 in spec.manifests: exit 2 at the manifest field', () => {
    expect(errors(scenario([noSurge], []))).toEqual([`m0.yaml:7:45: ${MESSAGE}`]);
  });

  it('the same brought by a timeline apply is refused before the run, at the applied manifest', () => {
    const files = { ...scenario([DEPLOYMENT], ['{ at: 1m, apply: { path: v2.yaml } }']), 'v2.yaml': noSurge };
    expect(errors(files)).toEqual([`v2.yaml:7:45: ${MESSAGE}`]);
  });

  it('a negative StatefulSet partition is refused at its field', () => {
    const negative = STATEFULSET.replace('  serviceName: db\n', '  serviceName: db\n  updateStrategy: { type: RollingUpdate, rollingUpdate: { partition: -1 } }\n');
    expect(errors(scenario([negative], []))).toEqual(['m0.yaml:8:59: spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0']);
  });
});
