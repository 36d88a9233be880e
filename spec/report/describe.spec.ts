import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/pod.js';
import { timestampAt } from '../../src/api/time.js';
import type { EventRecord } from '../../src/log/events.js';
import { describePod, podEvents, recordsByPod, rfc1123z } from '../../src/report/describe.js';

// -------------------------------------------------------------------------------------
// Fixtures. Each pod below was also served, with the Events that podEvents derives for it,
// by a loopback fake apiserver to the real kubectl (v1.33.1, TZ=UTC), and the expected
// texts are what `kubectl describe pod` printed, plus kubesim's Scheduling section (which
// kubectl does not have) before Events.
// -------------------------------------------------------------------------------------

const s = (seconds: number): number => seconds * 1000;
const at = (seconds: number): string => timestampAt(s(seconds));
const ref = (name: string, uid = `uid-${name}`) => ({ kind: 'Pod', namespace: 'default', name, uid });
type E = EventRecord['event'];
const records = (...items: [seconds: number, event: E][]): EventRecord[] =>
  items.map(([seconds, event], i) => ({ seq: i + 1, timeMs: s(seconds), actor: 'test', reason: 'Test', event }));
const asPod = (o: object): Pod => o as Pod;

const NO_ROOM = "0/4 nodes are available: 2 node(s) didn't match Pod's node affinity/selector, 2 node(s) had untolerated taint {gpu: true}. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.";
const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];
const READY = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastTransitionTime: at(3) }));

/** A ReplicaSet's pod as kubesim's kubelet leaves it: bound, started, ready. */
const web = asPod({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'web-5tgrk', namespace: 'default', uid: 'uid-web-5tgrk', creationTimestamp: at(0), labels: { app: 'web' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'uid-rs', controller: true, blockOwnerDeletion: true }] },
  spec: { nodeName: 'cpu-1', priority: 0, schedulerName: 'default-scheduler', tolerations: DEFAULT_TOLERATIONS,
    containers: [{ name: 'w', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: { requests: { cpu: '500m' } } }] },
  status: { phase: 'Running', qosClass: 'Burstable', hostIP: '172.16.0.5', podIP: '10.128.3.2', podIPs: [{ ip: '10.128.3.2' }], startTime: at(20), conditions: READY,
    containerStatuses: [{ name: 'w', image: 'nginx:1.27', ready: true, restartCount: 0, started: true, state: { running: { startedAt: at(23) } } }] },
});
const webRecords = records(
  [0, { type: 'PodUnschedulable', pod: ref('web-5tgrk'), message: NO_ROOM, trace: { evaluatedNodes: 4, rejected: { NodeAffinity: { "node(s) didn't match Pod's node affinity/selector": 2 } } } }],
  [20, { type: 'PodBound', pod: ref('web-5tgrk'), node: 'cpu-1', trace: {
    evaluatedNodes: 4, feasibleNodes: 3, score: 485, pluginScores: { TaintToleration: 100, NodeResourcesFit: 92, NodeResourcesBalancedAllocation: 93 },
    rejected: { TaintToleration: { 'node(s) had untolerated taint {gpu: true}': 1 } }, skipped: ['NodeName', 'NodeAffinity'],
    runnersUp: [{ node: 'cpu-0', score: 473, pluginScores: { TaintToleration: 100, NodeResourcesFit: 86, NodeResourcesBalancedAllocation: 87 } }, { node: 'gpu-0', score: 400, pluginScores: { TaintToleration: 80, NodeResourcesFit: 80, NodeResourcesBalancedAllocation: 80 } }] } }],
  [20, { type: 'PodSandboxStarted', pod: ref('web-5tgrk'), podIP: '10.128.3.2' }],
  [23, { type: 'PodContainersStarted', pod: ref('web-5tgrk') }],
  [23, { type: 'PodBecameReady', pod: ref('web-5tgrk') }],
);

const WEB_AT_2M = `Name:         web-5tgrk
Namespace:    default
Priority:     0
Node:         cpu-1/172.16.0.5
Start Time:   Wed, 01 Jan 2025 00:00:20 +0000
Labels:       app=web
Annotations:  <none>
Status:       Running
IP:           10.128.3.2
IPs:
  IP:           10.128.3.2
Controlled By:  ReplicaSet/web
Containers:
  w:
    Container ID:   
    Image:          nginx:1.27
    Image ID:       
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Wed, 01 Jan 2025 00:00:23 +0000
    Ready:          True
    Restart Count:  0
    Requests:
      cpu:        500m
    Environment:  <none>
    Mounts:       <none>
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:                      <none>
QoS Class:                    Burstable
Node-Selectors:               <none>
Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Scheduling:
  Scheduler:        default-scheduler
  Result:           Bound to cpu-1, 100s ago
  Attempts:         2
  Nodes:            4 evaluated, 3 feasible
  Plugins Skipped:  NodeName, NodeAffinity
  Filtered Out:
    Plugin           Reason                                     Nodes
    ------           ------                                     -----
    TaintToleration  node(s) had untolerated taint {gpu: true}  1
  Scores:
    Plugin                           cpu-1 (selected)  cpu-0  gpu-0
    ------                           ----------------  -----  -----
    TaintToleration                  100               100    80
    NodeResourcesFit                 92                86     80
    NodeResourcesBalancedAllocation  93                87     80
    Weighted Total                   485               473    400
Events:
  Type     Reason            Age   From               Message
  ----     ------            ----  ----               -------
  Warning  FailedScheduling  2m    default-scheduler  ${NO_ROOM}
  Normal   Scheduled         100s  default-scheduler  Successfully assigned default/web-5tgrk to cpu-1
  Normal   Pulling           100s  kubelet            Pulling image "nginx:1.27"
  Normal   Created           97s   kubelet            Created container: w
  Normal   Started           97s   kubelet            Started container w
`;

/** A pod no node fits, retried by the scheduler: one FailedScheduling series. */
const stuck = asPod({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'stuck-24h2m', namespace: 'default', uid: 'uid-stuck-24h2m', creationTimestamp: at(0), labels: { app: 'stuck' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'stuck', uid: 'uid-rs', controller: true }] },
  spec: { priority: 0, schedulerName: 'default-scheduler', nodeSelector: { pool: 'gpu' }, tolerations: DEFAULT_TOLERATIONS, containers: [{ name: 's', image: 'busybox:1.36', resources: {} }] },
  status: { phase: 'Pending', qosClass: 'BestEffort', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: NO_ROOM, lastTransitionTime: at(0) }] },
});
const STUCK_TRACE = {
  evaluatedNodes: 4,
  rejected: { TaintToleration: { 'node(s) had untolerated taint {gpu: true}': 2 }, NodeAffinity: { "node(s) didn't match Pod's node affinity/selector": 2 } },
  skipped: ['NodeName', 'NodePorts'],
};
const stuckRecords = records(
  [0, { type: 'PodUnschedulable', pod: ref('stuck-24h2m'), message: NO_ROOM, trace: STUCK_TRACE }],
  [60, { type: 'PodUnschedulable', pod: ref('stuck-24h2m'), message: NO_ROOM, trace: STUCK_TRACE }],
  [360, { type: 'PodUnschedulable', pod: ref('stuck-24h2m'), message: NO_ROOM, trace: STUCK_TRACE }],
);

const STUCK_AT_6M40S = `Name:           stuck-24h2m
Namespace:      default
Priority:       0
Node:           <none>
Labels:         app=stuck
Annotations:    <none>
Status:         Pending
IP:             
IPs:            <none>
Controlled By:  ReplicaSet/stuck
Containers:
  s:
    Image:        busybox:1.36
    Port:         <none>
    Host Port:    <none>
    Environment:  <none>
    Mounts:       <none>
Conditions:
  Type           Status
  PodScheduled   False 
Volumes:         <none>
QoS Class:       BestEffort
Node-Selectors:  pool=gpu
Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                 node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Scheduling:
  Scheduler:        default-scheduler
  Result:           Unschedulable, last attempt 40s ago
  Message:          ${NO_ROOM}
  Attempts:         3
  Nodes:            4 evaluated, 0 feasible
  Plugins Skipped:  NodeName, NodePorts
  Filtered Out:
    Plugin           Reason                                             Nodes
    ------           ------                                             -----
    TaintToleration  node(s) had untolerated taint {gpu: true}          2
    NodeAffinity     node(s) didn't match Pod's node affinity/selector  2
Events:
  Type     Reason            Age                  From               Message
  ----     ------            ----                 ----               -------
  Warning  FailedScheduling  40s (x3 over 6m40s)  default-scheduler  ${NO_ROOM}
`;

/** Fields a kubesim pod rarely has, each printed as kubectl prints it. */
const rich = asPod({
  apiVersion: 'v1', kind: 'Pod',
  metadata: {
    name: 'rich', namespace: 'default', uid: 'uid-rich', creationTimestamp: at(0),
    labels: { 'z-last': 'v', app: 'rich', 'pod-template-hash': '7d9f' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"x":1}', short: 'yes', long: 'x'.repeat(200), multi: 'line one\nline two\n' },
  },
  spec: {
    nodeName: 'node-a', priority: 1000, priorityClassName: 'high', serviceAccountName: 'builder', runtimeClassName: 'gvisor',
    securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' } },
    readinessGates: [{ conditionType: 'example.com/gate' }, { conditionType: 'other/gate' }],
    initContainers: [{ name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'echo hi\necho there'], resources: {} }],
    containers: [{
      name: 'app', image: 'app:1', args: ['--port=8080'],
      ports: [{ containerPort: 8080, protocol: 'TCP', name: 'http' }, { containerPort: 9090, protocol: 'UDP', hostPort: 9090 }],
      resources: { limits: { cpu: '1500m', memory: '1024Mi', 'nvidia.com/gpu': 2 }, requests: { cpu: '0.5', memory: '512Mi' } },
      livenessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 5, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
      readinessProbe: { tcpSocket: { port: 'http' }, timeoutSeconds: 2, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 },
      startupProbe: { exec: { command: ['cat', '/tmp/ready'] }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 30 },
      env: [
        { name: 'MULTI', value: 'one\ntwo' },
        { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
        { name: 'NODE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
        { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
        { name: 'MEM_REQ', valueFrom: { resourceFieldRef: { resource: 'requests.memory', divisor: '1Mi' } } },
        { name: 'PASS', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
        { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode', optional: true } } },
      ],
      envFrom: [{ configMapRef: { name: 'cfg' } }, { prefix: 'S_', secretRef: { name: 'sec', optional: true } }],
      volumeMounts: [{ name: 'data', mountPath: '/var/data' }, { name: 'cfg', mountPath: '/etc/cfg', readOnly: true, subPath: 'app.conf' }],
    }],
    volumes: [
      { name: 'data', emptyDir: { sizeLimit: '1Gi' } },
      { name: 'host', hostPath: { path: '/var/log', type: '' } },
      { name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } },
      { name: 'claim', persistentVolumeClaim: { claimName: 'data-0' } },
      { name: 'kube-api-access-abcde', projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }, { configMap: { name: 'kube-root-ca.crt' } }, { downwardAPI: { items: [] } }], defaultMode: 420 } },
    ],
    nodeSelector: { pool: 'gpu', 'kubernetes.io/os': 'linux' },
    tolerations: [{ key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }, { operator: 'Exists' }, { key: 'dedicated', operator: 'Exists' }, { operator: 'Exists', effect: 'NoSchedule' }],
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'rich' } } }],
  },
  status: {
    phase: 'Running', qosClass: 'Burstable', hostIP: '10.0.0.5', podIP: '10.244.1.7', podIPs: [{ ip: '10.244.1.7' }, { ip: 'fd00::7' }], startTime: at(62), nominatedNodeName: 'node-b',
    conditions: [{ type: 'example.com/gate', status: 'False' }, { type: 'Ready', status: 'False' }],
    initContainerStatuses: [{ name: 'init', image: 'busybox:1.36', ready: false, restartCount: 0, containerID: 'containerd://abc', imageID: 'busybox@sha256:1', state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: at(63), finishedAt: at(64) } } }],
    containerStatuses: [{ name: 'app', image: 'app:1', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 137, signal: 9, reason: 'Error', message: 'boom', startedAt: at(120), finishedAt: at(150) } } }],
  },
});

const RICH = `Name:                 rich
Namespace:            default
Priority:             1000
Priority Class Name:  high
Runtime Class Name:   gvisor
Service Account:      builder
Node:                 node-a/10.0.0.5
Start Time:           Wed, 01 Jan 2025 00:01:02 +0000
Labels:               app=rich
                      pod-template-hash=7d9f
                      z-last=v
Annotations:          long:
                        ${'x'.repeat(138)}...
                      multi:
                        line one
                        line two
                      short: yes
Status:               Running
SeccompProfile:       Localhost
LocalhostProfile:     profiles/audit.json
IP:                   10.244.1.7
IPs:
  IP:               10.244.1.7
  IP:               fd00::7
NominatedNodeName:  node-b
Init Containers:
  init:
    Container ID:  containerd://abc
    Image:         busybox:1.36
    Image ID:      busybox@sha256:1
    Port:          <none>
    Host Port:     <none>
    Command:
      sh
      -c
      echo hi
      echo there
    State:          Terminated
      Reason:       Completed
      Exit Code:    0
      Started:      Wed, 01 Jan 2025 00:01:03 +0000
      Finished:     Wed, 01 Jan 2025 00:01:04 +0000
    Ready:          False
    Restart Count:  0
    Environment:    <none>
    Mounts:         <none>
Containers:
  app:
    Container ID:  
    Image:         app:1
    Image ID:      
    Ports:         8080/TCP, 9090/UDP
    Host Ports:    0/TCP, 9090/UDP
    Args:
      --port=8080
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       Error
      Message:      boom
      Exit Code:    137
      Signal:       9
      Started:      Wed, 01 Jan 2025 00:02:00 +0000
      Finished:     Wed, 01 Jan 2025 00:02:30 +0000
    Ready:          False
    Restart Count:  3
    Limits:
      cpu:             1500m
      memory:          1Gi
      nvidia.com/gpu:  2
    Requests:
      cpu:      500m
      memory:   512Mi
    Liveness:   http-get http://:8080/healthz delay=5s timeout=1s period=10s #success=1 #failure=3
    Readiness:  tcp-socket :http delay=0s timeout=2s period=5s #success=1 #failure=3
    Startup:    exec [cat /tmp/ready] delay=0s timeout=1s period=10s #success=1 #failure=30
    Environment Variables from:
      cfg  ConfigMap                Optional: false
      sec  Secret with prefix 'S_'  Optional: true
    Environment:
      MULTI:      one
                  two
      POD_NAME:   rich (v1:metadata.name)
      NODE:        (v1:spec.nodeName)
      CPU_LIMIT:  1500 (limits.cpu)
      MEM_REQ:    512 (requests.memory)
      PASS:       <set to the key 'password' in secret 'db'>   Optional: false
      MODE:       <set to the key 'mode' of config map 'cfg'>  Optional: true
    Mounts:
      /etc/cfg from cfg (ro,path="app.conf")
      /var/data from data (rw)
Readiness Gates:
  Type               Status
  example.com/gate   False 
  other/gate         <none> 
Conditions:
  Type               Status
  example.com/gate   False 
  Ready              False 
Volumes:
  data:
    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)
    Medium:     
    SizeLimit:  1Gi
  host:
    Type:          HostPath (bare host directory volume)
    Path:          /var/log
    HostPathType:  
  cfg:
    Type:      ConfigMap (a volume populated by a ConfigMap)
    Name:      cfg
    Optional:  false
  claim:
    Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)
    ClaimName:  data-0
    ReadOnly:   false
  kube-api-access-abcde:
    Type:                     Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:   3607
    ConfigMapName:            kube-root-ca.crt
    Optional:                 false
    DownwardAPI:              true
QoS Class:                    Burstable
Node-Selectors:               kubernetes.io/os=linux
                              pool=gpu
Tolerations:                  op=Exists
                              :NoSchedule op=Exists
                              dedicated op=Exists
                              gpu=true:NoSchedule
Topology Spread Constraints:  zone:DoNotSchedule when max skew 1 is exceeded for selector app=rich
Scheduling:                   <none> (spec.nodeName was set at creation: no scheduler ran)
Events:                       <none>
`;

// -------------------------------------------------------------------------------------
// specs
// -------------------------------------------------------------------------------------

describe('describePod: kubectl describe pod, byte for byte', () => {
  it('a running pod of a ReplicaSet: header, container, conditions, tolerations, then Scheduling and Events', () => {
    expect(describePod(web, webRecords, s(120))).toBe(WEB_AT_2M);
  });

  it('an unschedulable pod: the latest FailedScheduling message, the filter verdicts, and the retries as one series', () => {
    expect(describePod(stuck, stuckRecords, s(400))).toBe(STUCK_AT_6M40S);
  });

  it('the rarer fields: init containers, ports, probes, every kind of env, mounts, volumes, readiness gates, spread constraints', () => {
    expect(describePod(rich, [], s(200))).toBe(RICH);
  });

  it('a pod being deleted: Terminating with what kubectl says of a grace period still running, and Killing per started container', () => {
    const deleting = asPod({ ...web, metadata: { ...web.metadata, deletionTimestamp: at(630), deletionGracePeriodSeconds: 30 } });
    const text = describePod(deleting, [...webRecords, { seq: 6, timeMs: s(600), actor: 'replicaset', reason: 'SuccessfulDelete', event: { type: 'ObjectDeleting', ref: ref('web-5tgrk'), deletionTimestamp: at(630), gracePeriodSeconds: 30 } }], s(610));
    expect(text).toContain('Status:                    Terminating (lasts <invalid>)\nTermination Grace Period:  30s\n');
    expect(text).toMatch(/\n {2}Normal {3}Killing {11}10s {4}kubelet {12}Stopping container w\n$/);
  });

  it('a pod with no events and nothing set prints the <none> forms', () => {
    const bare = asPod({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: 'default' }, spec: { containers: [] } });
    expect(describePod(bare, [], 0)).toBe(`Name:         bare
Namespace:    default
Node:         <none>
Labels:       <none>
Annotations:  <none>
Status:       
IP:           
IPs:          <none>
Containers: <none>
Volumes:         <none>
QoS Class:       BestEffort
Node-Selectors:  <none>
Tolerations:     <none>
Scheduling:      <none> (no attempt yet)
Events:          <none>
`);
  });

  it('prints times as Go RFC1123Z in UTC, and Go zero time when missing', () => {
    expect(rfc1123z('2025-03-09T17:04:05Z')).toBe('Sun, 09 Mar 2025 17:04:05 +0000');
    expect(rfc1123z(undefined)).toBe('Mon, 01 Jan 0001 00:00:00 +0000');
  });
});

describe('podEvents: the Events a cluster would have recorded, from the records', () => {
  const twoSame = asPod({ ...web, spec: { ...web.spec, schedulerName: 'my-scheduler', containers: [{ name: 'a', image: 'nginx:1.27' }, { name: 'b', image: 'nginx:1.27' }] } });
  const shape = (list: ReturnType<typeof podEvents>) => list.map((e) => [e.type, e.reason, e.from, e.message, e.firstMs / 1000, e.lastMs / 1000, e.count]);

  it('Given repeated FailedScheduling: one series while each repeat comes within 6 minutes of the last, a new event after a longer gap or another message', () => {
    const list = podEvents(stuck, records(
      [0, { type: 'PodUnschedulable', pod: ref('stuck-24h2m'), message: 'm1' }],
      [300, { type: 'PodUnschedulable', pod: ref('stuck-24h2m'), message: 'm1' }],
      [600, { type: 'PodUnschedulable', pod: ref('stuck-24h2m'), message: 'm2' }],
      [660, { type: 'PodUnschedulable', pod: ref('stuck-24h2m'), message: 'm1' }],
      [1100, { type: 'PodUnschedulable', pod: ref('stuck-24h2m'), message: 'm1' }],
    ));
    expect(shape(list)).toEqual([
      ['Warning', 'FailedScheduling', 'default-scheduler', 'm1', 0, 660, 3],
      ['Warning', 'FailedScheduling', 'default-scheduler', 'm2', 600, 600, 1],
      ['Warning', 'FailedScheduling', 'default-scheduler', 'm1', 1100, 1100, 1],
    ]);
  });

  it("Given a binding and the kubelet's steps: Scheduled from the pod's scheduler, then Pulling, Created and Started for each container (same image, still one event each)", () => {
    const list = podEvents(twoSame, records(
      [5, { type: 'PodBound', pod: ref('web-5tgrk'), node: 'cpu-1', trace: { evaluatedNodes: 1, feasibleNodes: 1 } }],
      [5, { type: 'PodSandboxStarted', pod: ref('web-5tgrk'), podIP: '10.0.0.2' }],
      [8, { type: 'PodContainersStarted', pod: ref('web-5tgrk') }],
      [8, { type: 'PodBecameReady', pod: ref('web-5tgrk') }],
    ));
    expect(shape(list)).toEqual([
      ['Normal', 'Scheduled', 'my-scheduler', 'Successfully assigned default/web-5tgrk to cpu-1', 5, 5, 1],
      ['Normal', 'Pulling', 'kubelet', 'Pulling image "nginx:1.27"', 5, 5, 1],
      ['Normal', 'Pulling', 'kubelet', 'Pulling image "nginx:1.27"', 5, 5, 1],
      ['Normal', 'Created', 'kubelet', 'Created container: a', 8, 8, 1],
      ['Normal', 'Started', 'kubelet', 'Started container a', 8, 8, 1],
      ['Normal', 'Created', 'kubelet', 'Created container: b', 8, 8, 1],
      ['Normal', 'Started', 'kubelet', 'Started container b', 8, 8, 1],
    ]);
  });

  it('Given a deletion before the containers started: no Killing (the kubelet has nothing to stop)', () => {
    const deleting = { type: 'ObjectDeleting', ref: ref('web-5tgrk'), deletionTimestamp: at(40), gracePeriodSeconds: 30 } as const;
    expect(podEvents(web, records([5, { type: 'PodSandboxStarted', pod: ref('web-5tgrk'), podIP: '10.0.0.2' }], [10, deleting])).map((e) => e.reason)).toEqual(['Pulling']);
  });

  it('describePod leaves out records about an earlier pod of the same name (another uid)', () => {
    const earlier = records([0, { type: 'PodUnschedulable', pod: ref('stuck-24h2m', 'uid-earlier'), message: 'old' }]);
    expect(describePod(stuck, earlier, s(10))).toMatch(/\nScheduling: +<none> \(no attempt yet\)\nEvents: +<none>\n$/);
  });
});

describe('Scheduling: why the scheduler chose the node', () => {
  const section = (text: string): string => text.slice(text.indexOf('Scheduling:'), text.indexOf('Events:'));

  it('Given one feasible node: no filter verdicts and no scores (upstream skips scoring then)', () => {
    const bound = records([20, { type: 'PodBound', pod: ref('web-5tgrk'), node: 'cpu-1', trace: { evaluatedNodes: 1, feasibleNodes: 1, skipped: ['NodeAffinity'] } }]);
    expect(section(describePod(web, bound, s(80)))).toBe(`Scheduling:
  Scheduler:        default-scheduler
  Result:           Bound to cpu-1, 60s ago
  Attempts:         1
  Nodes:            1 evaluated, 1 feasible
  Plugins Skipped:  NodeAffinity
  Filtered Out:     <none>
  Scores:           <none> (one feasible node: scoring skipped)
`);
  });

  it('Given a FailedScheduling record without a trace: the message and the attempts only', () => {
    const failed = records([0, { type: 'PodUnschedulable', pod: ref('stuck-24h2m'), message: 'no nodes available to schedule pods' }]);
    expect(section(describePod(stuck, failed, s(5)))).toBe(`Scheduling:
  Scheduler:  default-scheduler
  Result:     Unschedulable, last attempt 5s ago
  Message:    no nodes available to schedule pods
  Attempts:   1
`);
  });

  it('shows the records up to the instant asked for: one attempt so far at 30s', () => {
    const text = describePod(stuck, stuckRecords.filter((r) => r.timeMs <= s(30)), s(30));
    expect(section(text)).toContain('  Result:           Unschedulable, last attempt 30s ago\n');
    expect(section(text)).toContain('  Attempts:         1\n');
  });
});

describe('recordsByPod', () => {
  const created = (name: string, uid: string): E => ({ type: 'ObjectCreated', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid }, spec: { containers: [] } } });
  const log = records(
    [0, created('a', 'a1')],
    [1, { type: 'PodUnschedulable', pod: ref('a', 'a1'), message: 'first life' }],
    [2, { type: 'ObjectDeleted', ref: ref('a', 'a1') }],
    [3, created('a', 'a2')],
    [4, { type: 'PodBound', pod: ref('a', 'a2'), node: 'n', trace: { evaluatedNodes: 1, feasibleNodes: 1 } }],
    [5, created('b', 'b1')],
    [6, { type: 'ObjectDeleted', ref: ref('b', 'b1') }],
  );

  it("keeps each pod's records from its latest creation up to the sequence number asked for; a deleted pod has none", () => {
    const seqs = (m: Map<string, EventRecord[]>) => Object.fromEntries([...m].map(([k, rs]) => [k, rs.map((r) => r.seq)]));
    expect(seqs(recordsByPod(log, 2))).toEqual({ 'default/a': [1, 2] });
    expect(seqs(recordsByPod(log, 3))).toEqual({});
    expect(seqs(recordsByPod(log, 6))).toEqual({ 'default/a': [4, 5], 'default/b': [6] });
    expect(seqs(recordsByPod(log, 7))).toEqual({ 'default/a': [4, 5] });
  });
});
