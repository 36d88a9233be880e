/**
 * `kubectl describe` for the apps workloads and the ReplicationController, as kubectl 1.33
 * lays them out (k8s.io/kubectl pkg/describe/describe.go: describeDeployment,
 * describeReplicaSet, describeReplicationController, describeDaemonSet, describeStatefulSet),
 * through describe.ts' tabwriter. The Pod Template is rollout-template.ts' DescribePodTemplate,
 * the Events those of describe-events.ts.
 */
import type { KubeObject } from '../api/meta.js';
import type { Pod, PodTemplateSpec } from '../api/pod.js';
import type { ReplicaSet } from '../api/replicaset.js';
import type { DaemonSet, Deployment, StatefulSet, WorkloadCondition } from '../api/workloads.js';
import { formatQuantity, parseQuantity } from '../api/quantity.js';
import { findNewReplicaSet } from '../controllers/deployment-util.js';
import type { PodEvent } from './describe.js';
import { annotationsMultiline, labelsMultiline, rfc1123z, Writer, writeEvents } from './describe.js';
import { compareCodePoints } from './output.js';
import { describePodTemplate } from './rollout-template.js';
import { formatLabels, formatLabelSelector } from './table-cells.js';

/** What a describer needs besides the object: the pods and ReplicaSets at that instant, the derived Events. */
export interface Context {
  readonly pods: readonly Pod[];
  readonly replicaSets: readonly KubeObject[];
  readonly events: readonly PodEvent[];
  readonly nowMs: number;
}

// -------------------------------------------------------------------------------------
// shared sections
// -------------------------------------------------------------------------------------

/** upstream getPodStatusForController: the pods the object controls (by controller uid), by phase. */
export const podsStatus = (o: KubeObject, pods: readonly Pod[]): string => {
  const count = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 } as Record<string, number>;
  for (const p of pods) {
    const owner = p.metadata.ownerReferences?.find((r) => r.controller === true);
    if (owner === undefined || owner.uid !== o.metadata.uid) continue;
    const phase = p.status?.phase ?? '';
    if (phase in count) count[phase] = (count[phase] ?? 0) + 1;
  }
  return `${count['Running'] ?? 0} Running / ${count['Pending'] ?? 0} Waiting / ${count['Succeeded'] ?? 0} Succeeded / ${count['Failed'] ?? 0} Failed`;
};

/** upstream DescribePodTemplate, written into the same tabwriter as the rest (kubectl aligns it with the header). */
export const podTemplate = (w: Writer, template: PodTemplateSpec | undefined): void => {
  if (template === undefined) {
    w.write(0, 'Pod Template:\n');
    w.write(1, '<unset>');
    return;
  }
  w.write(0, describePodTemplate(template));
};

/** The Conditions table of Deployments, ReplicaSets and ReplicationControllers: `Type \tStatus\tReason`. */
export const conditionsTable = (w: Writer, conditions: readonly WorkloadCondition[] | undefined): void => {
  if (conditions === undefined || conditions.length === 0) return;
  w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(1, '----\t------\t------\n');
  for (const c of conditions) w.write(1, `${c.type} \t${c.status}\t${(c as { reason?: string }).reason ?? ''}\n`);
};

/** upstream printController: `Kind/name` of the controlling owner. */
export const controlledBy = (w: Writer, o: KubeObject): void => {
  const owner = o.metadata.ownerReferences?.find((r) => r.controller === true);
  if (owner !== undefined) w.write(0, `Controlled By:\t${owner.kind}/${owner.name}\n`);
};

/** Go's IntOrString.String(). */
const intOrString = (v: number | string | undefined): string => (v === undefined ? '0' : String(v));

// -------------------------------------------------------------------------------------
// Deployment
// -------------------------------------------------------------------------------------

/** upstream printReplicaSetsByLabels: `name (status/spec replicas created)`, comma-separated. */
const replicaSetList = (list: readonly ReplicaSet[]): string =>
  list.length === 0 ? '<none>' : list.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec.replicas ?? 1} replicas created)`).join(', ');

export const describeDeployment = (d: Deployment, ctx: Context): string => {
  const w = new Writer();
  const { spec, status, metadata: m } = d;
  w.write(0, `Name:\t${m.name}\n`);
  w.write(0, `Namespace:\t${m.namespace ?? ''}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(m.creationTimestamp)}\n`);
  labelsMultiline(w, 'Labels', m.labels);
  annotationsMultiline(w, m.annotations);
  w.write(0, `Selector:\t${formatLabelSelector(spec.selector)}\n`);
  w.write(0, `Replicas:\t${spec.replicas ?? 1} desired | ${status?.updatedReplicas ?? 0} updated | ${status?.replicas ?? 0} total | ${status?.availableReplicas ?? 0} available | ${status?.unavailableReplicas ?? 0} unavailable\n`);
  w.write(0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`);
  w.write(0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
  const ru = spec.strategy?.rollingUpdate;
  if (ru !== undefined) w.write(0, `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable)} max unavailable, ${intOrString(ru.maxSurge)} max surge\n`);
  podTemplate(w, spec.template);
  conditionsTable(w, status?.conditions);
  // upstream GetAllReplicaSets: the ReplicaSets the Deployment controls; the new one has its template
  const owned = (ctx.replicaSets as unknown as ReplicaSet[]).filter((rs) => rs.metadata.ownerReferences?.some((r) => r.controller === true && r.uid === m.uid));
  const newRS = findNewReplicaSet(d, owned, ctx.nowMs);
  const old = owned.filter((rs) => rs !== newRS);
  if (owned.length > 0) {
    w.write(0, `OldReplicaSets:\t${replicaSetList(old)}\n`);
    w.write(0, `NewReplicaSet:\t${replicaSetList(newRS === undefined ? [] : [newRS])}\n`);
  }
  writeEvents(w, ctx.events, ctx.nowMs);
  return w.done();
};

// -------------------------------------------------------------------------------------
// ReplicaSet and ReplicationController
// -------------------------------------------------------------------------------------

export const describeReplicaSet = (rs: ReplicaSet, ctx: Context): string => {
  const w = new Writer();
  const m = rs.metadata;
  w.write(0, `Name:\t${m.name}\n`);
  w.write(0, `Namespace:\t${m.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${formatLabelSelector(rs.spec.selector)}\n`);
  labelsMultiline(w, 'Labels', m.labels);
  annotationsMultiline(w, m.annotations);
  controlledBy(w, rs as unknown as KubeObject);
  w.write(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec.replicas ?? 1} desired\n`);
  w.write(0, `Pods Status:\t${podsStatus(rs as unknown as KubeObject, ctx.pods)}\n`);
  podTemplate(w, rs.spec.template);
  conditionsTable(w, (rs.status as { conditions?: WorkloadCondition[] } | undefined)?.conditions);
  writeEvents(w, ctx.events, ctx.nowMs);
  return w.done();
};

interface ReplicationControllerView extends KubeObject {
  readonly spec?: { readonly replicas?: number; readonly selector?: Readonly<Record<string, string>>; readonly template?: PodTemplateSpec };
  readonly status?: { readonly replicas?: number; readonly conditions?: WorkloadCondition[] };
}

/** upstream describeReplicationController: Selector before Labels, and no Controlled By. */
export const describeReplicationController = (o: KubeObject, ctx: Context): string => {
  const rc = o as ReplicationControllerView;
  const w = new Writer();
  w.write(0, `Name:\t${rc.metadata.name}\n`);
  w.write(0, `Namespace:\t${rc.metadata.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${formatLabels(rc.spec?.selector)}\n`);
  labelsMultiline(w, 'Labels', rc.metadata.labels);
  annotationsMultiline(w, rc.metadata.annotations);
  w.write(0, `Replicas:\t${rc.status?.replicas ?? 0} current / ${rc.spec?.replicas ?? 1} desired\n`);
  w.write(0, `Pods Status:\t${podsStatus(rc, ctx.pods)}\n`);
  podTemplate(w, rc.spec?.template);
  conditionsTable(w, rc.status?.conditions);
  writeEvents(w, ctx.events, ctx.nowMs);
  return w.done();
};

// -------------------------------------------------------------------------------------
// DaemonSet
// -------------------------------------------------------------------------------------

/** upstream describeDaemonSet: the node counts are written without a tab, so they are not aligned. */
export const describeDaemonSet = (ds: DaemonSet, ctx: Context): string => {
  const w = new Writer();
  const { spec, status, metadata: m } = ds;
  w.write(0, `Name:\t${m.name}\n`);
  w.write(0, `Namespace:\t${m.namespace ?? ''}\n`);
  w.write(0, `Selector:\t${formatLabelSelector(spec.selector)}\n`);
  w.write(0, `Node-Selector:\t${formatLabels(spec.template?.spec?.nodeSelector)}\n`);
  labelsMultiline(w, 'Labels', m.labels);
  annotationsMultiline(w, m.annotations);
  w.write(0, `Desired Number of Nodes Scheduled: ${status?.desiredNumberScheduled ?? 0}\n`);
  w.write(0, `Current Number of Nodes Scheduled: ${status?.currentNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${status?.updatedNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Available Pods: ${status?.numberAvailable ?? 0}\n`);
  w.write(0, `Number of Nodes Misscheduled: ${status?.numberMisscheduled ?? 0}\n`);
  w.write(0, `Pods Status:\t${podsStatus(ds as unknown as KubeObject, ctx.pods)}\n`);
  podTemplate(w, spec.template);
  writeEvents(w, ctx.events, ctx.nowMs);
  return w.done();
};

// -------------------------------------------------------------------------------------
// StatefulSet
// -------------------------------------------------------------------------------------

interface ClaimTemplate {
  readonly metadata?: { readonly name?: string; readonly labels?: Readonly<Record<string, string>>; readonly annotations?: Readonly<Record<string, string>> };
  readonly spec?: { readonly storageClassName?: string; readonly accessModes?: readonly string[]; readonly resources?: { readonly requests?: Readonly<Record<string, unknown>> } };
}

/** upstream printLabelsMultilineWithIndent with initial indent "  " and inner indent "\t". */
const indentedMap = (w: Writer, title: string, map: Readonly<Record<string, string>> | undefined): void => {
  w.write(0, `  ${title}:\t`);
  const keys = Object.keys(map ?? {}).sort(compareCodePoints);
  if (keys.length === 0) w.write(0, '<none>\n');
  keys.forEach((k, i) => w.write(0, `${i === 0 ? '' : '  \t'}${k}=${map?.[k] ?? ''}\n`));
};

/** Quantity.String(): the canonical form (`1024Mi` prints `1Gi`). */
const canonical = (v: unknown): string => {
  const q = typeof v === 'string' || typeof v === 'number' ? parseQuantity(v) : undefined;
  return q?._tag === 'Right' ? formatQuantity(q.right) : String(v);
};

/** upstream describeVolumeClaimTemplates; access modes print as Go prints a slice: `[ReadWriteOnce]`. */
const volumeClaims = (w: Writer, templates: readonly ClaimTemplate[]): void => {
  if (templates.length === 0) {
    w.write(0, 'Volume Claims:\t<none>\n');
    return;
  }
  w.write(0, 'Volume Claims:\n');
  for (const t of templates) {
    w.write(1, `Name:\t${t.metadata?.name ?? ''}\n`);
    // upstream GetPersistentVolumeClaimClass: the beta annotation first, then the field
    w.write(1, `StorageClass:\t${t.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? t.spec?.storageClassName ?? ''}\n`);
    indentedMap(w, 'Labels', t.metadata?.labels);
    indentedMap(w, 'Annotations', t.metadata?.annotations);
    const storage = t.spec?.resources?.requests?.['storage'];
    w.write(1, `Capacity:\t${storage === undefined ? '<default>' : canonical(storage)}\n`);
    w.write(1, `Access Modes:\t[${(t.spec?.accessModes ?? []).join(' ')}]\n`);
  }
};

export const describeStatefulSet = (sts: StatefulSet, ctx: Context): string => {
  const w = new Writer();
  const { spec, status, metadata: m } = sts;
  w.write(0, `Name:\t${m.name}\n`);
  w.write(0, `Namespace:\t${m.namespace ?? ''}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(m.creationTimestamp)}\n`);
  w.write(0, `Selector:\t${formatLabelSelector(spec.selector)}\n`);
  labelsMultiline(w, 'Labels', m.labels);
  annotationsMultiline(w, m.annotations);
  if (spec.serviceName) w.write(0, `Service Name:\t${spec.serviceName}\n`);
  if (spec.podManagementPolicy) w.write(0, `Pod Management Policy:\t${spec.podManagementPolicy}\n`);
  w.write(0, `Replicas:\t${spec.replicas ?? 1} desired | ${status?.replicas ?? 0} total\n`);
  w.write(0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}\n`);
  const ru = spec.updateStrategy?.rollingUpdate;
  if (ru?.partition !== undefined) {
    w.write(1, `Partition:\t${ru.partition}\n`);
    if (ru.maxUnavailable !== undefined) w.write(1, `MaxUnavailable:\t${intOrString(ru.maxUnavailable)}\n`);
  }
  const retention = spec.persistentVolumeClaimRetentionPolicy;
  if (retention !== undefined) {
    w.write(0, 'Persistent Volume Claim Retention Policy:\n');
    w.write(1, `WhenDeleted:\t${retention.whenDeleted ?? ''}\n`);
    w.write(1, `WhenScaled:\t${retention.whenScaled ?? ''}\n`);
  }
  w.write(0, `Pods Status:\t${podsStatus(sts as unknown as KubeObject, ctx.pods)}\n`);
  podTemplate(w, spec.template);
  volumeClaims(w, (spec.volumeClaimTemplates ?? []) as readonly ClaimTemplate[]);
  writeEvents(w, ctx.events, ctx.nowMs);
  return w.done();
};
