/**
 * `kubesim rollout history|status` on the log of scenarios/rollback.yaml (a rollout that
 * stalls past its progress deadline, then `undo`), in kubectl's words and layout; and the
 * rollout inputs' bad input making `kubesim run` exit 2 with the location.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const FIX = 'spec/cli/fixtures/rollout';

const kubesim = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('kubesim rollout', () => {
  const log = join(mkdtempSync(join(tmpdir(), 'kubesim-rollout-')), 'rollback.ndjson');
  beforeAll(() => {
    const r = kubesim('run', 'scenarios/rollback.yaml', '-q', '--log', log);
    expect(r.code).toBe(0);
  });

  it('history prints kubectl\'s REVISION / CHANGE-CAUSE table, padded by tabwriter, with its trailing blank line', () => {
    expect(kubesim('rollout', 'history', 'deployment/web', '--log', log, '--at', '4m')).toEqual({
      code: 0,
      stdout: 'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n3         <none>\n\n',
      stderr: '',
    });
    // after the undo, revision 1's ReplicaSet is revision 4: 1 is gone from the list
    expect(kubesim('rollout', 'history', 'deploy', 'web', '--log', log).stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n4         <none>\n\n');
  });

  it('history --revision prints the pod template as DescribePodTemplate does, tabs and all', () => {
    const r = kubesim('rollout', 'history', 'deployment/web', '--log', log, '--revision', '3');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^deployment\.apps\/web with revision #3\nPod Template:\n {2}Labels:\tapp=web\n\tpod-template-hash=\w+\n {2}Containers:\n {3}web:\n {4}Image:\tnginx:1\.28-rc\n {4}Port:\t80\/TCP\n {4}Host Port:\t0\/TCP\n/);
    expect(r.stdout).toContain('    Readiness:\thttp-get http://:80/healthz delay=3600s timeout=1s period=10s #success=1 #failure=3\n');
    expect(r.stdout.endsWith('  Volumes:\t<none>\n  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n\n')).toBe(true);
  });

  it('history of a revision that does not exist, or of a missing object, fails as kubectl does', () => {
    expect(kubesim('rollout', 'history', 'deployment/web', '--log', log, '--revision', '9')).toEqual({ code: 1, stdout: '', stderr: 'error: unable to find the specified revision\n' });
    expect(kubesim('rollout', 'history', 'deployment/api', '--log', log)).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): deployments.apps "api" not found\n' });
    expect(kubesim('rollout', 'history', 'rs/web-5ddd844869', '--log', log)).toEqual({ code: 1, stdout: '', stderr: 'error: no history viewer has been implemented for "ReplicaSet.apps"\n' });
    expect(kubesim('rollout', 'history', 'gizmo/web', '--log', log)).toMatchObject({ code: 2, stderr: 'error: the server doesn\'t have a resource type "gizmo"\n' });
    expect(kubesim('rollout', 'history', 'deployment/web', '--log', log, '--revision', 'x').code).toBe(2);
  });

  it('status watches from --at: the stalled rollout ends in the progress-deadline error, exit 1', () => {
    const r = kubesim('rollout', 'status', 'deployment/web', '--log', log, '--at', '3m');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^(Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated\.\.\.\n)+$/);
    expect(r.stderr).toBe('error: deployment "web" exceeded its progress deadline\n');
  });

  it('status after the undo follows the rollout to "successfully rolled out", exit 0', () => {
    const r = kubesim('rollout', 'status', 'deployment/web', '--log', log, '--at', '5m');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('deployment "web" successfully rolled out');
    expect(lines).toContain('Waiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...');
    expect(lines).toContain('Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...');
  });

  it('status --no-watch prints the one line at --at, as --watch=false', () => {
    expect(kubesim('rollout', 'status', 'deployment/web', '--log', log, '--at', '2m30s', '--no-watch')).toEqual({
      code: 0,
      stdout: 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n',
      stderr: '',
    });
    expect(kubesim('rollout', 'status', 'deployment/web', '--log', log)).toEqual({ code: 0, stdout: 'deployment "web" successfully rolled out\n', stderr: '' });
  });

  it('status of a kind without a status viewer is kubectl\'s error', () => {
    expect(kubesim('rollout', 'status', 'rs/web-5ddd844869', '--log', log)).toEqual({ code: 1, stdout: '', stderr: 'error: no status viewer has been implemented for ReplicaSet.apps\n' });
  });
});

describe('kubesim run: bad rollout input exits 2 with the location', () => {
  it.each([
    ['undo-missing.yaml', /^spec\/cli\/fixtures\/rollout\/undo-missing\.yaml:11:7: spec\.timeline\[0\]\.undo: refused at 1m00s: unable to find specified revision 5 in history$/m],
    ['no-surge.yaml', /^spec\/cli\/fixtures\/rollout\/no-surge\.yaml:13:53: spec\.strategy\.rollingUpdate\.maxUnavailable: Invalid value: .*: may not be 0 when `maxSurge` is 0$/m],
  ])('%s', (file, message) => {
    const r = kubesim('run', `${FIX}/${file}`);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(message) });
  });
});
