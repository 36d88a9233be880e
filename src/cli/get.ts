/** `kubesim get KIND [NAME…] --log F [--at T]`: objects as they stood at a simulated time. */
import { isLeft } from 'fp-ts/lib/Either.js';
import { parseDuration } from '../api/duration.js';
import type { CustomResourceDefinition } from '../api/crd.js';
import type { KindInfo } from '../api/kinds.js';
import { resolveKindName } from '../api/kinds.js';
import { kindInfoOfCrd } from '../admission/kinds/crd.js';
import type { KubeObject } from '../api/meta.js';
import { matches, parseSelector } from '../api/selector.js';
import { decodeLog } from '../log/ndjson.js';
import { asList, nameLine, noResourcesMessage, notFoundMessage, toJson, toYaml } from '../report/output.js';
import { renderTable } from '../report/tables.js';
import type { LogHistory } from '../state/history.js';
import { historyOf } from '../state/history.js';
import { EvolveError } from '../state/step.js';
import type { Outcome } from './exit.js';
import { invalidInput } from './exit.js';
import { readText } from './files.js';

export interface GetOptions {
  readonly log: string;
  readonly at?: string;
  readonly namespace: string;
  readonly allNamespaces?: boolean;
  readonly selector?: string;
  readonly output?: 'wide' | 'json' | 'yaml' | 'name';
}

export const getCommand = (kindName: string, names: readonly string[], opts: GetOptions): Outcome => {
  const builtIn = resolveKindName(kindName);
  const selector = parseSelector(opts.selector ?? '');
  if (isLeft(selector)) return invalidInput(`error: -l: ${selector.left}`);
  const text = readText(opts.log);
  if (isLeft(text)) return invalidInput(`${opts.log}: ${text.left}`);
  const log = decodeLog(text.right);
  if (isLeft(log)) return invalidInput(`${opts.log}:${log.left.line}: ${log.left.message}`);
  const atMs = opts.at === undefined ? log.right.endTimeMs : parseDuration(opts.at);
  if (typeof atMs !== 'number') {
    if (isLeft(atMs)) return invalidInput(`--at: ${atMs.left}`);
  }
  const nowMs = typeof atMs === 'number' ? atMs : atMs._tag === 'Right' ? atMs.right : 0;
  let history: LogHistory;
  try {
    history = historyOf(log.right.records);
  } catch (e) {
    // a log whose checksums hold but whose events do not fold (written by another tool)
    if (e instanceof EvolveError) return invalidInput(`${opts.log}:${e.seq + 1}: ${e.message}`);
    throw e;
  }
  const seq = history.seqAt(nowMs);
  const info = builtIn ?? customKindNamed(history, seq, kindName);
  if (info === undefined) return invalidInput(`error: the server doesn't have a resource type ${JSON.stringify(kindName)}`);
  const namespace = info.namespaced && opts.allNamespaces !== true ? opts.namespace : undefined;
  let objects: KubeObject[];
  let missing = '';
  if (names.length > 0) {
    objects = [];
    for (const name of names) {
      const o = history.objectAt(info.kind, namespace, name, seq);
      if (o === undefined) missing += notFoundMessage(info, name);
      else objects.push(o);
    }
  } else {
    objects = history.list(info.kind, seq, namespace).filter((o) => matches(selector.right, o.metadata.labels));
  }
  const code = missing === '' ? 0 : 1;
  if (objects.length === 0 && names.length === 0) return { code, stderr: noResourcesMessage(info.namespaced ? namespace : undefined) };
  const single = names.length === 1 && objects.length === 1 ? objects[0] : undefined;
  switch (opts.output) {
    case 'json':
      return { code, stdout: objects.length === 0 ? '' : toJson(single ?? asList(objects)), stderr: missing };
    case 'yaml':
      return { code, stdout: objects.length === 0 ? '' : toYaml(single ?? asList(objects)), stderr: missing };
    case 'name':
      return { code, stdout: objects.map((o) => `${nameLine(info, o)}\n`).join(''), stderr: missing };
    default:
      return {
        code,
        stdout: objects.length === 0 ? '' : renderTable(info.kind, objects, { wide: opts.output === 'wide', allNamespaces: opts.allNamespaces === true, nowMs }),
        stderr: missing,
      };
  }
};

/** A kind a CustomResourceDefinition in the log serves at `seq`, by any of kubectl's names for it. */
const customKindNamed = (history: LogHistory, seq: number, name: string): KindInfo | undefined => {
  const wanted = name.toLowerCase();
  for (const crd of history.list('CustomResourceDefinition', seq) as unknown as CustomResourceDefinition[]) {
    const info = kindInfoOfCrd(crd);
    const group = crd.spec.group ?? '';
    const names = [info.kind.toLowerCase(), info.plural, crd.spec.names?.singular ?? '', ...info.shortNames].filter((n) => n !== '');
    if (names.some((n) => n === wanted || `${n}.${group}` === wanted)) return info;
  }
  return undefined;
};
