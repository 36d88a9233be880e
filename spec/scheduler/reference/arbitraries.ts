/**
 * Random small clusters for the scheduler's differential property: nodes (zones, regions,
 * beta or mixed zone labels or none, extra labels, taints of every effect, small and large
 * allocatable, images), the bound pods and the pending pod of pods.ts, Services and
 * controllers (ReplicaSets, a ReplicationController, a StatefulSet) selecting some of them.
 */
import fc from 'fast-check';
import type { KubeObject } from '../../../src/api/meta.js';
import { appArb, boundPod, boundPodArb, compact, HOSTNAME, incomingArb, incomingPod, namespaceArb, opt, REGION, withoutSidecars, ZONE } from './pods.js';

const BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';
const MB = 1000 * 1000;

export interface Scenario {
  readonly namespaces: readonly KubeObject[];
  readonly nodes: readonly KubeObject[];
  readonly services: readonly KubeObject[];
  readonly owners: readonly KubeObject[];
  readonly pods: readonly KubeObject[];
  /** `namespace/name` of the bound pods to move to Succeeded. */
  readonly succeeded: readonly string[];
  /** `namespace/name` of the bound pods to delete gracefully (they keep running with a deletionTimestamp). */
  readonly terminating: readonly string[];
  readonly incoming: KubeObject;
  readonly startIndex: number;
  readonly seed: number;
}

// -------------------------------------------------------------------------------------
// nodes
// -------------------------------------------------------------------------------------

const taintArb = fc.record({
  key: fc.constantFrom('dedicated', 'spot', 'maint'),
  value: fc.constantFrom('gpu', 'infra', ''),
  effect: fc.constantFrom('NoSchedule', 'PreferNoSchedule', 'NoExecute'),
});

const imageListArb = fc.array(
  fc.record({ names: fc.constantFrom(['nginx:1.27'], ['docker.io/library/nginx:1.27', 'nginx:1.27'], ['redis:7'], ['busybox:latest'], ['busybox'], ['registry.local:5000/app:latest'], ['app@sha256:abc']), sizeBytes: fc.constantFrom(5 * MB, 30 * MB, 200 * MB, 600 * MB, 1500 * MB) }),
  { minLength: 1, maxLength: 3 },
);

type ZoneMode = 'none' | 'zone' | 'region' | 'beta' | 'mixed';

const nodeArb = (zoneMode: ZoneMode, roomy: boolean) =>
  fc.record({
    zone: fc.constantFrom('a', 'b', 'c'),
    region: fc.constantFrom('r1', 'r2'),
    /** 0: no hostname label, 1: the previous node's name (a shared hostname domain), else its own name. */
    hostname: fc.integer({ min: 0, max: 24 }),
    /** For zoneMode 'mixed': which labels this node carries. */
    mixed: fc.constantFrom('none', 'ga', 'beta', 'both', 'empty'),
    disk: opt(fc.constantFrom('ssd', 'hdd'), 0.6),
    tier: opt(fc.constantFrom('1', '2', '3'), 0.5),
    gpu: opt(fc.constant('true'), 0.2),
    taints: opt(fc.uniqueArray(taintArb, { minLength: 1, maxLength: 2, selector: (t) => `${t.key}:${t.effect}` }), roomy ? 0.05 : 0.25),
    unschedulable: fc.integer({ min: 0, max: 24 }).map((i) => i === 0 && !roomy),
    cpu: roomy ? fc.constantFrom('8', '16') : fc.oneof({ weight: 1, arbitrary: fc.constant('0') }, { weight: 20, arbitrary: fc.constantFrom('250m', '500m', '1', '2', '4', '8') }),
    memory: roomy ? fc.constantFrom('32Gi', '64Gi') : fc.constantFrom('256Mi', '1Gi', '2Gi', '8Gi', '32Gi'),
    pods: roomy ? fc.constant('110') : fc.oneof({ weight: 1, arbitrary: fc.constant('0') }, { weight: 5, arbitrary: fc.constantFrom('1', '2', '3', '4', '10') }, { weight: 10, arbitrary: fc.constant('110') }),
    images: opt(imageListArb, 0.35),
  }).map((n) => ({ ...n, zoneMode }));

type NodeGen = ReturnType<typeof nodeArb> extends fc.Arbitrary<infer T> ? T : never;

const nodeObject = (g: NodeGen, i: number): KubeObject => {
  const name = `node-${i}`;
  const labels: Record<string, string> = {};
  if (g.hostname !== 0) labels[HOSTNAME] = g.hostname === 1 && i > 0 ? `node-${i - 1}` : name;
  if (g.zoneMode === 'zone' || g.zoneMode === 'region') labels[ZONE] = `zone-${g.zone}`;
  if (g.zoneMode === 'region') labels[REGION] = g.region;
  if (g.zoneMode === 'beta') labels[BETA_ZONE] = `zone-${g.zone}`;
  if (g.zoneMode === 'mixed') {
    // the GA label wins over the beta one in the node tree's zone key, even when empty
    if (g.mixed === 'ga' || g.mixed === 'both') labels[ZONE] = `zone-${g.zone}`;
    if (g.mixed === 'beta' || g.mixed === 'both') labels[BETA_ZONE] = `zone-${g.zone === 'a' ? 'b' : 'a'}`;
    if (g.mixed === 'empty') labels[ZONE] = '';
  }
  if (g.disk !== undefined) labels['disk'] = g.disk;
  if (g.tier !== undefined) labels['tier'] = g.tier;
  if (g.gpu !== undefined) labels['gpu'] = g.gpu;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    spec: compact({ taints: g.taints, unschedulable: g.unschedulable ? true : undefined }),
    status: compact({ allocatable: { cpu: g.cpu, memory: g.memory, pods: g.pods }, images: g.images }),
  } as KubeObject;
};


// -------------------------------------------------------------------------------------
// Services and controllers
// -------------------------------------------------------------------------------------

const serviceArb = fc.record({ ns: namespaceArb, app: appArb, tier: opt(fc.constantFrom('1', '2'), 0.3) });
const ownerObjArb = fc.record({ ns: namespaceArb, app: appArb, tierExists: fc.boolean() });

// -------------------------------------------------------------------------------------
// the scenario
// -------------------------------------------------------------------------------------

const namespaceObjects: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { team: 'a', env: 'prod' } } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b', labels: { team: 'b' } } },
];

export interface ScenarioOptions {
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly maxPods: number;
  /** Init containers with restartPolicy Always (default true). */
  readonly sidecars?: boolean;
  /** Let nodes report different sizes for the same image name (default true). */
  readonly imageSizesVary?: boolean;
  /** Big untainted nodes and a pod with spreading or pod affinity more often: inter-pod rules decide. */
  readonly roomy?: boolean;
}

export const scenarioArb = (opts: ScenarioOptions): fc.Arbitrary<Scenario> =>
  fc
    .record({ count: fc.integer({ min: opts.minNodes, max: opts.maxNodes }), zoneMode: fc.constantFrom<ZoneMode>('none', 'zone', 'zone', 'region', 'beta', 'mixed') })
    .chain(({ count, zoneMode }) =>
      fc.record({
        nodes: fc.array(nodeArb(zoneMode, opts.roomy === true), { minLength: count, maxLength: count }),
        pods: fc.array(boundPodArb, { maxLength: opts.maxPods, size: 'medium' }),
        services: fc.array(serviceArb, { maxLength: 3 }),
        replicaSets: fc.array(ownerObjArb, { maxLength: 2 }),
        rc: opt(ownerObjArb, 0.3),
        ss: opt(ownerObjArb, 0.3),
        incoming: incomingArb(count, opts.roomy === true),
        startIndex: fc.nat({ max: 2 * count }),
        seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      }),
    )
    .map((g) => {
      const nodes = (opts.imageSizesVary === false ? sameImageSizes(g.nodes) : g.nodes).map(nodeObject);
      const pods = g.pods.map((p, i) => boundPod(opts.sidecars === false ? withoutSidecars(p) : p, i, nodes.length));
      return {
        namespaces: namespaceObjects,
        nodes,
        services: g.services.map((s, i) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${i}`, namespace: s.ns }, spec: { selector: compact({ app: s.app, tier: s.tier }), ports: [{ port: 80 }] } }) as KubeObject),
        owners: [...g.replicaSets.map((o, i) => replicaSet(`rs-${i}`, o)), ...(g.rc === undefined ? [] : [replicationController('rc-0', g.rc)]), ...(g.ss === undefined ? [] : [statefulSet('ss-0', g.ss)])],
        pods,
        succeeded: g.pods.flatMap((p, i) => (p.fate === 'succeeded' ? [`${p.ns}/pod-${i}`] : [])),
        terminating: g.pods.flatMap((p, i) => (p.fate === 'terminating' ? [`${p.ns}/pod-${i}`] : [])),
        incoming: incomingPod(opts.sidecars === false ? withoutSidecars(g.incoming) : g.incoming),
        startIndex: g.startIndex,
        seed: g.seed,
      };
    });

type OwnerGen = typeof ownerObjArb extends fc.Arbitrary<infer T> ? T : never;

const replicaSet = (name: string, o: OwnerGen): KubeObject =>
  ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: o.ns },
    spec: {
      replicas: 0,
      selector: compact({ matchLabels: { app: o.app }, matchExpressions: o.tierExists ? [{ key: 'tier', operator: 'Exists' }] : undefined }),
      template: { metadata: { labels: { app: o.app, tier: '1' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } },
    },
  }) as KubeObject;

const replicationController = (name: string, o: OwnerGen): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name, namespace: o.ns },
    spec: { replicas: 0, selector: { app: o.app }, template: { metadata: { labels: { app: o.app } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } },
  }) as KubeObject;

/** Every node reports one size per image (the first one generated for it; the nginx entries share theirs). */
const sameImageSizes = (nodes: readonly NodeGen[]): NodeGen[] => {
  const sizes = new Map<string, number>();
  return nodes.map((n) => ({
    ...n,
    images: n.images?.map((image) => {
      const names: readonly string[] = image.names;
      const key = names[names.length - 1] as string;
      if (!sizes.has(key)) sizes.set(key, image.sizeBytes);
      return { ...image, sizeBytes: sizes.get(key) as number };
    }),
  }));
};

const statefulSet = (name: string, o: OwnerGen): KubeObject =>
  ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: o.ns },
    spec: {
      replicas: 0,
      serviceName: name,
      selector: compact({ matchLabels: { app: o.app }, matchExpressions: o.tierExists ? [{ key: 'tier', operator: 'Exists' }] : undefined }),
      template: { metadata: { labels: { app: o.app, tier: '1' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } },
    },
  }) as KubeObject;
