import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;

/** Runs the CLI from source (so the tests never see a stale build), as spec/cli/cli.spec.ts does. */
const kubesim = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('kubesim describe (scenarios/scheduling-taints.yaml, seed 3)', () => {
  const log = join(mkdtempSync(join(tmpdir(), 'kubesim-describe-')), 'run.ndjson');
  kubesim('run', 'scenarios/scheduling-taints.yaml', '-q', '--log', log);
  const names = kubesim('get', 'pods', '--log', log, '-o', 'name').stdout.split('\n').filter((l) => l !== '').map((l) => l.replace('pod/', ''));
  const web = names.find((n) => n.startsWith('web-')) ?? 'web-?';
  const stuck = names.find((n) => n.startsWith('stuck-')) ?? 'stuck-?';

  it('describes a scheduled pod: kubectl\'s fields, the Scheduling section naming the node it is on, and its Events', () => {
    const r = kubesim('describe', 'pod', web, '--log', log, '--at', '1m');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const node = /^Node: +(cpu-\d)\/[\d.]+$/m.exec(r.stdout)?.[1];
    expect(node).toBeDefined();
    expect(r.stdout).toMatch(new RegExp(`^Name: +${web}\\nNamespace: +default\\nPriority: +0\\n`));
    expect(r.stdout).toMatch(/^Controlled By: +ReplicaSet\/web$/m);
    expect(r.stdout).toMatch(/^QoS Class: +Burstable$/m);
    expect(r.stdout).toContain(`\nScheduling:\n  Scheduler: `);
    expect(r.stdout).toMatch(new RegExp(`^  Result: +Bound to ${node}, 60s ago$`, 'm'));
    expect(r.stdout).toMatch(/^ {2}Nodes: +4 evaluated, \d feasible$/m);
    expect(r.stdout.indexOf('Scheduling:')).toBeLessThan(r.stdout.indexOf('Events:'));
    expect(r.stdout).toMatch(new RegExp(`^ {2}Normal +Scheduled +60s +default-scheduler +Successfully assigned default/${web} to ${node}$`, 'm'));
    expect(r.stdout).toMatch(/^ {2}Normal +Started +\d+s +kubelet +Started container w$/m);
  });

  it('describes an unschedulable pod: no node, the latest FailedScheduling message, and the Warning event', () => {
    const r = kubesim('describe', 'pod', stuck, '--log', log);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Node: +<none>$/m);
    expect(r.stdout).toMatch(/^Status: +Pending$/m);
    expect(r.stdout).toMatch(/^ {2}Result: +Unschedulable, last attempt /m);
    expect(r.stdout).toMatch(/^ {2}Message: +0\/4 nodes are available: /m);
    expect(r.stdout).toMatch(/^ {2}Warning +FailedScheduling +\S.* +default-scheduler +0\/4 nodes are available: /m);
  });

  it('describes every pod of the namespace without a name, and the pods a name prefix matches (as kubectl)', () => {
    const all = kubesim('describe', 'pods', '--log', log);
    expect(all.code).toBe(0);
    expect(all.stdout.match(/^Name: /gm)).toHaveLength(names.length);
    expect(all.stdout).toContain('Events:');
    expect(all.stdout.split('\n\n\nName:')).toHaveLength(names.length);
    const prefixed = kubesim('describe', 'pod', 'train', '--log', log);
    expect(prefixed.stdout.match(/^Name: +train-/gm)).toHaveLength(2);
  });

  it('says what kubectl says for a missing pod and an empty namespace', () => {
    expect(kubesim('describe', 'pod', 'ghost', '--log', log)).toMatchObject({ code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "ghost" not found\n' });
    expect(kubesim('describe', 'pods', '--log', log, '-n', 'kube-system')).toMatchObject({ code: 0, stdout: '', stderr: 'No resources found in kube-system namespace.\n' });
  });

  it('exits 2 naming the problem: a bad --at, a missing log, a kind it has no describer for', () => {
    expect(kubesim('describe', 'pod', web, '--log', log, '--at', 'soon')).toMatchObject({ code: 2, stderr: '--at: invalid duration "soon"\n' });
    expect(kubesim('describe', 'pod', web, '--log', `${log}.missing`)).toMatchObject({ code: 2, stderr: `${log}.missing: file not found\n` });
    expect(kubesim('describe', 'svc', 'web', '--log', log)).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: kubesim describe does not describe services \(/) as unknown });
  });
});
