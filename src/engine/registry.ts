/**
 * The controllers of a simulated cluster, in the order each settle round runs them.
 * Any order is a valid interleaving of Kubernetes' concurrent controllers; a fixed one
 * keeps runs reproducible.
 */
import { garbageCollector } from '../controllers/garbagecollector.js';
import { namespaceController } from '../controllers/namespace.js';
import { replicaSetController } from '../controllers/replicaset.js';
import { serviceAccountController } from '../controllers/serviceaccount.js';
import { schedulerController } from '../scheduler/scheduler.js';
import type { Profile } from '../scheduler/types.js';
import type { Controller } from '../state/controller.js';
import type { KubeletConfig } from '../world/kubelet.js';
import { kubeletController } from '../world/kubelet.js';

export interface ClusterConfig {
  readonly kubelet: KubeletConfig;
  /** The scheduler's profiles (default: `defaultProfile`). */
  readonly schedulerProfiles?: readonly Profile[];
}

export const defaultControllers = (config: ClusterConfig): readonly Controller[] => [
  replicaSetController,
  garbageCollector,
  namespaceController,
  serviceAccountController,
  schedulerController(config.schedulerProfiles),
  kubeletController(config.kubelet),
];
