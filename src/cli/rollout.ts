/**
 * `kubesim rollout history|status KIND/NAME --log F [--at T]`: kubectl's rollout views on
 * a recorded run. `history` shows the revisions as they stood at T (default: the end);
 * `status` prints the status viewer's line for the object at T and, as kubectl's watch
 * does, one more line per later change of the object until the rollout is done. The end
 * of the log stands for kubectl's `--timeout`: a rollout still going there exits 1.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import type { KindInfo } from '../api/kinds.js';
import { resolveKindName } from '../api/kinds.js';
import type { KubeObject } from '../api/meta.js';
import type { EventRecord } from '../log/events.js';
import { subjectOf } from '../log/subject.js';
import { notFoundMessage } from '../report/output.js';
import { historyOutput, rolloutStatus, viewHistory } from '../report/rollout.js';
import type { LogHistory } from '../state/history.js';
import type { Outcome } from './exit.js';
import { readLogAt } from './log-at.js';
import { invalidInput } from './exit.js';

export interface RolloutOptions {
  readonly log: string;
  readonly at?: string;
  readonly namespace: string;
  readonly revision?: string;
  readonly watch?: boolean;
}

interface Loaded {
  readonly history: LogHistory;
  readonly records: readonly EventRecord[];
  readonly seq: number;
}

interface Target {
  readonly info: KindInfo;
  readonly name: string;
  readonly namespace: string | undefined;
}

/** `deployment/web` or `deployment web`, as kubectl reads its arguments. */
export const parseTarget = (args: readonly string[], namespace: string): Either<string, Target> => {
  const [first = '', ...rest] = args;
  const slash = first.indexOf('/');
  if (slash >= 0 && rest.length > 0) return left("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubesim rollout history resource/<resource_name>' instead of 'kubesim rollout history resource resource/<resource_name>'");
  const kind = slash < 0 ? first : first.slice(0, slash);
  const names = slash < 0 ? rest : [first.slice(slash + 1)];
  if (kind === '' || names.length !== 1 || names[0] === '') return left('error: required resource not specified: give one KIND/NAME, e.g. deployment/web');
  const info = resolveKindName(kind);
  if (info === undefined) return left(`error: the server doesn't have a resource type ${JSON.stringify(kind)}`);
  return right({ info, name: names[0] ?? '', namespace: info.namespaced ? namespace : undefined });
};

const load = (opts: RolloutOptions): Either<string, Loaded> => readLogAt(opts.log, opts.at);

/** kubectl's `--revision`: an integer (0, the default, is the table of every revision). */
const parseRevision = (text: string | undefined): Either<string, number> => {
  if (text === undefined) return right(0);
  return /^-?\d+$/.test(text) ? right(Number(text)) : left(`error: invalid argument ${JSON.stringify(text)} for "--revision" flag: strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`);
};

const prepare = (args: readonly string[], opts: RolloutOptions): Either<Outcome, { target: Target; loaded: Loaded; object: KubeObject }> => {
  const target = parseTarget(args, opts.namespace);
  if (isLeft(target)) return left(invalidInput(target.left));
  const loaded = load(opts);
  if (isLeft(loaded)) return left(invalidInput(loaded.left));
  const { info, name, namespace } = target.right;
  const object = loaded.right.history.objectAt(info.kind, namespace, name, loaded.right.seq);
  if (object === undefined) return left({ code: 1, stderr: notFoundMessage(info, name) });
  return right({ target: target.right, loaded: loaded.right, object });
};

export const rolloutHistoryCommand = (args: readonly string[], opts: RolloutOptions): Outcome => {
  const revision = parseRevision(opts.revision);
  if (isLeft(revision)) return invalidInput(revision.left);
  const ready = prepare(args, opts);
  if (isLeft(ready)) return ready.left;
  const { target, loaded, object } = ready.right;
  const text = viewHistory(loaded.history.stateAt(loaded.seq), object, revision.right);
  if (isLeft(text)) return { code: 1, stderr: `error: ${text.left}\n` };
  return { code: 0, stdout: historyOutput(target.info, object, revision.right, text.right) };
};

/** The versions of the object after `seq`, one per record that changed it (a watch's Modified events). */
const laterVersions = (loaded: Loaded, target: Target): (KubeObject | undefined)[] => {
  const out: (KubeObject | undefined)[] = [];
  for (const r of loaded.records) {
    if (r.seq <= loaded.seq) continue;
    const s = subjectOf(r.event);
    if (s === undefined || s.kind !== target.info.kind || s.name !== target.name || (s.namespace ?? undefined) !== target.namespace) continue;
    out.push(loaded.history.objectAt(target.info.kind, target.namespace, target.name, r.seq));
  }
  return out;
};

export const rolloutStatusCommand = (args: readonly string[], opts: RolloutOptions): Outcome => {
  const ready = prepare(args, opts);
  if (isLeft(ready)) return ready.left;
  const { target, loaded, object } = ready.right;
  let stdout = '';
  const versions: (KubeObject | undefined)[] = [object, ...(opts.watch === false ? [] : laterVersions(loaded, target))];
  for (const o of versions) {
    if (o === undefined) return { code: 1, stdout, stderr: 'error: object has been deleted\n' };
    const status = rolloutStatus(o);
    if (isLeft(status)) return { code: 1, stdout, stderr: `error: ${status.left}\n` };
    if (status.right.error !== undefined) return { code: 1, stdout, stderr: `error: ${status.right.error}\n` };
    stdout += status.right.message;
    if (status.right.done || opts.watch === false) return { code: 0, stdout };
  }
  return { code: 1, stdout, stderr: 'error: timed out waiting for the condition\n' };
};
