/**
 * bench/scheduler-workloads: upstream scheduler_perf workloads as kubesim inputs.
 *
 * Sources (kubernetes/kubernetes test/integration/scheduler_perf): misc/, affinity/ and
 * topology_spreading/performance-config.yaml, and templates/ (node-default: 4 CPU, 32Gi,
 * 110 pods; pod-default: pause, 100m / 500Mi; pod-low-priority 900m; pod-high-priority
 * 3000m, priority 10; pod-high-priority-large-cpu 9 CPU, priority 10; daemonset-pod pinned
 * by matchFields metadata.name; the affinity and spreading pod templates).
 * `threshold` is upstream's minimum pods/s for that workload, where it has one.
 */
import type { KubeObject } from '../src/api/meta.js';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Pods made from one template: `make(i)` is the i-th pod's object. */
export interface PodGroup {
  readonly count: number;
  readonly make: (i: number) => KubeObject;
}

export interface Workload {
  /** upstream `<testCase>/<workload>`. */
  readonly name: string;
  /** Nodes from node-default (4 CPU, 32Gi, 110 pods); zones round-robin when given. */
  readonly nodes: number;
  readonly zones?: readonly string[];
  /** Objects created with the nodes (namespaces, PriorityClasses, named nodes). */
  readonly objects?: readonly KubeObject[];
  /** Created before the measured phase; `wait`: all of them are scheduled first (upstream waits). */
  readonly init: readonly (PodGroup & { readonly wait: boolean })[];
  readonly measure: PodGroup;
  /** Pods created with the measured ones, `perBatch` in each batch (upstream: a churn op). */
  readonly churn?: PodGroup & { readonly perBatch: number };
  /** upstream's threshold (pods/s), where the config has one. */
  readonly threshold?: number;
  /** kubesim's target (pods/s of scheduling time), where the issue sets one. */
  readonly target?: number;
  /** What the bench checks of the placement, beyond "bound and within allocatable". */
  readonly placement?: Placement;
  /** What differs from upstream's workload, shown in the report. */
  readonly note?: string;
}

/** Placement checks over the measured pods (and the init pods sharing their label). */
export type Placement =
  | { readonly type: 'maxPerNode'; readonly label: string; readonly limit?: number }
  | { readonly type: 'zoneSkew'; readonly label: string; readonly maxSkew?: number }
  | { readonly type: 'distinctNodes'; readonly label: string }
  | { readonly type: 'onNode'; readonly node: string }
  | { readonly type: 'preemption' }
  | { readonly type: 'pending' };

// -------------------------------------------------------------------------------------
// templates (upstream scheduler_perf/templates)
// -------------------------------------------------------------------------------------

const PAUSE = 'registry.k8s.io/pause:3.10';

const container = (cpu: string, withLimits: boolean): object => ({
  name: 'pause',
  image: PAUSE,
  ports: [{ containerPort: 80 }],
  resources: withLimits ? { limits: { cpu, memory: '500Mi' }, requests: { cpu, memory: '500Mi' } } : { requests: { cpu, memory: '500Mi' } },
});

const pod = (namespace: string, name: string, spec: Readonly<Record<string, unknown>>, labels?: Readonly<Record<string, string>>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, ...(labels === undefined ? {} : { labels: { ...labels } }) },
  spec: { containers: [container('100m', true)], ...spec },
});

const name = (prefix: string, i: number): string => `${prefix}-${String(i).padStart(6, '0')}`;

/** pod-default.yaml */
const defaultPods = (count: number, namespace: string, prefix: string): PodGroup => ({ count, make: (i) => pod(namespace, name(prefix, i), {}) });

const LOW = 'low-priority';
const HIGH = 'high-priority';

const priorityClass = (className: string, value: number): KubeObject => ({
  apiVersion: 'scheduling.k8s.io/v1',
  kind: 'PriorityClass',
  metadata: { name: className },
  value,
  preemptionPolicy: 'PreemptLowerPriority',
} as KubeObject);

/** upstream templates set spec.priority; here the class is named too, as the Priority admission plugin would leave it. */
const withPriority = (className: string, value: number): Record<string, unknown> => ({ priorityClassName: className, priority: value });

/** pod-low-priority.yaml: 900m, 4 fill a node to 3.6 of 4 CPU. */
const lowPriorityPods = (count: number): PodGroup => ({
  count,
  make: (i) => pod('default', name('low', i), { terminationGracePeriodSeconds: 0, ...withPriority(LOW, 0), containers: [container('900m', true)] }),
});

/** pod-high-priority.yaml: 3000m, priority 10 (preempts 3 of a node's 4 low-priority pods). */
const highPriorityPods = (count: number): PodGroup => ({
  count,
  make: (i) => pod('default', name('high', i), { ...withPriority(HIGH, 10), containers: [container('3000m', true)] }),
});

/** pod-high-priority-large-cpu.yaml: 9 CPU fits no 4-CPU node. */
const largeCpuPods = (count: number, prefix: string): PodGroup => ({
  count,
  make: (i) => pod('default', name(prefix, i), { ...withPriority(HIGH, 10), containers: [container('9', false)] }),
});

const term = (color: string, topologyKey: string): object => ({ labelSelector: { matchLabels: { color } }, topologyKey, namespaces: ['sched-1', 'sched-0'] });

/** pod-with-pod-affinity / pod-with-pod-anti-affinity / the preferred ones. */
const affinityPods = (count: number, namespace: string, kind: 'affinity' | 'antiAffinity' | 'preferredAffinity' | 'preferredAntiAffinity'): PodGroup => {
  const shapes = {
    affinity: { color: 'blue', affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('blue', 'topology.kubernetes.io/zone')] } } },
    antiAffinity: { color: 'green', affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('green', 'kubernetes.io/hostname')] } } },
    preferredAffinity: { color: 'red', affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ podAffinityTerm: term('red', 'kubernetes.io/hostname'), weight: 1 }] } } },
    preferredAntiAffinity: { color: 'yellow', affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ podAffinityTerm: term('yellow', 'kubernetes.io/hostname'), weight: 1 }] } } },
  } as const;
  const { color, affinity } = shapes[kind];
  return { count, make: (i) => pod(namespace, name(`${color}-${namespace}`, i), { affinity }, { color }) };
};

/** pod-with-topology-spreading / pod-with-preferred-topology-spreading: maxSkew 5 over zones. */
const spreadingPods = (count: number, whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway'): PodGroup => ({
  count,
  make: (i) =>
    pod('default', name('spreading', i), { topologySpreadConstraints: [{ maxSkew: 5, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable, labelSelector: { matchLabels: { color: 'blue' } } }] }, { color: 'blue' }),
});

const DAEMONSET_NODE = 'scheduler-perf-node';

/** daemonset-pod.yaml: pinned to scheduler-perf-node by matchFields, no requests. */
const daemonSetPods = (count: number): PodGroup => ({
  count,
  make: (i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: name('daemonset', i), namespace: 'default' },
    spec: {
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [DAEMONSET_NODE] }] }] } } },
      containers: [{ name: 'pause', image: PAUSE }],
    },
  }),
});

/** node-with-name.yaml: 90,000 pods, so all 30,000 daemon pods fit on it. */
const namedNode: KubeObject = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: DAEMONSET_NODE, labels: { 'kubernetes.io/hostname': DAEMONSET_NODE } },
  spec: {},
  status: { capacity: { pods: '90000', cpu: '4', memory: '32Gi' }, allocatable: { pods: '90000', cpu: '4', memory: '32Gi' }, conditions: [{ type: 'Ready', status: 'True' }] },
} as KubeObject;

const namespace = (n: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } });
const SCHED_NAMESPACES = [namespace('sched-0'), namespace('sched-1')];
const MOONS = ['moon-1', 'moon-2', 'moon-3'];

// -------------------------------------------------------------------------------------
// workloads
// -------------------------------------------------------------------------------------

const basic = (suffix: string, nodes: number, init: number, measure: number, extra: Partial<Workload> = {}): Workload => ({
  name: `SchedulingBasic/${suffix}`,
  nodes,
  init: [{ ...defaultPods(init, 'default', 'init'), wait: true }],
  measure: defaultPods(measure, 'default', 'measure'),
  ...extra,
});

const affinity = (test: string, kind: Parameters<typeof affinityPods>[2], init: number, measure: number, extra: Partial<Workload>): Workload => ({
  name: `${test}/5000Nodes_${measure}Pods`,
  nodes: 5000,
  objects: SCHED_NAMESPACES,
  init: [{ ...affinityPods(init, 'sched-0', kind), wait: true }],
  measure: affinityPods(measure, 'sched-1', kind),
  target: 5000,
  ...extra,
});

const spreading = (test: string, when: 'DoNotSchedule' | 'ScheduleAnyway', threshold: number): Workload => ({
  name: `${test}/5000Nodes_5000Pods`,
  nodes: 5000,
  zones: MOONS,
  init: [{ ...defaultPods(5000, 'default', 'init'), wait: true }],
  measure: spreadingPods(5000, when),
  threshold,
  target: 5000,
  placement: { type: 'zoneSkew', label: 'blue', ...(when === 'DoNotSchedule' ? { maxSkew: 5 } : {}) },
});

export const WORKLOADS: readonly Workload[] = [
  basic('500Nodes', 500, 500, 1000),
  basic('5000Nodes_10000Pods', 5000, 1000, 10_000, { threshold: 680, target: 34_000 }),
  basic('5000Nodes_50000Pods', 5000, 5000, 50_000, { threshold: 810 }),
  {
    name: 'SchedulingDaemonset/15000Nodes',
    nodes: 15_000,
    objects: [namedNode],
    init: [],
    measure: daemonSetPods(30_000),
    threshold: 1100,
    placement: { type: 'onNode', node: DAEMONSET_NODE },
  },
  {
    name: 'PreemptionBasic/1000Nodes',
    nodes: 1000,
    objects: [priorityClass(LOW, 0), priorityClass(HIGH, 10)],
    init: [{ ...lowPriorityPods(4000), wait: true }],
    measure: highPriorityPods(1000),
    placement: { type: 'preemption' },
    note: 'upstream PreemptionBasic/1000Nodes (no threshold); PreemptionAsync/5000Nodes (5000/20000/5000, churn of preemptors) has 570',
  },
  {
    name: 'Unschedulable/5kNodes/100Init/10kPods',
    nodes: 5000,
    objects: [priorityClass(HIGH, 10)],
    init: [{ ...largeCpuPods(100, 'unschedulable-init'), wait: false }],
    measure: defaultPods(10_000, 'default', 'measure'),
    churn: { ...largeCpuPods(100, 'unschedulable'), perBatch: 10 },
    threshold: 590,
    placement: { type: 'pending' },
    note: 'upstream: 100 init pods that fit, and 9-CPU pods injected at 5/s while measuring; here the 100 init pods fit nowhere and 10 more such pods come with each batch of 1,000',
  },
  affinity('SchedulingPodAffinity', 'affinity', 5000, 5000, {
    zones: ['zone1'],
    threshold: 35,
    placement: { type: 'distinctNodes', label: 'blue' },
    note: 'as upstream, every node is in zone1, so the required zone affinity holds on every node: the workload measures its cost, not a placement',
  }),
  affinity('SchedulingPodAntiAffinity', 'antiAffinity', 1000, 2000, { threshold: 60, placement: { type: 'maxPerNode', label: 'green', limit: 1 } }),
  affinity('SchedulingPreferredPodAffinity', 'preferredAffinity', 5000, 5000, { threshold: 90, placement: { type: 'distinctNodes', label: 'red' } }),
  affinity('SchedulingPreferredPodAntiAffinity', 'preferredAntiAffinity', 5000, 5000, { threshold: 90, placement: { type: 'maxPerNode', label: 'yellow' } }),
  spreading('TopologySpreading', 'DoNotSchedule', 460),
  spreading('PreferredTopologySpreading', 'ScheduleAnyway', 340),
];
