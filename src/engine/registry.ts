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
import type { Controller } from '../state/controller.js';
import type { KubeletConfig } from '../world/kubelet.js';
import { kubeletController } from '../world/kubelet.js';

export interface ClusterConfig {
  readonly kubelet: KubeletConfig;
}

export const defaultControllers = (config: ClusterConfig): readonly Controller[] => [
  replicaSetController,
  garbageCollector,
  namespaceController,
  serviceAccountController,
  schedulerController(),
  kubeletController(config.kubelet),
];
