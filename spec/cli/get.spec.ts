import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// `kubesim get` on logs of the shipped scenarios, run from source: the workload tables
// as kubectl prints them, several kinds at once, and `get all`.
const ROOT = new URL('../..', import.meta.url).pathname;

const kubesim = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const dir = mkdtempSync(join(tmpdir(), 'kubesim-get-'));
const logOf = (scenario: string): string => join(dir, `${scenario}.ndjson`);
const SCENARIOS = ['job-backoff', 'cronjob', 'statefulset-ordered', 'daemonset-new-node', 'rolling-update'];

beforeAll(() => {
  for (const s of SCENARIOS) {
    const r = kubesim('run', `scenarios/${s}.yaml`, '-q', '--log', logOf(s));
    if (r.code !== 0) throw new Error(`scenarios/${s}.yaml: exit ${String(r.code)}\n${r.stdout}${r.stderr}`);
  }
}, 120_000);

const lines = (text: string): string[] => text.trimEnd().split('\n');

describe('kubesim get, workload kinds', () => {
  it('jobs: a Job that succeeded and one past its backoff limit, at the end and mid-run', () => {
    const end = kubesim('get', 'jobs', '--log', logOf('job-backoff'));
    expect(end.code).toBe(0);
    expect(lines(end.stdout)).toEqual([
      expect.stringMatching(/^NAME +STATUS +COMPLETIONS +DURATION +AGE$/),
      expect.stringMatching(/^always-fails +Failed +0\/1 +\S+ +\S+$/),
      expect.stringMatching(/^pi +Complete +3\/3 +\d+s +\S+$/),
    ]);
    const early = kubesim('get', 'job', 'pi', '--log', logOf('job-backoff'), '--at', '5s');
    expect(early.stdout).toMatch(/^pi +Running +0\/3 +5s +5s$/m);
  });

  it('cj: schedule, no time zone, not suspended, its running Job and when it last fired', () => {
    const r = kubesim('get', 'cj', '--log', logOf('cronjob'));
    expect(lines(r.stdout)).toEqual([
      expect.stringMatching(/^NAME +SCHEDULE +TIMEZONE +SUSPEND +ACTIVE +LAST SCHEDULE +AGE$/),
      expect.stringMatching(/^backup +\*\/5 \* \* \* \* +<none> +False +1 +\d+m(\d+s)? +\d+m$/),
    ]);
  });

  it('pvc: the claims a StatefulSet made from its volumeClaimTemplates, with -o wide', () => {
    const r = kubesim('get', 'pvc', '--log', logOf('statefulset-ordered'), '-o', 'wide');
    const [header, ...rows] = lines(r.stdout);
    expect(header).toMatch(/^NAME +STATUS +VOLUME +CAPACITY +ACCESS MODES +STORAGECLASS +VOLUMEATTRIBUTESCLASS +AGE +VOLUMEMODE$/);
    expect(rows.map((row) => row.split(/ +/)[0])).toEqual(['data-web-0', 'data-web-1', 'data-web-2', 'data-web-3', 'data-web-4']);
    for (const row of rows) expect(row).toMatch(/^data-web-\d +\w+ .* fast +<unset> +\S+ +Filesystem$/);
  });

  it('controllerrevisions: owned by the DaemonSet, revision 1', () => {
    const r = kubesim('get', 'controllerrevisions', '--log', logOf('daemonset-new-node'));
    expect(lines(r.stdout)).toEqual([expect.stringMatching(/^NAME +CONTROLLER +REVISION +AGE$/), expect.stringMatching(/^node-agent-[a-z0-9]+ +daemonset\.apps\/node-agent +1 +\S+$/)]);
  });
});

describe('kubesim get, several kinds', () => {
  it('deploy,rs: one table per kind, a blank line between, names qualified by kind', () => {
    const r = kubesim('get', 'deploy,rs', '--log', logOf('rolling-update'));
    expect(r.code).toBe(0);
    const [deploys, replicaSets] = r.stdout.split('\n\n');
    expect(lines(deploys ?? '')).toEqual([expect.stringMatching(/^NAME +READY +UP-TO-DATE +AVAILABLE +AGE$/), expect.stringMatching(/^deployment\.apps\/web +10\/10 +10 +10 +\S+$/)]);
    expect(lines(replicaSets ?? '')).toEqual([
      expect.stringMatching(/^NAME +DESIRED +CURRENT +READY +AGE$/),
      expect.stringMatching(/^replicaset\.apps\/web-[a-z0-9]+ +0 +0 +0 +\S+$/),
      expect.stringMatching(/^replicaset\.apps\/web-[a-z0-9]+ +10 +10 +10 +\S+$/),
    ]);
  });

  it('all: pods, then the StatefulSet; -o json is one List of both kinds', () => {
    const r = kubesim('get', 'all', '--log', logOf('statefulset-ordered'));
    const tables = r.stdout.split('\n\n').map(lines);
    expect(tables.map((t) => t[0]?.split(/ +/).slice(0, 2))).toEqual([['NAME', 'READY'], ['NAME', 'READY']]);
    expect(tables[0]?.slice(1).map((row) => row.split(/ +/)[0])).toEqual(['pod/web-0', 'pod/web-1', 'pod/web-2', 'pod/web-3', 'pod/web-4']);
    expect(tables[1]?.slice(1)).toEqual([expect.stringMatching(/^statefulset\.apps\/web +5\/5 +\S+$/)]);
    const list = JSON.parse(kubesim('get', 'all', '--log', logOf('statefulset-ordered'), '-o', 'json').stdout) as { kind: string; items: { kind: string }[] };
    expect(list.kind).toBe('List');
    expect(list.items.map((i) => i.kind)).toEqual(['Pod', 'Pod', 'Pod', 'Pod', 'Pod', 'StatefulSet']);
  });

  it('all in an empty namespace says so, as kubectl does', () => {
    expect(kubesim('get', 'all', '--log', logOf('cronjob'), '-n', 'empty')).toMatchObject({ code: 0, stdout: '', stderr: 'No resources found in empty namespace.\n' });
  });

  it('TYPE/NAME arguments, and an unknown type in a list', () => {
    const r = kubesim('get', 'cj/backup', 'job/missing', '--log', logOf('cronjob'), '-o', 'name');
    expect(r).toMatchObject({ code: 1, stdout: 'cronjob.batch/backup\n', stderr: 'Error from server (NotFound): jobs.batch "missing" not found\n' });
    expect(kubesim('get', 'pods,gizmos', '--log', logOf('cronjob'))).toMatchObject({ code: 2, stderr: 'error: the server doesn\'t have a resource type "gizmos"\n' });
  });
});
