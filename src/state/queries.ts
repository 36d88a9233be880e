/**
 * Read-only questions controllers, views and checks ask of a ClusterState. Lists come
 * back sorted by name (namespace first) so that nothing downstream depends on map order.
 */
import type { KubeObject } from '../api/meta.js';
import { nsName } from '../api/meta.js';
import type { Node } from '../api/node.js';
import type { Pod } from '../api/pod.js';
import type { ClusterState, NodeUsage } from './state.js';
import { EMPTY_USAGE, labelIndexKey } from './state.js';

const byNamespaceThenName = (a: KubeObject, b: KubeObject): number =>
  compareStrings(a.metadata.namespace ?? '', b.metadata.namespace ?? '') || compareStrings(a.metadata.name, b.metadata.name);

/** Plain code-unit order (what Go's sort.Strings gives): locale-independent. */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const getObject = (s: ClusterState, kind: string, namespace: string | undefined, name: string): KubeObject | undefined =>
  s.objects.get(kind)?.get(nsName(namespace, name));

/** The object with this key (`Kind/namespace/name`). */
export const getByKey = (s: ClusterState, key: string): KubeObject | undefined => {
  const slash = key.indexOf('/');
  return s.objects.get(key.slice(0, slash))?.get(key.slice(slash + 1));
};

export const getByUid = (s: ClusterState, uid: string): KubeObject | undefined => {
  const key = s.byUid.get(uid);
  return key === undefined ? undefined : getByKey(s, key);
};

export const getPod = (s: ClusterState, namespace: string | undefined, name: string): Pod | undefined =>
  getObject(s, 'Pod', namespace, name) as Pod | undefined;

/** The pod with this key (`<namespace>/<name>`, as the scheduler's and kubelet's queues name pods). */
export const getPodByKey = (s: ClusterState, key: string): Pod | undefined => {
  const slash = key.indexOf('/');
  return getPod(s, key.slice(0, slash), key.slice(slash + 1));
};

export const getNode = (s: ClusterState, name: string): Node | undefined => getObject(s, 'Node', undefined, name) as Node | undefined;

/** Every object of a kind (in one namespace when given), sorted by namespace and name. */
export const listKind = (s: ClusterState, kind: string, namespace?: string): KubeObject[] => {
  const all = s.objects.get(kind);
  if (all === undefined) return [];
  const items = [...all.values()].filter((o) => namespace === undefined || o.metadata.namespace === namespace);
  return items.sort(byNamespaceThenName);
};

export const countKind = (s: ClusterState, kind: string): number => s.objects.get(kind)?.size ?? 0;

export const kindsPresent = (s: ClusterState): string[] => [...s.objects.keys()].sort(compareStrings);

/** Objects whose ownerReferences name this uid, sorted by key. */
export const dependentsOf = (s: ClusterState, ownerUid: string): KubeObject[] =>
  [...(s.dependents.get(ownerUid) ?? [])]
    .sort(compareStrings)
    .map((k) => getByKey(s, k))
    .filter((o): o is KubeObject => o !== undefined);

export const podsOwnedBy = (s: ClusterState, ownerUid: string): Pod[] =>
  dependentsOf(s, ownerUid).filter((o) => o.kind === 'Pod') as unknown as Pod[];

/**
 * The pods whose controller is this uid, in the index's own order: for order-independent
 * questions (counts, or a total ranking applied afterwards) about owners with many pods,
 * where sorting every key on every sync would dominate. Sort what reaches the log.
 */
export const podsControlledBy = (s: ClusterState, controllerUid: string): Pod[] => {
  const pods: Pod[] = [];
  // forEach walks the map's nodes directly (faster than its iterator protocol)
  s.podsByController.get(controllerUid)?.forEach((p) => {
    pods.push(p);
  });
  return pods;
};

/** Pods in the namespace that no controller owns, sorted by name (see ClusterState.orphanPods). */
export const orphanPods = (s: ClusterState, namespace: string | undefined): Pod[] =>
  [...(s.orphanPods.get(namespace ?? '') ?? [])]
    .sort(compareStrings)
    .map((n) => getPod(s, namespace, n))
    .filter((p): p is Pod => p !== undefined);

export const podsOnNode = (s: ClusterState, node: string): Pod[] =>
  [...(s.podsByNode.get(node) ?? [])]
    .sort(compareStrings)
    .map((k) => s.objects.get('Pod')?.get(k) as Pod | undefined)
    .filter((p): p is Pod => p !== undefined);

/** Names of objects of `kind` in `namespace` carrying label key=value, sorted. */
export const namesWithLabel = (s: ClusterState, kind: string, namespace: string | undefined, key: string, value: string): string[] =>
  [...(s.byLabel.get(labelIndexKey(kind, namespace, key, value)) ?? [])].sort(compareStrings);

export const usageOf = (s: ClusterState, node: string): NodeUsage => s.nodeUsage.get(node) ?? EMPTY_USAGE;

/** Pods waiting for a scheduler, as `<namespace>/<name>`, sorted. */
export const unscheduledPods = (s: ClusterState): string[] => [...s.unscheduled].sort(compareStrings);

/** When the bound pod last moved a lifecycle step (ms), if it is bound. */
export const podProgressMs = (s: ClusterState, namespace: string | undefined, name: string): number | undefined =>
  s.podProgressMs.get(nsName(namespace, name));

/** Keys (`Kind/namespace/name`) of every object in a namespace, sorted. */
export const keysInNamespace = (s: ClusterState, namespace: string): string[] =>
  [...(s.byNamespace.get(namespace) ?? [])].sort(compareStrings);
