/**
 * `kubesim`: the command line. The only layer that touches the file system, the process,
 * the console and the wall clock. Commands load their modules lazily so `--help` is fast.
 */
import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { exitWith, failInput, internalError } from './exit.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command()
  .name('kubesim')
  .description('A deterministic simulator of the Kubernetes control plane.\nRuns scenarios against a virtual clock and records every change in a replayable log.')
  .version(pkg.version, '--version')
  .showHelpAfterError('(run `kubesim --help` for usage)')
  .exitOverride();

program
  .command('run')
  .description('run a scenario; exit 0 when every expectation holds, 1 when one fails, 2 on invalid input')
  .argument('<file>', 'scenario file (YAML)')
  .option('--seed <n>', 'override spec.seed')
  .option('--log <file>', 'write the event log (NDJSON) here')
  .option('--json', 'print a JSON summary instead of the timeline')
  .option('-q, --quiet', 'print only the verdicts, not the timeline')
  .option('-v, --verbose', 'include status writes in the timeline')
  .action(async (file: string, opts: { seed?: string; log?: string; json?: boolean; quiet?: boolean; verbose?: boolean }) => {
    const { runCommand } = await import('./run.js');
    exitWith(runCommand(file, opts, pkg.version));
  });

program
  .command('get')
  .description('show objects as they stood at a simulated time, in kubectl\'s columns')
  .argument('<kind>', 'kind, as kubectl accepts it (pods, po, nodes, rs, deployments.apps …)')
  .argument('[names...]', 'object names')
  .requiredOption('--log <file>', 'event log written by `kubesim run --log`')
  .option('--at <time>', 'simulated time (e.g. 2m30s); default: the end of the run')
  .option('-n, --namespace <ns>', 'namespace', 'default')
  .option('-A, --all-namespaces', 'list across all namespaces')
  .option('-l, --selector <selector>', 'label selector (app=web,tier!=db,env in (a,b))')
  .addOption(new Option('-o, --output <format>', 'output format').choices(['wide', 'json', 'yaml', 'name']))
  .action(async (kind: string, names: string[], opts: { log: string; at?: string; namespace: string; allNamespaces?: boolean; selector?: string; output?: 'wide' | 'json' | 'yaml' | 'name' }) => {
    const { getCommand } = await import("./get.js");
    exitWith(getCommand(kind, names, opts));
  });

program
  .command('describe')
  .description('show objects in detail as they stood at a simulated time, as `kubectl describe` does (pods with why the scheduler placed them), with their Events')
  .argument('<kind>', 'pods (po), deployments (deploy), replicasets (rs), replicationcontrollers (rc), daemonsets (ds), statefulsets (sts), jobs, cronjobs (cj); or KIND/NAME')
  .argument('[names...]', 'object names; one name that is no object describes the objects whose names start with it')
  .requiredOption('--log <file>', 'event log written by `kubesim run --log`')
  .option('--at <time>', 'simulated time (e.g. 2m30s); default: the end of the run')
  .option('-n, --namespace <ns>', 'namespace', 'default')
  .option('-A, --all-namespaces', 'describe across all namespaces')
  .option('-l, --selector <selector>', 'label selector (app=web,tier!=db,env in (a,b))')
  .action(async (kind: string, names: string[], opts: { log: string; at?: string; namespace: string; allNamespaces?: boolean; selector?: string }) => {
    const { describeCommand } = await import('./describe.js');
    exitWith(describeCommand(kind, names, opts));
  });

const rollout = program.command('rollout').description("kubectl's rollout views on a recorded run: history, status");

rollout
  .command('history')
  .description('the revisions of a Deployment, DaemonSet or StatefulSet at a simulated time, as `kubectl rollout history` prints them')
  .argument('<target...>', 'KIND/NAME (deployment/web, ds/agent, sts/db) or KIND NAME')
  .requiredOption('--log <file>', 'event log written by `kubesim run --log`')
  .option('--at <time>', 'simulated time (e.g. 2m30s); default: the end of the run')
  .option('-n, --namespace <ns>', 'namespace', 'default')
  .option('--revision <n>', 'show the pod template of this revision')
  .action(async (target: string[], opts: { log: string; at?: string; namespace: string; revision?: string }) => {
    const { rolloutHistoryCommand } = await import('./rollout.js');
    exitWith(rolloutHistoryCommand(target, opts));
  });

rollout
  .command('status')
  .description('the rollout status from a simulated time on, as `kubectl rollout status` prints it while it watches')
  .argument('<target...>', 'KIND/NAME (deployment/web, ds/agent, sts/db) or KIND NAME')
  .requiredOption('--log <file>', 'event log written by `kubesim run --log`')
  .option('--at <time>', 'simulated time to start watching (e.g. 2m30s); default: the end of the run')
  .option('-n, --namespace <ns>', 'namespace', 'default')
  .option('--no-watch', 'print the status at --at only (kubectl --watch=false)')
  .action(async (target: string[], opts: { log: string; at?: string; namespace: string; watch: boolean }) => {
    const { rolloutStatusCommand } = await import('./rollout.js');
    exitWith(rolloutStatusCommand(target, opts));
  });

program
  .command('validate')
  .description('check manifests as a server-side dry run of `kubectl apply -f` would; exit 0 when all are accepted, 2 otherwise')
  .argument('<paths...>', 'manifest files or directories (YAML or JSON, searched recursively)')
  .action(async (paths: string[]) => {
    const { validateCommand } = await import('./validate.js');
    exitWith(validateCommand(paths));
  });

const main = async (): Promise<void> => {
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') process.exit(0);
    if (typeof code === 'string' && code.startsWith('commander.')) process.exit(2);
    if (e instanceof Error && e.name === 'InputFailure') failInput(e.message);
    internalError(e);
  }
};

void main();
