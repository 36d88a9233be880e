/**
 * Bad input never crashes: manifests mutated at random (wrong types, missing fields, huge
 * numbers, unicode, deep nesting, YAML anchors and aliases) are either admitted or refused
 * with a message; nothing throws and nothing hangs (alias expansion is bounded).
 */
import fc from 'fast-check';
import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { dryRun } from '../../src/scenario/dry-run.js';
import { manifestDocuments } from '../../src/scenario/load.js';

const VALID: readonly Record<string, unknown>[] = [
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, strategy: { rollingUpdate: { maxSurge: '25%' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } }, readinessProbe: { httpGet: { path: '/', port: 80 } } }] } } } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations: { 'example.com/x': 'y' } }, spec: { restartPolicy: 'Never', tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }], containers: [{ name: 'c', image: 'busybox', command: ['sleep', '1'] }] } },
  { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'tick' }, spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } } } },
  { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 60 } },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: 'p' } },
  { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'crontabs.example.com' }, spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'crontabs', kind: 'CronTab' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { replicas: { type: 'integer', minimum: 1, default: 1 }, mode: { type: 'string', enum: ['a', 'b'] } } } } } } }] } },
  { apiVersion: 'example.com/v1', kind: 'CronTab', metadata: { name: 'ct' }, spec: { replicas: 2, mode: 'a' } },
];

type Path = (string | number)[];

const pathsOf = (v: unknown, prefix: Path = []): Path[] => {
  if (v === null || typeof v !== 'object') return [prefix];
  const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
  return [prefix, ...entries.flatMap(([k, x]) => pathsOf(x, [...prefix, k]))];
};

const setAt = (v: unknown, path: Path, value: unknown): unknown => {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...Path];
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x, i) => (i === head ? setAt(x, rest, value) : x));
  const o = v as Record<string, unknown>;
  return { ...o, [head]: setAt(o[head], rest, value) };
};

const deleteAt = (v: unknown, path: Path): unknown => {
  if (path.length === 0 || v === null || typeof v !== 'object') return v;
  const [head, ...rest] = path as [string | number, ...Path];
  if (rest.length === 0) {
    if (Array.isArray(v)) return v.filter((_, i) => i !== head);
    const { [head]: _gone, ...others } = v as Record<string, unknown>;
    return others;
  }
  return setAt(v, [head], deleteAt((v as Record<string | number, unknown>)[head], rest));
};

const nested = (depth: number): unknown => (depth === 0 ? 'deep' : { a: [nested(depth - 1)] });

const strange = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -1, 0, 1.5, Number.MAX_SAFE_INTEGER, '', 'ünïcödé-ñame', '💥', '日本語', 'a'.repeat(300), '0x1F', '1e3', 'true', null),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer({ min: 50, max: 300 }).map(nested),
);

const mutation = fc.tuple(fc.nat(), fc.boolean(), strange);

const verdictsOf = (text: string): readonly string[] => {
  const docs = manifestDocuments('m.yaml', text);
  if (isLeft(docs)) return [docs.left.message];
  const run = dryRun([{ file: 'm.yaml', docs: docs.right }]);
  return [...run.errors.map((e) => e.message), ...run.verdicts.map((v) => v.message)];
};

describe('bad input', () => {
  it('mutated manifests are admitted or refused with a message, never an exception', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (manifest, mutations, withCrd) => {
        let m: unknown = manifest;
        for (const [at, remove, value] of mutations) {
          const paths = pathsOf(m);
          const path = paths[at % paths.length] ?? [];
          m = remove ? deleteAt(m, path) : setAt(m, path, value);
        }
        const docs = withCrd ? [VALID[6], m] : [m];
        const messages = verdictsOf(docs.map((d) => stringify(d)).join('---\n'));
        for (const message of messages) {
          expect(typeof message).toBe('string');
          expect(message.length).toBeGreaterThan(0);
        }
      }),
      { seed: 3003, numRuns: 400 },
    );
  });

  it('YAML anchors and aliases are read; an alias bomb is refused, not expanded', () => {
    const anchors = 'apiVersion: v1\nkind: ConfigMap\nmetadata: &m { name: c, labels: &l { app: x } }\ndata: { a: *m, b: *l }\n';
    expect(verdictsOf(anchors).join('\n')).toMatch(/configmap\/c created \(dry run\)|is invalid/);
    const levels = Array.from({ length: 12 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array.from({ length: 10 }, () => (i === 0 ? '*l0' : `*l${i}`)).join(', ')}]`);
    const bomb = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: { name: bomb }', 'data:', '  l0: &l0 "lol"', ...levels.map((l) => `  ${l}`)].join('\n');
    const [message] = verdictsOf(bomb);
    expect(message).toMatch(/alias|invalid YAML/i);
  });

  it('nesting deeper than the parser can take is refused at its line, before the parser recurses', () => {
    const deep = (d: number): string => '{"a":['.repeat(d) + '"x"' + ']}'.repeat(d);
    for (const d of [150, 600, 20_000]) {
      expect(verdictsOf(`apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata: ${deep(d)}\n`)).toEqual(['invalid YAML: nested more than 100 levels deep, or indented more than 400 columns']);
    }
    expect(verdictsOf(`apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata: { a: ${JSON.stringify(deep(30))} }\n`)).toEqual(['configmap/c created (dry run)']);
  });

  it('unknown kinds, non-objects and garbage are refused with a message', () => {
    for (const text of ['42', '- a\n- b', 'kind: [', 'apiVersion: v1\nkind: Nope\nmetadata: { name: x }', '{}', 'apiVersion: v1\nkind: Pod', '\u0000\u0001']) {
      const messages = verdictsOf(text);
      for (const m of messages) expect(m.length, text).toBeGreaterThan(0);
    }
  });
});
