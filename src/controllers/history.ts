/**
 * Revision history shared by the workload controllers (upstream pkg/controller/history and
 * controller_utils ComputeHash).
 *
 * - `templateHash`: the pod-template-hash / controller-revision-hash of a template. Upstream
 *   hashes the Go struct (DeepHashObject, FNV-32a) together with collisionCount and
 *   writes the uint32's decimal digits through rand.SafeEncodeString. kubesim hashes the
 *   template's canonical JSON (keys sorted) instead, the same way otherwise: the values
 *   differ from a real cluster's, but have the same form (up to 10 characters of
 *   "bcdfghjklmnpqrstvwxz2456789") and the same behaviour (equal templates, equal hash;
 *   a collisionCount bump gives a new one).
 * - ControllerRevisions, as the DaemonSet and StatefulSet controllers keep them: name
 *   `<owner>-<hash>`, label `controller.kubernetes.io/hash`, `revision` a counter, `data`
 *   the patch that restores the template (`spec.template` with `$patch: replace`).
 */
import type { KubeObject, OwnerReference } from '../api/meta.js';
import type { PodTemplateSpec } from '../api/pod.js';
import type { ControllerRevision } from '../api/workloads.js';
import { compareStrings, dependentsOf } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';

/** upstream ControllerRevisionHashLabel. */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';
/** upstream apps.DefaultDeploymentUniqueLabelKey. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
/** upstream apps.ControllerRevisionHashLabelKey (on DaemonSet and StatefulSet pods). */
export const POD_REVISION_HASH_LABEL = 'controller-revision-hash';

// -------------------------------------------------------------------------------------
// hashing
// -------------------------------------------------------------------------------------

/** JSON with object keys sorted at every depth (undefined members dropped, as JSON does). */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => compareStrings(a, b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
};

/** FNV-32a over the UTF-16 code units' low and high bytes. */
const fnv32a = (text: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h = Math.imul(h ^ (c & 0xff), 0x01000193);
    if (c > 0xff) h = Math.imul(h ^ (c >>> 8), 0x01000193);
  }
  return h >>> 0;
};

/** upstream rand.SafeEncodeString's alphabet: no vowels, no look-alikes. */
const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export const safeEncode = (text: string): string =>
  [...text].map((ch) => SAFE_ALPHANUMS[ch.charCodeAt(0) % SAFE_ALPHANUMS.length] ?? 'b').join('');

/** upstream ComputeHash(template, collisionCount). */
export const templateHash = (template: unknown, collisionCount?: number): string => {
  const text = canonicalJson(template) + (collisionCount === undefined ? '' : `#${collisionCount}`);
  return safeEncode(String(fnv32a(text)));
};

// -------------------------------------------------------------------------------------
// ControllerRevisions
// -------------------------------------------------------------------------------------

/** upstream ControllerRevisionName: the prefix cut to 223 characters, then `-<hash>`. */
export const controllerRevisionName = (prefix: string, hash: string): string => `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;

/** The data a DaemonSet or StatefulSet revision stores: a patch that puts this template back. */
export const revisionData = (template: PodTemplateSpec): Record<string, unknown> => ({ spec: { template: { ...template, $patch: 'replace' } } });

/** The template a revision's data restores (the inverse of `revisionData`). */
export const templateOfRevision = (revision: ControllerRevision): PodTemplateSpec | undefined => {
  const template = (revision.data as { spec?: { template?: Record<string, unknown> } } | undefined)?.spec?.template;
  if (template === undefined) return undefined;
  const { $patch: _patch, ...rest } = template;
  return rest as PodTemplateSpec;
};

export interface RevisionOwner {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string | undefined; readonly uid?: string | undefined };
}

export const controllerRefTo = (owner: RevisionOwner): OwnerReference => ({
  apiVersion: owner.apiVersion,
  kind: owner.kind,
  name: owner.metadata.name,
  uid: owner.metadata.uid ?? '',
  controller: true,
  blockOwnerDeletion: true,
});

/**
 * upstream NewControllerRevision: a revision of `owner` holding `template`, labelled with
 * the owner's selector labels (`labels`) and the hash, named `<owner>-<hash>`.
 */
export const newControllerRevision = (
  owner: RevisionOwner,
  template: PodTemplateSpec,
  revision: number,
  labels: Readonly<Record<string, string>>,
  collisionCount?: number,
): KubeObject => {
  const data = revisionData(template);
  const hash = templateHash(data, collisionCount);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(owner.metadata.name, hash),
      ...(owner.metadata.namespace === undefined ? {} : { namespace: owner.metadata.namespace }),
      labels: { ...labels, [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ownerReferences: [controllerRefTo(owner)],
    },
    data,
    revision,
  };
};

/** The hash a revision was named with (its label). */
export const hashOfRevision = (revision: ControllerRevision): string => revision.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '';

/** The owner's ControllerRevisions, oldest first (upstream SortControllerRevisions: revision, then name). */
export const revisionsOwnedBy = (state: ClusterState, ownerUid: string): ControllerRevision[] =>
  (dependentsOf(state, ownerUid).filter((o) => o.kind === 'ControllerRevision' && o.metadata.ownerReferences?.some((r) => r.uid === ownerUid && r.controller === true)) as unknown as ControllerRevision[]).sort(
    (a, b) => (a.revision ?? 0) - (b.revision ?? 0) || compareStrings(a.metadata.name, b.metadata.name),
  );

/** upstream nextRevision: one more than the highest (1 for none). */
export const nextRevision = (revisions: readonly ControllerRevision[]): number =>
  revisions.reduce((max, r) => Math.max(max, r.revision ?? 0), 0) + 1;

/** upstream FindEqualRevisions: the revisions whose data equals this data. */
export const equalRevisions = (revisions: readonly ControllerRevision[], data: unknown): ControllerRevision[] => {
  const wanted = canonicalJson(data);
  return revisions.filter((r) => canonicalJson(r.data) === wanted);
};
