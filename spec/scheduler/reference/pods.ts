/**
 * Random pods for the scheduler's differential property: bound pods (requests, labels,
 * host ports, pod (anti-)affinity, some Succeeded, terminating or unbound) and the pending
 * pod with every scheduling field the default profile reads: requests (none, explicit 0,
 * init containers, sidecars), nodeSelector, required / preferred node affinity,
 * tolerations, host ports, topologySpreadConstraints, pod (anti-)affinity, an owner.
 * Values come from small pools so that they collide often.
 */
import fc from 'fast-check';
import type { KubeObject } from '../../../src/api/meta.js';

export const NAMESPACES = ['default', 'team-a', 'team-b'] as const;
export const HOSTNAME = 'kubernetes.io/hostname';
export const ZONE = 'topology.kubernetes.io/zone';
export const REGION = 'topology.kubernetes.io/region';
export const namespaceArb = fc.constantFrom<string>('default', 'default', 'default', 'team-a', 'team-b');
export const appArb = fc.constantFrom<string>('web', 'web', 'web', 'db', 'cache');
const TOPOLOGY_KEYS = [HOSTNAME, ZONE, REGION, 'disk'] as const;
const IMAGES = ['nginx:1.27', 'redis:7', 'busybox', 'registry.local:5000/app', 'app@sha256:abc'] as const;

/** `arb` with probability `p`, else undefined (shrinking towards undefined). */
export const opt = <T>(arb: fc.Arbitrary<T>, p = 0.3): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: Math.round((1 - p) * 100), arbitrary: fc.constant(undefined) }, { weight: Math.round(p * 100), arbitrary: arb });
export const compact = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

// -------------------------------------------------------------------------------------
// pods
// -------------------------------------------------------------------------------------

const labelsArb = fc.record({ app: opt(appArb, 0.8), tier: opt(fc.constantFrom('1', '2'), 0.4), team: opt(fc.constantFrom('x', 'y'), 0.3) }).map(compact);

const selectorArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ matchLabels: fc.record({ app: appArb }) }) },
  { weight: 2, arbitrary: fc.record({ matchExpressions: fc.constant([{ key: 'app', operator: 'In', values: ['web', 'db'] }]) }) },
  { weight: 1, arbitrary: fc.record({ matchExpressions: fc.constant([{ key: 'tier', operator: 'Exists' }]) }) },
  { weight: 1, arbitrary: fc.record({ matchExpressions: fc.constant([{ key: 'app', operator: 'NotIn', values: ['cache'] }]) }) },
  { weight: 1, arbitrary: fc.constant({}) },
);

const nsSelectorArb = fc.constantFrom<unknown>({}, { matchLabels: { team: 'a' } }, { matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['a'] }] }, { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] });

const podTermArb = (withLabelKeys: boolean) =>
  fc
    .record({
      labelSelector: opt(selectorArb, 0.92),
      topologyKey: fc.constantFrom(...TOPOLOGY_KEYS),
      namespaces: opt(fc.subarray([...NAMESPACES], { minLength: 1 }), 0.2),
      namespaceSelector: opt(nsSelectorArb, 0.15),
      matchLabelKeys: withLabelKeys ? opt(fc.constant(['team']), 0.1) : fc.constant(undefined),
      mismatchLabelKeys: withLabelKeys ? opt(fc.constant(['tier']), 0.1) : fc.constant(undefined),
    })
    .map((t) => compact({ ...t, matchLabelKeys: t.labelSelector === undefined ? undefined : t.matchLabelKeys, mismatchLabelKeys: t.labelSelector === undefined ? undefined : t.mismatchLabelKeys }));

const weighted = (withLabelKeys: boolean) => fc.record({ weight: fc.integer({ min: 1, max: 100 }), podAffinityTerm: podTermArb(withLabelKeys) });
const terms = <T>(arb: fc.Arbitrary<T>) => opt(fc.array(arb, { minLength: 1, maxLength: 2 }), 0.35);

const podAffinityArb = (withLabelKeys: boolean) =>
  fc
    .record({
      podAffinity: opt(fc.record({ requiredDuringSchedulingIgnoredDuringExecution: terms(podTermArb(withLabelKeys)), preferredDuringSchedulingIgnoredDuringExecution: terms(weighted(withLabelKeys)) }).map(compact), 0.5),
      podAntiAffinity: opt(fc.record({ requiredDuringSchedulingIgnoredDuringExecution: terms(podTermArb(withLabelKeys)), preferredDuringSchedulingIgnoredDuringExecution: terms(weighted(withLabelKeys)) }).map(compact), 0.5),
    })
    .map(compact);

const requestsArb = fc
  .record({ cpu: opt(fc.constantFrom('0', '50m', '100m', '100m', '250m', '500m', '1', '3'), 0.7), memory: opt(fc.constantFrom('0', '64Mi', '128Mi', '128Mi', '512Mi', '1Gi', '4Gi'), 0.6) })
  .map((r) => compact(r));

const portArb = fc.record({
  containerPort: fc.constant(80),
  hostPort: fc.constantFrom(8080, 9090),
  protocol: opt(fc.constantFrom('TCP', 'UDP'), 0.5),
  hostIP: opt(fc.constantFrom('127.0.0.1', '10.0.0.1', '0.0.0.0'), 0.4),
});

const containerArb = (name: string, sidecar: boolean) =>
  fc.record({ image: fc.constantFrom(...IMAGES), requests: opt(requestsArb, 0.85), ports: opt(fc.array(portArb, { minLength: 1, maxLength: 2 }), 0.15) }).map((c) =>
    compact({
      name,
      image: c.image,
      resources: c.requests === undefined ? undefined : { requests: c.requests },
      ports: c.ports?.map((p) => compact(p)),
      restartPolicy: sidecar ? 'Always' : undefined,
    }),
  );

const containersArb = (prefix: string, min: number, max: number, sidecars: boolean) =>
  fc.array(fc.boolean(), { minLength: min, maxLength: max }).chain((kinds) => fc.tuple(...kinds.map((s, i) => containerArb(`${prefix}${i}`, sidecars && s))));

export const boundPodArb = fc.record({
  ns: namespaceArb,
  labels: labelsArb,
  node: fc.oneof(fc.nat({ max: 3 }), fc.nat()),
  containers: containersArb('c', 1, 2, false),
  initContainers: opt(containersArb('i', 1, 2, true), 0.15),
  affinity: opt(podAffinityArb(false), 0.3),
  fate: fc.constantFrom<'running' | 'succeeded' | 'terminating' | 'unbound'>('running', 'running', 'running', 'running', 'running', 'running', 'running', 'succeeded', 'terminating', 'unbound'),
});

// -------------------------------------------------------------------------------------
// the incoming pod
// -------------------------------------------------------------------------------------

const EXPRESSIONS = [
  { key: 'disk', operator: 'In', values: ['ssd'] },
  { key: 'disk', operator: 'NotIn', values: ['hdd'] },
  { key: 'gpu', operator: 'Exists' },
  { key: 'gpu', operator: 'DoesNotExist' },
  { key: 'tier', operator: 'Gt', values: ['1'] },
  { key: 'tier', operator: 'Lt', values: ['3'] },
  { key: ZONE, operator: 'In', values: ['zone-a', 'zone-b'] },
  { key: HOSTNAME, operator: 'NotIn', values: ['node-0', 'node-3'] },
];

/** A node selector term; ~9% are empty (`{}`: dropped upstream), matchFields name `node-<n>` up to one past the last node. */
const nodeTermArb = (nodes: number) =>
  fc
    .record({
      matchExpressions: opt(fc.subarray(EXPRESSIONS, { minLength: 1, maxLength: 2 }), 0.9),
      matchFields: opt(fc.array(fc.nat(nodes + 1), { minLength: 1, maxLength: 2 }), 0.08),
    })
    .map((t) => compact({ matchExpressions: t.matchExpressions, matchFields: t.matchFields?.map((i) => ({ key: 'metadata.name', operator: 'In', values: [`node-${i}`] })) }));

const nodeAffinityArb = (nodes: number) =>
  fc
    .record({
      requiredDuringSchedulingIgnoredDuringExecution: opt(fc.record({ nodeSelectorTerms: fc.array(nodeTermArb(nodes), { minLength: 1, maxLength: 2 }) }), 0.5),
      preferredDuringSchedulingIgnoredDuringExecution: opt(fc.array(fc.record({ weight: fc.integer({ min: 1, max: 100 }), preference: nodeTermArb(nodes) }), { minLength: 1, maxLength: 3 }), 0.6),
    })
    .map(compact);

const TOLERATIONS = [
  { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
  { key: 'dedicated', operator: 'Equal', value: 'infra' },
  { key: 'spot', operator: 'Exists' },
  { key: 'maint', operator: 'Exists', effect: 'PreferNoSchedule' },
  { key: 'maint', operator: 'Exists', effect: 'NoExecute' },
  { operator: 'Exists', effect: 'PreferNoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  { operator: 'Exists' },
];

const spreadArb = fc
  .record({
    maxSkew: fc.constantFrom(1, 1, 1, 2, 3),
    topologyKey: fc.constantFrom(HOSTNAME, HOSTNAME, HOSTNAME, ZONE, ZONE, 'disk', REGION),
    whenUnsatisfiable: fc.constantFrom('DoNotSchedule', 'ScheduleAnyway'),
    labelSelector: opt(selectorArb, 0.9),
    minDomains: opt(fc.integer({ min: 1, max: 4 }), 0.2),
    nodeAffinityPolicy: opt(fc.constantFrom('Honor', 'Ignore'), 0.2),
    nodeTaintsPolicy: opt(fc.constantFrom('Honor', 'Ignore'), 0.2),
    matchLabelKeys: opt(fc.constant(['team']), 0.15),
  })
  .map((c) =>
    compact({
      ...c,
      minDomains: c.whenUnsatisfiable === 'DoNotSchedule' ? c.minDomains : undefined,
      matchLabelKeys: c.labelSelector === undefined ? undefined : c.matchLabelKeys,
    }),
  );

const ownerArb = fc.constantFrom(
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs-0' },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs-1' },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs-missing' },
  { apiVersion: 'v1', kind: 'ReplicationController', name: 'rc-0' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'ss-0' },
  { apiVersion: 'apps/v1', kind: 'Deployment', name: 'rs-0' },
);

export const incomingArb = (nodes: number, roomy: boolean) =>
  fc.record({
    ns: namespaceArb,
    labels: labelsArb,
    owner: opt(ownerArb, 0.35),
    containers: containersArb('c', 1, 2, false),
    initContainers: opt(containersArb('i', 1, 2, true), 0.25),
    nodeSelector: opt(fc.constantFrom({ disk: 'ssd' }, { [ZONE]: 'zone-a' }, { gpu: 'true', disk: 'ssd' }), 0.15),
    nodeAffinity: opt(nodeAffinityArb(nodes), 0.35),
    podAffinity: opt(podAffinityArb(true), roomy ? 0.7 : 0.45),
    tolerations: opt(fc.subarray(TOLERATIONS, { minLength: 1, maxLength: 3 }), 0.4),
    spread: opt(fc.array(spreadArb, { minLength: 1, maxLength: 2 }), roomy ? 0.6 : 0.45),
  });

// -------------------------------------------------------------------------------------
// manifests
// -------------------------------------------------------------------------------------

export type BoundGen = typeof boundPodArb extends fc.Arbitrary<infer T> ? T : never;
type IncomingGen = ReturnType<typeof incomingArb> extends fc.Arbitrary<infer T> ? T : never;

export const boundPod = (p: BoundGen, i: number, nodes: number): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${i}`, namespace: p.ns, labels: p.labels },
    spec: compact({ nodeName: p.fate === 'unbound' ? undefined : `node-${p.node % nodes}`, containers: p.containers, initContainers: p.initContainers, affinity: p.affinity }),
  }) as KubeObject;

export const incomingPod = (g: IncomingGen): KubeObject => {
  const affinity = compact({ nodeAffinity: g.nodeAffinity, ...(g.podAffinity ?? {}) });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: compact({
      name: 'incoming',
      namespace: g.ns,
      labels: g.labels,
      ownerReferences: g.owner === undefined ? undefined : [{ ...g.owner, uid: `uid-${g.owner.name}`, controller: true }],
    }),
    spec: compact({
      containers: g.containers,
      initContainers: g.initContainers,
      nodeSelector: g.nodeSelector,
      affinity: Object.keys(affinity).length === 0 ? undefined : affinity,
      tolerations: g.tolerations,
      topologySpreadConstraints: g.spread,
    }),
  } as KubeObject;
};

export const withoutSidecars = <T extends { readonly initContainers?: readonly { readonly restartPolicy?: string }[] | undefined }>(p: T): T => ({
  ...p,
  initContainers: p.initContainers?.map((c) => compact({ ...c, restartPolicy: undefined })),
});

