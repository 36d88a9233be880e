/**
 * The single-node filter and score plugins of kube-scheduler v1.34: NodeUnschedulable,
 * NodeName, TaintToleration, NodeAffinity, NodePorts, and DefaultNormalizeScore.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/meta.js';
import type { Node, Taint } from '../../../src/api/node.js';
import type { Pod, Toleration } from '../../../src/api/pod.js';
import type { ClusterState } from '../../../src/state/state.js';
import { snapshotOf } from '../../../src/scheduler/cache.js';
import { finalScores, nodeInfoFor, podInfoFor, rawScore, rawScores, verdict } from '../../support/scheduler.js';
import type { NodeInfo, PodInfo } from '../../../src/scheduler/types.js';
import { defaultNormalizeScore } from '../../../src/scheduler/plugins/normalize.js';
import * as nodeName from '../../../src/scheduler/plugins/nodename.js';
import * as unschedulable from '../../../src/scheduler/plugins/nodeunschedulable.js';
import * as taints from '../../../src/scheduler/plugins/tainttoleration.js';
import * as affinity from '../../../src/scheduler/plugins/nodeaffinity.js';
import * as ports from '../../../src/scheduler/plugins/nodeports.js';
import { given } from '../../support/given.js';
import { nodesOf, pool } from '../../support/fixtures.js';

// -------------------------------------------------------------------------------------
// builders
// -------------------------------------------------------------------------------------


const podWith = (spec: Partial<Pod['spec']> = {}, name = 'p'): PodInfo =>
  podInfoFor({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'main' }], ...spec } });

const nodeWith = (name: string, opts: { labels?: Record<string, string>; taints?: Taint[]; unschedulable?: boolean } = {}): NodeInfo => {
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, ...(opts.labels === undefined ? {} : { labels: opts.labels }) },
    spec: { ...(opts.taints === undefined ? {} : { taints: opts.taints }), ...(opts.unschedulable === undefined ? {} : { unschedulable: opts.unschedulable }) },
    status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } },
  };
  return nodeInfoFor(node);
};

const tolerating = (...tolerations: Toleration[]): PodInfo => podWith({ tolerations });
const withAffinity = (nodeAffinity: unknown, nodeSelector?: Record<string, string>): PodInfo =>
  podWith({ affinity: { nodeAffinity }, ...(nodeSelector === undefined ? {} : { nodeSelector }) });
const required = (...nodeSelectorTerms: unknown[]): unknown => ({ requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } });
const expr = (key: string, operator: string, ...values: string[]): unknown => ({ key, operator, values });

const normalized = (scores: number[], reverse: boolean): number[] => {
  const copy = [...scores];
  defaultNormalizeScore(copy, reverse);
  return copy;
};

// -------------------------------------------------------------------------------------
// DefaultNormalizeScore
// -------------------------------------------------------------------------------------

describe('defaultNormalizeScore (upstream helper.DefaultNormalizeScore)', () => {
  it('given raw scores, when normalized, then the top becomes 100 and the rest scale down with integer division', () => {
    expect(normalized([1, 2, 3], false)).toEqual([33, 66, 100]);
  });

  it('given raw scores, when normalized in reverse, then the top becomes 0', () => {
    expect(normalized([0, 1, 3], true)).toEqual([100, 67, 0]);
  });

  it('given all zero scores, when normalized, then they stay 0; in reverse every node gets 100', () => {
    expect(normalized([0, 0], false)).toEqual([0, 0]);
    expect(normalized([0, 0], true)).toEqual([100, 100]);
  });

  it('given no scores, when normalized, then nothing happens', () => {
    expect(normalized([], true)).toEqual([]);
  });
});

// -------------------------------------------------------------------------------------
// NodeName
// -------------------------------------------------------------------------------------

describe('NodeName', () => {
  it('given a pod without spec.nodeName, when filtered, then every node passes', () => {
    expect(verdict(nodeName.filter, podWith(), nodeWith('a'))).toBeUndefined();
  });

  it('given a pod naming node a, when filtered, then a passes and b fails unresolvable', () => {
    const p = podWith({ nodeName: 'a' });
    expect(verdict(nodeName.filter, p, nodeWith('a'))).toBeUndefined();
    expect(verdict(nodeName.filter, p, nodeWith('b'))).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match the requested node name"], plugin: 'NodeName' });
  });
});

// -------------------------------------------------------------------------------------
// NodeUnschedulable
// -------------------------------------------------------------------------------------

describe('NodeUnschedulable', () => {
  const cordoned = nodeWith('a', { unschedulable: true });

  it('given a cordoned node, when a plain pod is filtered, then it fails unresolvable', () => {
    expect(verdict(unschedulable.filter, podWith(), cordoned)).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ['node(s) were unschedulable'], plugin: 'NodeUnschedulable' });
  });

  it('given a cordoned node, when the pod tolerates node.kubernetes.io/unschedulable:NoSchedule, then it passes', () => {
    const p = tolerating({ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' });
    expect(verdict(unschedulable.filter, p, cordoned)).toBeUndefined();
  });

  it('given a cordoned node, when the toleration is for another effect, then it still fails', () => {
    const p = tolerating({ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' });
    expect(verdict(unschedulable.filter, p, cordoned)?.reasons).toEqual(['node(s) were unschedulable']);
  });

  it('given a node with unschedulable false or unset, when filtered, then it passes', () => {
    expect(verdict(unschedulable.filter, podWith(), nodeWith('a', { unschedulable: false }))).toBeUndefined();
    expect(verdict(unschedulable.filter, podWith(), nodeWith('b'))).toBeUndefined();
  });
});

// -------------------------------------------------------------------------------------
// TaintToleration
// -------------------------------------------------------------------------------------

describe('tolerates (upstream Toleration.ToleratesTaint)', () => {
  const gpu: Taint = { key: 'gpu', value: 'true', effect: 'NoSchedule' };

  it.each<[string, Toleration, boolean]>([
    ['Equal with the same value', { key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }, true],
    ['no operator means Equal', { key: 'gpu', value: 'true' }, true],
    ['Equal with another value', { key: 'gpu', operator: 'Equal', value: 'false' }, false],
    ['Exists ignores the value', { key: 'gpu', operator: 'Exists' }, true],
    ['empty key with Exists matches every key', { operator: 'Exists' }, true],
    ['another key', { key: 'tpu', operator: 'Exists' }, false],
    ['another effect', { key: 'gpu', operator: 'Exists', effect: 'NoExecute' }, false],
    ['an unknown operator tolerates nothing', { key: 'gpu', operator: 'Gt', value: 'true' }, false],
  ])('%s → %s', (_title, toleration, expected) => {
    expect(taints.tolerates(toleration, gpu)).toBe(expected);
  });

  it('given a taint without value, when an Equal toleration has no value either, then it tolerates', () => {
    expect(taints.tolerates({ key: 'dedicated', operator: 'Equal' }, { key: 'dedicated', effect: 'NoSchedule' })).toBe(true);
  });
});

describe('TaintToleration filter', () => {
  const tainted = nodeWith('a', {
    taints: [
      { key: 'soft', value: 'x', effect: 'PreferNoSchedule' },
      { key: 'gpu', value: 'true', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoExecute' },
    ],
  });

  it('given untolerated NoSchedule and NoExecute taints, when filtered, then the first one is named in the reason', () => {
    expect(verdict(taints.filter, podWith(), tainted)).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {gpu: true}'], plugin: 'TaintToleration' });
  });

  it('given the first hard taint tolerated, when filtered, then the next one is named, its empty value printed empty', () => {
    const p = tolerating({ key: 'gpu', operator: 'Exists' });
    expect(verdict(taints.filter, p, tainted)?.reasons).toEqual(['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']);
  });

  it('given only PreferNoSchedule taints left untolerated, when filtered, then the node passes', () => {
    const p = tolerating({ key: 'gpu', operator: 'Exists' }, { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoExecute' });
    expect(verdict(taints.filter, p, tainted)).toBeUndefined();
  });

  it('given a toleration of everything (operator Exists, no key), when filtered, then every taint is tolerated', () => {
    expect(verdict(taints.filter, tolerating({ operator: 'Exists' }), tainted)).toBeUndefined();
  });
});

describe('TaintToleration score', () => {
  const soft = (...keys: string[]): NodeInfo => nodeWith(keys.join('-') || 'none', { taints: keys.map((key) => ({ key, effect: 'PreferNoSchedule' })) });

  it('given nodes with 0, 1 and 2 PreferNoSchedule taints, when scored, then raw counts normalize in reverse', () => {
    const nodes = [soft(), soft('a'), soft('a', 'b')];
    expect(rawScores(taints.score, podWith(), nodes)).toEqual([0, 1, 2]);
    expect(finalScores(taints.score, podWith(), nodes)).toEqual([100, 50, 0]);
  });

  it('given a NoSchedule-effect toleration, when scoring PreferNoSchedule taints, then it does not count', () => {
    const p = tolerating({ key: 'a', operator: 'Exists', effect: 'NoSchedule' });
    expect(rawScore(taints.score, p, soft('a'))).toBe(1);
  });

  it('given tolerations with an empty or PreferNoSchedule effect, when scored, then those taints are not counted', () => {
    const p = tolerating({ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists', effect: 'PreferNoSchedule' });
    expect(rawScore(taints.score, p, soft('a', 'b', 'c'))).toBe(1);
  });

  it('given a NoSchedule taint, when scored, then it is not a PreferNoSchedule taint and counts 0', () => {
    expect(rawScore(taints.score, podWith(), nodeWith('a', { taints: [{ key: 'x', effect: 'NoSchedule' }] }))).toBe(0);
  });
});

// -------------------------------------------------------------------------------------
// NodeAffinity
// -------------------------------------------------------------------------------------

describe('NodeAffinity filter', () => {
  const ssd = nodeWith('n1', { labels: { disk: 'ssd', zone: 'a', cores: '8' } });
  const hdd = nodeWith('n2', { labels: { disk: 'hdd', zone: 'b' } });
  const failure = { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match Pod's node affinity/selector"], plugin: 'NodeAffinity' };
  const fits = (p: PodInfo, n: NodeInfo) => verdict(affinity.filter, p, n);

  it('given a pod with neither nodeSelector nor affinity, when filtered, then every node passes', () => {
    expect(fits(podWith(), ssd)).toBeUndefined();
  });

  it('given a nodeSelector, when filtered, then every pair must be a label of the node', () => {
    expect(fits(podWith({ nodeSelector: { disk: 'ssd', zone: 'a' } }), ssd)).toBeUndefined();
    expect(fits(podWith({ nodeSelector: { disk: 'ssd', zone: 'b' } }), ssd)).toEqual(failure);
    expect(fits(podWith({ nodeSelector: { gpu: '' } }), ssd)).toEqual(failure);
  });

  it('given required terms, when filtered, then terms are ORed and expressions within a term ANDed', () => {
    const p = withAffinity(required({ matchExpressions: [expr('disk', 'In', 'ssd'), expr('zone', 'In', 'b')] }, { matchExpressions: [expr('zone', 'In', 'b')] }));
    expect(fits(p, ssd)).toEqual(failure);
    expect(fits(p, hdd)).toBeUndefined();
  });

  it('given both a nodeSelector and required affinity, when filtered, then both must hold', () => {
    const p = withAffinity(required({ matchExpressions: [expr('disk', 'Exists')] }), { zone: 'b' });
    expect(fits(p, ssd)).toEqual(failure);
    expect(fits(p, hdd)).toBeUndefined();
  });

  it.each<[string, unknown, boolean, boolean]>([
    ['NotIn', expr('disk', 'NotIn', 'ssd'), false, true],
    ['NotIn on a missing key matches', expr('gpu', 'NotIn', 'x'), true, true],
    ['Exists', expr('cores', 'Exists'), true, false],
    ['DoesNotExist', expr('cores', 'DoesNotExist'), false, true],
    ['Gt compares integers', expr('cores', 'Gt', '7'), true, false],
    ['Lt compares integers', expr('cores', 'Lt', '8'), false, false],
    ['Gt with a non-integer value is a parse error', expr('cores', 'Gt', 'seven'), false, false],
    ['In without values is a parse error', expr('disk', 'In'), false, false],
    ['an unknown operator is a parse error', expr('disk', 'Equals', 'ssd'), false, false],
    ['an invalid key is a parse error', expr('bad key', 'DoesNotExist'), false, false],
  ])('given a required %s, when filtered, then n1 %s and n2 %s', (_title, e, onSsd, onHdd) => {
    const p = withAffinity(required({ matchExpressions: [e] }));
    expect(fits(p, ssd) === undefined).toBe(onSsd);
    expect(fits(p, hdd) === undefined).toBe(onHdd);
  });

  it('given matchFields on metadata.name, when filtered, then the node name is matched (In and NotIn)', () => {
    expect(fits(withAffinity(required({ matchFields: [expr('metadata.name', 'In', 'n2')] })), hdd)).toBeUndefined();
    expect(fits(withAffinity(required({ matchFields: [expr('metadata.name', 'In', 'n2')] })), ssd)).toEqual(failure);
    expect(fits(withAffinity(required({ matchFields: [expr('metadata.name', 'NotIn', 'n2')] })), ssd)).toBeUndefined();
  });

  it('given a matchFields requirement with two values, when filtered, then the term is a parse error and matches nothing', () => {
    expect(fits(withAffinity(required({ matchFields: [expr('metadata.name', 'In', 'n1', 'n2')] })), ssd)).toEqual(failure);
  });

  it('given an invalid term ORed with a valid one, when filtered, then the valid one still decides', () => {
    expect(fits(withAffinity(required({ matchExpressions: [expr('disk', 'In')] }, { matchExpressions: [expr('disk', 'In', 'ssd')] })), ssd)).toBeUndefined();
  });

  it('given required affinity with no terms, or only empty terms, when filtered, then no node matches', () => {
    expect(fits(withAffinity(required()), ssd)).toEqual(failure);
    expect(fits(withAffinity(required({})), ssd)).toEqual(failure);
    expect(fits(withAffinity(required({ matchExpressions: [] })), ssd)).toEqual(failure);
  });

  it('given an empty nodeSelector map and affinity without a required part, when filtered, then every node passes', () => {
    expect(fits(withAffinity({ preferredDuringSchedulingIgnoredDuringExecution: [] }, {}), ssd)).toBeUndefined();
  });
});

describe('NodeAffinity requiredNodeNames (PreFilter fast path)', () => {
  const pin = (...names: string[]): unknown => ({ matchFields: [expr('metadata.name', 'In', ...names)] });

  it('given every term pinning names, when pre-filtered, then only their union (sorted) is a candidate', () => {
    expect(affinity.requiredNodeNames(withAffinity(required(pin('n3'), pin('n1'))).pod)).toEqual({ tag: 'Only', nodeNames: ['n1', 'n3'] });
  });

  it('given one term without a name pin, when pre-filtered, then all nodes are candidates', () => {
    expect(affinity.requiredNodeNames(withAffinity(required(pin('n1'), { matchExpressions: [expr('disk', 'Exists')] })).pod)).toEqual({ tag: 'AllNodes' });
    expect(affinity.requiredNodeNames(podWith().pod)).toEqual({ tag: 'AllNodes' });
  });

  it('given two pins in one term that do not intersect, when pre-filtered, then it is a conflict', () => {
    const term = { matchFields: [expr('metadata.name', 'In', 'n1'), expr('metadata.name', 'In', 'n2')] };
    expect(affinity.requiredNodeNames(withAffinity(required(term)).pod)).toEqual({ tag: 'Conflict', failure: { code: 'UnschedulableAndUnresolvable', reasons: ['pod affinity terms conflict'], plugin: 'NodeAffinity' } });
  });
});

describe('NodeAffinity score', () => {
  const preferred = (...terms: { weight: number; preference: unknown }[]): PodInfo => withAffinity({ preferredDuringSchedulingIgnoredDuringExecution: terms });
  const p = preferred(
    { weight: 10, preference: { matchExpressions: [expr('disk', 'In', 'ssd')] } },
    { weight: 30, preference: { matchExpressions: [expr('zone', 'In', 'b')] } },
    { weight: 5, preference: { matchFields: [expr('metadata.name', 'In', 'n1')] } },
    { weight: 50, preference: {} },
    { weight: 0, preference: { matchExpressions: [expr('disk', 'Exists')] } },
  );
  const nodes = [nodeWith('n1', { labels: { disk: 'ssd' } }), nodeWith('n2', { labels: { zone: 'b' } }), nodeWith('n3')];

  it('given preferred terms, when scored, then matching weights add up (empty terms and weight 0 skipped)', () => {
    expect(rawScores(affinity.score, p, nodes) ?? []).toEqual([15, 30, 0]);
  });

  it('given raw scores, when normalized, then the top node gets 100 with integer division', () => {
    const raw = finalScores(affinity.score, p, nodes) ?? [];
    expect(raw).toEqual([50, 100, 0]);
  });

  it('given no preferred terms, when scored, then PreScore skips the plugin (it adds 0 on every node)', () => {
    expect(finalScores(affinity.score, podWith(), nodes)).toBeUndefined();
  });
});

// -------------------------------------------------------------------------------------
// NodePorts
// -------------------------------------------------------------------------------------

type PortSpec = { hostPort: number; hostIP?: string; protocol?: string };

const withPorts = (name: string, portSpecs: PortSpec[], extra: { nodeName?: string; sidecar?: PortSpec[]; init?: PortSpec[] } = {}): KubeObject => {
  const port = (p: PortSpec, i: number) => ({ containerPort: 8000 + i, ...p });
  const inits = [
    ...(extra.sidecar === undefined ? [] : [{ name: 'sidecar', image: 'envoy:1', restartPolicy: 'Always', ports: extra.sidecar.map(port) }]),
    ...(extra.init === undefined ? [] : [{ name: 'init', image: 'busybox:1', ports: extra.init.map(port) }]),
  ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { ...(extra.nodeName === undefined ? {} : { nodeName: extra.nodeName }), ...(inits.length === 0 ? {} : { initContainers: inits }), containers: [{ name: 'main', image: 'nginx:1.27', ports: portSpecs.map(port) }] },
  };
};

/** worker-0 as the scheduler's cache sees it in this state (its pods and their ports). */
const worker0 = (state: ClusterState): NodeInfo => snapshotOf(state).byName.get('worker-0') as NodeInfo;

describe('NodePorts', () => {
  const failure = { code: 'Unschedulable', reasons: ["node(s) didn't have free ports for the requested pod ports"], plugin: 'NodePorts' };
  const onWorker0 = (...existing: KubeObject[]) => {
    const state = given(...nodesOf(pool('worker', 1)), ...existing).state;
    const node = worker0(state);
    return (incoming: KubeObject) => verdict(ports.filter, podWith((incoming as Pod).spec), node);
  };

  it('given a pod using TCP 80 on all IPs, when a pod asks for TCP 80, then the node fails Unschedulable', () => {
    expect(onWorker0(withPorts('old', [{ hostPort: 80 }], { nodeName: 'worker-0' }))(withPorts('new', [{ hostPort: 80 }]))).toEqual(failure);
  });

  it('given TCP 80 in use, when a pod asks for UDP 80 or TCP 81, then it fits', () => {
    const filter = onWorker0(withPorts('old', [{ hostPort: 80 }], { nodeName: 'worker-0' }));
    expect(filter(withPorts('udp', [{ hostPort: 80, protocol: 'UDP' }]))).toBeUndefined();
    expect(filter(withPorts('other', [{ hostPort: 81 }]))).toBeUndefined();
  });

  it('given TCP 80 on 10.0.0.1, when a pod asks for it on 10.0.0.2 then it fits; on 0.0.0.0 or the same IP it conflicts', () => {
    const filter = onWorker0(withPorts('old', [{ hostPort: 80, hostIP: '10.0.0.1' }], { nodeName: 'worker-0' }));
    expect(filter(withPorts('a', [{ hostPort: 80, hostIP: '10.0.0.2' }]))).toBeUndefined();
    expect(filter(withPorts('b', [{ hostPort: 80, hostIP: '0.0.0.0' }]))).toEqual(failure);
    expect(filter(withPorts('c', [{ hostPort: 80 }]))).toEqual(failure);
    expect(filter(withPorts('d', [{ hostPort: 80, hostIP: '10.0.0.1', protocol: 'TCP' }]))).toEqual(failure);
  });

  it('given TCP 80 on 0.0.0.0, when a pod asks for it on a specific IP, then it conflicts', () => {
    expect(onWorker0(withPorts('old', [{ hostPort: 80 }], { nodeName: 'worker-0' }))(withPorts('new', [{ hostPort: 80, hostIP: '10.0.0.9' }]))).toEqual(failure);
  });

  it('given a sidecar holding a host port, when a pod asks for it, then it conflicts; a plain init container holds none', () => {
    expect(onWorker0(withPorts('old', [], { nodeName: 'worker-0', sidecar: [{ hostPort: 9000 }] }))(withPorts('new', [{ hostPort: 9000 }]))).toEqual(failure);
    expect(onWorker0(withPorts('old', [], { nodeName: 'worker-0', init: [{ hostPort: 9000 }] }))(withPorts('new', [{ hostPort: 9000 }]))).toBeUndefined();
  });

  it('given the port in use on another node, when filtering worker-0, then it fits', () => {
    const state = given(...nodesOf(pool('worker', 2)), withPorts('old', [{ hostPort: 80 }], { nodeName: 'worker-1' })).state;
    expect(verdict(ports.filter, podWith((withPorts('new', [{ hostPort: 80 }]) as Pod).spec), worker0(state))).toBeUndefined();
  });

  it('given a conflicting pod that has Succeeded, when filtered, then its port is free again', () => {
    const g = given(...nodesOf(pool('worker', 1)), withPorts('old', [{ hostPort: 80 }], { nodeName: 'worker-0' }));
    const done = g.and({ type: 'UpdateStatus', ref: { kind: 'Pod', namespace: 'default', name: 'old' }, status: { phase: 'Succeeded' } });
    const incoming = podWith((withPorts('new', [{ hostPort: 80 }]) as Pod).spec);
    expect(verdict(ports.filter, incoming, worker0(g.state))).toEqual(failure);
    expect(verdict(ports.filter, incoming, worker0(done.state))).toBeUndefined();
  });

  it('given a pod without host ports (hostPort 0 or absent), when filtered, then it always fits', () => {
    const filter = onWorker0(withPorts('old', [{ hostPort: 80 }], { nodeName: 'worker-0' }));
    expect(filter(withPorts('new', [{ hostPort: 0 }]))).toBeUndefined();
  });
});
