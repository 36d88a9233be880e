import { describe, expect, it } from 'vitest';
import type { PodSpec } from '../../src/api/pod.js';
import { podRequests } from '../../src/api/resources.js';

const c = (name: string, cpu?: string, restartPolicy?: string) => ({
  name,
  image: 'i',
  ...(restartPolicy === undefined ? {} : { restartPolicy }),
  ...(cpu === undefined ? {} : { resources: { requests: { cpu } } }),
});

describe('podRequests (upstream resourcehelper.PodRequests)', () => {
  it('given containers and plain init containers, then the larger of their sum and the largest init container', () => {
    const spec: PodSpec = { containers: [c('a', '200m'), c('b', '100m')], initContainers: [c('i', '250m')] };
    expect(podRequests(spec).cpuMillis).toBe(300);
    expect(podRequests({ ...spec, initContainers: [c('i', '500m')] }).cpuMillis).toBe(500);
  });

  it('given a sidecar (restartPolicy Always), then it adds to the containers, and later init containers run beside it', () => {
    // sidecar 100m runs with the app (200m + 100m); the init container after it needs 250m + 100m
    const spec: PodSpec = { containers: [c('app', '200m')], initContainers: [c('proxy', '100m', 'Always'), c('migrate', '250m')] };
    expect(podRequests(spec).cpuMillis).toBe(350);
    // an init container before the sidecar does not count it
    expect(podRequests({ ...spec, initContainers: [c('migrate', '250m'), c('proxy', '100m', 'Always')] }).cpuMillis).toBe(300);
  });

  it('given containers without requests, then non-zero requests count 100m each, sidecars included', () => {
    const spec: PodSpec = { containers: [c('app')], initContainers: [c('proxy', undefined, 'Always')] };
    expect(podRequests(spec)).toMatchObject({ cpuMillis: 0, nonZeroCpuMillis: 200 });
  });
});
