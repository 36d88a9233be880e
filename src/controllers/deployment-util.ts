/**
 * The Deployment controller's arithmetic and lookups (upstream
 * pkg/controller/deployment/util/deployment_util.go and the ReplicaSet orderings of
 * pkg/controller/controller_utils.go). Pure functions over plain objects.
 */
import type { IntOrString } from '../api/pod.js';
import type { ReplicaSet } from '../api/replicaset.js';
import { simMsOf } from '../api/time.js';
import type { Deployment, DeploymentStatus, WorkloadCondition } from '../api/workloads.js';
import { compareStrings } from '../state/queries.js';
import { canonicalJson, POD_TEMPLATE_HASH_LABEL } from './history.js';

// -------------------------------------------------------------------------------------
// names
// -------------------------------------------------------------------------------------

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
const DEPRECATED_ROLLBACK_TO = 'deprecated.deployment.rollback.to';

/** upstream annotationsToSkip: what a Deployment does not pass on to its ReplicaSets. */
const ANNOTATIONS_TO_SKIP = new Set([LAST_APPLIED_ANNOTATION, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, DEPRECATED_ROLLBACK_TO]);

/** upstream: the revision-history annotation is kept under this many characters (the controller flag's default). */
export const MAX_REVISION_HISTORY_CHARS = 2000;

export const REASON = {
  replicaSetUpdated: 'ReplicaSetUpdated',
  newReplicaSetCreated: 'NewReplicaSetCreated',
  foundNewReplicaSet: 'FoundNewReplicaSet',
  newReplicaSetAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  minimumReplicasAvailable: 'MinimumReplicasAvailable',
  minimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

/** upstream math.MaxInt32: "no deadline" / "keep every revision". */
const MAX_INT32 = 2147483647;

// -------------------------------------------------------------------------------------
// strategy arithmetic
// -------------------------------------------------------------------------------------

export const replicasOf = (d: Deployment): number => d.spec.replicas ?? 1;
export const isRollingUpdate = (d: Deployment): boolean => (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

/** upstream intstr.GetScaledValueFromIntOrPercent: percentages round up or down, integers as they are. */
export const scaledValue = (v: IntOrString | undefined, total: number, roundUp: boolean): number => {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (m === null) return Number.isInteger(Number(v)) ? Number(v) : 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
};

/** upstream ResolveFenceposts: surge rounds up, unavailable down; both 0 → unavailable 1. */
export const resolveFenceposts = (maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): { surge: number; unavailable: number } => {
  const surge = scaledValue(maxSurge, desired, true);
  const unavailable = scaledValue(maxUnavailable, desired, false);
  return surge === 0 && unavailable === 0 ? { surge, unavailable: 1 } : { surge, unavailable };
};

/** upstream MaxSurge: 0 unless RollingUpdate. */
export const maxSurgeOf = (d: Deployment): number =>
  isRollingUpdate(d) ? resolveFenceposts(d.spec.strategy?.rollingUpdate?.maxSurge, d.spec.strategy?.rollingUpdate?.maxUnavailable, replicasOf(d)).surge : 0;

/** upstream MaxUnavailable: 0 unless RollingUpdate with replicas > 0; at most replicas. */
export const maxUnavailableOf = (d: Deployment): number => {
  const r = replicasOf(d);
  if (!isRollingUpdate(d) || r === 0) return 0;
  return Math.min(r, resolveFenceposts(d.spec.strategy?.rollingUpdate?.maxSurge, d.spec.strategy?.rollingUpdate?.maxUnavailable, r).unavailable);
};

export const hasProgressDeadline = (d: Deployment): boolean => d.spec.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds !== MAX_INT32;
export const hasRevisionHistoryLimit = (d: Deployment): boolean => d.spec.revisionHistoryLimit !== undefined && d.spec.revisionHistoryLimit !== MAX_INT32;

// -------------------------------------------------------------------------------------
// ReplicaSets
// -------------------------------------------------------------------------------------

export const specReplicas = (rs: ReplicaSet): number => rs.spec.replicas ?? 1;

/** upstream Revision: the annotation as an integer, 0 when absent; undefined when it does not parse. */
export const revisionOf = (annotations: Readonly<Record<string, string>> | undefined): number | undefined => {
  const raw = annotations?.[REVISION_ANNOTATION];
  if (raw === undefined) return 0;
  return /^-?\d+$/.test(raw) ? Number(raw) : undefined;
};

/** upstream MaxRevision (unparseable revisions skipped). */
export const maxRevision = (rss: readonly ReplicaSet[]): number => rss.reduce((max, rs) => Math.max(max, revisionOf(rs.metadata.annotations) ?? 0), 0);

/** A template as compared by upstream EqualIgnoreHash: no hash label, and an empty label map is no map. */
const withoutHash = (template: unknown): unknown => {
  const t = (template ?? {}) as { metadata?: { labels?: Record<string, string> } };
  const { [POD_TEMPLATE_HASH_LABEL]: _hash, ...labels } = t.metadata?.labels ?? {};
  const { labels: _l, ...meta } = t.metadata ?? {};
  const metadata = Object.keys(labels).length === 0 ? meta : { ...meta, labels };
  return { ...t, metadata };
};

export const equalIgnoreHash = (a: unknown, b: unknown): boolean => canonicalJson(withoutHash(a)) === canonicalJson(withoutHash(b));

const createdMsOf = (rs: ReplicaSet, nowMs: number): number => (rs.metadata.creationTimestamp === undefined ? nowMs : simMsOf(rs.metadata.creationTimestamp));

/** upstream ReplicaSetsByCreationTimestamp: older first, then by name. */
export const byCreation = (nowMs: number) => (a: ReplicaSet, b: ReplicaSet): number =>
  createdMsOf(a, nowMs) - createdMsOf(b, nowMs) || compareStrings(a.metadata.name, b.metadata.name);

/** upstream ReplicaSetsBySizeNewer: larger first; equal sizes newer first (the reverse of byCreation). */
export const bySizeNewer = (nowMs: number) => (a: ReplicaSet, b: ReplicaSet): number => specReplicas(b) - specReplicas(a) || byCreation(nowMs)(b, a);

/** upstream ReplicaSetsBySizeOlder: larger first; equal sizes older first. */
export const bySizeOlder = (nowMs: number) => (a: ReplicaSet, b: ReplicaSet): number => specReplicas(b) - specReplicas(a) || byCreation(nowMs)(a, b);

/** upstream ReplicaSetsByRevision: lower revision first, then byCreation. */
export const byRevision = (nowMs: number) => (a: ReplicaSet, b: ReplicaSet): number =>
  (revisionOf(a.metadata.annotations) ?? 0) - (revisionOf(b.metadata.annotations) ?? 0) || byCreation(nowMs)(a, b);

/** upstream FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's, ignoring the hash. */
export const findNewReplicaSet = (d: Deployment, rss: readonly ReplicaSet[], nowMs: number): ReplicaSet | undefined =>
  [...rss].sort(byCreation(nowMs)).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));

export const sumSpec = (rss: readonly ReplicaSet[]): number => rss.reduce((n, rs) => n + specReplicas(rs), 0);
export const sumStatus = (rss: readonly ReplicaSet[], field: 'replicas' | 'readyReplicas' | 'availableReplicas'): number =>
  rss.reduce((n, rs) => n + (rs.status?.[field] ?? 0), 0);
export const activeOnly = (rss: readonly ReplicaSet[]): ReplicaSet[] => rss.filter((rs) => specReplicas(rs) > 0);

/** upstream NewRSNewReplicas: how far the new ReplicaSet may grow now. */
export const newRSNewReplicas = (d: Deployment, all: readonly ReplicaSet[], newRS: ReplicaSet): number => {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const maxTotal = replicasOf(d) + scaledValue(d.spec.strategy?.rollingUpdate?.maxSurge, replicasOf(d), true);
  const current = sumSpec(all);
  if (current >= maxTotal) return specReplicas(newRS);
  return specReplicas(newRS) + Math.min(maxTotal - current, replicasOf(d) - specReplicas(newRS));
};

const intAnnotation = (rs: ReplicaSet, key: string): number | undefined => {
  const raw = rs.metadata.annotations?.[key];
  return raw !== undefined && /^-?\d+$/.test(raw) ? Number(raw) : undefined;
};

export const desiredReplicasAnnotation = (rs: ReplicaSet): number | undefined => intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);

/** upstream IsSaturated: the new ReplicaSet holds (and makes available) every desired replica. */
export const isSaturated = (d: Deployment, rs: ReplicaSet | undefined): boolean =>
  rs !== undefined && desiredReplicasAnnotation(rs) === replicasOf(d) && specReplicas(rs) === replicasOf(d) && (rs.status?.availableReplicas ?? 0) === replicasOf(d);

/** upstream getReplicaSetFraction: this ReplicaSet's share of a resize, from its max-replicas annotation. */
const replicaSetFraction = (rs: ReplicaSet, d: Deployment): number => {
  if (replicasOf(d) === 0) return -specReplicas(rs);
  const deploymentReplicas = replicasOf(d) + maxSurgeOf(d);
  const annotated = intAnnotation(rs, MAX_REPLICAS_ANNOTATION) ?? d.status?.replicas ?? 0;
  if (annotated === 0) return 0;
  // upstream integer.RoundToInt32: round half away from zero (sizes are positive here)
  return Math.round((specReplicas(rs) * deploymentReplicas) / annotated) - specReplicas(rs);
};

/** upstream GetReplicaSetProportion: the share, never beyond what is left to add (or remove). */
export const proportionOf = (rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number => {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
};

/** upstream copyDeploymentAnnotationsToReplicaSet: every Deployment annotation but the skipped ones. */
export const copyDeploymentAnnotations = (d: Deployment, annotations: Readonly<Record<string, string>>): Record<string, string> => {
  const next = { ...annotations };
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) next[k] = v;
  return next;
};

// -------------------------------------------------------------------------------------
// conditions and progress
// -------------------------------------------------------------------------------------

/** A condition with upstream's field order (the stored JSON is compared byte for byte). */
export const condition = (type: string, status: string, reason: string, message: string, updateTime: string, transitionTime = updateTime): WorkloadCondition => ({
  type,
  status,
  lastUpdateTime: updateTime,
  lastTransitionTime: transitionTime,
  reason,
  message,
});

export const getCondition = (status: DeploymentStatus | undefined, type: string): WorkloadCondition | undefined => status?.conditions?.find((c) => c.type === type);

export const removeCondition = (status: DeploymentStatus, type: string): DeploymentStatus => {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  const { conditions: _c, ...others } = status;
  return rest.length === 0 ? others : { ...others, conditions: rest };
};

/** upstream SetDeploymentCondition: same status and reason → unchanged; same status → keep lastTransitionTime; the new one goes last. */
export const setCondition = (status: DeploymentStatus, c: WorkloadCondition): DeploymentStatus => {
  const current = getCondition(status, c.type);
  if (current !== undefined && current.status === c.status && current.reason === c.reason) return status;
  const next = current !== undefined && current.status === c.status ? { ...c, lastTransitionTime: current.lastTransitionTime ?? c.lastTransitionTime } : c;
  return { ...status, conditions: [...(status.conditions ?? []).filter((x) => x.type !== c.type), next] };
};

/** upstream DeploymentComplete. */
export const deploymentComplete = (d: Deployment, s: DeploymentStatus): boolean => {
  const r = replicasOf(d);
  return (s.updatedReplicas ?? 0) === r && (s.replicas ?? 0) === r && (s.availableReplicas ?? 0) === r && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 1);
};

/** upstream DeploymentProgressing: more updated, ready or available pods, or fewer old ones, than the stored status says. */
export const deploymentProgressing = (d: Deployment, s: DeploymentStatus): boolean => {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld || (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
};

/** upstream DeploymentTimedOut: the Progressing condition's lastUpdateTime is more than the deadline ago. */
export const deploymentTimedOut = (d: Deployment, s: DeploymentStatus, nowMs: number): boolean => {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, 'Progressing');
  if (c === undefined || c.reason === REASON.newReplicaSetAvailable) return false;
  if (c.reason === REASON.timedOut) return true;
  return simMsOf(c.lastUpdateTime ?? '') + (d.spec.progressDeadlineSeconds ?? 0) * 1000 < nowMs;
};
