/**
 * `kubesim validate`: what a server-side dry run of `kubectl apply -f` would say of each
 * object, against a fresh cluster (the system namespaces, plus whatever the same set of
 * files creates). Namespaces and CustomResourceDefinitions are admitted first, as apply
 * tools order them; everything else in the order written. Nothing is kept.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { Request } from '../api/actions.js';
import { qualifiedSingular, resolveKindName } from '../api/kinds.js';
import type { KubeObject } from '../api/meta.js';
import { decide } from '../admission/admit.js';
import type { EventRecord } from '../log/events.js';
import { evolve } from '../state/evolve.js';
import type { ClusterState } from '../state/state.js';
import { emptyState } from '../state/state.js';
import type { InputError } from './errors.js';
import { applyRequest, createRequest, namespaceObject, SYSTEM_NAMESPACES } from './inputs.js';
import type { ManifestDoc, ManifestDocument } from './load.js';

export interface Verdict {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** 1-based index of the document in its file. */
  readonly document: number;
  readonly kind: string;
  readonly name: string;
  /** `deployment.apps/web created (dry run)`, or the API server's refusal. */
  readonly message: string;
  readonly accepted: boolean;
}

const SEED = 1;

/** The outcome of one request against `state`: the state after it, or the refusal. */
const submit = (state: ClusterState, request: Request): { state: ClusterState; events: number } | { refused: string } => {
  const decision = decide(state, request.action, { nowMs: 0, seed: SEED, nextSeq: state.seq + 1 });
  if (isLeft(decision)) return { refused: decision.left.message };
  let next = state;
  for (const event of decision.right) {
    const record: EventRecord = { seq: next.seq + 1, timeMs: 0, actor: request.actor, reason: request.reason, event };
    next = evolve(next, record);
  }
  return { state: next, events: decision.right.length };
};

const systemState = (): ClusterState =>
  SYSTEM_NAMESPACES.reduce<ClusterState>((s, n) => {
    const r = submit(s, createRequest(namespaceObject(n), 'api-server', 'SystemNamespace'));
    return 'state' in r ? r.state : s;
  }, emptyState);

const rank = (o: KubeObject): number => (o.kind === 'Namespace' ? 0 : o.kind === 'CustomResourceDefinition' ? 1 : 2);

interface Item {
  readonly doc: ManifestDoc;
  readonly document: number;
}

/** The name as written (`generateName` when there is no name). */
const nameOf = (o: KubeObject): string => (o.metadata.name === '' ? (o.metadata.generateName ?? '') : o.metadata.name);

const verdictOf = (item: Item, accepted: boolean, message: string): Verdict => ({
  file: item.doc.file,
  line: item.doc.line,
  col: item.doc.col,
  document: item.document,
  kind: item.doc.object.kind,
  name: nameOf(item.doc.object),
  message,
  accepted,
});

/** Dry-runs every object of the documents; one verdict per object, in the order written. */
export const dryRun = (documents: readonly { readonly file: string; readonly docs: readonly ManifestDocument[] }[]): { verdicts: Verdict[]; errors: InputError[] } => {
  const errors = documents.flatMap((f) => f.docs.flatMap((d) => d.errors));
  const items: Item[] = documents.flatMap((f) => f.docs.flatMap((d) => d.objects.map((doc) => ({ doc, document: d.document }))));
  const order = items.map((item, i) => ({ item, i })).sort((a, b) => rank(a.item.doc.object) - rank(b.item.doc.object) || a.i - b.i);
  const out: Verdict[] = new Array<Verdict>(items.length);
  let state = systemState();
  for (const { item, i } of order) {
    const request = applyRequest(state, item.doc.object, 'kubectl');
    const r = submit(state, request);
    if ('refused' in r) {
      out[i] = verdictOf(item, false, r.refused);
      continue;
    }
    const info = resolveKindName(item.doc.object.kind);
    const what = `${info === undefined ? item.doc.object.kind.toLowerCase() : qualifiedSingular(info)}/${nameOf(item.doc.object)}`;
    const outcome = request.action.type === 'Update' ? (r.events === 0 ? 'unchanged' : 'configured') : 'created';
    out[i] = verdictOf(item, true, `${what} ${outcome} (dry run)`);
    state = r.state;
  }
  return { verdicts: out, errors };
};
