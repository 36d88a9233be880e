import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { FILTERS, profilesFrom, SCORES } from '../../src/scheduler/config.js';

const quotedList = (names: readonly string[]): string => names.map((n) => JSON.stringify(n)).join(', ');
import type { Profile } from '../../src/scheduler/types.js';
import { nodeInfoFor, podInfoFor, rawScore } from '../support/scheduler.js';

const ok = (config: Parameters<typeof profilesFrom>[0]): Profile[] => {
  const r = profilesFrom(config);
  if (isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};
const scores = (p: Profile | undefined): string[] => (p?.scores ?? []).map((s) => `${s.plugin.name}:${s.weight}`);
const filters = (p: Profile | undefined): string[] => (p?.filters ?? []).map((f) => f.name);

describe('KubeSchedulerConfiguration subset', () => {
  it("an empty configuration is upstream's default plugin set and weights (those kubesim implements)", () => {
    const [p] = ok({});
    expect(p?.schedulerName).toBe('default-scheduler');
    expect(filters(p)).toEqual(['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'VolumeBinding', 'VolumeZone', 'PodTopologySpread', 'InterPodAffinity']);
    expect(scores(p)).toEqual(['TaintToleration:3', 'NodeAffinity:2', 'NodeResourcesFit:1', 'VolumeBinding:1', 'PodTopologySpread:2', 'InterPodAffinity:2', 'NodeResourcesBalancedAllocation:1', 'ImageLocality:1']);
  });

  it('enables, disables (`*` for all defaults) and reweights plugins per extension point, one profile per schedulerName', () => {
    const [a, b] = ok({
      percentageOfNodesToScore: 30,
      profiles: [
        { plugins: { score: { disabled: [{ name: '*' }], enabled: [{ name: 'NodeResourcesFit', weight: 5 }] }, filter: { disabled: [{ name: 'NodePorts' }] } } },
        { schedulerName: 'bin-packer', plugins: { score: { enabled: [{ name: 'ImageLocality', weight: 0 }] } } },
      ],
    });
    expect(scores(a)).toEqual(['NodeResourcesFit:5']);
    expect(filters(a)).not.toContain('NodePorts');
    expect(a?.percentageOfNodesToScore).toBe(30);
    expect(b?.schedulerName).toBe('bin-packer');
    expect(scores(b)).toContain('ImageLocality:1');
  });

  it('configures NodeResourcesFit scoring (MostAllocated)', () => {
    const [p] = ok({ profiles: [{ pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu', weight: 1 }] } } }] }] });
    const plugin = p?.scores.find((s) => s.plugin.name === 'NodeResourcesFit')?.plugin;
    const node = (cpuUsed: number) => ({
      ...nodeInfoFor({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } }),
      allocatable: { cpuMillis: 4000, memoryBytes: 8 * 2 ** 30, pods: 110, scalar: {} },
      usage: { cpuMillis: cpuUsed, memoryBytes: 0, pods: 1, nonZeroCpuMillis: cpuUsed, nonZeroMemoryBytes: 0, scalar: {} },
    });
    const pod = podInfoFor({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } }, { cpuMillis: 1000, memoryBytes: 0, nonZeroCpuMillis: 1000, nonZeroMemoryBytes: 209715200, scalar: {} });
    const score = (used: number) => (plugin === undefined ? undefined : rawScore(plugin, pod, node(used)));
    expect(score(2000)).toBeGreaterThan(score(0) ?? 0);
  });

  it('refuses unknown plugins, negative weights, bad strategies, duplicate profiles and an out-of-range percentage, with paths', () => {
    const r = profilesFrom({
      percentageOfNodesToScore: 120,
      profiles: [
        { plugins: { score: { enabled: [{ name: 'Nope' }, { name: 'TaintToleration', weight: -1 }] }, filter: { disabled: [{ name: 'Gone' }] } } },
        { pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'Random' } } }] },
      ],
    });
    expect(isRight(r)).toBe(false);
    const errors = isLeft(r) ? r.left.map((e) => `${e.path.join('.')}: ${e.message}`) : [];
    expect(errors).toEqual([
      'percentageOfNodesToScore: Invalid value: 120: not in valid range [0-100]',
      `profiles.0.plugins.filter.disabled.0.name: Unsupported value: "Gone": supported values: "*", ${quotedList(FILTERS.map((f) => f.name))}`,
      `profiles.0.plugins.score.enabled.0.name: Unsupported value: "Nope": supported values: ${quotedList(SCORES.map((f) => f.name))}`,
      'profiles.0.plugins.score.enabled.1.weight: Invalid value: -1: must be a non-negative integer',
      'profiles.1.pluginConfig.0.args.scoringStrategy.type: Unsupported value: "Random": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"',
      'profiles.1.schedulerName: Duplicate value: "default-scheduler"',
    ]);
  });
});

describe('plugin args of the wrong shape', () => {
  it('are refused with their path instead of failing when a pod is scored', () => {
    const r = profilesFrom({ profiles: [{ pluginConfig: [{ name: 'NodeResourcesBalancedAllocation', args: { resources: 'cpu' } }, { name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu' }] } } }] }] });
    const errors = isLeft(r) ? r.left.map((e) => `${e.path.join('.')}: ${e.message}`) : [];
    expect(errors).toEqual([
      'profiles.0.pluginConfig.0.args.resources: Invalid value: "cpu": expected Array<{ name: string, weight: number }>',
      'profiles.0.pluginConfig.1.args.scoringStrategy.resources[0].weight: Required value',
    ]);
  });
});
