/**
 * DaemonSet controller (upstream pkg/controller/daemon, v1.34).
 *
 * Owns: the DaemonSet's pods (one per eligible node), its ControllerRevisions and its
 *   status.
 * Reads: the DaemonSet, every Node (a DaemonSet is about all of them), its pods and
 *   revisions (by owner uid).
 * Emits: Create and Delete of pods (at most 250 each per sync, upstream's BurstReplicas
 *   for DaemonSets) and of ControllerRevisions, Update of a revision's number,
 *   UpdateStatus of the DaemonSet.
 *
 * One sync, as upstream syncDaemonSet: construct the history (current hash), `manage`
 * (create a pod on each node that should run one and has none; delete pods on nodes
 * that may not keep them, failed pods, and all but the oldest when a node has several),
 * then the update strategy (RollingUpdate; OnDelete does nothing), history cleanup, status.
 * Upstream runs the strategy only once the creates and deletes of `manage` are observed
 * (expectations); here that is: only in a sync where `manage` had nothing to do.
 *
 * Failed pods are deleted at once: upstream backs off per node (1 s doubling to 15 min)
 * with memory a pure controller does not have; a first failure is deleted at once there too.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { Request } from '../api/actions.js';
import type { KubeObject } from '../api/meta.js';
import { controllerOf, nsName, parseObjectKey, refOf } from '../api/meta.js';
import type { Node } from '../api/node.js';
import type { Pod } from '../api/pod.js';
import { isPodReady } from '../api/pod.js';
import type { Selector } from '../api/selector.js';
import { fromLabelSelector } from '../api/selector.js';
import type { DaemonSet } from '../api/workloads.js';
import type { EventRecord } from '../log/events.js';
import type { Controller, ReconcileResult } from '../state/controller.js';
import { done } from '../state/controller.js';
import { getByKey, getObject, listKind } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { cleanupHistory, constructHistory } from './daemonset-history.js';
import type { NodeVerdict } from './daemonset-nodes.js';
import { daemonPodSpec, nodeShouldRunDaemonPod } from './daemonset-nodes.js';
import type { DaemonPods } from './daemonset-pods.js';
import { byCreationAndPhase, daemonPodFor, daemonPodsOf, isPodAvailable, isPodUpdated, msUntilAvailable, templateGenerationOf } from './daemonset-pods.js';
import { allowsSurge, rollingUpdate } from './daemonset-rolling.js';
import { daemonSetStatusOf } from './daemonset-status.js';
import { podChangeOf } from './watch.js';

/** upstream NewDaemonSetsController: burstReplicas 250. */
export const DAEMONSET_BURST_REPLICAS = 250;
const ACTOR = 'daemonset';

// -------------------------------------------------------------------------------------
// watches
// -------------------------------------------------------------------------------------

const allDaemonSets = (state: ClusterState): string[] => listKind(state, 'DaemonSet').map((o) => nsName(o.metadata.namespace, o.metadata.name));

/** What the daemon predicates read of a node: labels, taints, name (upstream shouldIgnoreNodeUpdate ignores the rest). */
const nodeRelevant = (n: KubeObject | undefined): string => JSON.stringify([n?.metadata.labels ?? {}, (n as Node | undefined)?.spec?.taints ?? []]);

const objectOf = (state: ClusterState, kind: string, namespace: string | undefined, name: string): KubeObject | undefined => getObject(state, kind, namespace, name);

const watches = (record: EventRecord, before: ClusterState, after: ClusterState): string[] => {
  const e = record.event;
  if (e.type === 'ActionRejected') return [];
  const ref = e.type === 'ObjectCreated' || e.type === 'ObjectUpdated' ? refOf(e.object) : 'ref' in e ? e.ref : undefined;
  if (ref?.kind === 'DaemonSet') {
    // its own status writes matter only when they bump collisionCount (a new hash to try)
    if (e.type !== 'StatusUpdated') return [nsName(ref.namespace, ref.name)];
    const was = (objectOf(before, 'DaemonSet', ref.namespace, ref.name) as DaemonSet | undefined)?.status?.collisionCount;
    return was === (e.status['collisionCount'] as number | undefined) ? [] : [nsName(ref.namespace, ref.name)];
  }
  if (ref?.kind === 'Node') {
    if (e.type === 'StatusUpdated') return [];
    const was = objectOf(before, 'Node', undefined, ref.name);
    const now = objectOf(after, 'Node', undefined, ref.name);
    return was !== undefined && now !== undefined && nodeRelevant(was) === nodeRelevant(now) ? [] : allDaemonSets(after);
  }
  if (ref?.kind === 'ControllerRevision') {
    const o = objectOf(after, ref.kind, ref.namespace, ref.name) ?? objectOf(before, ref.kind, ref.namespace, ref.name);
    const owner = o === undefined ? undefined : controllerOf(o);
    return owner?.kind === 'DaemonSet' ? [nsName(ref.namespace, owner.name)] : [];
  }
  return podWatch(record, before, after);
};

const podWatch = (record: EventRecord, before: ClusterState, after: ClusterState): string[] => {
  const change = podChangeOf(record, before, after);
  if (change === undefined) return [];
  const keys = new Set<string>();
  for (const pod of [change.before, change.after]) {
    const owner = pod === undefined ? undefined : controllerOf(pod as unknown as KubeObject);
    if (owner?.kind === 'DaemonSet' && pod !== undefined) keys.add(nsName(pod.metadata.namespace, owner.name));
  }
  return [...keys];
};

// -------------------------------------------------------------------------------------
// reconcile
// -------------------------------------------------------------------------------------

interface Sync {
  readonly ds: DaemonSet;
  readonly hash: string;
  readonly generation: string;
  readonly verdicts: ReadonlyMap<string, NodeVerdict>;
  readonly pods: DaemonPods;
  readonly nowMs: number;
}

const reconcile = (state: ClusterState, key: string, nowMs: number): ReconcileResult => {
  const { namespace, name } = parseObjectKey(`DaemonSet/${key}`);
  const ds = getByKey(state, `DaemonSet/${nsName(namespace, name)}`) as unknown as DaemonSet | undefined;
  if (ds === undefined || ds.metadata.deletionTimestamp !== undefined) return done;
  const selector = selectorOf(ds);
  if (selector === undefined) return done; // upstream: an empty or invalid selector syncs nothing
  const history = constructHistory(state, ds);
  if (history.tag === 'Collision') return { requests: history.requests };
  const sync: Sync = { ds, hash: history.hash, generation: templateGenerationOf(ds), verdicts: verdictsOf(state, ds), pods: daemonPodsOf(state, ds, selector), nowMs };
  const requests: Request[] = [...history.requests];
  const managed = manage(sync);
  if (managed.createOn.length > 0 || managed.deletePods.length > 0) requests.push(...syncNodes(sync, managed.createOn, managed.deletePods));
  else if (ds.spec.updateStrategy?.type === 'RollingUpdate') {
    const plan = rollingUpdate({ ...sync, byNode: sync.pods.byNode });
    requests.push(...syncNodes(sync, plan.createOn, plan.deletePods));
  }
  requests.push(...cleanupHistory(ds, history.old, sync.pods.all));
  const status = daemonSetStatusOf({ ...sync, byNode: sync.pods.byNode });
  if (JSON.stringify(status) !== JSON.stringify(ds.status ?? {})) {
    requests.push({ actor: ACTOR, reason: 'StatusUpdated', action: { type: 'UpdateStatus', ref: refOf(ds as unknown as KubeObject), status } });
  }
  const recheckMs = nextAvailabilityMs(sync);
  return recheckMs === undefined ? { requests } : { requests, requeueAfterMs: recheckMs };
};

/**
 * When the next ready pod becomes available (minReadySeconds). Upstream requeues after
 * minReadySeconds when numberReady ≠ numberAvailable; a surge pod beside an available old
 * one is not in those counts, so every pod is looked at here, or the update would wait
 * for an unrelated event.
 */
const nextAvailabilityMs = (sync: Sync): number | undefined => {
  const minReadySeconds = sync.ds.spec.minReadySeconds ?? 0;
  if (minReadySeconds <= 0) return undefined;
  let soonest: number | undefined;
  for (const p of sync.pods.all) {
    const waitMs = msUntilAvailable(p, minReadySeconds, sync.nowMs) ?? 0;
    if (waitMs > 0 && p.metadata.deletionTimestamp === undefined) soonest = Math.min(soonest ?? Infinity, waitMs);
  }
  return soonest;
};

const selectorOf = (ds: DaemonSet): Selector | undefined => {
  const parsed = fromLabelSelector(ds.spec.selector);
  if (isLeft(parsed) || parsed.right.matchesNothing === true || parsed.right.requirements.length === 0) return undefined;
  return parsed.right;
};

/** Every node's verdict, in name order (the pod spec with the automatic tolerations is built once). */
const verdictsOf = (state: ClusterState, ds: DaemonSet): Map<string, NodeVerdict> => {
  const spec = daemonPodSpec(ds);
  const verdicts = new Map<string, NodeVerdict>();
  for (const node of listKind(state, 'Node') as unknown as Node[]) verdicts.set(node.metadata.name, nodeShouldRunDaemonPod(spec, node));
  return verdicts;
};

// -------------------------------------------------------------------------------------
// manage (upstream manage + podsShouldBeOnNode)
// -------------------------------------------------------------------------------------

interface Plan {
  readonly createOn: string[];
  readonly deletePods: string[];
}

const manage = (sync: Sync): Plan => {
  const plan: Plan = { createOn: [], deletePods: [] };
  for (const [node, verdict] of sync.verdicts) podsShouldBeOnNode(sync, node, verdict, plan);
  // upstream getUnscheduledPodsWithoutNode: pending pods aimed at a node that is gone
  for (const [node, pods] of sync.pods.byNode) {
    if (sync.verdicts.has(node)) continue;
    for (const p of pods) if (p.spec.nodeName === undefined && p.metadata.deletionTimestamp === undefined) plan.deletePods.push(p.metadata.name);
  }
  return plan;
};

const podsShouldBeOnNode = (sync: Sync, node: string, verdict: NodeVerdict, plan: Plan): void => {
  const pods = sync.pods.byNode.get(node);
  if (pods === undefined) {
    if (verdict.shouldRun) plan.createOn.push(node);
    return;
  }
  if (!verdict.shouldContinueRunning) {
    // the node may not keep a daemon pod (labels changed, an untolerated NoExecute taint)
    for (const p of pods) if (p.metadata.deletionTimestamp === undefined) plan.deletePods.push(p.metadata.name);
    return;
  }
  const running: Pod[] = [];
  for (const p of pods) {
    if (p.metadata.deletionTimestamp !== undefined) continue;
    // upstream: failed pods are killed (and recreated next sync); succeeded ones too
    if (p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded') plan.deletePods.push(p.metadata.name);
    else running.push(p);
  }
  if (!allowsSurge(sync.ds)) {
    // upstream: more than one running pod on a node: keep the oldest
    plan.deletePods.push(...[...running].sort(byCreationAndPhase).slice(1).map((p) => p.metadata.name));
    return;
  }
  if (running.length <= 1) {
    // surging keeps at least one pod on the node
    if (running.length === 0 && verdict.shouldRun) plan.createOn.push(node);
    return;
  }
  plan.deletePods.push(...pruneSurge(sync, running));
};

/**
 * upstream, with surge: keep the oldest new pod and the oldest old pod, delete the rest;
 * of those two the old one goes when it is not ready or the new one is available.
 */
const pruneSurge = (sync: Sync, running: readonly Pod[]): string[] => {
  let oldestNew: Pod | undefined;
  let oldestOld: Pod | undefined;
  const extra: string[] = [];
  for (const p of [...running].sort(byCreationAndPhase)) {
    if (isPodUpdated(p, sync.hash, sync.generation)) {
      if (oldestNew === undefined) oldestNew = p;
      else extra.push(p.metadata.name);
    } else if (oldestOld === undefined) oldestOld = p;
    else extra.push(p.metadata.name);
  }
  if (oldestNew !== undefined && oldestOld !== undefined) {
    if (!isPodReady(oldestOld) || isPodAvailable(oldestNew, sync.ds.spec.minReadySeconds ?? 0, sync.nowMs)) extra.push(oldestOld.metadata.name);
  }
  return extra;
};

// -------------------------------------------------------------------------------------
// syncNodes: the writes
// -------------------------------------------------------------------------------------

/** upstream syncNodes: creates then deletes, each capped at the burst limit; nodes in name order. */
const syncNodes = (sync: Sync, createOn: readonly string[], deletePods: readonly string[]): Request[] => {
  const ns = sync.ds.metadata.namespace ?? 'default';
  const creates = [...new Set(createOn)].sort().slice(0, DAEMONSET_BURST_REPLICAS);
  const deletes = [...new Set(deletePods)].slice(0, DAEMONSET_BURST_REPLICAS);
  return [
    ...creates.map((node): Request => ({ actor: ACTOR, reason: 'SuccessfulCreate', action: { type: 'Create', object: daemonPodFor(sync.ds, node, sync.hash) } })),
    ...deletes.map((name): Request => ({ actor: ACTOR, reason: 'SuccessfulDelete', action: { type: 'Delete', ref: podRef(sync, ns, name) } })),
  ];
};

const podRef = (sync: Sync, namespace: string, name: string) => {
  const pod = sync.pods.all.find((p) => p.metadata.name === name);
  return { kind: 'Pod', namespace, name, ...(pod?.metadata.uid === undefined ? {} : { uid: pod.metadata.uid }) };
};

export const daemonSetController: Controller = { name: ACTOR, watches, reconcile };
