/**
 * The API server's rules for the workload kinds, in one list for admission to register:
 * ReplicaSet, ReplicationController, Deployment, DaemonSet (workload-apps.ts), StatefulSet,
 * ControllerRevision (workload-statefulset.ts), Job and CronJob (workload-batch.ts).
 * Pod and PodTemplate are in pod.ts (POD_RULES).
 */
import type { KindRules } from './rules.js';
import { APPS_RULES } from './workload-apps.js';
import { BATCH_RULES } from './workload-batch.js';
import { STATEFUL_RULES } from './workload-statefulset.js';

export const WORKLOAD_RULES: readonly KindRules[] = [...APPS_RULES, ...STATEFUL_RULES, ...BATCH_RULES];
