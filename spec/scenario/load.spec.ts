/**
 * loadScenario on the fixtures of scenarios/fixtures: a complete file decodes to the
 * expected LoadedScenario, defaults are filled, and every kind of bad input is refused
 * with file:line:col, field path and message.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, isRight, left, right } from 'fp-ts/lib/Either.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatInputError } from '../../src/scenario/errors.js';
import type { LoadedScenario, ManifestDoc, TimelineEntry } from '../../src/scenario/load.js';
import { loadScenario } from '../../src/scenario/load.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const FIX = 'scenarios/fixtures';

const readFromRepo = (path: string): Either<string, string> => {
  try {
    return right(readFileSync(`${ROOT}${path}`, 'utf8'));
  } catch {
    return left('file not found');
  }
};

/** A scenario read from memory: `files` maps paths to texts. */
const fromMemory = (files: Record<string, string>) => (path: string): Either<string, string> =>
  files[path] === undefined ? left('file not found') : right(files[path]);

const load = (file: string): LoadedScenario => {
  const r = loadScenario(file, readFromRepo);
  if (isLeft(r)) throw new Error(r.left.map(formatInputError).join('\n'));
  return r.right;
};

/** The printed errors of a file that must not load. */
const errorsOf = (file: string, read = readFromRepo): string[] => {
  const r = loadScenario(file, read);
  if (isRight(r)) throw new Error(`${file} loaded, but should not`);
  return r.left.map(formatInputError);
};

const where = (m: ManifestDoc) => ({ at: `${m.file}:${m.line}:${m.col}`, kind: m.object.kind, name: m.object.metadata.name });
const entry = (e: TimelineEntry) => ({ atMs: e.atMs, index: e.index, line: e.source.line, input: e.input.type === 'apply' ? { ...e.input, objects: e.input.objects.map(where) } : e.input });

describe('loadScenario: a complete scenario (scenarios/fixtures/complete.yaml)', () => {
  const s = load(`${FIX}/complete.yaml`);

  it('reads the header, times and settings', () => {
    expect({ file: s.file, name: s.name, description: s.description, seed: s.seed, durationMs: s.durationMs, tickMs: s.tickMs, kubelet: s.kubelet, engine: s.engine }).toEqual({
      file: `${FIX}/complete.yaml`,
      name: 'complete',
      description: 'Every field of the format.',
      seed: 42,
      durationMs: 900_000,
      tickMs: 500,
      kubelet: { imagePullMs: 3000, containerStartMs: 1500, jitter: 0, shutdown: { ms: 10_000 } },
      engine: { maxSettleRounds: 50 },
    });
  });

  it('decodes node pools, filling pods: 110, and explicit nodes with their position', () => {
    expect(s.nodePools).toEqual([
      {
        name: 'worker',
        count: 3,
        capacity: { cpu: '4', memory: '8Gi', pods: 110 },
        allocatable: { cpu: '3800m', memory: '7Gi' },
        labels: { 'topology.kubernetes.io/zone': 'zone-a' },
        taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }],
      },
      { name: 'small', count: 1, capacity: { cpu: 1, memory: '1Gi', pods: 110 } },
    ]);
    expect(s.nodes.map(where)).toEqual([{ at: `${FIX}/complete.yaml:23:9`, kind: 'Node', name: 'edge-0' }]);
  });

  it('loads manifests in order: every document of a file (empty ones skipped), then inline objects', () => {
    expect(s.manifests.map(where)).toEqual([
      { at: `${FIX}/manifests/web.yaml:2:1`, kind: 'ReplicaSet', name: 'web' },
      { at: `${FIX}/manifests/web.yaml:13:1`, kind: 'Service', name: 'web' },
      { at: `${FIX}/complete.yaml:33:7`, kind: 'ConfigMap', name: 'web-config' },
    ]);
    expect(s.manifests[2]?.object).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config' }, data: { greeting: 'hello' } });
  });

  it('locates fields inside a manifest, in its own file', () => {
    const rs = s.manifests[0];
    expect(rs?.locate(['spec', 'replicas'])).toEqual({ line: 7, col: 3 });
    expect(rs?.locate(['spec', 'template', 'spec', 'containers', 0, 'image'])).toEqual({ line: 11, col: 40 });
  });

  it('keeps the timeline in file order, each input decoded and tagged with its key', () => {
    expect(s.timeline.map(entry)).toEqual([
      { atMs: 60_000, index: 0, line: 44, input: { type: 'load', spec: { service: 'web', rps: 400 } } },
      { atMs: 120_000, index: 1, line: 46, input: { type: 'load', spec: { service: 'web', namespace: 'default', profile: { type: 'ramp', to: 800, over: 300_000 } } } },
      { atMs: 120_000, index: 2, line: 48, input: { type: 'fault', spec: { type: 'nodeDown', node: 'worker-1' } } },
      { atMs: 540_000, index: 3, line: 50, input: { type: 'fault', spec: { type: 'nodeUp', node: 'worker-1' } } },
      {
        atMs: 180_000,
        index: 4,
        line: 52,
        input: {
          type: 'apply',
          spec: { path: 'manifests/list.yaml' },
          objects: [
            { at: `${FIX}/manifests/list.yaml:7:5`, kind: 'ConfigMap', name: 'one' },
            { at: `${FIX}/manifests/list.yaml:10:5`, kind: 'Secret', name: '' },
          ],
        },
      },
      { atMs: 240_000, index: 5, line: 54, input: { type: 'scale', spec: { target: 'deployment/web', replicas: 6 } } },
      { atMs: 300_000, index: 6, line: 56, input: { type: 'setImage', spec: { target: 'deployment/web', container: 'web', image: 'nginx:1.27' } } },
      { atMs: 360_000, index: 7, line: 58, input: { type: 'undo', spec: { target: 'deployment/web', toRevision: 1 } } },
      { atMs: 420_000, index: 8, line: 60, input: { type: 'delete', spec: { target: 'pod/web-abc12', namespace: 'shop', gracePeriodSeconds: 0 } } },
      {
        atMs: 420_500,
        index: 9,
        line: 62,
        input: { type: 'apply', spec: { inline: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } } }, objects: [{ at: `${FIX}/complete.yaml:64:9`, kind: 'ConfigMap', name: 'late' }] },
      },
    ]);
    expect(s.timeline[0]?.source).toEqual({ file: `${FIX}/complete.yaml`, line: 44, col: 7 });
  });

  it('keeps generateName objects, with an empty name', () => {
    const input = s.timeline[4]?.input;
    expect(input?.type === 'apply' ? input.objects[1]?.object.metadata : undefined).toEqual({ generateName: 'two-', name: '' });
  });

  it('decodes every form of expectation into when, target and comparison', () => {
    expect(s.expect.map(({ index, source, when, target, namespace, field, comparison }) => ({ index, line: source.line, when, target, namespace, field, comparison }))).toEqual([
      { index: 0, line: 66, when: { type: 'at', atMs: 600_000 }, target: 'deployment/web', namespace: undefined, field: 'status.readyReplicas', comparison: { type: 'equals', value: 3 } },
      { index: 1, line: 68, when: { type: 'within', fromMs: 120_000, toMs: 240_000 }, target: 'deployment/web', namespace: undefined, field: 'status.readyReplicas', comparison: { type: 'atLeast', value: 2 } },
      { index: 2, line: 70, when: { type: 'always', fromMs: 0, toMs: 900_000 }, target: 'hpa/web', namespace: 'shop', field: 'status.currentReplicas', comparison: { type: 'atMost', value: 10 } },
      { index: 3, line: 72, when: { type: 'at', atMs: 900_000 }, target: 'pod/debug', namespace: undefined, field: undefined, comparison: { type: 'exists', value: false } },
    ]);
  });

  it('keeps traffic as decoded', () => {
    expect(s.traffic).toEqual([
      { service: 'web', cpuPerRequest: '2m', idleCpu: '10m' },
      { service: 'api', namespace: 'shop', cpuPerRequest: '0.5' },
    ]);
  });
});

describe('loadScenario: defaults (scenarios/fixtures/minimal.yaml)', () => {
  it('fills seed 1, tick 1s, the kubelet and engine defaults, and empty lists', () => {
    const s = load(`${FIX}/minimal.yaml`);
    expect({ ...s, doc: undefined, raw: undefined }).toEqual({
      file: `${FIX}/minimal.yaml`,
      name: 'minimal',
      seed: 1,
      durationMs: 60_000,
      tickMs: 1000,
      kubelet: { imagePullMs: 2000, containerStartMs: 1000, jitter: 0.2, shutdown: 'grace' },
      engine: { maxSettleRounds: 1000 },
      nodePools: [],
      nodes: [],
      manifests: [],
      timeline: [],
      expect: [],
      doc: undefined,
      raw: undefined,
    });
    expect('traffic' in s).toBe(false);
    expect('description' in s).toBe(false);
  });

  it('reads "grace" as the kubelet shutdown, and null fields as absent', () => {
    const text = 'apiVersion: kubesim/v1\nkind: Scenario\nmetadata: { name: g, description: }\nspec:\n  duration: 1m\n  seed:\n  cluster: { kubelet: { shutdown: grace } }\n';
    const r = loadScenario('g.yaml', fromMemory({ 'g.yaml': text }));
    expect(isRight(r) && { seed: r.right.seed, kubelet: r.right.kubelet, description: r.right.description }).toEqual({
      seed: 1,
      kubelet: { imagePullMs: 2000, containerStartMs: 1000, jitter: 0.2, shutdown: 'grace' },
      description: undefined,
    });
  });
});

describe('loadScenario: bad input is refused with file:line:col, field path and message', () => {
  const B = `${FIX}/broken`;

  it('an unknown field at depth, beside the required field it was meant to be', () => {
    expect(errorsOf(`${B}/unknown-field.yaml`)).toEqual([
      `${B}/unknown-field.yaml:10:7: spec.timeline[1].scale.replicas: Required value`,
      `${B}/unknown-field.yaml:12:9: spec.timeline[1].scale.replica: unknown field "replica"`,
    ]);
  });

  it('a value of the wrong type', () => {
    expect(errorsOf(`${B}/wrong-type.yaml`)).toEqual([`${B}/wrong-type.yaml:12:32: spec.timeline[2].scale.replicas: Invalid value: "three": expected a non-negative integer`]);
  });

  it('missing required fields, each at the mapping that lacks it', () => {
    expect(errorsOf(`${B}/missing-required.yaml`)).toEqual([
      `${B}/missing-required.yaml:4:1: spec.duration: Required value`,
      `${B}/missing-required.yaml:9:9: spec.cluster.nodePools[0].capacity.memory: Required value`,
      `${B}/missing-required.yaml:13:7: spec.expect[0].that.target: Required value`,
    ]);
  });

  it('malformed YAML, at the line and column where the parser stopped', () => {
    expect(errorsOf(`${B}/malformed.yaml`)).toEqual([`${B}/malformed.yaml:9:1: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }`]);
  });

  it('a duplicate key', () => {
    expect(errorsOf(`${B}/duplicate-key.yaml`)).toEqual([`${B}/duplicate-key.yaml:11:9: invalid YAML: duplicate key "count" (keys of a mapping must be unique)`]);
  });

  it('a missing manifest file, at its path: field, with the path resolved from the scenario directory', () => {
    expect(errorsOf(`${B}/missing-manifest.yaml`)).toEqual([`${B}/missing-manifest.yaml:8:7: spec.manifests[1].path: file not found: ${FIX}/manifests/nowhere.yaml`]);
  });

  it('manifest documents that are not objects, at their own file:line:col', () => {
    expect(errorsOf(`${B}/bad-manifests.yaml`)).toEqual([
      `${B}/not-objects.yaml:2:1: Invalid value: a manifest must be a mapping with apiVersion, kind and metadata, found a list`,
      `${B}/not-objects.yaml:5:1: kind: Required value: every object needs kind`,
    ]);
  });

  it('times off the tick, after the end, and a window that runs backwards', () => {
    expect(errorsOf(`${B}/off-tick.yaml`)).toEqual([
      `${B}/off-tick.yaml:8:7: spec.timeline[0].at: Invalid value: 15000ms: must be a multiple of the tick (10000ms)`,
      `${B}/off-tick.yaml:10:7: spec.timeline[1].at: Invalid value: 120000ms: after the end of the run (duration 60000ms)`,
      `${B}/off-tick.yaml:13:28: spec.expect[0].within.to: Invalid value: 20000ms: must not be before from (40000ms)`,
    ]);
  });

  it('a file that is not a scenario gets its apiVersion and kind reported, not every other field', () => {
    expect(errorsOf(`${B}/not-a-scenario.yaml`)).toEqual([
      `${B}/not-a-scenario.yaml:1:1: apiVersion: Unsupported value: "apps/v1": supported values: "kubesim/v1"`,
      `${B}/not-a-scenario.yaml:2:1: kind: Unsupported value: "Deployment": supported values: "Scenario"`,
    ]);
  });

  it('a second document, an empty file, and a file that cannot be read', () => {
    expect(errorsOf(`${B}/two-documents.yaml`)).toEqual([`${B}/two-documents.yaml:7:1: a scenario file holds one YAML document; found another here`]);
    expect(errorsOf('e.yaml', fromMemory({ 'e.yaml': '# nothing here\n' }))).toEqual(['e.yaml: the file is empty: expected a Scenario (apiVersion: kubesim/v1, kind: Scenario)']);
    expect(errorsOf('nowhere.yaml', fromMemory({}))).toEqual(['nowhere.yaml: file not found']);
  });
});

describe('loadScenario: manifests', () => {
  const scenario = (manifests: string) => `apiVersion: kubesim/v1\nkind: Scenario\nmetadata: { name: m }\nspec:\n  duration: 1m\n  manifests:\n${manifests}`;

  it('resolves path: against the scenario directory, and keeps absolute paths', () => {
    const read = fromMemory({
      'a/b/s.yaml': scenario('    - path: ../m.yaml\n    - path: /abs/n.yaml\n'),
      'a/m.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: m }\n',
      '/abs/n.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: n }\n',
    });
    const r = loadScenario('a/b/s.yaml', read);
    expect(isRight(r) && r.right.manifests.map((m) => `${m.file} ${m.object.metadata.name}`)).toEqual(['a/m.yaml m', '/abs/n.yaml n']);
  });

  it('refuses a file with no objects, a List item without a kind, and says why a file cannot be read', () => {
    const read = (p: string): Either<string, string> =>
      p === 's.yaml'
        ? right(scenario('    - path: empty.yaml\n    - inline: { apiVersion: v1, kind: List, items: [ { apiVersion: v1, metadata: { name: x } } ] }\n    - path: dir\n'))
        : p === 'empty.yaml'
          ? right('---\n# nothing\n---\n')
          : left('is a directory, not a file');
    expect(loadScenario('s.yaml', read)).toEqual(
      left([
        { file: 's.yaml', line: 7, col: 7, path: 'spec.manifests[0].path', message: 'Invalid value: "empty.yaml": no objects in empty.yaml' },
        { file: 's.yaml', line: 8, col: 54, path: 'items[0].kind', message: 'Required value: every object needs kind' },
        { file: 's.yaml', line: 9, col: 7, path: 'spec.manifests[2].path', message: 'cannot read dir: is a directory, not a file' },
      ]),
    );
  });

  it('expands a typed list (kind: ConfigMapList), giving items without them the list\'s apiVersion and the item kind', () => {
    const read = fromMemory({
      's.yaml': scenario('    - path: cms.yaml\n'),
      'cms.yaml': 'apiVersion: v1\nkind: ConfigMapList\nitems:\n  - metadata: { name: a }\n  - { apiVersion: v1, kind: Secret, metadata: { name: b } }\n',
    });
    const r = loadScenario('s.yaml', read);
    expect(isRight(r) && r.right.manifests.map((m) => ({ ...where(m), apiVersion: m.object.apiVersion }))).toEqual([
      { at: 'cms.yaml:4:5', kind: 'ConfigMap', name: 'a', apiVersion: 'v1' },
      { at: 'cms.yaml:5:5', kind: 'Secret', name: 'b', apiVersion: 'v1' },
    ]);
  });

  it('refuses a YAML error inside a manifest file at that file\'s line and column', () => {
    const read = fromMemory({ 's.yaml': scenario('    - path: m.yaml\n'), 'm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\nkey: "open\n' });
    expect(errorsOf('s.yaml', read)).toEqual(['m.yaml:6:1: invalid YAML: Missing closing "quote']);
  });
});

describe('loadScenario: cluster checks', () => {
  const scenario = (cluster: string) => `apiVersion: kubesim/v1\nkind: Scenario\nmetadata: { name: c }\nspec:\n  duration: 1m\n  cluster:\n${cluster}`;

  it('refuses duplicate pools, allocatable above capacity, nodes that are not Nodes or take a pool node\'s name', () => {
    const text = scenario(
      [
        '    nodePools:',
        '      - { name: w, count: 2, capacity: { cpu: 1, memory: 1Gi }, allocatable: { cpu: 1500m, memory: 1Gi } }',
        '      - { name: w, count: 1, capacity: { cpu: 1, memory: 1Gi } }',
        '    nodes:',
        '      - { apiVersion: v1, kind: Node, metadata: { name: w-1 } }',
        '      - { apiVersion: v1, kind: Pod, metadata: { name: p } }',
        '',
      ].join('\n'),
    );
    expect(errorsOf('c.yaml', fromMemory({ 'c.yaml': text }))).toEqual([
      'c.yaml:8:80: spec.cluster.nodePools[0].allocatable.cpu: Invalid value: "1500m": must be less than or equal to capacity (1)',
      'c.yaml:9:11: spec.cluster.nodePools[1].name: Duplicate value: "w"',
      'c.yaml:11:51: metadata.name: Duplicate value: "w-1": another node has this name',
      'c.yaml:12:27: kind: Unsupported value: "Pod": supported values: "Node"',
    ]);
  });
});
