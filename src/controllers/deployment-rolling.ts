/**
 * The two rollout strategies (upstream rolling.go and recreate.go). Each step works on
 * the sync's working copies and stops where upstream returns early, so one sync makes
 * one kind of move: scale the new ReplicaSet up, or scale old ones down.
 */
import type { Pod } from '../api/pod.js';
import type { ReplicaSet } from '../api/replicaset.js';
import { podsOwnedBy } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';
import { cleanupDeployment } from './deployment-scale.js';
import { replicaSetsOf } from './deployment-replicasets.js';
import { syncRolloutStatus } from './deployment-status.js';
import type { Sync } from './deployment-sync.js';
import { activeOnly, byCreation, deploymentComplete, maxUnavailableOf, newRSNewReplicas, replicasOf, specReplicas, sumSpec, sumStatus } from './deployment-util.js';

// -------------------------------------------------------------------------------------
// RollingUpdate
// -------------------------------------------------------------------------------------

/** upstream rolloutRolling. */
export const rolloutRolling = (sync: Sync, state: ClusterState): void => {
  const { newRS, oldRSs } = replicaSetsOf(sync, state, true);
  if (newRS === undefined) return; // a hash collision: collisionCount went up, look again
  const scaledUp = reconcileNewReplicaSet(sync, newRS);
  if (!scaledUp && !reconcileOldReplicaSets(sync, activeOnly(current(sync, oldRSs)), current(sync, [newRS])[0] ?? newRS)) {
    if (deploymentComplete(sync.d, sync.status)) cleanupDeployment(sync, current(sync, oldRSs));
  }
  const now = current(sync, [newRS, ...oldRSs]);
  syncRolloutStatus(sync, now, now[0]);
};

/** The working copies of these ReplicaSets (a deleted one is left out). */
const current = (sync: Sync, rss: readonly ReplicaSet[]): ReplicaSet[] =>
  rss.map((rs) => sync.get(rs.metadata.name)).filter((rs): rs is ReplicaSet => rs !== undefined);

/** upstream reconcileNewReplicaSet: down to replicas if above it, else up by what surge allows. */
const reconcileNewReplicaSet = (sync: Sync, newRS: ReplicaSet): boolean => {
  const r = replicasOf(sync.d);
  if (specReplicas(newRS) === r) return false;
  if (specReplicas(newRS) > r) return sync.scale(newRS, r);
  return sync.scale(newRS, newRSNewReplicas(sync.d, sync.all(), newRS));
};

/**
 * upstream reconcileOldReplicaSets: at most `Σspec − minAvailable − (new.spec − new.available)`
 * pods go, unhealthy ones first (cleanupUnhealthyReplicas), then healthy ones while the
 * available count stays above minAvailable (scaleDownOldReplicaSetsForRollingUpdate).
 */
const reconcileOldReplicaSets = (sync: Sync, oldRSs: readonly ReplicaSet[], newRS: ReplicaSet): boolean => {
  if (sumSpec(oldRSs) === 0) return false;
  const minAvailable = replicasOf(sync.d) - maxUnavailableOf(sync.d);
  const newUnavailable = specReplicas(newRS) - available(newRS);
  const maxScaledDown = sumSpec(sync.all()) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(sync, oldRSs, maxScaledDown);
  const scaled = scaleDownOldForRollingUpdate(sync, current(sync, oldRSs), newRS, minAvailable);
  return cleaned + scaled > 0;
};

/**
 * An old ReplicaSet's available pods as the rollout may count them. kubesim's ReplicaSet
 * status can lag by one settle round behind a scale-down it has just carried out (its
 * status is computed from the pods it saw before deleting, as upstream's is); counting at
 * most spec.replicas keeps the maxUnavailable bound where upstream relies on wall-clock
 * delays between the two controllers.
 */
const available = (rs: ReplicaSet): number => Math.min(rs.status?.availableReplicas ?? 0, specReplicas(rs));

const cleanupUnhealthyReplicas = (sync: Sync, oldRSs: readonly ReplicaSet[], maxCleanup: number): number => {
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation(sync.nowMs))) {
    if (total >= maxCleanup) break;
    const size = specReplicas(rs);
    if (size === 0 || size === available(rs)) continue;
    const down = Math.min(maxCleanup - total, size - available(rs));
    sync.scale(rs, size - down);
    total += down;
  }
  return total;
};

const scaleDownOldForRollingUpdate = (sync: Sync, oldRSs: readonly ReplicaSet[], newRS: ReplicaSet, minAvailable: number): number => {
  const availableCount = [...oldRSs, newRS].reduce((n, rs) => n + available(rs), 0);
  if (availableCount <= minAvailable) return 0;
  const target = availableCount - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation(sync.nowMs))) {
    if (total >= target) break;
    const size = specReplicas(rs);
    if (size === 0) continue;
    const down = Math.min(size, target - total);
    sync.scale(rs, size - down);
    total += down;
  }
  return total;
};

// -------------------------------------------------------------------------------------
// Recreate
// -------------------------------------------------------------------------------------

/** upstream rolloutRecreate: old ReplicaSets to 0, wait until no old pod runs, then the new one to replicas. */
export const rolloutRecreate = (sync: Sync, state: ClusterState): void => {
  const found = replicaSetsOf(sync, state, false);
  let { newRS } = found;
  const { oldRSs } = found;
  let scaledDown = false;
  for (const rs of activeOnly(oldRSs)) scaledDown = sync.scale(rs, 0) || scaledDown;
  if (!scaledDown && !oldPodsRunning(state, newRS, current(sync, oldRSs))) {
    newRS ??= replicaSetsOf(sync, state, true).newRS;
    if (newRS !== undefined) {
      sync.scale(newRS, replicasOf(sync.d));
      if (deploymentComplete(sync.d, sync.status)) cleanupDeployment(sync, current(sync, oldRSs));
    }
  }
  const now = current(sync, newRS === undefined ? oldRSs : [newRS, ...oldRSs]);
  syncRolloutStatus(sync, now, newRS === undefined ? undefined : now[0]);
};

/** upstream oldPodsRunning: an old ReplicaSet reports pods, or any old pod is not yet terminal (terminating ones count). */
const oldPodsRunning = (state: ClusterState, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): boolean => {
  if (sumStatus(oldRSs, 'replicas') > 0) return true;
  return oldRSs.some(
    (rs) => rs.metadata.name !== newRS?.metadata.name && podsOwnedBy(state, rs.metadata.uid ?? '').some((p: Pod) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded'),
  );
};
