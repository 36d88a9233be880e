/**
 * ImageLocality (upstream plugins/imagelocality/image_locality.go).
 *
 * Favours nodes that already hold the pod's images. For every container (init containers
 * included) whose image, normalised, is among the node's `status.images` names, add the
 * image's size scaled by its spread: trunc(size · (nodes holding that name / all nodes)), in
 * float64 as upstream, so an image present everywhere counts fully and a rare one little
 * (upstream's guard against "node heating"). The sum is clamped to [23 MiB, 1000 MiB ·
 * #containers] and mapped linearly onto 0–100 with integer division.
 *
 * Image names are normalised only by appending `:latest` when there is no tag (upstream
 * normalizedImageName; it does not add a `docker.io/library/` prefix, so `nginx` and
 * `docker.io/library/nginx:latest` do not match, as upstream).
 *
 * Divergence: upstream takes an image's size from the scheduler cache, i.e. from whichever
 * node reported that name first; kubesim uses this node's own reported size, which is
 * deterministic without an insertion order and equal whenever nodes agree on the size.
 */
import type { KubeObject } from '../../api/meta.js';
import type { Node } from '../../api/node.js';
import type { Pod } from '../../api/pod.js';
import type { ClusterState } from '../../state/state.js';
import type { CycleContext, NodeInfo, PodInfo, ScorePlugin } from '../types.js';
import { MAX_NODE_SCORE } from '../types.js';

export const NAME = 'ImageLocality';

const MIB_BYTES = 1024 * 1024;
/** upstream: the bounds of the score range; ~90% of Docker Hub images fall inside. */
export const MIN_THRESHOLD_BYTES = 23 * MIB_BYTES;
export const MAX_CONTAINER_THRESHOLD_BYTES = 1000 * MIB_BYTES;

/** The slice of `status.images` this plugin reads, checked field by field. */
interface NodeImage {
  readonly names: readonly string[];
  readonly sizeBytes: number;
}

const imagesOf = (node: Node): NodeImage[] => {
  const raw: unknown = node.status?.images;
  if (!Array.isArray(raw)) return [];
  const images: NodeImage[] = [];
  for (const entry of raw as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { names, sizeBytes } = entry as { names?: unknown; sizeBytes?: unknown };
    if (!Array.isArray(names) || typeof sizeBytes !== 'number') continue;
    images.push({ names: names.filter((n): n is string => typeof n === 'string'), sizeBytes });
  }
  return images;
};

/** upstream normalizedImageName: no tag after the last `/` → `:latest`; digests are kept. */
export const normalizedImageName = (name: string): string => (name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name);

/** Image name → its size on this node (the first entry listing the name wins); once per Node object. */
const imageSizesOn = (node: Node): Map<string, number> => {
  const known = sizesCache.get(node);
  if (known !== undefined) return known;
  const sizes = new Map<string, number>();
  for (const image of imagesOf(node)) {
    for (const name of image.names) if (!sizes.has(name)) sizes.set(name, image.sizeBytes);
  }
  sizesCache.set(node, sizes);
  return sizes;
};
const sizesCache = new WeakMap<Node, Map<string, number>>();

export interface ImageSpread {
  readonly totalNodes: number;
  /** Image name → how many nodes list it (each node counted once). */
  readonly nodesWithImage: ReadonlyMap<string, number>;
}

/**
 * Counts over every Node object: O(nodes × images). upstream keeps these counts in the
 * scheduler cache; here they are memoised per Node map (immutable, and the same object as
 * long as no node changes), so a run recounts only when a node does.
 */
export const imageSpread = (state: ClusterState): ImageSpread => {
  // keyed by the Node map: it keeps its identity while only pods change (most events)
  const nodeMap = state.objects.get('Node') ?? NO_NODES;
  const known = spreadCache.get(nodeMap);
  if (known !== undefined) return known;
  const nodes = [...nodeMap.values()] as KubeObject[] as unknown as Node[];
  const counts = new Map<string, number>();
  for (const node of nodes) {
    for (const name of imageSizesOn(node).keys()) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const spread: ImageSpread = { totalNodes: nodes.length, nodesWithImage: counts };
  spreadCache.set(nodeMap, spread);
  return spread;
};
const NO_NODES: ReadonlyMap<string, KubeObject> = new Map();
const spreadCache = new WeakMap<object, ImageSpread>();

/** upstream scaledImageScore: the spread factor first, then the product, truncated. */
const scaledImageBytes = (sizeBytes: number, nodesWithImage: number, totalNodes: number): number =>
  Math.trunc(sizeBytes * (nodesWithImage / totalNodes));

const containerImages = (pod: Pod): (string | undefined)[] => [
  ...(pod.spec.initContainers ?? []).map((c) => c.image),
  ...pod.spec.containers.map((c) => c.image),
];

/** upstream sumImageScores: Σ scaled sizes of the pod's images present on the node. */
export const sumImageBytes = (pod: Pod, node: Node, spread: ImageSpread): number => {
  if (spread.totalNodes === 0) return 0;
  const sizes = imageSizesOn(node);
  let sum = 0;
  for (const image of containerImages(pod)) {
    if (image === undefined) continue;
    const name = normalizedImageName(image);
    const size = sizes.get(name);
    if (size === undefined) continue;
    sum += scaledImageBytes(size, spread.nodesWithImage.get(name) ?? 1, spread.totalNodes);
  }
  return sum;
};

/** upstream calculatePriority: clamp to [min, 1000 MiB · containers], map onto 0–100. */
export const imagePriority = (sumBytes: number, containers: number): number => {
  const maxBytes = MAX_CONTAINER_THRESHOLD_BYTES * containers;
  if (maxBytes <= MIN_THRESHOLD_BYTES) return 0;
  const clamped = Math.min(Math.max(sumBytes, MIN_THRESHOLD_BYTES), maxBytes);
  return Math.floor((MAX_NODE_SCORE * (clamped - MIN_THRESHOLD_BYTES)) / (maxBytes - MIN_THRESHOLD_BYTES));
};

export const imageLocalityScore = (ctx: CycleContext, pod: PodInfo, node: NodeInfo): number => {
  // a node that reports no images scores the minimum: 0 (no cluster-wide counts needed)
  if (imageSizesOn(node.node).size === 0) return 0;
  const spec = pod.pod.spec;
  const containers = (spec.initContainers ?? []).length + spec.containers.length;
  return imagePriority(sumImageBytes(pod.pod, node.node, imageSpread(ctx.state)), containers);
};

export const imageLocality: ScorePlugin = { name: NAME, score: imageLocalityScore };
