import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import { getObject, getPod } from '../../src/state/queries.js';
import { given } from '../support/given.js';
import { nodesOf, pod, pool, replicaSet } from '../support/fixtures.js';

const rejection = (d: ReturnType<ReturnType<typeof given>['decide']>) => (isLeft(d) ? d.left : undefined);

describe('admission', () => {
  it('assigns uid, creationTimestamp and generation, and defaults a pod as the API server does', () => {
    const p = getPod(given(pod('web')).state, 'default', 'web');
    expect(p?.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(p?.metadata).toMatchObject({ generation: 1, creationTimestamp: '2025-01-01T00:00:00Z' });
    expect(p?.spec).toMatchObject({ restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', priority: 0 });
    expect(p?.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    expect(p?.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('generates a name from generateName with upstream\'s alphabet, the same for the same seed', () => {
    const object: KubeObject = { ...pod('x'), metadata: { name: '', generateName: 'web-', namespace: 'default' } };
    const a = given(object).state.objects.get('Pod')?.keySeq().toArray();
    expect(a?.[0]).toMatch(/^default\/web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(given(object).state.objects.get('Pod')?.keySeq().toArray()).toEqual(a);
  });

  it('refuses an object in a namespace that does not exist (NotFound)', () => {
    expect(rejection(given().decide({ type: 'Create', object: pod('web', { ns: 'prod' }) }))).toEqual({ code: 'NotFound', message: 'namespaces "prod" not found' });
  });

  it('refuses a second object with the same name (AlreadyExists)', () => {
    expect(rejection(given(pod('web')).decide({ type: 'Create', object: pod('web') }))).toEqual({ code: 'AlreadyExists', message: 'pods "web" already exists' });
  });

  it('refuses invalid objects with upstream field paths and wording', () => {
    const bad = { ...replicaSet('web', -1) } as KubeObject;
    expect(rejection(given().decide({ type: 'Create', object: bad }))?.message).toBe('ReplicaSet.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(rejection(given().decide({ type: 'Create', object: pod('Web_1') }))?.message).toMatch(/^Pod "Web_1" is invalid: metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain/);
    const mismatch = replicaSet('web', 1) as { spec: { selector: unknown } } & KubeObject;
    const wrong = { ...mismatch, spec: { ...mismatch.spec, selector: { matchLabels: { app: 'other' } } } } as KubeObject;
    expect(rejection(given().decide({ type: 'Create', object: wrong }))?.message).toMatch(/spec.template.metadata.labels: Invalid value: .*`selector` does not match template `labels`/);
  });

  it('refuses unknown kinds and versions', () => {
    const weird = { apiVersion: 'v1', kind: 'Gizmo', metadata: { name: 'g' } };
    expect(rejection(given().decide({ type: 'Create', object: weird }))).toEqual({ code: 'BadRequest', message: 'no matches for kind "Gizmo" in version "v1"' });
  });

  it('stores known kinds it does not model yet as they are', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1' } };
    expect(getObject(given(cm).state, 'ConfigMap', 'default', 'cfg')).toMatchObject({ data: { a: '1' } });
  });

  it('refuses a change to a ReplicaSet selector (immutable)', () => {
    const g = given(replicaSet('web', 1));
    const current = getObject(g.state, 'ReplicaSet', 'default', 'web') as KubeObject & { spec: Record<string, unknown> };
    const changed = { ...current, spec: { ...current.spec, selector: { matchLabels: { app: 'web', tier: 'x' } }, template: { metadata: { labels: { app: 'web', tier: 'x' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } } as KubeObject;
    expect(rejection(g.decide({ type: 'Update', object: changed }))?.message).toMatch(/spec.selector: Invalid value: .*: field is immutable/);
  });

  it('bumps generation when an update changes the spec, not when it changes nothing', () => {
    const g = given(replicaSet('web', 1));
    expect(isRight(g.decide({ type: 'Update', object: replicaSet('web', 1) })) && g.decide({ type: 'Update', object: replicaSet('web', 1) })).toEqual({ _tag: 'Right', right: [] });
    const g2 = g.and({ type: 'Update', object: replicaSet('web', 1, { cpu: '200m' }) });
    expect(getObject(g2.state, 'ReplicaSet', 'default', 'web')?.metadata.generation).toBe(2);
  });

  it('deletes a bound pod gracefully (deletionTimestamp = now + grace) and an unbound one at once', () => {
    const g = given(...nodesOf(pool('worker', 1)), pod('bound', { nodeName: 'worker-0' }), pod('free'));
    const d1 = g.decide({ type: 'Delete', ref: { kind: 'Pod', namespace: 'default', name: 'bound' } }, 10_000);
    expect(isRight(d1) && d1.right).toEqual([expect.objectContaining({ type: 'ObjectDeleting', deletionTimestamp: '2025-01-01T00:00:40Z', gracePeriodSeconds: 30 })]);
    const d2 = g.decide({ type: 'Delete', ref: { kind: 'Pod', namespace: 'default', name: 'free' } });
    expect(isRight(d2) && d2.right.map((e) => e.type)).toEqual(['ObjectDeleted']);
  });

  it('refuses to bind a pod twice, and actions naming another incarnation (uid Conflict)', () => {
    const g = given(...nodesOf(pool('worker', 2)), pod('web', { nodeName: 'worker-0' }));
    expect(rejection(g.decide({ type: 'Bind', pod: { kind: 'Pod', namespace: 'default', name: 'web' }, node: 'worker-1', trace: { evaluatedNodes: 1, feasibleNodes: 1 } }))?.code).toBe('Conflict');
    expect(rejection(g.decide({ type: 'Delete', ref: { kind: 'Pod', namespace: 'default', name: 'web', uid: 'someone-else' } }))?.code).toBe('Conflict');
  });

  it('refuses to scale what has no scale subresource', () => {
    expect(rejection(given(pod('web')).decide({ type: 'Scale', ref: { kind: 'Pod', namespace: 'default', name: 'web' }, replicas: 2 }))?.message).toBe('the server could not find the requested resource (pods/scale)');
  });
});
