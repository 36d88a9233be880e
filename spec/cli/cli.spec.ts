import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCORES } from '../../src/scheduler/config.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const FIX = 'spec/cli/fixtures';

/** Runs the CLI from source (so the tests never see a stale build). */
const kubesim = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const tmp = () => mkdtempSync(join(tmpdir(), 'kubesim-cli-'));

describe('kubesim run', () => {
  it('exits 0 when every expectation holds, printing the timeline and verdicts', () => {
    const r = kubesim('run', 'scenarios/scale-out.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ +1m00s {2}scenario +scaled replicaset default\/web from 3 to 8$/m);
    expect(r.stdout).toContain('cannot schedule default/');
    expect(r.stdout).toContain('5 of 5 expectations hold.');
  });

  it('exits 1 when an expectation fails, saying what was observed', () => {
    const r = kubesim('run', `${FIX}/fails.yaml`, '-q');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL  rs/web status.readyReplicas equals 3 at 1m: at 1m00s: value 2');
  });

  it('--json prints a summary with every expectation and the counts', () => {
    const r = kubesim('run', `${FIX}/fails.yaml`, '--json');
    const summary = JSON.parse(r.stdout) as { passed: boolean; expectations: { passed: boolean; line: number }[]; counts: { events: number } };
    expect(summary.passed).toBe(false);
    expect(summary.expectations).toEqual([expect.objectContaining({ passed: false, line: 22 })]);
    expect(summary.counts.events).toBeGreaterThan(10);
  });

  it('--seed changes generated names; the same seed gives the same log byte for byte', () => {
    const dir = tmp();
    kubesim('run', 'scenarios/scale-out.yaml', '-q', '--seed', '5', '--log', join(dir, 'a.ndjson'));
    kubesim('run', 'scenarios/scale-out.yaml', '-q', '--seed', '5', '--log', join(dir, 'b.ndjson'));
    kubesim('run', 'scenarios/scale-out.yaml', '-q', '--seed', '6', '--log', join(dir, 'c.ndjson'));
    const [a, b, c] = ['a', 'b', 'c'].map((n) => readFileSync(join(dir, `${n}.ndjson`), 'utf8'));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(readdirSync(dir).sort()).toEqual(['a.ndjson', 'b.ndjson', 'c.ndjson']);
  });

  it.each([
    ['bad-yaml.yaml', /^spec\/cli\/fixtures\/bad-yaml\.yaml:\d+:\d+: invalid YAML: /],
    ['unknown-field.yaml', /^spec\/cli\/fixtures\/unknown-field\.yaml:12:9: spec\.cluster\.nodePools\[0\]\.colour: unknown field "colour"$/m],
    ['wrong-type.yaml', /^spec\/cli\/fixtures\/wrong-type\.yaml:9:32: spec\.timeline\[0\]\.scale\.replicas: Invalid value: "three": expected a non-negative integer$/m],
    ['missing-manifest.yaml', /^spec\/cli\/fixtures\/missing-manifest\.yaml:8:7: spec\.manifests\[0\]\.path: file not found: spec\/cli\/fixtures\/nowhere\/web\.yaml$/m],
    ['unknown-kind.yaml', /^spec\/cli\/fixtures\/unknown-kind\.yaml:8:\d+: kind: no matches for kind "Gizmo" in version "v1"$/m],
    ['invalid-object.yaml', /^spec\/cli\/fixtures\/invalid-object\.yaml:13:\d+: spec\.replicas: Invalid value: -1: must be greater than or equal to 0$/m],
    ['missing-object.yaml', /^spec\/cli\/fixtures\/missing-object\.yaml:9:7: spec\.timeline\[0\]\.delete: refused at 30s: pods "ghost" not found$/m],
    ['not-yet.yaml', /^spec\/cli\/fixtures\/not-yet\.yaml:9:7: spec\.timeline\[0\]\.fault: faults are not modelled yet/m],
    ['off-tick.yaml', /^spec\/cli\/fixtures\/off-tick\.yaml:9:7: spec\.expect\[0\]\.at: Invalid value: 15000ms: must be a multiple of the tick \(10000ms\)$/m],
    ['does-not-exist.yaml', /^spec\/cli\/fixtures\/does-not-exist\.yaml: file not found$/m],
  ])('exits 2 on bad input (%s) with file:line:col, field path and no stack trace', (file, message) => {
    const dir = tmp();
    const r = kubesim('run', `${FIX}/${file}`, '--log', join(dir, 'out.ndjson'));
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(message) });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('exits 2 on a bad --seed and on unknown options', () => {
    expect(kubesim('run', 'scenarios/scale-out.yaml', '--seed', 'x').code).toBe(2);
    expect(kubesim('run', 'scenarios/scale-out.yaml', '--frobnicate').code).toBe(2);
  });
});

describe('kubesim get', () => {
  const dir = tmp();
  const log = join(dir, 'run.ndjson');
  kubesim('run', 'scenarios/scale-out.yaml', '-q', '--log', log);

  it('prints kubectl columns as of --at', () => {
    const r = kubesim('get', 'rs', '--log', log, '--at', '90s');
    expect(r).toMatchObject({ code: 0, stdout: 'NAME   DESIRED   CURRENT   READY   AGE\nweb    8         8         6       90s\n' });
  });

  it('prints a List as JSON, and one named object as itself', () => {
    expect(JSON.parse(kubesim('get', 'nodes', '--log', log, '-o', 'json').stdout)).toMatchObject({ apiVersion: 'v1', kind: 'List', items: [{ metadata: { name: 'worker-0' } }, {}, {}] });
    expect(JSON.parse(kubesim('get', 'node', 'worker-1', '--log', log, '-o', 'json').stdout)).toMatchObject({ kind: 'Node', metadata: { name: 'worker-1' } });
  });

  it('says what kubectl says for nothing found and for a missing name', () => {
    expect(kubesim('get', 'pods', '--log', log, '-n', 'kube-system')).toMatchObject({ code: 0, stderr: 'No resources found in kube-system namespace.\n' });
    expect(kubesim('get', 'pod', 'ghost', '--log', log)).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): pods "ghost" not found\n' });
  });

  it('refuses a corrupted log naming the first bad line, and an unknown kind', () => {
    const lines = readFileSync(log, 'utf8').split('\n');
    lines[5] = (lines[5] ?? '').replace('"timeMs":0', '"timeMs":1');
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(bad, lines.join('\n'));
    expect(kubesim('get', 'pods', '--log', bad)).toMatchObject({ code: 2, stderr: `${bad}:6: checksum mismatch: the log was edited, reordered or cut here\n` });
    expect(kubesim('get', 'gizmos', '--log', log)).toMatchObject({ code: 2, stderr: 'error: the server doesn\'t have a resource type "gizmos"\n' });
    expect(existsSync(log)).toBe(true);
  });
});

describe('kubesim validate', () => {
  it('prints what a server-side dry run says of each object and exits 0 when all are accepted (a namespace created in the same set counts)', () => {
    const r = kubesim('validate', `${FIX}/validate/app.yaml`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('namespace/shop created (dry run)\nreplicaset.apps/web created (dry run)\nconfigmap/settings created (dry run)\n');
    expect(r.code).toBe(0);
  });

  it('names file, line, column, document, kind and the reason of each refusal, and exits 2', () => {
    const r = kubesim('validate', `${FIX}/validate`);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l !== '')).toEqual([
      `${FIX}/validate/bad.yaml:1:1: document 1: ReplicaSet "web": ReplicaSet.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0`,
      `${FIX}/validate/bad.yaml:13:1: document 2: DaemonSet "agent": no matches for kind "DaemonSet" in version "extensions/v1beta1" (extensions/v1beta1 DaemonSet was removed in Kubernetes v1.16; use apps/v1)`,
      `${FIX}/validate/bad.yaml:18:1: document 3: ConfigMap "c": namespaces "nowhere" not found`,
    ]);
  });

  it('exits 2 for a path that does not exist', () => {
    const r = kubesim('validate', 'no/such/dir');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('no/such/dir: file not found\n');
  });
});

describe('custom resources', () => {
  it('a CRD serves its kind: the object is pruned and defaulted by its schema, and `get` knows the kind by its names', () => {
    const dir = tmp();
    const log = join(dir, 'crd.ndjson');
    const r = kubesim('run', `${FIX}/crd.yaml`, '-q', '--log', log);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const got = kubesim('get', 'ct', 'nightly', '--log', log, '-o', 'json');
    expect(got.code).toBe(0);
    const object = JSON.parse(got.stdout) as { apiVersion: string; spec: Record<string, unknown> };
    expect(object.apiVersion).toBe('stable.example.com/v1');
    expect(object.spec).toEqual({ cronSpec: '0 3 * * *', replicas: 1 });
    expect(kubesim('get', 'crontabs.stable.example.com', '--log', log).stdout).toMatch(/^NAME +AGE\nnightly +\d+s\n$/);
    expect(kubesim('get', 'nosuchthings', '--log', log).stderr).toBe('error: the server doesn\'t have a resource type "nosuchthings"\n');
  });
});

describe('shipped scenarios', () => {
  it.each(readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')))('%s holds every expectation (exit 0)', (file) => {
    const r = kubesim('run', `scenarios/${file}`, '-q');
    expect(r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('warning:'))).toEqual([]);
    expect(r.stdout).toMatch(/(\d+) of \1 expectations hold\./);
    expect(r.code).toBe(0);
  });
});

describe('spec.scheduler (KubeSchedulerConfiguration subset)', () => {
  it('MostAllocated packs the pods onto as few nodes as fit them', () => {
    const dir = tmp();
    const log = join(dir, 'pack.ndjson');
    expect(kubesim('run', `${FIX}/bin-packing.yaml`, '-q', '--log', log).code).toBe(0);
    const pods = JSON.parse(kubesim('get', 'pods', '--log', log, '-o', 'json').stdout) as { items: { spec: { nodeName: string } }[] };
    expect(new Set(pods.items.map((p) => p.spec.nodeName)).size).toBe(1);
  });

  it('an unknown plugin is refused with file, line, column and field path (exit 2)', () => {
    const r = kubesim('run', `${FIX}/bad-scheduler.yaml`);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${FIX}/bad-scheduler.yaml:13:19: spec.scheduler.profiles[0].plugins.score.enabled[0].name: Unsupported value: "NodeResourcesFitt": supported values: ${SCORES.map((s) => JSON.stringify(s.name)).join(', ')}\n`);
  });
});
