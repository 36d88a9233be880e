/**
 * The volume plugins of kube-scheduler v1.34: VolumeBinding (PreFilter's claim checks,
 * Filter's bound-PV affinity, static matching and dynamic provisioning, the skipped
 * PreScore) and VolumeZone. States are built through admission; expected verdicts are
 * worked out by hand from upstream's rules (plugins/volumebinding, plugins/volumezone,
 * component-helpers storage/volume).
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/meta.js';
import type { Node } from '../../../src/api/node.js';
import type { Volume } from '../../../src/api/pod.js';
import type { ClusterState } from '../../../src/state/state.js';
import * as binding from '../../../src/scheduler/plugins/volumebinding.js';
import * as zone from '../../../src/scheduler/plugins/volumezone.js';
import type { FilterPlugin, NodeInfo, PodInfo } from '../../../src/scheduler/types.js';
import { given } from '../../support/given.js';
import { contextOf, nodeInfoFor, podInfoFor, rawScores } from '../../support/scheduler.js';

// -------------------------------------------------------------------------------------
// builders
// -------------------------------------------------------------------------------------

const ZONE = 'topology.kubernetes.io/zone';
const REGION = 'topology.kubernetes.io/region';
const BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';
const CSI = 'ebs.csi.aws.com';
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

const nodeWith = (name: string, labels: Record<string, string>): NodeInfo => {
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
    spec: {},
    status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } },
  };
  return nodeInfoFor(node);
};

/** node-a in zone-a, node-b in zone-b (both region r1), node-bare with no topology labels. */
const NODES = [nodeWith('node-a', { [ZONE]: 'zone-a', [REGION]: 'r1' }), nodeWith('node-b', { [ZONE]: 'zone-b', [REGION]: 'r1' }), nodeWith('node-bare', {})];

const storageClass = (name: string, mode: 'Immediate' | 'WaitForFirstConsumer', provisioner = NO_PROVISIONER, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name },
  provisioner,
  volumeBindingMode: mode,
  ...extra,
});

/** Affinity to the zones listed (none: no nodeAffinity). */
const zoneAffinity = (...zones: string[]): Record<string, unknown> =>
  zones.length === 0 ? {} : { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE, operator: 'In', values: zones }] }] } } };

interface PvOpts {
  readonly size?: string;
  readonly cls?: string;
  readonly zones?: readonly string[];
  readonly labels?: Record<string, string>;
  /** undefined: Available. */
  readonly phase?: string;
  readonly claimRef?: Record<string, string>;
  readonly accessModes?: readonly string[];
  readonly volumeMode?: string;
  readonly spec?: Record<string, unknown>;
}

/** A PV; its status.phase is applied after creation (admission resets status on create). */
const pv = (name: string, o: PvOpts = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name, ...(o.labels === undefined ? {} : { labels: o.labels }) },
  spec: {
    capacity: { storage: o.size ?? '10Gi' },
    accessModes: o.accessModes ?? ['ReadWriteOnce'],
    ...(o.cls === undefined ? {} : { storageClassName: o.cls }),
    ...(o.volumeMode === undefined ? {} : { volumeMode: o.volumeMode }),
    ...(o.claimRef === undefined ? {} : { claimRef: o.claimRef }),
    hostPath: { path: `/data/${name}` },
    ...zoneAffinity(...(o.zones ?? [])),
    ...o.spec,
  },
  status: { phase: o.phase ?? 'Available' },
});

interface PvcOpts {
  readonly size?: string;
  readonly cls?: string;
  /** spec.volumeName plus the bind-completed annotation. */
  readonly boundTo?: string;
  readonly volumeName?: string;
  readonly annotations?: Record<string, string>;
  readonly accessModes?: readonly string[];
  readonly selector?: Record<string, unknown>;
  readonly ownerUid?: string;
  readonly finalizers?: readonly string[];
  readonly phase?: string;
}

const pvc = (name: string, o: PvcOpts = {}): KubeObject => {
  const annotations = { ...(o.boundTo === undefined ? {} : { [binding.ANN_BIND_COMPLETED]: 'yes' }), ...o.annotations };
  const volumeName = o.boundTo ?? o.volumeName;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name,
      namespace: 'default',
      ...(Object.keys(annotations).length === 0 ? {} : { annotations }),
      ...(o.ownerUid === undefined ? {} : { ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: o.ownerUid, controller: true }] }),
      ...(o.finalizers === undefined ? {} : { finalizers: [...o.finalizers] }),
    },
    spec: {
      accessModes: o.accessModes ?? ['ReadWriteOnce'],
      resources: { requests: { storage: o.size ?? '5Gi' } },
      ...(o.cls === undefined ? {} : { storageClassName: o.cls }),
      ...(volumeName === undefined ? {} : { volumeName }),
      ...(o.selector === undefined ? {} : { selector: o.selector }),
    },
    ...(o.phase === undefined ? {} : { status: { phase: o.phase } }),
  };
};

/** The classes every case may use. */
const CLASSES = [
  storageClass('local', 'WaitForFirstConsumer'),
  storageClass('dyn', 'WaitForFirstConsumer', CSI),
  storageClass('dyn-zone-a', 'WaitForFirstConsumer', CSI, { allowedTopologies: [{ matchLabelExpressions: [{ key: ZONE, values: ['zone-a'] }] }] }),
  storageClass('fast', 'Immediate', CSI),
];

/** A state holding the classes and these objects, with each object's status.phase applied. */
const stateOf = (...objects: KubeObject[]): ClusterState => {
  let g = given(...CLASSES, ...objects);
  for (const o of objects) {
    const phase = (o['status'] as { phase?: string } | undefined)?.phase;
    if (phase === undefined) continue;
    g = g.and({ type: 'UpdateStatus', ref: { kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name }, status: { phase } });
  }
  return g.state;
};

const claimVolume = (claimName: string, name = claimName): Volume => ({ name, persistentVolumeClaim: { claimName } });
const ephemeralVolume = (name: string): Volume =>
  ({ name, ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } }) as unknown as Volume;

const POD_UID = 'pod-uid-1';
const podUsing = (...volumes: Volume[]): PodInfo =>
  podInfoFor({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: POD_UID }, spec: { containers: [{ name: 'main' }], volumes } });

/** Per node: 'pass', or the reasons of an UnschedulableAndUnresolvable failure (any other code fails the test). */
const verdicts = (plugin: FilterPlugin, pod: PodInfo, state: ClusterState): Record<string, 'pass' | readonly string[]> => {
  const ctx = contextOf(NODES, state);
  const pre = plugin.preFilter(ctx, pod);
  if (pre.type !== 'Check') throw new Error(`PreFilter gave ${pre.type}, not Check`);
  return Object.fromEntries(
    ctx.snapshot.nodes.map((n) => {
      const f = pre.check.filter(n);
      if (f !== undefined) expect([f.code, f.plugin]).toEqual(['UnschedulableAndUnresolvable', plugin.name]);
      return [n.name, f === undefined ? 'pass' : f.reasons];
    }),
  );
};

/** What PreFilter does with the pod: 'Skip', 'Check', or the rejection's reasons. */
const preFilterOf = (plugin: FilterPlugin, pod: PodInfo, state: ClusterState): 'Skip' | 'Check' | readonly string[] => {
  const pre = plugin.preFilter(contextOf(NODES, state), pod);
  if (pre.type !== 'Reject') return pre.type;
  expect([pre.failure.code, pre.failure.plugin]).toEqual(['UnschedulableAndUnresolvable', plugin.name]);
  return pre.failure.reasons;
};

type Want = Record<string, 'pass' | readonly string[]>;
const PASS_ALL: Want = { 'node-a': 'pass', 'node-b': 'pass', 'node-bare': 'pass' };
const BIND = [binding.ERR_REASON_BIND_CONFLICT];
const AFFINITY = [binding.ERR_REASON_NODE_CONFLICT];

// -------------------------------------------------------------------------------------
// VolumeBinding: PreFilter
// -------------------------------------------------------------------------------------

describe('VolumeBinding PreFilter (upstream podHasPVCs, GetPodVolumeClaims)', () => {
  const boundPv = pv('pv-1', { cls: 'local', phase: 'Bound' });

  it.each<[string, KubeObject[], Volume[], 'Skip' | 'Check' | readonly string[]]>([
    ['no volumes: Skip', [], [], 'Skip'],
    ['only an emptyDir: Skip', [], [{ name: 'tmp', emptyDir: {} }], 'Skip'],
    ['a claim that does not exist', [], [claimVolume('data')], ['persistentvolumeclaim "data" not found']],
    ['an ephemeral volume whose claim is not created yet', [], [ephemeralVolume('scratch')], ['waiting for ephemeral volume controller to create the persistentvolumeclaim "p-scratch"']],
    ['an ephemeral claim the pod does not control', [boundPv, pvc('p-scratch', { cls: 'local', boundTo: 'pv-1', ownerUid: 'someone-else' })], [ephemeralVolume('scratch')], ['PVC default/p-scratch was not created for pod default/p (pod is not owner)']],
    ['an ephemeral claim the pod controls, bound', [boundPv, pvc('p-scratch', { cls: 'local', boundTo: 'pv-1', ownerUid: POD_UID })], [ephemeralVolume('scratch')], 'Check'],
    ['a Lost claim', [pvc('data', { cls: 'local', boundTo: 'gone', phase: 'Lost' })], [claimVolume('data')], ['persistentvolumeclaim "data" bound to non-existent persistentvolume "gone"']],
    ['an unbound claim of an Immediate class', [pvc('data', { cls: 'fast' })], [claimVolume('data')], [binding.ERR_REASON_UNBOUND_IMMEDIATE]],
    ['an unbound claim without a class', [pvc('data')], [claimVolume('data')], [binding.ERR_REASON_UNBOUND_IMMEDIATE]],
    ['an unbound claim of a class that does not exist', [pvc('data', { cls: 'ghost' })], [claimVolume('data')], [binding.ERR_REASON_UNBOUND_IMMEDIATE]],
    ['a pre-bound claim (volumeName, no bind-completed) of a WaitForFirstConsumer class', [boundPv, pvc('data', { cls: 'local', volumeName: 'pv-1' })], [claimVolume('data')], [binding.ERR_REASON_UNBOUND_IMMEDIATE]],
    ['an unbound claim of a WaitForFirstConsumer class', [pvc('data', { cls: 'local' })], [claimVolume('data')], 'Check'],
    ['the beta class annotation wins over spec.storageClassName', [pvc('data', { cls: 'local', annotations: { 'volume.beta.kubernetes.io/storage-class': 'fast' } })], [claimVolume('data')], [binding.ERR_REASON_UNBOUND_IMMEDIATE]],
    ['the first problem in volume order is reported', [pvc('late', { cls: 'fast' })], [claimVolume('late'), claimVolume('missing')], ['persistentvolumeclaim "missing" not found']],
  ])('%s', (_title, objects, volumes, want) => {
    expect(preFilterOf(binding.filter, podUsing(...volumes), stateOf(...objects))).toEqual(want);
  });

  it('given a claim being deleted (held by a finalizer), when PreFilter runs, then every node is rejected', () => {
    const g = given(...CLASSES, pv('pv-1', { cls: 'local' }), pvc('data', { cls: 'local', boundTo: 'pv-1', finalizers: ['kubernetes.io/pvc-protection'] })).and({
      type: 'Delete',
      ref: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data' },
    });
    expect(preFilterOf(binding.filter, podUsing(claimVolume('data')), g.state)).toEqual(['persistentvolumeclaim "data" is being deleted']);
  });
});

// -------------------------------------------------------------------------------------
// VolumeBinding: Filter
// -------------------------------------------------------------------------------------

describe('VolumeBinding Filter on bound claims (upstream checkBoundClaims)', () => {
  it.each<[string, KubeObject[], Volume[], Want]>([
    ['a PV with zone-a affinity', [pv('pv-1', { cls: 'local', zones: ['zone-a'] }), pvc('data', { cls: 'local', boundTo: 'pv-1' })], [claimVolume('data')], { 'node-a': 'pass', 'node-b': AFFINITY, 'node-bare': AFFINITY }],
    ['a PV without node affinity', [pv('pv-1', { cls: 'local' }), pvc('data', { cls: 'local', boundTo: 'pv-1' })], [claimVolume('data')], PASS_ALL],
    [
      'a PV pinned by metadata.name only: fields are not looked at (CheckNodeAffinity sees labels only)',
      [pv('pv-1', { cls: 'local', spec: { nodeAffinity: { required: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['elsewhere'] }] }] } } } }), pvc('data', { cls: 'local', boundTo: 'pv-1' })],
      [claimVolume('data')],
      PASS_ALL,
    ],
    [
      'a PV whose terms are ORed: zone-b or hostname node-bare',
      [
        pv('pv-1', { cls: 'local', spec: { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE, operator: 'In', values: ['zone-b'] }] }, { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-bare'] }] }] } } } }),
        pvc('data', { cls: 'local', boundTo: 'pv-1' }),
      ],
      [claimVolume('data')],
      { 'node-a': AFFINITY, 'node-b': 'pass', 'node-bare': 'pass' },
    ],
    ['a claim bound to a PV that does not exist', [pvc('data', { cls: 'local', boundTo: 'gone' })], [claimVolume('data')], { 'node-a': [binding.ERR_REASON_PV_NOT_EXIST], 'node-b': [binding.ERR_REASON_PV_NOT_EXIST], 'node-bare': [binding.ERR_REASON_PV_NOT_EXIST] }],
    [
      'two bound claims in different zones: no node has both',
      [pv('pv-1', { cls: 'local', zones: ['zone-a'] }), pv('pv-2', { cls: 'local', zones: ['zone-b'] }), pvc('one', { cls: 'local', boundTo: 'pv-1' }), pvc('two', { cls: 'local', boundTo: 'pv-2' })],
      [claimVolume('one'), claimVolume('two')],
      { 'node-a': AFFINITY, 'node-b': AFFINITY, 'node-bare': AFFINITY },
    ],
    [
      'a bound conflict and an unbound claim with nothing to bind: both reasons, in upstream order',
      [pv('pv-1', { cls: 'local', zones: ['zone-a'], phase: 'Bound', claimRef: { namespace: 'default', name: 'one' } }), pvc('one', { cls: 'local', boundTo: 'pv-1' }), pvc('two', { cls: 'local' })],
      [claimVolume('one'), claimVolume('two')],
      { 'node-a': BIND, 'node-b': [binding.ERR_REASON_NODE_CONFLICT, binding.ERR_REASON_BIND_CONFLICT], 'node-bare': [binding.ERR_REASON_NODE_CONFLICT, binding.ERR_REASON_BIND_CONFLICT] },
    ],
  ])('%s', (_title, objects, volumes, want) => {
    expect(verdicts(binding.filter, podUsing(...volumes), stateOf(...objects))).toEqual(want);
  });
});

describe('VolumeBinding Filter on WaitForFirstConsumer claims (upstream findMatchingVolumes, FindMatchingVolume)', () => {
  const claim = pvc('data', { cls: 'local', size: '8Gi' });
  const vol = [claimVolume('data')];

  it.each<[string, KubeObject[], Volume[], Want]>([
    ['no PV at all and no provisioner', [claim], vol, { 'node-a': BIND, 'node-b': BIND, 'node-bare': BIND }],
    ['a zone-a PV big enough', [claim, pv('pv-a', { cls: 'local', size: '10Gi', zones: ['zone-a'] })], vol, { 'node-a': 'pass', 'node-b': BIND, 'node-bare': BIND }],
    ['capacity equal to the request fits', [claim, pv('pv-a', { cls: 'local', size: '8Gi', zones: ['zone-a'] })], vol, { 'node-a': 'pass', 'node-b': BIND, 'node-bare': BIND }],
    ['a PV smaller than the request', [claim, pv('pv-a', { cls: 'local', size: '5Gi', zones: ['zone-a'] })], vol, { 'node-a': BIND, 'node-b': BIND, 'node-bare': BIND }],
    ['a PV of another class', [claim, pv('pv-a', { cls: 'dyn', size: '10Gi' })], vol, { 'node-a': BIND, 'node-b': BIND, 'node-bare': BIND }],
    ['a PV not Available (Pending)', [claim, pv('pv-a', { cls: 'local', phase: 'Pending' })], vol, { 'node-a': BIND, 'node-b': BIND, 'node-bare': BIND }],
    ['a PV without the requested access mode', [pvc('data', { cls: 'local', accessModes: ['ReadWriteMany'] }), pv('pv-a', { cls: 'local', accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] })], vol, { 'node-a': BIND, 'node-b': BIND, 'node-bare': BIND }],
    ['a PV offering more access modes than asked', [pvc('data', { cls: 'local', accessModes: ['ReadOnlyMany'] }), pv('pv-a', { cls: 'local', accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] })], vol, PASS_ALL],
    ['a Block PV for a Filesystem claim', [claim, pv('pv-a', { cls: 'local', volumeMode: 'Block' })], vol, { 'node-a': BIND, 'node-b': BIND, 'node-bare': BIND }],
    ['a PV the claim selector does not select', [pvc('data', { cls: 'local', selector: { matchLabels: { tier: 'fast' } } }), pv('pv-a', { cls: 'local', labels: { tier: 'slow' } })], vol, { 'node-a': BIND, 'node-b': BIND, 'node-bare': BIND }],
    ['a PV the claim selector selects', [pvc('data', { cls: 'local', selector: { matchLabels: { tier: 'fast' } } }), pv('pv-a', { cls: 'local', labels: { tier: 'fast' } })], vol, PASS_ALL],
    ['a PV claimed by another claim', [claim, pv('pv-a', { cls: 'local', claimRef: { namespace: 'default', name: 'other' } })], vol, { 'node-a': BIND, 'node-b': BIND, 'node-bare': BIND }],
    [
      'a PV pre-bound to this claim decides alone: its zone-b affinity wins over an Available zone-a PV',
      [claim, pv('pv-mine', { cls: 'local', zones: ['zone-b'], phase: 'Pending', claimRef: { namespace: 'default', name: 'data' } }), pv('pv-a', { cls: 'local', zones: ['zone-a'] })],
      vol,
      { 'node-a': BIND, 'node-b': 'pass', 'node-bare': BIND },
    ],
    [
      'each PV serves one claim: two claims, one PV per zone-a',
      [pvc('one', { cls: 'local' }), pvc('two', { cls: 'local' }), pv('pv-a', { cls: 'local', zones: ['zone-a'] }), pv('pv-any', { cls: 'local', zones: ['zone-a', 'zone-b'] })],
      [claimVolume('one'), claimVolume('two')],
      { 'node-a': 'pass', 'node-b': BIND, 'node-bare': BIND },
    ],
    [
      'smallest fit: the 8Gi claim takes the 10Gi PV, leaving the 20Gi one for the 15Gi claim',
      [pvc('big', { cls: 'local', size: '15Gi' }), pvc('small', { cls: 'local', size: '8Gi' }), pv('pv-10', { cls: 'local', size: '10Gi' }), pv('pv-20', { cls: 'local', size: '20Gi' })],
      [claimVolume('big'), claimVolume('small')],
      PASS_ALL,
    ],
    [
      'smallest claim first: the 4Gi claim (selector tier=fast) picks before the 6Gi one listed earlier, which then takes the 10Gi PV',
      [pvc('six', { cls: 'local', size: '6Gi' }), pvc('four', { cls: 'local', size: '4Gi', selector: { matchLabels: { tier: 'fast' } } }), pv('pv-6', { cls: 'local', size: '6Gi', labels: { tier: 'fast' } }), pv('pv-10', { cls: 'local', size: '10Gi' })],
      [claimVolume('six'), claimVolume('four')],
      PASS_ALL,
    ],
    [
      'a claim whose selected-node annotation names node-b: other nodes fail at once, node-b needs a provisioner',
      [pvc('data', { cls: 'local', annotations: { [binding.ANN_SELECTED_NODE]: 'node-b' } }), pv('pv-any', { cls: 'local' })],
      vol,
      { 'node-a': BIND, 'node-b': BIND, 'node-bare': BIND },
    ],
  ])('%s', (_title, objects, volumes, want) => {
    expect(verdicts(binding.filter, podUsing(...volumes), stateOf(...objects))).toEqual(want);
  });
});

describe('VolumeBinding Filter on claims to provision (upstream checkVolumeProvisions)', () => {
  it.each<[string, KubeObject[], Want]>([
    ['a CSI provisioner without allowedTopologies provisions anywhere', [pvc('data', { cls: 'dyn' })], PASS_ALL],
    ['allowedTopologies zone-a admits only node-a', [pvc('data', { cls: 'dyn-zone-a' })], { 'node-a': 'pass', 'node-b': BIND, 'node-bare': BIND }],
    ['a matching static PV is preferred; provisioning covers the other nodes', [pvc('data', { cls: 'dyn-zone-a' }), pv('pv-b', { cls: 'dyn-zone-a', zones: ['zone-b'] })], { 'node-a': 'pass', 'node-b': 'pass', 'node-bare': BIND }],
    ['a selected node is provisioned on without looking for PVs', [pvc('data', { cls: 'dyn', annotations: { [binding.ANN_SELECTED_NODE]: 'node-bare' } })], { 'node-a': BIND, 'node-b': BIND, 'node-bare': 'pass' }],
  ])('%s', (_title, objects, want) => {
    expect(verdicts(binding.filter, podUsing(claimVolume('data')), stateOf(...objects))).toEqual(want);
  });

  it('given a provisioning class and a no-provisioner class, when one claim of each has no PV, then the no-provisioner claim fails every node', () => {
    const state = stateOf(pvc('one', { cls: 'dyn' }), pvc('two', { cls: 'local' }));
    expect(verdicts(binding.filter, podUsing(claimVolume('one'), claimVolume('two')), state)).toEqual({ 'node-a': BIND, 'node-b': BIND, 'node-bare': BIND });
  });
});

describe('VolumeBinding Score', () => {
  it('given a pod with a bound claim, when PreScore runs, then it skips (StorageCapacityScoring is off)', () => {
    const state = stateOf(pv('pv-1', { cls: 'local' }), pvc('data', { cls: 'local', boundTo: 'pv-1' }));
    expect(rawScores(binding.score, podUsing(claimVolume('data')), NODES, contextOf(NODES, state))).toBeUndefined();
    expect(binding.score.name).toBe('VolumeBinding');
  });
});

// -------------------------------------------------------------------------------------
// VolumeZone
// -------------------------------------------------------------------------------------

describe('VolumeZone PreFilter (upstream getPVbyPod)', () => {
  it.each<[string, KubeObject[], Volume[], 'Skip' | 'Check' | readonly string[]]>([
    ['no volumes: Skip', [], [], 'Skip'],
    ['a bound PV without topology labels: Skip', [pv('pv-1', { cls: 'local' }), pvc('data', { cls: 'local', boundTo: 'pv-1' })], [claimVolume('data')], 'Skip'],
    ['a bound PV with a zone label', [pv('pv-1', { labels: { [ZONE]: 'zone-a' } }), pvc('data', { boundTo: 'pv-1' })], [claimVolume('data')], 'Check'],
    ['a zone label with an empty part ("zone-a____zone-b") is ignored: Skip', [pv('pv-1', { labels: { [ZONE]: 'zone-a____zone-b' } }), pvc('data', { boundTo: 'pv-1' })], [claimVolume('data')], 'Skip'],
    ['an unbound WaitForFirstConsumer claim is skipped', [pvc('data', { cls: 'local' })], [claimVolume('data')], 'Skip'],
    ['an ephemeral volume is not looked at', [], [ephemeralVolume('scratch')], 'Skip'],
    ['a claim that does not exist', [], [claimVolume('data')], ['persistentvolumeclaim "data" not found']],
    ['an unbound claim without a class', [pvc('data')], [claimVolume('data')], ['PersistentVolumeClaim had no pv name and storageClass name']],
    ['an unbound claim of a class that does not exist', [pvc('data', { cls: 'ghost' })], [claimVolume('data')], ['storageclass.storage.k8s.io "ghost" not found']],
    ['an unbound claim of an Immediate class', [pvc('data', { cls: 'fast' })], [claimVolume('data')], ['PersistentVolume had no name']],
    ['a volumeName whose PV does not exist (bind-completed or not)', [pvc('data', { volumeName: 'gone' })], [claimVolume('data')], ['persistentvolume "gone" not found']],
  ])('%s', (_title, objects, volumes, want) => {
    expect(preFilterOf(zone.filter, podUsing(...volumes), stateOf(...objects))).toEqual(want);
  });
});

describe('VolumeZone Filter (upstream Filter)', () => {
  const CONFLICT = [zone.ERR_REASON_CONFLICT];
  const boundWith = (labels: Record<string, string>): KubeObject[] => [pv('pv-1', { labels }), pvc('data', { boundTo: 'pv-1' })];

  it.each<[string, KubeObject[], Want]>([
    ['a zone-a PV: node-a fits, node-b does not, a node without topology labels always does', boundWith({ [ZONE]: 'zone-a' }), { 'node-a': 'pass', 'node-b': CONFLICT, 'node-bare': 'pass' }],
    ['a multi-zone value "zone-a__zone-b" admits both zones', boundWith({ [ZONE]: 'zone-a__zone-b' }), PASS_ALL],
    ['a beta zone label on the PV matches the GA label on the node', boundWith({ [BETA_ZONE]: 'zone-b' }), { 'node-a': CONFLICT, 'node-b': 'pass', 'node-bare': 'pass' }],
    ['a region label r1 admits both zoned nodes', boundWith({ [REGION]: 'r1' }), PASS_ALL],
    ['region r2 admits neither', boundWith({ [REGION]: 'r2' }), { 'node-a': CONFLICT, 'node-b': CONFLICT, 'node-bare': 'pass' }],
    ['zone and region must both match', boundWith({ [ZONE]: 'zone-a', [REGION]: 'r2' }), { 'node-a': CONFLICT, 'node-b': CONFLICT, 'node-bare': 'pass' }],
  ])('%s', (_title, objects, want) => {
    expect(verdicts(zone.filter, podUsing(claimVolume('data')), stateOf(...objects))).toEqual(want);
  });

  it('given a zone-a PV with the GA label, when nodes carry only a region label or only the beta zone label, then both fail (only PV beta keys fall back to GA)', () => {
    const state = stateOf(...boundWith({ [ZONE]: 'zone-a' }));
    const ctx = contextOf(NODES, state);
    const pre = zone.filter.preFilter(ctx, podUsing(claimVolume('data')));
    if (pre.type !== 'Check') throw new Error(pre.type);
    expect(pre.check.filter(nodeWith('node-r', { [REGION]: 'r1' }))?.reasons).toEqual(CONFLICT);
    expect(pre.check.filter(nodeWith('node-beta', { [BETA_ZONE]: 'zone-a' }))?.reasons).toEqual(CONFLICT);
  });
});
