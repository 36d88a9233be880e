/**
 * Keeping the indexes in step with one object's change (before → after). Only evolve
 * calls this; the cost is proportional to what changed (labels and owners are compared
 * by identity first, since a status write keeps the metadata maps it does not touch).
 */
import type { KubeObject } from '../api/meta.js';
import { nsName } from '../api/meta.js';
import type { Pod } from '../api/pod.js';
import { isPodTerminal } from '../api/pod.js';
import { podRequests } from '../api/resources.js';
import type { Draft } from './draft.js';
import type { NodeUsage } from './state.js';
import { EMPTY_USAGE, labelIndexKey } from './state.js';

const objectKeyOf = (o: KubeObject): string => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

export const reindex = (draft: Draft, before: KubeObject | undefined, after: KubeObject | undefined): void => {
  const o = after ?? before;
  if (o === undefined) return;
  const key = objectKeyOf(o);
  if (before?.metadata.uid !== after?.metadata.uid) {
    if (before?.metadata.uid !== undefined) draft.setUid(before.metadata.uid, undefined);
    if (after?.metadata.uid !== undefined) draft.setUid(after.metadata.uid, key);
  }
  if (before === undefined && o.metadata.namespace !== undefined) draft.addToNamespace(o.metadata.namespace, key);
  if (after === undefined && o.metadata.namespace !== undefined) draft.removeFromNamespace(o.metadata.namespace, key);
  if (before?.metadata.ownerReferences !== after?.metadata.ownerReferences) reindexOwners(draft, key, before, after);
  if (before?.metadata.labels !== after?.metadata.labels) reindexLabels(draft, before, after);
  if (o.kind === 'Pod') reindexPod(draft, before as Pod | undefined, after as Pod | undefined);

};

const reindexOwners = (draft: Draft, key: string, before: KubeObject | undefined, after: KubeObject | undefined): void => {
  const was = new Set((before?.metadata.ownerReferences ?? []).map((r) => r.uid));
  const now = new Set((after?.metadata.ownerReferences ?? []).map((r) => r.uid));
  for (const uid of was) if (!now.has(uid)) draft.removeDependent(uid, key);
  for (const uid of now) if (!was.has(uid)) draft.addDependent(uid, key);
};

const reindexLabels = (draft: Draft, before: KubeObject | undefined, after: KubeObject | undefined): void => {
  const was = before?.metadata.labels ?? {};
  const now = after?.metadata.labels ?? {};
  if (before !== undefined) {
    for (const [k, v] of Object.entries(was)) {
      if (now[k] !== v || after === undefined) draft.removeLabel(labelIndexKey(before.kind, before.metadata.namespace, k, v), before.metadata.name);
    }
  }
  if (after !== undefined) {
    for (const [k, v] of Object.entries(now)) {
      if (was[k] !== v || before === undefined) draft.addLabel(labelIndexKey(after.kind, after.metadata.namespace, k, v), after.metadata.name);
    }
  }
};

// --- pods ----------------------------------------------------------------------------

/** A pod holds node resources from binding until it is terminal or gone (scheduler cache rule). */
const holdsResources = (pod: Pod | undefined): pod is Pod =>
  pod !== undefined && pod.spec.nodeName !== undefined && !isPodTerminal(pod);

const controllerUidOf = (pod: Pod | undefined): string | undefined => pod?.metadata.ownerReferences?.find((r) => r.controller === true)?.uid;

/** A pod that exists and has no controller owner. */
const isOrphan = (pod: Pod | undefined): boolean =>
  pod !== undefined && !(pod.metadata.ownerReferences ?? []).some((r) => r.controller === true);

const waitsForScheduler = (pod: Pod | undefined): boolean =>
  pod !== undefined && pod.spec.nodeName === undefined && pod.metadata.deletionTimestamp === undefined;

const reindexPod = (draft: Draft, before: Pod | undefined, after: Pod | undefined): void => {
  const p = (after ?? before) as Pod;
  const name = nsName(p.metadata.namespace, p.metadata.name);
  draft.setUnscheduled(name, waitsForScheduler(after));
  const controllerBefore = controllerUidOf(before);
  const controllerAfter = controllerUidOf(after);
  if (controllerBefore !== undefined && controllerBefore !== controllerAfter) draft.setControlledPod(controllerBefore, name, undefined);
  if (controllerAfter !== undefined) draft.setControlledPod(controllerAfter, name, after);
  if (before === undefined || after === undefined || before.metadata.ownerReferences !== after.metadata.ownerReferences) {
    const was = isOrphan(before);
    const now = isOrphan(after);
    if (was && !now) draft.removeOrphanPod(p.metadata.namespace ?? '', p.metadata.name);
    if (!was && now) draft.addOrphanPod(p.metadata.namespace ?? '', p.metadata.name);
  }
  const nodeBefore = before?.spec.nodeName;
  const nodeAfter = after?.spec.nodeName;
  if (nodeBefore !== nodeAfter) {
    if (nodeBefore !== undefined) draft.removePodFromNode(nodeBefore, name);
    if (nodeAfter !== undefined) draft.addPodToNode(nodeAfter, name);
  }
  const ipBefore = before?.spec.nodeName === undefined ? undefined : before.status?.podIP;
  const ipAfter = after?.spec.nodeName === undefined ? undefined : after.status?.podIP;
  if (ipBefore !== ipAfter || nodeBefore !== nodeAfter) {
    if (ipBefore !== undefined && nodeBefore !== undefined) draft.removePodIP(nodeBefore, ipBefore);
    if (ipAfter !== undefined && nodeAfter !== undefined) draft.addPodIP(nodeAfter, ipAfter);
  }
  const held = holdsResources(before);
  const holds = holdsResources(after);
  if (held && !holds) adjustUsage(draft, before, -1);
  if (!held && holds) adjustUsage(draft, after, +1);
};

const adjustUsage = (draft: Draft, pod: Pod, sign: 1 | -1): void => {
  const node = pod.spec.nodeName as string;
  const u = draft.usageOf(node) ?? EMPTY_USAGE;
  const r = podRequests(pod.spec);
  const scalar: Record<string, number> = { ...u.scalar };
  for (const [k, v] of Object.entries(r.scalar)) scalar[k] = (scalar[k] ?? 0) + sign * v;
  const next: NodeUsage = {
    cpuMillis: u.cpuMillis + sign * r.cpuMillis,
    memoryBytes: u.memoryBytes + sign * r.memoryBytes,
    pods: u.pods + sign,
    nonZeroCpuMillis: u.nonZeroCpuMillis + sign * r.nonZeroCpuMillis,
    nonZeroMemoryBytes: u.nonZeroMemoryBytes + sign * r.nonZeroMemoryBytes,
    scalar,
  };
  draft.setUsage(node, next.pods === 0 ? undefined : next);
};
