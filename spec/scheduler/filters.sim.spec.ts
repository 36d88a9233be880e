import { isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import type { Pod } from '../../src/api/pod.js';
import { listKind } from '../../src/state/queries.js';
import { nodesOf, replicaSet, runCluster } from '../support/fixtures.js';

const gpu = { name: 'gpu', count: 2, capacity: { cpu: '4', memory: '8Gi', pods: '110' }, labels: { pool: 'gpu' }, taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] };
const cpu = { name: 'cpu', count: 2, capacity: { cpu: '4', memory: '8Gi', pods: '110' }, labels: { pool: 'cpu' } };

const withSpec = (rs: KubeObject, extra: Record<string, unknown>): KubeObject => {
  const spec = rs['spec'] as { template: { spec: Record<string, unknown> } };
  return { ...rs, spec: { ...spec, template: { ...spec.template, spec: { ...spec.template.spec, ...extra } } } };
};

const run = (rs: KubeObject) => {
  const r = runCluster([...nodesOf(gpu, cpu), rs], [], { durationMs: 30_000 });
  if (!isRight(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

const placements = (r: ReturnType<typeof run>): string[] => (listKind(r.state, 'Pod') as unknown as Pod[]).map((p) => p.spec.nodeName ?? '-').sort();
const unschedulableMessages = (r: ReturnType<typeof run>): string[] => [...new Set(r.records.flatMap((x) => (x.event.type === 'PodUnschedulable' ? [x.event.message] : [])))];

describe('default filters in a running cluster', () => {
  it('keeps pods without a toleration off tainted nodes (TaintToleration)', () => {
    expect(placements(run(replicaSet('web', 6)))).toEqual(['cpu-0', 'cpu-0', 'cpu-0', 'cpu-1', 'cpu-1', 'cpu-1']);
  });

  it('places pods with a nodeSelector and a toleration on the tainted pool only (NodeAffinity, TaintToleration)', () => {
    const rs = withSpec(replicaSet('train', 4), { nodeSelector: { pool: 'gpu' }, tolerations: [{ key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }] });
    expect(placements(run(rs)).every((n) => n.startsWith('gpu-'))).toBe(true);
  });

  it('explains in kube-scheduler\'s words why no node fits', () => {
    const rs = withSpec(replicaSet('train', 1), { nodeSelector: { pool: 'gpu' } });
    expect(unschedulableMessages(run(rs))).toEqual(["0/4 nodes are available: 2 node(s) didn't match Pod's node affinity/selector, 2 node(s) had untolerated taint {gpu: true}. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling."]);
  });

  it('keeps two pods asking for the same host port off the same node (NodePorts)', () => {
    const rs = withSpec(replicaSet('agent', 3), { containers: [{ name: 'a', image: 'agent:1', ports: [{ containerPort: 9100, hostPort: 9100 }] }] });
    const r = run(rs);
    expect(placements(r)).toEqual(['-', 'cpu-0', 'cpu-1']);
    expect(unschedulableMessages(r)).toEqual(["0/4 nodes are available: 2 node(s) didn't have free ports for the requested pod ports, 2 node(s) had untolerated taint {gpu: true}. preemption: 0/4 nodes are available: 2 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling."]);
  });
});
