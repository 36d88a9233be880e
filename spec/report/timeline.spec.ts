import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import type { EventRecord } from '../../src/log/events.js';
import { timelineLine } from '../../src/report/timeline.js';

const deployment = (image: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { template: { spec: { initContainers: [{ name: 'init', image: 'busybox' }], containers: [{ name: 'web', image }] } } },
});

const updated = (reason: string, image = 'nginx:1.27'): EventRecord => ({ seq: 9, timeMs: 60_000, actor: 'scenario', reason, event: { type: 'ObjectUpdated', object: deployment(image) } });

describe('timeline lines for the kubectl timeline inputs', () => {
  it('says what kubectl says: image updated and rolled back with the images, paused, resumed, restarted, configured', () => {
    expect(timelineLine(updated('ImageSet'))).toBe('    1m00s  scenario          deployment default/web image updated (init=busybox web=nginx:1.27)');
    expect(timelineLine(updated('RolledBack', 'nginx:1.26'))).toContain('deployment default/web rolled back (init=busybox web=nginx:1.26)');
    expect(timelineLine(updated('RolloutPaused'))).toMatch(/deployment default\/web paused$/);
    expect(timelineLine(updated('RolloutResumed'))).toMatch(/deployment default\/web resumed$/);
    expect(timelineLine(updated('RolloutRestarted'))).toMatch(/deployment default\/web restarted$/);
    expect(timelineLine(updated('Applied'))).toMatch(/deployment default\/web configured$/);
  });

  it('keeps the plain wording for updates by controllers', () => {
    expect(timelineLine({ ...updated('ScalingReplicaSet'), actor: 'deployment' })).toMatch(/deployment +updated deployment default\/web$/);
  });
});
