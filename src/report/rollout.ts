/**
 * `kubectl rollout history` and `kubectl rollout status` on a state (k8s.io/kubectl
 * pkg/cmd/rollout/rollout_{history,status}.go, pkg/polymorphichelpers/{history,
 * rollout_status}.go, v0.34), worded and padded as kubectl prints them.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import type { KindInfo } from '../api/kinds.js';
import { qualifiedKind } from '../api/kinds.js';
import type { KubeObject } from '../api/meta.js';
import type { ClusterState } from '../state/state.js';
import { groupKind } from '../scenario/kubectl.js';
import { CHANGE_CAUSE_ANNOTATION, HISTORY_KINDS, revisionsOf } from '../scenario/revisions.js';
import { describePodTemplate } from './rollout-template.js';

// -------------------------------------------------------------------------------------
// history
// -------------------------------------------------------------------------------------

/** `deployment.apps/web`: kubectl's name printer. */
const nameOf = (info: KindInfo, o: KubeObject): string => `${qualifiedKind(info.kind.toLowerCase(), info.apiVersion)}/${o.metadata.name}`;

/** upstream tabbedString: text/tabwriter with minwidth 0, tabwidth 8, padding 2, spaces. */
const tabbed = (rows: readonly (readonly string[])[]): string => {
  const width = rows.reduce((w, r) => Math.max(w, (r[0] ?? '').length), 0);
  return rows.map((r) => `${(r[0] ?? '').padEnd(width + 2)}${r[1] ?? ''}\n`).join('');
};

/**
 * The history viewer's text for one workload: the REVISION / CHANGE-CAUSE table, or the
 * pod template of `revision` (> 0). Left: kubectl's error.
 */
export const viewHistory = (state: ClusterState, workload: KubeObject, revision: number): Either<string, string> => {
  if (!HISTORY_KINDS.includes(workload.kind)) return left(`no history viewer has been implemented for ${JSON.stringify(groupKind(workload.kind))}`);
  const revisions = revisionsOf(state, workload);
  if (revisions.length === 0) return right('No rollout history found.');
  if (revision > 0) {
    const found = revisions.find((r) => r.revision === revision);
    if (found === undefined) return left('unable to find the specified revision');
    // upstream: a Deployment's change-cause is the ReplicaSet's annotation, copied into the template it prints
    const cause = found.holder.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION];
    const template = workload.kind === 'Deployment' && cause !== undefined && cause !== '' ? { ...found.template, metadata: { ...found.template.metadata, annotations: { ...found.template.metadata?.annotations, [CHANGE_CAUSE_ANNOTATION]: cause } } } : found.template;
    return right(describePodTemplate(template));
  }
  const rows = [['REVISION', 'CHANGE-CAUSE'], ...revisions.map((r) => [String(r.revision), r.holder.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION] || '<none>'])];
  return right(tabbed(rows));
};

/** What `kubectl rollout history` prints on stdout: the name printer with the history as its operation. */
export const historyOutput = (info: KindInfo, workload: KubeObject, revision: number, history: string): string =>
  `${nameOf(info, workload)} ${revision > 0 ? `with revision #${revision}` : ''}\n${history}\n`;

// -------------------------------------------------------------------------------------
// status
// -------------------------------------------------------------------------------------

export interface RolloutStatus {
  /** The line kubectl prints (with its newline), when it prints one. */
  readonly message: string;
  readonly done: boolean;
  /** kubectl's error (exit 1), e.g. a progress deadline exceeded. */
  readonly error?: string;
}

interface Workload {
  readonly metadata: { readonly name: string; readonly generation?: number };
  readonly spec?: { readonly replicas?: number; readonly updateStrategy?: { readonly type?: string; readonly rollingUpdate?: { readonly partition?: number } } };
  readonly status?: Readonly<Record<string, unknown>>;
}

const n = (status: Readonly<Record<string, unknown>> | undefined, field: string): number => (typeof status?.[field] === 'number' ? (status[field] as number) : 0);

/** upstream DeploymentStatusViewer. */
const deploymentStatus = (d: Workload): RolloutStatus => {
  const name = JSON.stringify(d.metadata.name);
  const s = d.status;
  if ((d.metadata.generation ?? 0) > n(s, 'observedGeneration')) return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
  const conditions = (s?.['conditions'] as readonly { type: string; reason?: string }[] | undefined) ?? [];
  if (conditions.some((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded')) return { message: '', done: false, error: `deployment ${name} exceeded its progress deadline` };
  const replicas = d.spec?.replicas;
  const updated = n(s, 'updatedReplicas');
  if (replicas !== undefined && updated < replicas) return { message: `Waiting for deployment ${name} rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`, done: false };
  if (n(s, 'replicas') > updated) return { message: `Waiting for deployment ${name} rollout to finish: ${n(s, 'replicas') - updated} old replicas are pending termination...\n`, done: false };
  if (n(s, 'availableReplicas') < updated) return { message: `Waiting for deployment ${name} rollout to finish: ${n(s, 'availableReplicas')} of ${updated} updated replicas are available...\n`, done: false };
  return { message: `deployment ${name} successfully rolled out\n`, done: true };
};

/** upstream DaemonSetStatusViewer. */
const daemonSetStatus = (ds: Workload): RolloutStatus => {
  const name = JSON.stringify(ds.metadata.name);
  const s = ds.status;
  if (ds.spec?.updateStrategy?.type !== 'RollingUpdate') return { message: '', done: true, error: 'rollout status is only available for RollingUpdate strategy type' };
  if ((ds.metadata.generation ?? 0) > n(s, 'observedGeneration')) return { message: 'Waiting for daemon set spec update to be observed...\n', done: false };
  const desired = n(s, 'desiredNumberScheduled');
  if (n(s, 'updatedNumberScheduled') < desired) return { message: `Waiting for daemon set ${name} rollout to finish: ${n(s, 'updatedNumberScheduled')} out of ${desired} new pods have been updated...\n`, done: false };
  if (n(s, 'numberAvailable') < desired) return { message: `Waiting for daemon set ${name} rollout to finish: ${n(s, 'numberAvailable')} of ${desired} updated pods are available...\n`, done: false };
  return { message: `daemon set ${name} successfully rolled out\n`, done: true };
};

/** upstream StatefulSetStatusViewer (a defaulted RollingUpdate always has rollingUpdate, so the partition branch decides). */
const statefulSetStatus = (sts: Workload): RolloutStatus => {
  const s = sts.status;
  const strategy = sts.spec?.updateStrategy;
  if (strategy?.type !== 'RollingUpdate') return { message: '', done: true, error: 'rollout status is only available for RollingUpdate strategy type' };
  if (n(s, 'observedGeneration') === 0 || (sts.metadata.generation ?? 0) > n(s, 'observedGeneration')) return { message: 'Waiting for statefulset spec update to be observed...\n', done: false };
  const replicas = sts.spec?.replicas;
  if (replicas !== undefined && n(s, 'readyReplicas') < replicas) return { message: `Waiting for ${replicas - n(s, 'readyReplicas')} pods to be ready...\n`, done: false };
  const updated = n(s, 'updatedReplicas');
  if (strategy.rollingUpdate !== undefined) {
    const partition = strategy.rollingUpdate.partition;
    if (replicas !== undefined && partition !== undefined && updated < replicas - partition) {
      return { message: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...\n`, done: false };
    }
    return { message: `partitioned roll out complete: ${updated} new pods have been updated...\n`, done: true };
  }
  const updateRevision = String(s?.['updateRevision'] ?? '');
  if (updateRevision !== String(s?.['currentRevision'] ?? '')) return { message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${updateRevision}...\n`, done: false };
  return { message: `statefulset rolling update complete ${n(s, 'currentReplicas')} pods at revision ${updateRevision}...\n`, done: true };
};

/** The status viewer's verdict on one object; Left when kubectl has no viewer for its kind. */
export const rolloutStatus = (o: KubeObject): Either<string, RolloutStatus> => {
  const w = o as unknown as Workload;
  switch (o.kind) {
    case 'Deployment':
      return right(deploymentStatus(w));
    case 'DaemonSet':
      return right(daemonSetStatus(w));
    case 'StatefulSet':
      return right(statefulSetStatus(w));
    default:
      return left(`no status viewer has been implemented for ${groupKind(o.kind)}`);
  }
};
