import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;

/** Runs the CLI from source, as spec/cli/describe.spec.ts does. */
const kubesim = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const dir = mkdtempSync(join(tmpdir(), 'kubesim-describe-workloads-'));
/** The shipped scenario run to a log (each scenario's own seed). */
const logOf = (scenario: string): string => {
  const log = join(dir, `${scenario}.ndjson`);
  kubesim('run', `scenarios/${scenario}.yaml`, '-q', '--log', log);
  return log;
};

describe('kubesim describe deployment (scenarios/rolling-update.yaml)', () => {
  const log = logOf('rolling-update');

  it('shows the finished rollout: Replicas line, strategy, both ReplicaSets and the scale-up/scale-down Events in order', () => {
    const r = kubesim('describe', 'deploy', 'web', '--log', log);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Replicas: +10 desired \| 10 updated \| 10 total \| 10 available \| 0 unavailable$/m);
    expect(r.stdout).toMatch(/^RollingUpdateStrategy: +25% max unavailable, 25% max surge$/m);
    expect(r.stdout).toMatch(/^ {4}Image: +nginx:1\.28$/m);
    expect(r.stdout).toMatch(/^OldReplicaSets: +web-\w+ \(0\/0 replicas created\)\nNewReplicaSet: +web-\w+ \(10\/10 replicas created\)$/m);
    const events = r.stdout.split('\n').filter((l) => /^ {2}Normal +ScalingReplicaSet/.test(l));
    expect(events[0]).toMatch(/deployment-controller +Scaled up replica set web-\w+ to 10$/);
    expect(events.at(-1)).toMatch(/Scaled down replica set web-\w+ to 0 from \d+$/);
  });

  it('at an instant mid-rollout shows the surge: the new ReplicaSet partly created, the old one scaled down', () => {
    const r = kubesim('describe', 'deployment.apps/web', '--log', log, '--at', '61s');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {4}Image: +nginx:1\.28$/m);
    expect(r.stdout).toMatch(/Scaled down replica set web-\w+ to 8 from 10$/m);
    expect(r.stdout).not.toMatch(/to 0 from/);
  });

  it('describes the ReplicaSets by name prefix, with their pod Events, and NotFound as kubectl', () => {
    const r = kubesim('describe', 'rs', 'web-', '--log', log);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^Controlled By: +Deployment\/web$/gm)).toHaveLength(2);
    expect(r.stdout).toMatch(/^ {2}Normal +SuccessfulCreate +\S+ +replicaset-controller +Created pod: web-\w+-\w{5}$/m);
    expect(r.stdout).toMatch(/^ {2}Normal +SuccessfulDelete +\S+ +replicaset-controller +Deleted pod: web-\w+-\w{5}$/m);
    expect(kubesim('describe', 'deploy', 'nope', '--log', log)).toMatchObject({ code: 1, stdout: '', stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n' });
  });
});

describe('kubesim describe job and cronjob', () => {
  it('shows a Job that hit its backoff limit (scenarios/job-backoff.yaml)', () => {
    const r = kubesim('describe', 'job', 'always-fails', '--log', logOf('job-backoff'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Backoff Limit: +3$/m);
    expect(r.stdout).toMatch(/^Pods Statuses: +0 Active \(0 Ready\) \/ 0 Succeeded \/ 4 Failed$/m);
    expect(r.stdout.match(/job-controller +Created pod: always-fails-/g)).toHaveLength(4);
    expect(r.stdout).toMatch(/^ {2}Warning +BackoffLimitExceeded +\S+ +job-controller +Job has reached the specified backoff limit$/m);
  });

  it('shows a CronJob\'s schedule, last schedule time, active job and its Job events (scenarios/cronjob.yaml)', () => {
    const r = kubesim('describe', 'cj', 'backup', '--log', logOf('cronjob'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Schedule: +\*\/5 \* \* \* \*$/m);
    expect(r.stdout).toMatch(/^Last Schedule Time: +Wed, 01 Jan 2025 00:\d\d:00 \+0000$/m);
    const active = /^Active Jobs: +(backup-\d+)$/m.exec(r.stdout)?.[1];
    expect(r.stdout).toMatch(new RegExp(`cronjob-controller +Created job ${active ?? '?'}$`, 'm'));
    expect(r.stdout).toMatch(/^ {2}Normal +SawCompletedJob +\S+ +cronjob-controller +Saw completed job: backup-\d+, condition: Complete$/m);
  });
});

describe('kubesim describe statefulset and daemonset', () => {
  it('shows the ordered StatefulSet with its claims and the claim-then-pod Events (scenarios/statefulset-ordered.yaml)', () => {
    const r = kubesim('describe', 'sts', 'web', '--log', logOf('statefulset-ordered'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Replicas: +5 desired \| 5 total$/m);
    expect(r.stdout).toMatch(/^Volume Claims:\n {2}Name: +data$/m);
    const creates = r.stdout.split('\n').filter((l) => l.includes('statefulset-controller')).map((l) => l.replace(/^.*statefulset-controller +/, ''));
    expect(creates.slice(0, 2)).toEqual(['create Claim data-web-0 Pod web-0 in StatefulSet web success', 'create Pod web-0 in StatefulSet web successful']);
    expect(creates).toContain('create Pod web-4 in StatefulSet web successful');
  });

  it('shows the DaemonSet on every node, the new node\'s pod included (scenarios/daemonset-new-node.yaml)', () => {
    const r = kubesim('describe', 'ds', 'node-agent', '--log', logOf('daemonset-new-node'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\nDesired Number of Nodes Scheduled: 4\nCurrent Number of Nodes Scheduled: 4\n');
    expect(r.stdout).toMatch(/^Pods Status: +4 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed$/m);
    expect(r.stdout.match(/daemonset-controller +Created pod: node-agent-/g)).toHaveLength(4);
  });
});
