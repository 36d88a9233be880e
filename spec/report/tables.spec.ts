import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import type { Pod } from '../../src/api/pod.js';
import { timestampAt } from '../../src/api/time.js';
import { formatLabels, formatLabelSelector } from '../../src/report/table-cells.js';
import { podSummary } from '../../src/report/table-pod.js';
import type { TableOptions } from '../../src/report/tables.js';
import { layout, nodeStatus, podStatus, renderTable, tableRows } from '../../src/report/tables.js';
import type { Node } from '../../src/api/node.js';

// -------------------------------------------------------------------------------------
// Fixtures: a cluster 3h25m into a run. The same objects were served, as metav1.Table
// rows whose cells came from these printers, by a loopback fake apiserver to the real
// kubectl (v1.33.1; v1.28.15 and v1.31.9 print the same), and KUBECTL below is what
// `kubectl get …` printed for them: headers, -A, -o wide, tabwriter layout, cut cells.
// The cells themselves follow k8s.io/kubernetes pkg/printers/internalversion/printers.go.
// -------------------------------------------------------------------------------------

const NOW_MS = 3 * 3600_000 + 25 * 60_000; // 3h25m into the run
const at = (ms: number): string => timestampAt(ms);
const meta = (name: string, createdMs: number, ns?: string, extra: Record<string, unknown> = {}) => ({ name, ...(ns ? { namespace: ns } : {}), uid: `uid-${name}`, creationTimestamp: at(createdMs), ...extra });
const spec = (nodeName?: string, extra: Record<string, unknown> = {}) => ({ containers: [{ name: 'web', image: 'nginx:1.27' }], ...(nodeName ? { nodeName } : {}), ...extra });
const cond = (type: string, status: string, reason?: string) => ({ type, status, ...(reason ? { reason } : {}) });
const pods: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Pod', metadata: meta('web-pending', NOW_MS - 30_000, 'default'), spec: spec(),
    status: { phase: 'Pending', conditions: [cond('PodScheduled', 'False', 'Unschedulable')], qosClass: 'BestEffort' } },
  { apiVersion: 'v1', kind: 'Pod', metadata: meta('web-creating', NOW_MS - 5_000, 'default'), spec: spec('worker-1'),
    status: { phase: 'Pending', hostIP: '10.0.0.11', podIP: '10.244.1.7', podIPs: [{ ip: '10.244.1.7' }], conditions: [cond('PodScheduled', 'True')],
      containerStatuses: [{ name: 'web', ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ContainerCreating' } } }] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: meta('web-7d4b9c-x2k9p', 0, 'default'), spec: { ...spec('worker-0'), readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] },
    status: { phase: 'Running', podIP: '10.244.0.12', podIPs: [{ ip: '10.244.0.12' }], conditions: [cond('Ready', 'True'), cond('example.com/lb', 'True'), cond('example.com/dns', 'False')],
      containerStatuses: [{ name: 'web', ready: true, restartCount: 0, started: true, state: { running: { startedAt: at(10_000) } } }] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: meta('web-terminating', 600_000, 'default', { deletionTimestamp: at(NOW_MS - 10_000), deletionGracePeriodSeconds: 30 }), spec: spec('worker-0'),
    status: { phase: 'Running', podIP: '10.244.0.13', podIPs: [{ ip: '10.244.0.13' }], conditions: [cond('Ready', 'True')],
      containerStatuses: [{ name: 'web', ready: true, restartCount: 0, state: { running: { startedAt: at(610_000) } } }] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: meta('api-crashloop', 2 * 3600_000, 'shop'), spec: { containers: [{ name: 'api', image: 'shop/api:2' }, { name: 'proxy', image: 'envoy:1.30' }], nodeName: 'worker-1' },
    status: { phase: 'Running', podIP: '10.244.1.9', podIPs: [{ ip: '10.244.1.9' }], conditions: [cond('Ready', 'False')],
      containerStatuses: [
        { name: 'api', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: at(NOW_MS - 125_000) } } },
        { name: 'proxy', ready: true, restartCount: 1, state: { running: { startedAt: at(2 * 3600_000) } }, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: at(NOW_MS - 3000_000) } } },
      ] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: meta('db-init', NOW_MS - 90_000, 'shop'), spec: { initContainers: [{ name: 'migrate', image: 'shop/migrate' }, { name: 'seed', image: 'shop/seed' }], containers: [{ name: 'db', image: 'postgres:16' }], nodeName: 'worker-0' },
    status: { phase: 'Pending', conditions: [cond('Initialized', 'False')], initContainerStatuses: [
      { name: 'migrate', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
      { name: 'seed', ready: false, restartCount: 0, state: { running: { startedAt: at(NOW_MS - 20_000) } } }],
      containerStatuses: [{ name: 'db', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: meta('app-sidecar', 3600_000, 'shop'), spec: { initContainers: [{ name: 'log', image: 'fluent-bit', restartPolicy: 'Always' }], containers: [{ name: 'app', image: 'shop/app' }], nodeName: 'worker-1', priority: 0 },
    status: { phase: 'Running', nominatedNodeName: '', conditions: [cond('Initialized', 'True'), cond('Ready', 'True')], initContainerStatuses: [
      { name: 'log', ready: true, restartCount: 2, started: true, state: { running: { startedAt: at(3700_000) } }, lastState: { terminated: { exitCode: 2, finishedAt: at(3690_000) } } }],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, started: true, state: { running: { startedAt: at(3700_000) } } }] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: meta('job-done', 1800_000, 'shop'), spec: { containers: [{ name: 'job', image: 'busybox' }], nodeName: 'worker-0', restartPolicy: 'Never' },
    status: { phase: 'Succeeded', conditions: [cond('Ready', 'False')], containerStatuses: [{ name: 'job', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed', finishedAt: at(1900_000) } } }] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: meta('gated', NOW_MS - 1000, 'default'), spec: { ...spec(), schedulingGates: [{ name: 'example.com/quota' }] },
    status: { phase: 'Pending', conditions: [cond('PodScheduled', 'False', 'SchedulingGated')] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: meta('preemptor', NOW_MS - 12_000, 'default'), spec: spec(),
    status: { phase: 'Pending', nominatedNodeName: 'worker-1', conditions: [cond('PodScheduled', 'False', 'Unschedulable')] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: meta('lost', 600_000, 'default', { deletionTimestamp: at(NOW_MS - 300_000) }), spec: spec('worker-2'),
    status: { phase: 'Running', reason: 'NodeLost', conditions: [cond('Ready', 'False')], containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { running: { startedAt: at(620_000) } } }] } },
];
const nodeInfo = { kubeletVersion: 'v1.34.1', osImage: 'Ubuntu 24.04.1 LTS', kernelVersion: '6.8.0-45-generic', containerRuntimeVersion: 'containerd://1.7.22' };
const node = (name: string, createdMs: number, labels: Record<string, string>, ready: string | undefined, opts: { unschedulable?: boolean; ip?: string; ext?: string; info?: Record<string, string> } = {}) => ({
  apiVersion: 'v1', kind: 'Node', metadata: meta(name, createdMs, undefined, { labels: { 'kubernetes.io/hostname': name, ...labels } }),
  spec: opts.unschedulable ? { unschedulable: true } : {},
  status: { conditions: ready === undefined ? [] : [cond('MemoryPressure', 'False'), cond('Ready', ready)], addresses: [...(opts.ip ? [{ type: 'InternalIP', address: opts.ip }] : []), ...(opts.ext ? [{ type: 'ExternalIP', address: opts.ext }] : []), { type: 'Hostname', address: name }], nodeInfo: opts.info ?? nodeInfo },
});
const nodes: KubeObject[] = [
  node('control-plane', 0, { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/etcd': '' }, 'True', { ip: '10.0.0.10', ext: '34.1.2.3' }),
  node('worker-0', 0, {}, 'True', { ip: '10.0.0.11' }),
  node('worker-1', 60_000, { 'kubernetes.io/role': 'ingress' }, 'True', { ip: '10.0.0.12', unschedulable: true }),
  node('worker-2', 120_000, {}, 'Unknown', { ip: '10.0.0.13' }),
  node('worker-3', NOW_MS - 40_000, { 'node-role.kubernetes.io/': 'x' }, 'False', { ip: '10.0.0.14', info: { kubeletVersion: 'v1.33.5' } }),
  node('worker-4', NOW_MS - 2_000, {}, undefined),
];
const rs = (name: string, ns: string, createdMs: number, replicas: number | undefined, status: Record<string, number>, selector: unknown, containers = [{ name: 'web', image: 'nginx:1.27' }]) => ({
  apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta(name, createdMs, ns), spec: { ...(replicas === undefined ? {} : { replicas }), selector, template: { metadata: { labels: { app: name } }, spec: { containers } } }, status });
const oddNodes: KubeObject[] = [
  nodes[1]!,
  node('w6', NOW_MS - 9_000, {}, 'True', { info: { kubeletVersion: 'v\t1', osImage: 'tab\there\tand\tthere', kernelVersion: 'k' } }),
  node('w5', NOW_MS - 7_000, {}, 'True', { info: { osImage: 'Fancy\nOS 1', kernelVersion: '\u001b[31mred', containerRuntimeVersion: 'cri\rx' } }),
];
const replicaSets: KubeObject[] = [
  rs('web-7d4b9c', 'default', 0, 3, { replicas: 3, readyReplicas: 3, availableReplicas: 3 }, { matchLabels: { app: 'web', 'pod-template-hash': '7d4b9c' } }),
  rs('api-5f6d', 'shop', 2 * 3600_000, 2, { replicas: 2, readyReplicas: 1 }, { matchLabels: { app: 'api' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'canary'] }, { key: 'legacy', operator: 'DoesNotExist' }] }, [{ name: 'api', image: 'shop/api:2' }, { name: 'proxy', image: 'envoy:1.30' }]),
  rs('old-1', 'shop', 100_000, 0, { replicas: 0 }, { matchLabels: { app: 'old' } }),
  rs('defaulted', 'shop', NOW_MS - 61_000, undefined, { replicas: 1 }, {}),
];
const namespaces: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: meta('default', 0), status: { phase: 'Active' } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: meta('kube-system', 0), status: { phase: 'Active' } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: meta('shop', 7200_000), status: { phase: 'Active' } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: meta('old', 300_000, undefined, { deletionTimestamp: at(NOW_MS - 5_000) }), status: { phase: 'Terminating' } },
];
const deployments: KubeObject[] = [
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web', 0, 'default'), spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } }, status: { replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2 } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('api', 2 * 3600_000, 'shop'), spec: { selector: { matchLabels: { app: 'api' } }, template: { spec: { containers: [{ name: 'api', image: 'shop/api:2' }] } } }, status: {} },
];
const configMaps: KubeObject[] = [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('kube-root-ca.crt', 0, 'default'), data: { 'ca.crt': 'x' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('settings', 4000_000, 'shop'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } },
];
const roles: KubeObject[] = [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta('reader', 61_000, 'shop'), rules: [] }];
const widgets: KubeObject[] = [
  { apiVersion: 'example.com/v1', kind: 'Widget', metadata: meta('w1', 3000_000, 'shop'), spec: {} },
  { apiVersion: 'example.com/v1', kind: 'Widget', metadata: meta('a-very-long-widget-name-for-width', 10_000, 'default'), spec: {} },
];
const KUBECTL = {
  podsDefault: `NAME               READY   STATUS              RESTARTS   AGE
web-pending        0/1     Pending             0          30s
web-creating       0/1     ContainerCreating   0          5s
web-7d4b9c-x2k9p   1/1     Running             0          3h25m
web-terminating    1/1     Terminating         0          3h15m
gated              0/1     SchedulingGated     0          1s
preemptor          0/1     Pending             0          12s
lost               0/1     Unknown             0          3h15m
`,
  podsAllWide: `NAMESPACE   NAME               READY   STATUS              RESTARTS       AGE     IP            NODE       NOMINATED NODE   READINESS GATES
default     web-pending        0/1     Pending             0              30s     <none>        <none>     <none>           <none>
default     web-creating       0/1     ContainerCreating   0              5s      10.244.1.7    worker-1   <none>           <none>
default     web-7d4b9c-x2k9p   1/1     Running             0              3h25m   10.244.0.12   worker-0   <none>           1/2
default     web-terminating    1/1     Terminating         0              3h15m   10.244.0.13   worker-0   <none>           <none>
shop        api-crashloop      1/2     CrashLoopBackOff    4 (2m5s ago)   85m     10.244.1.9    worker-1   <none>           <none>
shop        db-init            0/1     Init:1/2            0              90s     <none>        worker-0   <none>           <none>
shop        app-sidecar        2/2     Running             2 (143m ago)   145m    <none>        worker-1   <none>           <none>
shop        job-done           0/1     Completed           0              175m    <none>        worker-0   <none>           <none>
default     gated              0/1     SchedulingGated     0              1s      <none>        <none>     <none>           <none>
default     preemptor          0/1     Pending             0              12s     <none>        <none>     worker-1         <none>
default     lost               0/1     Unknown             0              3h15m   <none>        worker-2   <none>           <none>
`,
  nodes: `NAME            STATUS                     ROLES                AGE     VERSION
control-plane   Ready                      control-plane,etcd   3h25m   v1.34.1
worker-0        Ready                      <none>               3h25m   v1.34.1
worker-1        Ready,SchedulingDisabled   ingress              3h24m   v1.34.1
worker-2        NotReady                   <none>               3h23m   v1.34.1
worker-3        NotReady                   <none>               40s     v1.33.5
worker-4        Unknown                    <none>               2s      v1.34.1
`,
  nodesWide: `NAME            STATUS                     ROLES                AGE     VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION     CONTAINER-RUNTIME
control-plane   Ready                      control-plane,etcd   3h25m   v1.34.1   10.0.0.10     34.1.2.3      Ubuntu 24.04.1 LTS   6.8.0-45-generic   containerd://1.7.22
worker-0        Ready                      <none>               3h25m   v1.34.1   10.0.0.11     <none>        Ubuntu 24.04.1 LTS   6.8.0-45-generic   containerd://1.7.22
worker-1        Ready,SchedulingDisabled   ingress              3h24m   v1.34.1   10.0.0.12     <none>        Ubuntu 24.04.1 LTS   6.8.0-45-generic   containerd://1.7.22
worker-2        NotReady                   <none>               3h23m   v1.34.1   10.0.0.13     <none>        Ubuntu 24.04.1 LTS   6.8.0-45-generic   containerd://1.7.22
worker-3        NotReady                   <none>               40s     v1.33.5   10.0.0.14     <none>        <unknown>            <unknown>          <unknown>
worker-4        Unknown                    <none>               2s      v1.34.1   <none>        <none>        Ubuntu 24.04.1 LTS   6.8.0-45-generic   containerd://1.7.22
`,
  oddNodes: `NAME       STATUS   ROLES    AGE     VERSION
worker-0   Ready    <none>   3h25m   v1.34.1
w6         Ready    <none>   9s      v     1
w5         Ready    <none>   7s      
`,
  oddNodesWide: `NAME       STATUS   ROLES    AGE     VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION     CONTAINER-RUNTIME
worker-0   Ready    <none>   3h25m   v1.34.1   10.0.0.11     <none>        Ubuntu 24.04.1 LTS   6.8.0-45-generic   containerd://1.7.22
w6         Ready    <none>   9s      v         1             <none>        <none>               tab                here   and   there   k     <unknown>
w5         Ready    <none>   7s                <none>        <none>        Fancy...             ^[[31mred          cri...
`,
  replicaSetsAllWide: `NAMESPACE   NAME         DESIRED   CURRENT   READY   AGE     CONTAINERS   IMAGES                  SELECTOR
default     web-7d4b9c   3         3         3       3h25m   web          nginx:1.27              app=web,pod-template-hash=7d4b9c
shop        api-5f6d     2         2         1       85m     api,proxy    shop/api:2,envoy:1.30   app=api,env in (canary,prod),!legacy
shop        old-1        0         0         0       3h23m   web          nginx:1.27              app=old
shop        defaulted    1         1         0       61s     web          nginx:1.27              <none>
`,
  replicaSetsShop: `NAME        DESIRED   CURRENT   READY   AGE
api-5f6d    2         2         1       85m
old-1       0         0         0       3h23m
defaulted   1         1         0       61s
`,
  namespaces: `NAME          STATUS        AGE
default       Active        3h25m
kube-system   Active        3h25m
shop          Active        85m
old           Terminating   3h20m
`,
  deploymentsAllWide: `NAMESPACE   NAME   READY   UP-TO-DATE   AVAILABLE   AGE     CONTAINERS   IMAGES       SELECTOR
default     web    2/3     3            2           3h25m   web          nginx:1.27   app=web
shop        api    0/1     0            0           85m     api          shop/api:2   app=api
`,
  configMapsAll: `NAMESPACE   NAME               DATA   AGE
default     kube-root-ca.crt   1      3h25m
shop        settings           3      138m
`,
  rolesAll: `NAMESPACE   NAME     CREATED AT
shop        reader   2025-01-01T00:01:01Z
`,
  widgetsAll: `NAMESPACE   NAME                                AGE
shop        w1                                  155m
default     a-very-long-widget-name-for-width   3h24m
`,
};

const opts = (o: Partial<TableOptions> = {}): TableOptions => ({ wide: false, allNamespaces: false, nowMs: NOW_MS, ...o });
const inNs = (ns: string) => (o: KubeObject): boolean => o.metadata.namespace === ns;

describe('kubectl get tables, as kubectl printed them', () => {
  it('pods: STATUS, READY, RESTARTS; -A -o wide adds NAMESPACE, IP, NODE, NOMINATED NODE, READINESS GATES', () => {
    expect(renderTable('Pod', pods.filter(inNs('default')), opts())).toBe(KUBECTL.podsDefault);
    expect(renderTable('Pod', pods, opts({ wide: true, allNamespaces: true }))).toBe(KUBECTL.podsAllWide);
  });

  it('nodes: Ready/NotReady/Unknown, SchedulingDisabled, roles; no NAMESPACE column even with -A', () => {
    expect(renderTable('Node', nodes, opts())).toBe(KUBECTL.nodes);
    expect(renderTable('Node', nodes, opts({ allNamespaces: true }))).toBe(KUBECTL.nodes);
    expect(renderTable('Node', nodes, opts({ wide: true }))).toBe(KUBECTL.nodesWide);
  });

  it('lays cells out as tabwriter: an empty last cell leaves padding, a tab starts a cell, a line break cuts with "...", ESC shows as ^[', () => {
    expect(renderTable('Node', oddNodes, opts())).toBe(KUBECTL.oddNodes);
    expect(renderTable('Node', oddNodes, opts({ wide: true }))).toBe(KUBECTL.oddNodesWide);
  });

  it('replica sets: desired (defaulted to 1), current, ready; -o wide adds containers, images and the selector', () => {
    expect(renderTable('ReplicaSet', replicaSets, opts({ wide: true, allNamespaces: true }))).toBe(KUBECTL.replicaSetsAllWide);
    expect(renderTable('ReplicaSet', replicaSets.filter(inNs('shop')), opts())).toBe(KUBECTL.replicaSetsShop);
  });

  it('namespaces, deployments and config maps', () => {
    expect(renderTable('Namespace', namespaces, opts({ allNamespaces: true }))).toBe(KUBECTL.namespaces);
    expect(renderTable('Deployment', deployments, opts({ wide: true, allNamespaces: true }))).toBe(KUBECTL.deploymentsAllWide);
    expect(renderTable('ConfigMap', configMaps, opts({ allNamespaces: true }))).toBe(KUBECTL.configMapsAll);
  });

  it('a built-in kind without a printer shows CREATED AT; a custom resource NAME and AGE', () => {
    expect(renderTable('Role', roles, opts({ allNamespaces: true }))).toBe(KUBECTL.rolesAll);
    expect(renderTable('Widget', widgets, opts({ allNamespaces: true }))).toBe(KUBECTL.widgetsAll);
  });

  it('prints nothing, not even a header, for no objects (kubectl then says "No resources found")', () => {
    expect(renderTable('Pod', [], opts({ allNamespaces: true }))).toBe('');
  });
});

// -------------------------------------------------------------------------------------
// printPod, rule by rule
// -------------------------------------------------------------------------------------

const base: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c' }] } };
const withStatus = (status: object, extra: Partial<Pod> = {}): Pod => ({ ...base, ...extra, status: status as Pod['status'] });
const running = { running: { startedAt: at(0) } };

describe('pod STATUS, READY and RESTARTS (printPod)', () => {
  it('a pod the scheduler has not placed shows its phase', () => {
    expect(podSummary(withStatus({ phase: 'Pending', conditions: [cond('PodScheduled', 'False', 'Unschedulable')] }))).toMatchObject({ status: 'Pending', ready: 0, total: 1 });
  });

  it('a waiting reason wins, and the first container in spec order decides', () => {
    const pod = withStatus({ phase: 'Running', containerStatuses: [
      { name: 'a', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } },
      { name: 'b', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } },
    ] }, { spec: { containers: [{ name: 'a' }, { name: 'b' }] } });
    expect(podSummary(pod)).toMatchObject({ status: 'ImagePullBackOff', ready: 0, total: 2 });
  });

  it('a terminated container without a reason shows ExitCode:n or Signal:n', () => {
    expect(podSummary(withStatus({ phase: 'Failed', containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: { terminated: { exitCode: 3 } } }] })).status).toBe('ExitCode:3');
    expect(podSummary(withStatus({ phase: 'Failed', containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } }] })).status).toBe('Signal:9');
  });

  it('Completed next to a running container reads Running when the pod is Ready, else NotReady', () => {
    const statuses = [
      { name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
      { name: 'b', ready: true, restartCount: 0, state: running },
    ];
    const spec = { spec: { containers: [{ name: 'a' }, { name: 'b' }] } };
    expect(podSummary(withStatus({ phase: 'Running', conditions: [cond('Ready', 'True')], containerStatuses: statuses }, spec)).status).toBe('Running');
    expect(podSummary(withStatus({ phase: 'Running', containerStatuses: statuses }, spec)).status).toBe('NotReady');
  });

  it('init containers: Init:i/n, Init:<waiting reason>, Init:<terminated reason>, Init:ExitCode:n', () => {
    const init = (state: object, restartCount = 0): Pod => withStatus({ phase: 'Pending', initContainerStatuses: [{ name: 'i', ready: false, restartCount, state }] }, { spec: { initContainers: [{ name: 'i' }], containers: [{ name: 'c' }] } });
    expect(podSummary(init(running)).status).toBe('Init:0/1');
    expect(podSummary(init({ waiting: { reason: 'PodInitializing' } })).status).toBe('Init:0/1');
    expect(podSummary(init({ waiting: { reason: 'CrashLoopBackOff' } }, 4))).toMatchObject({ status: 'Init:CrashLoopBackOff', restarts: 4 });
    expect(podSummary(init({ terminated: { exitCode: 1, reason: 'Error' } })).status).toBe('Init:Error');
    expect(podSummary(init({ terminated: { exitCode: 2 } })).status).toBe('Init:ExitCode:2');
  });

  it('a started sidecar counts toward READY and its restarts stay counted once the pod is initialized', () => {
    const pod = pods.find((p) => p.metadata.name === 'app-sidecar') as unknown as Pod;
    expect(podSummary(pod)).toMatchObject({ ready: 2, total: 2, status: 'Running', restarts: 2, lastRestartMs: 3690_000 });
  });

  it('Terminating once deleted, Unknown when the node was lost, and a finished pod keeps its phase', () => {
    const deleted = { metadata: { name: 'p', deletionTimestamp: at(5_000) } };
    expect(podSummary(withStatus({ phase: 'Running' }, deleted)).status).toBe('Terminating');
    expect(podSummary(withStatus({ phase: 'Running', reason: 'NodeLost' }, deleted)).status).toBe('Unknown');
    expect(podSummary(withStatus({ phase: 'Succeeded', containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }, deleted)).status).toBe('Completed');
  });

  it('SchedulingGated from the PodScheduled condition', () => {
    expect(podSummary(withStatus({ phase: 'Pending', conditions: [cond('PodScheduled', 'False', 'SchedulingGated')] })).status).toBe('SchedulingGated');
  });

  it('RESTARTS shows the age of the latest finishedAt, and only when there were restarts', () => {
    const restarted = (restartCount: number): Pod => withStatus({ phase: 'Running', containerStatuses: [{ name: 'c', ready: true, restartCount, state: running, lastState: { terminated: { exitCode: 1, finishedAt: at(60_000) } } }] });
    const restarts = (pod: Pod, nowMs: number): string => tableRows('Pod', [pod as unknown as KubeObject], opts({ nowMs }))[1]?.[3] ?? '';
    expect(restarts(restarted(3), 180_000)).toBe('3 (2m ago)');
    expect(restarts(restarted(0), 180_000)).toBe('0');
    expect(restarts(withStatus({ phase: 'Running', containerStatuses: [{ name: 'c', ready: true, restartCount: 1, state: running }] }), 180_000)).toBe('1');
  });

  it('podStatus keeps its narrow shape', () => {
    expect(podStatus(withStatus({ phase: 'Pending', containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] }))).toEqual({ status: 'ContainerCreating', ready: 0, restarts: 0 });
  });
});

describe('node STATUS (printNode)', () => {
  const node = (conditions: object[], unschedulable?: boolean): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: unschedulable === undefined ? {} : { unschedulable }, status: { conditions: conditions as never } });
  it('Ready=Unknown reads NotReady; no Ready condition at all reads Unknown', () => {
    expect(nodeStatus(node([cond('Ready', 'Unknown')]))).toBe('NotReady');
    expect(nodeStatus(node([]))).toBe('Unknown');
    expect(nodeStatus(node([cond('Ready', 'False')], true))).toBe('NotReady,SchedulingDisabled');
  });
});

describe('layout (text/tabwriter: minimum width 6, padding 3)', () => {
  it('pads every column but the last to its widest cell plus 3, at least 6', () => {
    expect(layout([['NAME', 'AGE'], ['a', '5s']])).toBe('NAME   AGE\na      5s\n');
    expect(layout([['NAME', 'READY', 'STATUS'], ['web-1', '1/1', 'Running']])).toBe('NAME    READY   STATUS\nweb-1   1/1     Running\n');
    expect(layout([['ÄÖÜ', 'x'], ['a', 'y']])).toBe('ÄÖÜ   x\na     y\n');
  });
});

describe('label and selector cells', () => {
  it('labels.FormatLabels sorts the k=v strings, not the keys; metav1.FormatLabelSelector sorts requirements by key', () => {
    expect(formatLabels({ a: '1', 'a.b': '2' })).toBe('a.b=2,a=1');
    expect(formatLabels({})).toBe('<none>');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db', 'cache'] }, { key: 'app', operator: 'Exists' }] })).toBe('app,tier notin (cache,db)');
    expect(formatLabelSelector(undefined)).toBe('<none>');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] })).toBe('<error>');
  });
});
