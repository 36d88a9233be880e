import { describe, expect, it } from 'vitest';
import { resolveKindName, servesVersion } from '../../src/api/kinds.js';
import { noMatchMessage, removalOf } from '../../src/api/removed-versions.js';

describe('kubectl names for kinds', () => {
  it.each([
    ['po', 'Pod'], ['deploy', 'Deployment'], ['rs', 'ReplicaSet'], ['rc', 'ReplicationController'], ['svc', 'Service'], ['ep', 'Endpoints'],
    ['ing', 'Ingress'], ['hpa', 'HorizontalPodAutoscaler'], ['ns', 'Namespace'], ['no', 'Node'], ['cm', 'ConfigMap'], ['pv', 'PersistentVolume'],
    ['pvc', 'PersistentVolumeClaim'], ['sc', 'StorageClass'], ['sa', 'ServiceAccount'], ['ds', 'DaemonSet'], ['sts', 'StatefulSet'], ['cj', 'CronJob'],
    ['pdb', 'PodDisruptionBudget'], ['pc', 'PriorityClass'], ['quota', 'ResourceQuota'], ['limits', 'LimitRange'],
    ['Deployments', 'Deployment'], ['deployment.apps', 'Deployment'], ['DEPLOY', 'Deployment'], ['horizontalpodautoscalers.autoscaling', 'HorizontalPodAutoscaler'],
    ['crd', 'CustomResourceDefinition'], ['endpointslices.discovery.k8s.io', 'EndpointSlice'],
  ])('%s is %s', (name, kind) => {
    expect(resolveKindName(name)?.kind).toBe(kind);
  });

  it('does not know what Kubernetes does not have', () => {
    expect(resolveKindName('widgets')).toBeUndefined();
    expect(resolveKindName('deploy.extensions')).toBeUndefined();
  });
});

describe('API versions', () => {
  it('serves each kind at its group/versions, autoscaling/v1 HPAs included', () => {
    const hpa = resolveKindName('hpa');
    expect(hpa !== undefined && servesVersion(hpa, 'autoscaling/v2')).toBe(true);
    expect(hpa !== undefined && servesVersion(hpa, 'autoscaling/v1')).toBe(true);
    expect(hpa !== undefined && servesVersion(hpa, 'autoscaling/v2beta2')).toBe(false);
  });

  it('refuses removed versions, naming the version to use', () => {
    expect(noMatchMessage('extensions/v1beta1', 'Deployment')).toBe('no matches for kind "Deployment" in version "extensions/v1beta1" (extensions/v1beta1 Deployment was removed in Kubernetes v1.16; use apps/v1)');
    expect(removalOf('policy/v1beta1', 'PodDisruptionBudget')).toBe('policy/v1beta1 PodDisruptionBudget was removed in Kubernetes v1.25; use policy/v1');
    expect(removalOf('batch/v1beta1', 'CronJob')).toContain('use batch/v1');
    expect(noMatchMessage('example.com/v1', 'Widget')).toBe('no matches for kind "Widget" in version "example.com/v1"');
  });
});
