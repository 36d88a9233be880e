/**
 * Resizing and history (upstream sync.go: sync, scale, isScalingEvent, cleanupDeployment).
 * A resize in the middle of a rollout is shared out in proportion to each ReplicaSet's
 * size against the max-replicas it was last sized for; what rounding leaves over goes to
 * the first in upstream's order (the largest; newest first when growing, oldest first
 * when shrinking).
 */
import type { ReplicaSet } from '../api/replicaset.js';
import type { ClusterState } from '../state/state.js';
import { replicaSetsOf } from './deployment-replicasets.js';
import { syncDeploymentStatus } from './deployment-status.js';
import type { Sync } from './deployment-sync.js';
import {
  activeOnly,
  byCreation,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  desiredReplicasAnnotation,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  maxSurgeOf,
  proportionOf,
  replicasOf,
  specReplicas,
  sumSpec,
} from './deployment-util.js';

/** upstream isScalingEvent: an active ReplicaSet was sized for a different replicas count. */
export const isScalingEvent = (sync: Sync, state: ClusterState): boolean => {
  const { newRS, oldRSs } = replicaSetsOf(sync, state, false);
  const all = activeOnly(newRS === undefined ? oldRSs : [...oldRSs, newRS]);
  return all.some((rs) => {
    const desired = desiredReplicasAnnotation(rs);
    return desired !== undefined && desired !== replicasOf(sync.d);
  });
};

/** upstream sync: resize (no new ReplicaSet), clean up history while paused, then the counts. */
export const syncScaling = (sync: Sync, state: ClusterState): void => {
  const { newRS, oldRSs } = replicaSetsOf(sync, state, false);
  scale(sync, newRS, oldRSs);
  if (sync.d.spec.paused === true) cleanupDeployment(sync, currentOf(sync, oldRSs));
  const all = currentOf(sync, newRS === undefined ? oldRSs : [...oldRSs, newRS]);
  syncDeploymentStatus(sync, all, newRS === undefined ? undefined : sync.get(newRS.metadata.name));
};

const currentOf = (sync: Sync, rss: readonly ReplicaSet[]): ReplicaSet[] =>
  rss.map((rs) => sync.get(rs.metadata.name)).filter((rs): rs is ReplicaSet => rs !== undefined);

/** upstream FindActiveOrLatest: the one active ReplicaSet, or the newest if none is active; undefined for several. */
const activeOrLatest = (sync: Sync, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ReplicaSet | undefined => {
  const all = newRS === undefined ? [...oldRSs] : [...oldRSs, newRS];
  const active = activeOnly(all);
  if (active.length === 1) return active[0];
  if (active.length > 1 || all.length === 0) return undefined;
  // upstream: none active → the new one, else the newest old one
  return newRS ?? [...oldRSs].sort(byCreation(sync.nowMs))[oldRSs.length - 1];
};

/** upstream scale. */
export const scale = (sync: Sync, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): void => {
  const d = sync.d;
  const only = activeOrLatest(sync, newRS, oldRSs);
  if (only !== undefined) {
    sync.scale(only, replicasOf(d));
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const rs of activeOnly(oldRSs)) sync.scale(rs, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = activeOnly(newRS === undefined ? oldRSs : [...oldRSs, newRS]);
  const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurgeOf(d) : 0;
  const toAdd = allowed - sumSpec(all);
  const ordered = toAdd > 0 ? [...all].sort(bySizeNewer(sync.nowMs)) : toAdd < 0 ? [...all].sort(bySizeOlder(sync.nowMs)) : all;
  const sizes = new Map<string, number>();
  let added = 0;
  for (const rs of ordered) {
    const proportion = toAdd === 0 ? 0 : proportionOf(rs, d, toAdd, added);
    sizes.set(rs.metadata.name, specReplicas(rs) + proportion);
    added += proportion;
  }
  ordered.forEach((rs, i) => {
    let size = sizes.get(rs.metadata.name) ?? specReplicas(rs);
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
    sync.scaleAndAnnotate(rs, size);
  });
};

/**
 * upstream cleanupDeployment: beyond revisionHistoryLimit, old ReplicaSets go lowest
 * revision first, but only those fully scaled down and observed so (status.replicas 0,
 * observedGeneration current) and not already being deleted.
 */
export const cleanupDeployment = (sync: Sync, oldRSs: readonly ReplicaSet[]): void => {
  if (!hasRevisionHistoryLimit(sync.d)) return;
  const cleanable = oldRSs.filter((rs) => rs.metadata.deletionTimestamp === undefined);
  const diff = cleanable.length - (sync.d.spec.revisionHistoryLimit ?? 10);
  if (diff <= 0) return;
  const ordered = [...cleanable].sort(byRevision(sync.nowMs));
  for (const rs of ordered.slice(0, diff)) {
    const observed = (rs.status?.observedGeneration ?? 0) >= (rs.metadata.generation ?? 1);
    if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0 || !observed) continue;
    sync.delete(rs, 'DeletingOldReplicaSet');
  }
};
