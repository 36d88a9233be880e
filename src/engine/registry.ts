/**
 * The controllers of a simulated cluster, in the order each settle round runs them.
 * Any order is a valid interleaving of Kubernetes' concurrent controllers; a fixed one
 * keeps runs reproducible.
 */
import { cronJobController } from '../controllers/cronjob.js';
import { daemonSetController } from '../controllers/daemonset.js';
import { garbageCollector } from '../controllers/garbagecollector.js';
import { jobController } from '../controllers/job.js';
import { namespaceController } from '../controllers/namespace.js';
import { podGarbageCollector } from '../controllers/podgc.js';
import { deploymentController } from '../controllers/deployment.js';
import { replicaSetController, replicationControllerController } from '../controllers/replicaset.js';
import { serviceAccountController } from '../controllers/serviceaccount.js';
import { statefulSetController } from '../controllers/statefulset.js';
import { ttlAfterFinishedController } from '../controllers/ttlafterfinished.js';
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
  deploymentController,
  replicaSetController,
  replicationControllerController,
  statefulSetController,
  cronJobController,
  jobController,
  ttlAfterFinishedController,
  daemonSetController,
  garbageCollector,
  podGarbageCollector,
  namespaceController,
  serviceAccountController,
  schedulerController(config.schedulerProfiles),
  kubeletController(config.kubelet),
];
