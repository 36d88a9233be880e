/**
 * A DaemonSet's pods as its controller sees them (upstream daemon_controller.go
 * getNodesToDaemonPods, podByCreationTimestampAndPhase; util IsPodUpdated; podutil
 * IsPodAvailable), and the pod it creates for a node (util CreatePodTemplate plus
 * controller.GetPodFromTemplate).
 */
import type { KubeObject } from '../api/meta.js';
import { controllerOf } from '../api/meta.js';
import type { Pod } from '../api/pod.js';
import { isPodReady, isPodTerminal, podCondition } from '../api/pod.js';
import type { Selector } from '../api/selector.js';
import { matches } from '../api/selector.js';
import { simMsOf } from '../api/time.js';
import type { DaemonSet } from '../api/workloads.js';
import { compareStrings, podsOwnedBy } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { daemonPodSpec, targetNodeName, withNodeNameAffinity } from './daemonset-nodes.js';
import { POD_REVISION_HASH_LABEL, controllerRefTo } from './history.js';

/** upstream extensions.DaemonSetTemplateGenerationKey (label on pods). */
export const POD_TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
/** upstream apps/v1 conversion: the DaemonSet's templateGeneration lives in this annotation. */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

// -------------------------------------------------------------------------------------
// the pods, by node
// -------------------------------------------------------------------------------------

export interface DaemonPods {
  /** node name → the DaemonSet's pods for it, oldest first (podByCreationTimestampAndPhase). */
  readonly byNode: ReadonlyMap<string, readonly Pod[]>;
  /** Every pod counted, in name order. */
  readonly all: readonly Pod[];
}

/**
 * upstream getNodesToDaemonPods(includeDeletedTerminal=false): the pods the DaemonSet
 * controls that match its selector, by target node; a terminal pod already being
 * deleted is left out (nothing more to do with it). Orphan adoption is not modelled.
 */
export const daemonPodsOf = (state: ClusterState, ds: DaemonSet, selector: Selector): DaemonPods => {
  const uid = ds.metadata.uid ?? '';
  const all = podsOwnedBy(state, uid).filter(
    (p) =>
      controllerOf(p as unknown as KubeObject)?.uid === uid &&
      matches(selector, p.metadata.labels) &&
      !(isPodTerminal(p) && p.metadata.deletionTimestamp !== undefined),
  );
  const byNode = new Map<string, Pod[]>();
  for (const p of all) {
    const node = targetNodeName(p.spec);
    if (node === undefined) continue;
    const list = byNode.get(node);
    if (list === undefined) byNode.set(node, [p]);
    else list.push(p);
  }
  for (const list of byNode.values()) list.sort(byCreationAndPhase);
  return { byNode, all };
};

/** upstream podByCreationTimestampAndPhase: bound pods first, then oldest, then name. */
export const byCreationAndPhase = (a: Pod, b: Pod): number => {
  const boundA = a.spec.nodeName !== undefined;
  if (boundA !== (b.spec.nodeName !== undefined)) return boundA ? -1 : 1;
  const created = simMsOf(a.metadata.creationTimestamp ?? '') - simMsOf(b.metadata.creationTimestamp ?? '');
  return created !== 0 ? created : compareStrings(a.metadata.name, b.metadata.name);
};

// -------------------------------------------------------------------------------------
// availability and up-to-dateness
// -------------------------------------------------------------------------------------

/** How long until a ready pod counts as available (0: it does; undefined: not ready). */
export const msUntilAvailable = (pod: Pod, minReadySeconds: number, nowMs: number): number | undefined => {
  if (!isPodReady(pod)) return undefined;
  if (minReadySeconds <= 0) return 0;
  const readyForMs = nowMs - simMsOf(podCondition(pod, 'Ready')?.lastTransitionTime ?? '');
  // upstream IsPodAvailable: ready since strictly before now − minReadySeconds.
  return readyForMs > minReadySeconds * 1000 ? 0 : minReadySeconds * 1000 - readyForMs + 1;
};

export const isPodAvailable = (pod: Pod, minReadySeconds: number, nowMs: number): boolean => msUntilAvailable(pod, minReadySeconds, nowMs) === 0;

/** The template generation: the deprecated annotation, else metadata.generation (admission sets no annotation). */
export const templateGenerationOf = (ds: DaemonSet): string => ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? String(ds.metadata.generation ?? 1);

/** upstream IsPodUpdated: the pod carries the current hash, or the current template generation. */
export const isPodUpdated = (pod: Pod, hash: string, generation: string): boolean =>
  (hash !== '' && pod.metadata.labels?.[POD_REVISION_HASH_LABEL] === hash) || pod.metadata.labels?.[POD_TEMPLATE_GENERATION_LABEL] === generation;

// -------------------------------------------------------------------------------------
// the pod for a node
// -------------------------------------------------------------------------------------

/**
 * upstream CreatePodTemplate + ReplaceDaemonSetPodNodeNameNodeAffinity + GetPodFromTemplate:
 * the template with the automatic tolerations, the generation and hash labels, the
 * affinity pinned to the node, generateName `<ds>-` and the controller reference. The
 * default scheduler binds it (NodeAffinity's metadata.name fast path).
 */
export const daemonPodFor = (ds: DaemonSet, nodeName: string, hash: string): KubeObject => {
  const template = ds.spec.template ?? {};
  const spec = daemonPodSpec(ds);
  const labels = { ...template.metadata?.labels, [POD_TEMPLATE_GENERATION_LABEL]: templateGenerationOf(ds), ...(hash === '' ? {} : { [POD_REVISION_HASH_LABEL]: hash }) };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: '',
      generateName: `${ds.metadata.name}-`,
      namespace: ds.metadata.namespace ?? 'default',
      labels,
      ...(template.metadata?.annotations === undefined ? {} : { annotations: { ...template.metadata.annotations } }),
      ownerReferences: [controllerRefTo(ds)],
    },
    spec: { ...spec, affinity: withNodeNameAffinity(spec.affinity, nodeName) },
  };
};
