import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import { getObject, getPod } from '../../src/state/queries.js';
import { given } from '../support/given.js';
import { pod } from '../support/fixtures.js';

const priorityClass = (name: string, value: number, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'scheduling.k8s.io/v1',
  kind: 'PriorityClass',
  metadata: { name },
  value,
  ...extra,
});

const withSpec = (o: KubeObject, extra: Record<string, unknown>): KubeObject => ({ ...o, spec: { ...(o['spec'] as object), ...extra } });

const rejection = (d: ReturnType<ReturnType<typeof given>['decide']>) => (isLeft(d) ? d.left : undefined);

const specOf = (g: ReturnType<typeof given>, name = 'p') => getPod(g.state, 'default', name)?.spec;

describe('Priority admission: pods', () => {
  it('given no class and no default class, then priority 0 and PreemptLowerPriority, and no class name', () => {
    const spec = specOf(given(pod('p')));
    expect(spec).toMatchObject({ priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
    expect(spec).not.toHaveProperty('priorityClassName');
  });

  it('given a class name, then its value and preemptionPolicy', () => {
    const g = given(priorityClass('batch', 1000, { preemptionPolicy: 'Never' }), withSpec(pod('p'), { priorityClassName: 'batch' }));
    expect(specOf(g)).toMatchObject({ priorityClassName: 'batch', priority: 1000, preemptionPolicy: 'Never' });
  });

  it('given no class name, then the globalDefault class: its value, policy and name', () => {
    const g = given(priorityClass('batch', 1000), priorityClass('standard', 50, { globalDefault: true, preemptionPolicy: 'Never' }), pod('p'));
    expect(specOf(g)).toMatchObject({ priorityClassName: 'standard', priority: 50, preemptionPolicy: 'Never' });
  });

  it('knows the two system classes without their objects', () => {
    const g = given(withSpec(pod('a'), { priorityClassName: 'system-node-critical' }), withSpec(pod('b'), { priorityClassName: 'system-cluster-critical' }));
    expect(specOf(g, 'a')).toMatchObject({ priority: 2_000_001_000, preemptionPolicy: 'PreemptLowerPriority' });
    expect(specOf(g, 'b')).toMatchObject({ priority: 2_000_000_000 });
  });

  it('refuses an unknown class as the API server does (Forbidden), naming the pod or its generateName', () => {
    expect(rejection(given().decide({ type: 'Create', object: withSpec(pod('x'), { priorityClassName: 'foo' }) }))).toEqual({
      code: 'Forbidden',
      message: 'pods "x" is forbidden: no PriorityClass with name foo was found',
    });
    const generated = withSpec({ ...pod('x'), metadata: { generateName: 'web-', namespace: 'default' } } as KubeObject, { priorityClassName: 'foo' });
    expect(rejection(given().decide({ type: 'Create', object: generated }))?.message).toBe('pods "web-" is forbidden: no PriorityClass with name foo was found');
  });

  it('refuses a priority the class does not give, and accepts the one it gives', () => {
    const g = given(priorityClass('batch', 1000));
    expect(rejection(g.decide({ type: 'Create', object: withSpec(pod('x'), { priorityClassName: 'batch', priority: 7 }) }))).toEqual({
      code: 'Forbidden',
      message: 'pods "x" is forbidden: the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name',
    });
    expect(rejection(g.decide({ type: 'Create', object: withSpec(pod('x'), { priority: 5 }) }))?.message).toMatch(/priority \(5\) must not be provided in pod spec; priority admission controller computed 0 from/);
    expect(rejection(g.decide({ type: 'Create', object: withSpec(pod('x'), { priorityClassName: 'batch', priority: 1000 }) }))).toBeUndefined();
  });

  it('refuses a preemptionPolicy the class does not give', () => {
    const g = given(priorityClass('batch', 1000));
    expect(rejection(g.decide({ type: 'Create', object: withSpec(pod('x'), { priorityClassName: 'batch', preemptionPolicy: 'Never' }) }))?.message).toBe(
      'pods "x" is forbidden: the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name',
    );
  });

  it('keeps the resolved fields when the pod is updated without them (apply of the original manifest)', () => {
    const g = given(priorityClass('standard', 50, { globalDefault: true, preemptionPolicy: 'Never' }), pod('p'));
    const g2 = g.and({ type: 'Update', object: { ...pod('p', { labels: { v: '2' } }) } });
    expect(specOf(g2)).toMatchObject({ priorityClassName: 'standard', priority: 50, preemptionPolicy: 'Never' });
  });
});

describe('Priority admission: PriorityClasses', () => {
  it('allows one globalDefault class only', () => {
    const g = given(priorityClass('standard', 50, { globalDefault: true }));
    expect(rejection(g.decide({ type: 'Create', object: priorityClass('other', 10, { globalDefault: true }) }))).toEqual({
      code: 'Forbidden',
      message: 'priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass standard is already marked as default. Only one default can exist',
    });
    expect(rejection(g.decide({ type: 'Create', object: priorityClass('other', 10) }))).toBeUndefined();
  });

  it('lets the default class stay default on update, and refuses making another one default', () => {
    const g = given(priorityClass('standard', 50, { globalDefault: true }), priorityClass('other', 10));
    const stored = (name: string) => getObject(g.state, 'PriorityClass', undefined, name) as KubeObject;
    expect(rejection(g.decide({ type: 'Update', object: { ...stored('standard'), description: 'the default' } }))).toBeUndefined();
    expect(rejection(g.decide({ type: 'Update', object: { ...stored('other'), globalDefault: true } }))?.message).toBe(
      'priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass standard is already marked as default. Only one default can exist',
    );
  });

  it('refuses a user class above 1e9 (validation)', () => {
    expect(rejection(given().decide({ type: 'Create', object: priorityClass('huge', 1_000_000_001) }))?.message).toBe(
      'PriorityClass.scheduling.k8s.io "huge" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    );
  });
});
