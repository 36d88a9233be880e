/**
 * `kubesim get TYPE[,TYPE…] [NAME…] --log F [--at T]` (or `TYPE/NAME…`, or `all`):
 * objects as they stood at a simulated time, printed as `kubectl get` prints them.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { CustomResourceDefinition } from '../api/crd.js';
import type { KindInfo } from '../api/kinds.js';
import { kindInfo, qualifiedSingular, resolveKindName } from '../api/kinds.js';
import { kindInfoOfCrd } from '../admission/kinds/crd.js';
import type { KubeObject } from '../api/meta.js';
import type { Selector } from '../api/selector.js';
import { matches, parseSelector } from '../api/selector.js';
import { asList, nameLine, noResourcesMessage, notFoundMessage, toJson, toYaml } from '../report/output.js';
import type { GetRequest } from '../report/table-targets.js';
import { ALL_CATEGORY, parseGetArgs } from '../report/table-targets.js';
import type { KindTable } from '../report/tables.js';
import { renderTables } from '../report/tables.js';
import type { LogHistory } from '../state/history.js';
import type { Outcome } from './exit.js';
import { readLogAt } from './log-at.js';
import { invalidInput } from './exit.js';

export interface GetOptions {
  readonly log: string;
  readonly at?: string;
  readonly namespace: string;
  readonly allNamespaces?: boolean;
  readonly selector?: string;
  readonly output?: 'wide' | 'json' | 'yaml' | 'name';
}

interface Replay {
  readonly history: LogHistory;
  readonly seq: number;
  readonly nowMs: number;
}

/** One kind's part of the answer: what was found, in kubectl's order, and the NotFound lines. */
interface Found {
  readonly info: KindInfo;
  readonly objects: readonly KubeObject[];
  readonly missing: string;
}

export const getCommand = (kindName: string, names: readonly string[], opts: GetOptions): Outcome => {
  const targets = parseGetArgs([kindName, ...names]);
  if (isLeft(targets)) return invalidInput(targets.left);
  const selector = parseSelector(opts.selector ?? '');
  if (isLeft(selector)) return invalidInput(`error: -l: ${selector.left}`);
  const replay = replayLog(opts);
  if ('code' in replay) return replay;
  const kinds: { info: KindInfo; names: readonly string[] }[] = [];
  for (const request of targets.right.requests) {
    const infos = resolveRequest(replay, request);
    if (infos === undefined) return invalidInput(`error: the server doesn't have a resource type ${JSON.stringify(request.resource)}`);
    kinds.push(...infos.map((info) => ({ info, names: request.names })));
  }
  const found = mergeRuns(kinds.map((k) => findObjects(replay, k.info, k.names, selector.right, opts)));
  return printFound(found, targets.right.singleItem, replay.nowMs, opts);
};

// -------------------------------------------------------------------------------------
// reading the log
// -------------------------------------------------------------------------------------

/** The log folded to --at (default: its end), or why it cannot be. */
const replayLog = (opts: GetOptions): Replay | Outcome => {
  const log = readLogAt(opts.log, opts.at);
  return isLeft(log) ? invalidInput(log.left) : { history: log.right.history, seq: log.right.seq, nowMs: log.right.nowMs };
};

/** The CustomResourceDefinitions served at the replayed instant, by name (a total order). */
const crdsAt = (replay: Replay): CustomResourceDefinition[] =>
  replay.history.list('CustomResourceDefinition', replay.seq) as unknown as CustomResourceDefinition[];

/** A kind a CustomResourceDefinition in the log serves, by any of kubectl's names for it. */
const customKindNamed = (replay: Replay, name: string): KindInfo | undefined => {
  const wanted = name.toLowerCase();
  for (const crd of crdsAt(replay)) {
    const info = kindInfoOfCrd(crd);
    const group = crd.spec.group ?? '';
    const names = [info.kind.toLowerCase(), info.plural, crd.spec.names?.singular ?? '', ...info.shortNames].filter((n) => n !== '');
    if (names.some((n) => n === wanted || `${n}.${group}` === wanted)) return info;
  }
  return undefined;
};

/**
 * The kinds one typed resource stands for: `all` is kubectl's category (the built-in
 * kinds, then custom kinds whose CRD lists the `all` category, as discovery serves them
 * after the built-in groups); anything else one kind, or undefined when unknown.
 */
const resolveRequest = (replay: Replay, request: GetRequest): readonly KindInfo[] | undefined => {
  if (request.resource.toLowerCase() === 'all') {
    const builtIn = ALL_CATEGORY.flatMap((k) => kindInfo(k) ?? []);
    const custom = crdsAt(replay).flatMap((crd) => ((crd.spec.names?.categories ?? []).includes('all') ? [kindInfoOfCrd(crd)] : []));
    return [...builtIn, ...custom];
  }
  const info = resolveKindName(request.resource) ?? customKindNamed(replay, request.resource);
  return info === undefined ? undefined : [info];
};

// -------------------------------------------------------------------------------------
// finding objects
// -------------------------------------------------------------------------------------

const findObjects = (replay: Replay, info: KindInfo, names: readonly string[], selector: Selector, opts: GetOptions): Found => {
  const namespace = info.namespaced && opts.allNamespaces !== true ? opts.namespace : undefined;
  if (names.length === 0) {
    const objects = replay.history.list(info.kind, replay.seq, namespace).filter((o) => matches(selector, o.metadata.labels));
    return { info, objects, missing: '' };
  }
  const objects: KubeObject[] = [];
  let missing = '';
  for (const name of names) {
    const o = replay.history.objectAt(info.kind, namespace, name, replay.seq);
    if (o === undefined) missing += notFoundMessage(info, name);
    else objects.push(o);
  }
  return { info, objects, missing };
};

/** kubectl starts a new table only when the kind changes: `get po/a po/b` is one table. */
const mergeRuns = (found: readonly Found[]): Found[] => {
  const out: Found[] = [];
  for (const f of found) {
    const last = out[out.length - 1];
    if (last !== undefined && last.info.kind === f.info.kind) out[out.length - 1] = { info: f.info, objects: [...last.objects, ...f.objects], missing: last.missing + f.missing };
    else out.push(f);
  }
  return out;
};

// -------------------------------------------------------------------------------------
// printing
// -------------------------------------------------------------------------------------

const printFound = (found: readonly Found[], singleItem: boolean, nowMs: number, opts: GetOptions): Outcome => {
  const objects = found.flatMap((f) => f.objects);
  const missing = found.map((f) => f.missing).join('');
  const code = missing === '' ? 0 : 1;
  switch (opts.output) {
    // upstream printGeneric: one object when a single item was implied, else one List (empty too)
    case 'json':
    case 'yaml': {
      if (singleItem && objects.length === 0) return { code, stderr: missing };
      const value = singleItem ? objects[0] : asList(objects);
      return { code, stdout: opts.output === 'json' ? toJson(value) : toYaml(value), stderr: missing };
    }
    case 'name':
      return { code, stdout: found.flatMap((f) => f.objects.map((o) => `${nameLine(f.info, o)}\n`)).join(''), stderr: missing };
    default: {
      const tables: KindTable[] = found.map((f) => ({ kind: f.info.kind, groupKind: qualifiedSingular(f.info), objects: f.objects }));
      const stdout = renderTables(tables, { wide: opts.output === 'wide', allNamespaces: opts.allNamespaces === true, nowMs });
      if (stdout !== '' || missing !== '') return { code, stdout, stderr: missing };
      // nothing printed and nothing missing: kubectl names the namespace when every kind asked for is namespaced
      const namespaced = opts.allNamespaces !== true && found.every((f) => f.info.namespaced);
      return { code, stderr: noResourcesMessage(namespaced ? opts.namespace : undefined) };
    }
  }
};
