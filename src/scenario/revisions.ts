/**
 * A workload's rollout history as kubectl reads it (k8s.io/kubectl pkg/polymorphichelpers
 * history.go and rollback.go), shared by the `undo` timeline input and `kubesim rollout
 * history`:
 *
 * - a Deployment's revisions are its ReplicaSets, numbered by their
 *   `deployment.kubernetes.io/revision` annotation (upstream deploymentutil.Revision: an
 *   absent annotation reads 0, one that does not parse is skipped);
 * - a DaemonSet's or StatefulSet's are its ControllerRevisions, numbered by `revision`,
 *   whose `data` is the patch that puts the template back.
 *
 * Only objects the workload controls (controller ownerReference to its uid) count, as
 * upstream's GetAllReplicaSets and controlledHistories keep.
 */
import type { KubeObject } from '../api/meta.js';
import type { PodTemplateSpec } from '../api/pod.js';
import type { ControllerRevision } from '../api/workloads.js';
import { canonicalJson, POD_TEMPLATE_HASH_LABEL, revisionsOwnedBy, templateOfRevision } from '../controllers/history.js';
import { compareStrings, dependentsOf } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';

/** upstream deploymentutil.RevisionAnnotation. */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
/** upstream ChangeCauseAnnotation (kubectl's `--record`, or written by hand). */
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';

/** One revision of a workload's template. */
export interface TemplateRevision {
  readonly revision: number;
  /** The object that holds it: a ReplicaSet or a ControllerRevision. */
  readonly holder: KubeObject;
  /** As stored (a ReplicaSet's keeps its pod-template-hash label). */
  readonly template: PodTemplateSpec;
}

/** The kinds whose rollout history kubectl can show and undo. */
export const HISTORY_KINDS: readonly string[] = ['Deployment', 'DaemonSet', 'StatefulSet'];

const controlledBy = (state: ClusterState, owner: KubeObject, kind: string): KubeObject[] => {
  const uid = owner.metadata.uid ?? '';
  return dependentsOf(state, uid)
    .filter((o) => o.kind === kind && o.metadata.ownerReferences?.some((r) => r.uid === uid && r.controller === true) === true)
    .sort((a, b) => compareStrings(a.metadata.name, b.metadata.name));
};

/** upstream deploymentutil.Revision: absent reads 0; undefined when it is not an integer. */
export const revisionOf = (rs: KubeObject): number | undefined => {
  const text = rs.metadata.annotations?.[REVISION_ANNOTATION];
  if (text === undefined) return 0;
  return /^[+-]?\d+$/.test(text.trim()) && text.trim() === text ? Number(text) : undefined;
};

/** The ReplicaSets a Deployment controls, by name. */
export const replicaSetsOf = (state: ClusterState, deployment: KubeObject): KubeObject[] => controlledBy(state, deployment, 'ReplicaSet');

const templateOf = (o: KubeObject): PodTemplateSpec => ((o['spec'] as { template?: PodTemplateSpec } | undefined)?.template ?? {}) as PodTemplateSpec;

/**
 * The revisions of a Deployment, DaemonSet or StatefulSet, lowest first. Two holders of
 * one number (upstream assumes it does not happen) keep the later by name.
 */
export const revisionsOf = (state: ClusterState, workload: KubeObject): TemplateRevision[] => {
  const byNumber = new Map<number, TemplateRevision>();
  if (workload.kind === 'Deployment') {
    for (const rs of replicaSetsOf(state, workload)) {
      const revision = revisionOf(rs);
      if (revision !== undefined) byNumber.set(revision, { revision, holder: rs, template: templateOf(rs) });
    }
  } else {
    for (const cr of revisionsOwnedBy(state, workload.metadata.uid ?? '')) {
      byNumber.set(cr.revision ?? 0, { revision: cr.revision ?? 0, holder: cr as unknown as KubeObject, template: templateOfRevision(cr as ControllerRevision) ?? {} });
    }
  }
  return [...byNumber.values()].sort((a, b) => a.revision - b.revision);
};

/** The template without the pod-template-hash label (upstream EqualIgnoreHash's view of it). */
export const withoutHash = (template: PodTemplateSpec): PodTemplateSpec => {
  const labels = template.metadata?.labels;
  if (labels === undefined || !(POD_TEMPLATE_HASH_LABEL in labels)) return template;
  const { [POD_TEMPLATE_HASH_LABEL]: _hash, ...rest } = labels;
  return { ...template, metadata: { ...template.metadata, labels: rest } };
};

/** JSON without empty maps and lists: apimachinery's Semantic.DeepEqual holds nil and empty equal. */
const dropEmpty = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(dropEmpty);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const d = dropEmpty(v);
    const empty = d === undefined || (Array.isArray(d) && d.length === 0) || (d !== null && typeof d === 'object' && !Array.isArray(d) && Object.keys(d).length === 0);
    if (!empty) out[k] = d;
  }
  return out;
};

/** upstream deploymentutil.EqualIgnoreHash. */
export const equalIgnoreHash = (a: PodTemplateSpec, b: PodTemplateSpec): boolean =>
  canonicalJson(dropEmpty(withoutHash(a))) === canonicalJson(dropEmpty(withoutHash(b)));
