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
 * An image's size is the cache's: the size reported by the first node, in creation order,
 * that lists the name (upstream keeps the size of the first node it added; after that node
 * is deleted or changes, upstream may keep its old size where kubesim moves to the next).
 */
import type { Pod } from '../../api/pod.js';
import { imageSizesOn, normalizedImageName } from '../cache.js';
import type { NodeInfo, PodInfo, ScorePlugin } from '../types.js';
import { MAX_NODE_SCORE } from '../types.js';

export const NAME = 'ImageLocality';

const MIB_BYTES = 1024 * 1024;
/** upstream: the bounds of the score range; ~90% of Docker Hub images fall inside. */
export const MIN_THRESHOLD_BYTES = 23 * MIB_BYTES;
export const MAX_CONTAINER_THRESHOLD_BYTES = 1000 * MIB_BYTES;

export { normalizedImageName };

export interface ImageSpread {
  readonly totalNodes: number;
  /** Image name → how many nodes list it (each node counted once). */
  readonly nodesWithImage: ReadonlyMap<string, number>;
  /** Image name → its size as the cache records it (the first node's report). */
  readonly sizes: ReadonlyMap<string, number>;
}

/** upstream scaledImageScore: the spread factor first, then the product, truncated. */
const scaledImageBytes = (sizeBytes: number, nodesWithImage: number, totalNodes: number): number =>
  Math.trunc(sizeBytes * (nodesWithImage / totalNodes));

const containerImages = (pod: Pod): (string | undefined)[] => [
  ...(pod.spec.initContainers ?? []).map((c) => c.image),
  ...pod.spec.containers.map((c) => c.image),
];

/** upstream sumImageScores: Σ scaled sizes of the pod's images present on the node. */
export const sumImageBytes = (pod: Pod, node: NodeInfo, spread: ImageSpread): number => {
  if (spread.totalNodes === 0) return 0;
  const sizes = imageSizesOn(node.node);
  let sum = 0;
  for (const image of containerImages(pod)) {
    if (image === undefined) continue;
    const name = normalizedImageName(image);
    if (!sizes.has(name)) continue;
    const size = spread.sizes.get(name) ?? (sizes.get(name) as number);
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

export const imageLocalityScore = (pod: PodInfo, node: NodeInfo, spread: ImageSpread): number => {
  // a node that reports no images scores the minimum: 0 (no cluster-wide counts needed)
  if (imageSizesOn(node.node).size === 0) return 0;
  const spec = pod.pod.spec;
  const containers = (spec.initContainers ?? []).length + spec.containers.length;
  return imagePriority(sumImageBytes(pod.pod, node, spread), containers);
};

/**
 * The counts come from the cache (upstream ImageStateSummary), over every node of the
 * cluster. When no node holds any of the pod's images every node scores 0: the per-node
 * lookups are skipped (the scores are the same).
 */
export const imageLocality: ScorePlugin = {
  name: NAME,
  preScore: (ctx, pod) => {
    const counts = ctx.snapshot.nodesWithImage();
    if (!containerImages(pod.pod).some((image) => image !== undefined && counts.has(normalizedImageName(image)))) return ZERO;
    const spread: ImageSpread = { totalNodes: ctx.snapshot.nodes.length, nodesWithImage: counts, sizes: ctx.snapshot.imageSizes() };
    return { score: (node) => imageLocalityScore(pod, node, spread) };
  },
};

const ZERO = { score: (): number => 0, constant: 0 };
