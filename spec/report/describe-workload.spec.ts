import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import type { Pod } from '../../src/api/pod.js';
import { timestampAt } from '../../src/api/time.js';
import type { EventRecord } from '../../src/log/events.js';
import type { Context } from '../../src/report/describe-apps.js';
import { capIndexes } from '../../src/report/describe-batch.js';
import { workloadEvents } from '../../src/report/describe-events.js';
import { describeWorkload } from '../../src/report/describe-workload.js';

// -------------------------------------------------------------------------------------
// Fixtures: objects as kubesim's admission and controllers leave them, and the records a
// run writes about them. The expected texts are kubectl 1.33's layouts reconstructed from
// k8s.io/kubectl pkg/describe/describe.go (describeDeployment, describeJob, ...) printed
// through its tabwriter (padding 2).
// -------------------------------------------------------------------------------------

const s = (seconds: number): number => seconds * 1000;
const at = (seconds: number): string => timestampAt(s(seconds));
type E = EventRecord['event'];
const records = (...items: [seconds: number, actor: string, reason: string, event: E][]): EventRecord[] =>
  items.map(([seconds, actor, reason, event], i) => ({ seq: i + 1, timeMs: s(seconds), actor, reason, event }));
const obj = (o: object): KubeObject => o as KubeObject;
const owner = (kind: string, name: string, uid: string) => [{ apiVersion: 'apps/v1', kind, name, uid, controller: true, blockOwnerDeletion: true }];
const template = (labels: Record<string, string>, image: string) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'nginx', image, ports: [{ containerPort: 80, protocol: 'TCP' }] }] },
});
const ctx = (o: KubeObject, rs: readonly EventRecord[], nowMs: number, extra: Partial<Context> = {}): Context => ({
  pods: [], replicaSets: [], events: workloadEvents(o, rs, Number.MAX_SAFE_INTEGER), nowMs, ...extra,
});

const deploy = obj({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', uid: 'uid-d', creationTimestamp: at(0), labels: { app: 'web' }, annotations: { 'deployment.kubernetes.io/revision': '2' } },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }, 'nginx:1.28'),
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 1 } }, minReadySeconds: 0 },
  status: { replicas: 3, updatedReplicas: 3, availableReplicas: 3, unavailableReplicas: 0,
    conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }] },
});
const rs = (name: string, hash: string, image: string, replicas: number, current: number) => obj({
  apiVersion: 'apps/v1', kind: 'ReplicaSet',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: at(0), labels: { app: 'web', 'pod-template-hash': hash }, ownerReferences: owner('Deployment', 'web', 'uid-d') },
  spec: { replicas, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template: template({ app: 'web', 'pod-template-hash': hash }, image) },
  status: { replicas: current },
});
const oldRS = rs('web-6d4b8', '6d4b8', 'nginx:1.27', 3, 3);
const newRS = rs('web-7f9c2', '7f9c2', 'nginx:1.28', 0, 0);
const rollout = records(
  [0, 'deployment', 'ScalingReplicaSet', { type: 'ObjectCreated', object: oldRS }],
  [60, 'deployment', 'NewReplicaSetCreated', { type: 'ObjectCreated', object: newRS }],
  [60, 'deployment', 'ScalingReplicaSet', { type: 'ObjectScaled', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web-7f9c2', uid: 'uid-web-7f9c2' }, from: 0, replicas: 1 }],
  [60, 'deployment', 'ScalingReplicaSet', { type: 'ObjectScaled', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web-6d4b8', uid: 'uid-web-6d4b8' }, from: 3, replicas: 2 }],
  [75, 'deployment', 'ScalingReplicaSet', { type: 'ObjectScaled', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web-7f9c2', uid: 'uid-web-7f9c2' }, from: 1, replicas: 3 }],
  [90, 'deployment', 'ScalingReplicaSet', { type: 'ObjectScaled', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web-6d4b8', uid: 'uid-web-6d4b8' }, from: 2, replicas: 0 }],
);

describe('describe deployment', () => {
  it('prints kubectl\'s layout: header, Replicas line, strategy, Pod Template, Conditions, Old/NewReplicaSet and ScalingReplicaSet Events', () => {
    const done = [rs('web-6d4b8', '6d4b8', 'nginx:1.27', 0, 0), rs('web-7f9c2', '7f9c2', 'nginx:1.28', 3, 3)];
    const text = describeWorkload(deploy, ctx(deploy, rollout, s(180), { replicaSets: done }));
    expect(text).toBe(`Name:                   web
Namespace:              default
CreationTimestamp:      Wed, 01 Jan 2025 00:00:00 +0000
Labels:                 app=web
Annotations:            deployment.kubernetes.io/revision: 2
Selector:               app=web
Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 1 max surge
Pod Template:
  Labels:  app=web
  Containers:
   nginx:
    Image:         nginx:1.28
    Port:          80/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  web-6d4b8 (0/0 replicas created)
NewReplicaSet:   web-7f9c2 (3/3 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  3m    deployment-controller  Scaled up replica set web-6d4b8 to 3
  Normal  ScalingReplicaSet  2m    deployment-controller  Scaled up replica set web-7f9c2 to 1 from 0
  Normal  ScalingReplicaSet  2m    deployment-controller  Scaled down replica set web-6d4b8 to 2 from 3
  Normal  ScalingReplicaSet  105s  deployment-controller  Scaled up replica set web-7f9c2 to 3 from 1
  Normal  ScalingReplicaSet  90s   deployment-controller  Scaled down replica set web-6d4b8 to 0 from 2
`);
  });

  it('records no event for a ReplicaSet created at zero replicas, and ignores another Deployment\'s ReplicaSets', () => {
    const other = obj({ ...rs('api-1', '1', 'x', 2, 0), metadata: { name: 'api-1', namespace: 'default', uid: 'uid-api-1', ownerReferences: owner('Deployment', 'api', 'uid-api') } });
    const events = workloadEvents(deploy, [...rollout.slice(0, 2), ...records([61, 'deployment', 'ScalingReplicaSet', { type: 'ObjectCreated', object: other }])], 100);
    expect(events.map((e) => e.message)).toEqual(['Scaled up replica set web-6d4b8 to 3']);
  });

  it('prints no OldReplicaSets/NewReplicaSet lines when it controls no ReplicaSet, and `Events: <none>`', () => {
    const text = describeWorkload(deploy, ctx(deploy, [], 0)) ?? '';
    expect(text).not.toContain('OldReplicaSets');
    expect(text).toMatch(/\nEvents: +<none>\n$/);
  });
});

// -------------------------------------------------------------------------------------
// pod controllers
// -------------------------------------------------------------------------------------

const pod = (name: string, ownerUid: string, phase: string) =>
  obj({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `uid-${name}`, ownerReferences: owner('ReplicaSet', 'x', ownerUid) }, spec: { containers: [] }, status: { phase } });
const podRef = (name: string) => ({ kind: 'Pod', namespace: 'default', name, uid: `uid-${name}` });

describe('describe replicaset', () => {
  const set = rs('web-6d4b8', '6d4b8', 'nginx:1.27', 3, 3);
  const pods = [pod('web-6d4b8-a', 'uid-web-6d4b8', 'Running'), pod('web-6d4b8-b', 'uid-web-6d4b8', 'Pending'), pod('web-6d4b8-c', 'uid-web-6d4b8', 'Failed'), pod('api-x', 'uid-api', 'Running')];
  const log = records(
    [0, 'replicaset', 'SuccessfulCreate', { type: 'ObjectCreated', object: pods[0] as KubeObject }],
    [0, 'replicaset', 'SuccessfulCreate', { type: 'ObjectCreated', object: pods[1] as KubeObject }],
    [1, 'replicaset', 'SuccessfulCreate', { type: 'ObjectCreated', object: pods[3] as KubeObject }],
    [30, 'replicaset', 'SuccessfulDelete', { type: 'ObjectDeleting', ref: podRef('web-6d4b8-a'), deletionTimestamp: at(60), gracePeriodSeconds: 30 }],
    [60, 'kubelet', 'Killing', { type: 'ObjectDeleted', ref: podRef('web-6d4b8-a') }],
  );

  it('prints Controlled By, the Replicas and Pods Status lines (its own pods only, by phase), and its pod-control Events', () => {
    const text = describeWorkload(set, ctx(set, log, s(120), { pods: pods as unknown as Pod[] })) ?? '';
    expect(text).toMatch(/^Selector: +app=web,pod-template-hash=6d4b8\nLabels: +app=web\n +pod-template-hash=6d4b8\nAnnotations: +<none>\nControlled By: +Deployment\/web\nReplicas: +3 current \/ 3 desired\nPods Status: +1 Running \/ 1 Waiting \/ 0 Succeeded \/ 1 Failed\nPod Template:\n/m);
    expect(text).toContain(`Events:
  Type    Reason            Age   From                   Message
  ----    ------            ----  ----                   -------
  Normal  SuccessfulCreate  2m    replicaset-controller  Created pod: web-6d4b8-a
  Normal  SuccessfulCreate  2m    replicaset-controller  Created pod: web-6d4b8-b
  Normal  SuccessfulDelete  90s   replicaset-controller  Deleted pod: web-6d4b8-a
`);
  });

  it('aggregates repeats within the series gap as `(xN over …)`', () => {
    const again = records(
      [0, 'replicaset', 'SuccessfulCreate', { type: 'ObjectCreated', object: pods[0] as KubeObject }],
      [10, 'kubelet', 'Killing', { type: 'ObjectDeleted', ref: podRef('web-6d4b8-a') }],
      [20, 'replicaset', 'SuccessfulCreate', { type: 'ObjectCreated', object: pods[0] as KubeObject }],
    );
    const text = describeWorkload(set, ctx(set, again, s(80))) ?? '';
    expect(text).toMatch(/^ {2}Normal +SuccessfulCreate +60s \(x2 over 80s\) +replicaset-controller +Created pod: web-6d4b8-a$/m);
  });
});

describe('describe statefulset', () => {
  const sts = obj({
    apiVersion: 'apps/v1', kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default', uid: 'uid-db', creationTimestamp: at(0) },
    spec: { replicas: 2, serviceName: 'db', podManagementPolicy: 'OrderedReady', selector: { matchLabels: { app: 'db' } }, template: template({ app: 'db' }, 'postgres'),
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '1Gi' } } } }] },
    status: { replicas: 2 },
  });
  const claim = obj({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data-db-0', namespace: 'default', uid: 'uid-c0' }, spec: {} });
  const log = records(
    [0, 'statefulset', 'SuccessfulCreate', { type: 'ObjectCreated', object: claim }],
    [0, 'statefulset', 'SuccessfulCreate', { type: 'ObjectCreated', object: obj({ ...pod('db-0', 'uid-db', 'Pending') }) }],
    [50, 'statefulset', 'SuccessfulDelete', { type: 'ObjectDeleting', ref: podRef('db-0'), deletionTimestamp: at(80), gracePeriodSeconds: 30 }],
  );

  it('prints the Replicas, Update Strategy with Partition, Volume Claims and the claim and pod Events in upstream wording', () => {
    const text = describeWorkload(sts, ctx(sts, log, s(60))) ?? '';
    expect(text).toMatch(/^Service Name: +db\nPod Management Policy: +OrderedReady\nReplicas: +2 desired \| 2 total\nUpdate Strategy: +RollingUpdate\n {2}Partition: +0\nPods Status: /m);
    expect(text).toMatch(/^Volume Claims:\n {2}Name: +data\n {2}StorageClass: +fast\n {2}Labels: +<none>\n {2}Annotations: +<none>\n {2}Capacity: +1Gi\n {2}Access Modes: +\[ReadWriteOnce\]\nEvents:/m);
    expect(text).toMatch(/^ {2}Normal +SuccessfulCreate +60s +statefulset-controller +create Claim data-db-0 Pod db-0 in StatefulSet db success$/m);
    expect(text).toMatch(/^ {2}Normal +SuccessfulCreate +60s +statefulset-controller +create Pod db-0 in StatefulSet db successful$/m);
    expect(text).toMatch(/^ {2}Normal +SuccessfulDelete +10s +statefulset-controller +delete Pod db-0 in StatefulSet db successful$/m);
  });
});

describe('describe daemonset', () => {
  it('prints the node counts without alignment (upstream writes them with no tab) and the Pods Status', () => {
    const ds = obj({
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'default', uid: 'uid-ds' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { ...template({ app: 'agent' }, 'agent'), spec: { nodeSelector: { os: 'linux' }, containers: [{ name: 'a', image: 'agent' }] } } },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 1, numberMisscheduled: 0 },
    });
    const text = describeWorkload(ds, ctx(ds, [], 0, { pods: [pod('agent-1', 'uid-ds', 'Running')] as unknown as Pod[] })) ?? '';
    expect(text).toMatch(/^Node-Selector: +os=linux\n/m);
    expect(text).toContain('\nDesired Number of Nodes Scheduled: 3\nCurrent Number of Nodes Scheduled: 2\nNumber of Nodes Scheduled with Up-to-date Pods: 2\nNumber of Nodes Scheduled with Available Pods: 1\nNumber of Nodes Misscheduled: 0\n');
    expect(text).toMatch(/^Pods Status: +1 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed$/m);
  });
});

// -------------------------------------------------------------------------------------
// batch
// -------------------------------------------------------------------------------------

describe('describe job', () => {
  const job = obj({
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'default', uid: 'uid-j' },
    spec: { parallelism: 1, completions: 1, completionMode: 'NonIndexed', suspend: false, backoffLimit: 2, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'uid-j' } }, template: template({ 'job-name': 'pi' }, 'perl') },
    status: { startTime: at(0), completionTime: at(95), active: 0, ready: 0, succeeded: 1, failed: 1 },
  });
  const jobRef = { kind: 'Job', namespace: 'default', name: 'pi', uid: 'uid-j' };
  const p1 = obj({ ...pod('pi-a', 'uid-j', 'Failed') });

  it('prints Completions, Start Time, Completed At, Duration, Pods Statuses with Ready, and the Completed event once', () => {
    const log = records(
      [0, 'job-controller', 'SuccessfulCreate', { type: 'ObjectCreated', object: p1 }],
      [95, 'job-controller', 'Completed', { type: 'StatusUpdated', ref: jobRef, status: { conditions: [{ type: 'Complete', status: 'True' }] } }],
      [96, 'job-controller', 'StatusUpdated', { type: 'StatusUpdated', ref: jobRef, status: { conditions: [{ type: 'Complete', status: 'True' }] } }],
    );
    const text = describeWorkload(job, ctx(job, log, s(100))) ?? '';
    expect(text).toMatch(/^Parallelism: +1\nCompletions: +1\nCompletion Mode: +NonIndexed\nSuspend: +false\nBackoff Limit: +2\nStart Time: +Wed, 01 Jan 2025 00:00:00 \+0000\nCompleted At: +Wed, 01 Jan 2025 00:01:35 \+0000\nDuration: +95s\nPods Statuses: +0 Active \(0 Ready\) \/ 1 Succeeded \/ 1 Failed\n/m);
    expect(text.match(/Job completed/g)).toHaveLength(1);
    expect(text).toMatch(/^ {2}Normal +SuccessfulCreate +100s +job-controller +Created pod: pi-a$/m);
  });

  it('records a failed Job as a Warning with the Failed condition\'s reason and message', () => {
    const log = records([9, 'job-controller', 'BackoffLimitExceeded', { type: 'StatusUpdated', ref: jobRef, status: { conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] } }]);
    expect(workloadEvents(job, log, 10)).toEqual([{ type: 'Warning', reason: 'BackoffLimitExceeded', from: 'job-controller', message: 'Job has reached the specified backoff limit', firstMs: s(9), lastMs: s(9), count: 1 }]);
  });

  it('caps Completed Indexes as upstream: cut after the first comma past 50 characters', () => {
    expect(capIndexes(undefined)).toBe('<none>');
    expect(capIndexes('1-3,5')).toBe('1-3,5');
    const long = Array.from({ length: 30 }, (_, i) => String(i * 2)).join(',');
    expect(capIndexes(long)).toBe(`${long.slice(0, long.indexOf(',', 50) + 1)}...`);
  });
});

describe('describe cronjob', () => {
  const cj = obj({
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'backup', namespace: 'default', uid: 'uid-cj' },
    spec: { schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, jobTemplate: { spec: { template: template({}, 'busybox') } } },
    status: { lastScheduleTime: at(600), active: [{ name: 'backup-2', uid: 'uid-b2' }] },
  });
  const job = (name: string) => obj({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'default', uid: `uid-p-${name.slice(-1)}`, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'backup', uid: 'uid-cj', controller: true }] }, spec: {} });
  const cjRef = { kind: 'CronJob', namespace: 'default', name: 'backup', uid: 'uid-cj' };
  const log = records(
    [300, 'cronjob-controller', 'SuccessfulCreate', { type: 'ObjectCreated', object: job('backup-1') }],
    [300, 'cronjob-controller', 'StatusUpdated', { type: 'StatusUpdated', ref: cjRef, status: { active: [{ name: 'backup-1', uid: 'uid-p-1' }] } }],
    [420, 'job-controller', 'Completed', { type: 'StatusUpdated', ref: { kind: 'Job', namespace: 'default', name: 'backup-1', uid: 'uid-p-1' }, status: { conditions: [{ type: 'Complete', status: 'True' }] } }],
    [600, 'cronjob-controller', 'SuccessfulCreate', { type: 'ObjectCreated', object: job('backup-2') }],
    [600, 'cronjob-controller', 'SawCompletedJob', { type: 'StatusUpdated', ref: cjRef, status: { active: [{ name: 'backup-2', uid: 'uid-p-2' }] } }],
    [900, 'cronjob-controller', 'SuccessfulDelete', { type: 'ObjectDeleting', ref: { kind: 'Job', namespace: 'default', name: 'backup-1', uid: 'uid-p-1' }, deletionTimestamp: at(900), gracePeriodSeconds: 0 }],
  );

  it('prints the schedule fields with <unset> for the absent ones, the job template, Last Schedule Time and Active Jobs', () => {
    const text = describeWorkload(cj, ctx(cj, log, s(960))) ?? '';
    expect(text).toMatch(/^Schedule: +\*\/5 \* \* \* \*\nConcurrency Policy: +Forbid\nSuspend: +False\nTime Zone: +<unset>\nSuccessful Job History Limit: +3\nFailed Job History Limit: +1\nStarting Deadline Seconds: +<unset>\nSelector: +<unset>\nParallelism: +<unset>\nCompletions: +<unset>\nPod Template:\n/m);
    expect(text).toMatch(/^Last Schedule Time: +Wed, 01 Jan 2025 00:10:00 \+0000\nActive Jobs: +backup-2\nEvents:\n/m);
  });

  it('derives Created job, Saw completed job (from status.active losing a finished Job) and Deleted job', () => {
    expect(workloadEvents(cj, log, 100).map((e) => `${e.reason}: ${e.message}`)).toEqual([
      'SuccessfulCreate: Created job backup-1',
      'SuccessfulCreate: Created job backup-2',
      'SawCompletedJob: Saw completed job: backup-1, condition: Complete',
      'SuccessfulDelete: Deleted job backup-1',
    ]);
  });
});
