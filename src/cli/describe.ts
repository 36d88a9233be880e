/**
 * `kubesim describe KIND [NAME…] --log F [--at T]`: pods (with kubesim's Scheduling section)
 * and the workload kinds (deployments, rs, rc, ds, sts, jobs, cronjobs) as `kubectl describe`
 * shows them at a simulated time. Names, errors and separators follow kubectl's describe
 * command (k8s.io/kubectl pkg/cmd/describe): several objects are separated by two blank
 * lines; one NAME that is no object describes the objects whose names start with it.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import type { KindInfo } from '../api/kinds.js';
import { resolveKindName } from '../api/kinds.js';
import type { KubeObject } from '../api/meta.js';
import { nsName } from '../api/meta.js';
import type { Pod } from '../api/pod.js';
import { matches, parseSelector } from '../api/selector.js';
import type { EventRecord } from '../log/events.js';
import { describePod, recordsByPod } from '../report/describe.js';
import { contextAt, describeWorkload, WORKLOAD_KINDS } from '../report/describe-workload.js';
import { noResourcesMessage, notFoundMessage } from '../report/output.js';
import type { LogHistory } from '../state/history.js';
import type { Outcome } from './exit.js';
import { readLogAt } from './log-at.js';
import { invalidInput } from './exit.js';

export interface DescribeOptions {
  readonly log: string;
  readonly at?: string;
  readonly namespace: string;
  readonly allNamespaces?: boolean;
  readonly selector?: string;
}

interface Request {
  readonly info: KindInfo;
  readonly names: readonly string[];
  /** `pod/NAME`: an exact name, never a prefix. */
  readonly exact: boolean;
}

/** The kind and names as kubectl reads them: `pods [NAME…]` or `pod/NAME`. */
const parseArgs = (kindArg: string, names: readonly string[], opts: DescribeOptions): Either<string, Request> => {
  const slash = kindArg.indexOf('/');
  const kindName = slash < 0 ? kindArg : kindArg.slice(0, slash);
  const all = slash < 0 ? names : [kindArg.slice(slash + 1), ...names];
  if (slash >= 0 && names.length > 0) return left("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubesim describe resource/<resource_name>' instead of 'kubesim describe resource resource/<resource_name>'");
  const info = resolveKindName(kindName);
  if (info === undefined) return left(`error: the server doesn't have a resource type ${JSON.stringify(kindName)}`);
  if (info.kind !== 'Pod' && !WORKLOAD_KINDS.includes(info.kind)) return left(`error: kubesim describe does not describe ${info.plural} (it describes pods, deployments, replicasets, replicationcontrollers, daemonsets, statefulsets, jobs and cronjobs)`);
  if (all.length > 0 && opts.selector !== undefined) return left('error: name cannot be provided when a selector is specified');
  if (all.length > 0 && opts.allNamespaces === true) return left('error: a resource cannot be retrieved by name across all namespaces');
  return right({ info, names: all, exact: slash >= 0 });
};

interface Loaded {
  readonly history: LogHistory;
  readonly records: readonly EventRecord[];
  readonly nowMs: number;
}

/** The log and the instant, as `kubesim get` reads them. */
const load = (opts: DescribeOptions): Either<string, Loaded> => readLogAt(opts.log, opts.at);

export const describeCommand = (kindArg: string, names: readonly string[], opts: DescribeOptions): Outcome => {
  const request = parseArgs(kindArg, names, opts);
  if (isLeft(request)) return invalidInput(request.left);
  const selector = parseSelector(opts.selector ?? '');
  if (isLeft(selector)) return invalidInput(`error: -l: ${selector.left}`);
  const loaded = load(opts);
  if (isLeft(loaded)) return invalidInput(loaded.left);
  const { history, records, nowMs } = loaded.right;
  const seq = history.seqAt(nowMs);
  const { info } = request.right;
  const byPod = info.kind === 'Pod' ? recordsByPod(records, seq) : new Map<string, EventRecord[]>();
  const describe = (o: KubeObject): string =>
    info.kind === 'Pod'
      ? describePod(o as unknown as Pod, byPod.get(nsName(o.metadata.namespace, o.metadata.name)) ?? [], nowMs)
      : (describeWorkload(o, contextAt(o, history, records, seq, nowMs)) ?? '');
  const namespace = opts.allNamespaces === true ? undefined : opts.namespace;

  if (request.right.names.length === 0) {
    const objects = history.list(info.kind, seq, namespace).filter((o) => matches(selector.right, o.metadata.labels));
    if (objects.length === 0) return { code: 0, stderr: noResourcesMessage(namespace) };
    return { code: 0, stdout: objects.map(describe).join('\n\n') };
  }
  const found: KubeObject[] = [];
  let missing = '';
  for (const name of request.right.names) {
    const o = history.objectAt(info.kind, namespace, name, seq);
    if (o === undefined) missing += notFoundMessage(info, name);
    else found.push(o);
  }
  if (request.right.names.length === 1 && !request.right.exact && found.length === 0) {
    // upstream DescribeMatchingResources: each object whose name starts with NAME, each followed by a newline
    const prefix = request.right.names[0] ?? '';
    const objects = history.list(info.kind, seq, namespace).filter((o) => o.metadata.name.startsWith(prefix));
    if (objects.length > 0) return { code: 0, stdout: objects.map((o) => `${describe(o)}\n`).join('') };
  }
  return { code: missing === '' ? 0 : 1, stdout: found.map(describe).join('\n\n'), stderr: missing };
};
