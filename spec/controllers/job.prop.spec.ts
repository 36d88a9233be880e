import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/pod.js';
import { isPodActive } from '../../src/api/pod.js';
import type { Job } from '../../src/api/workloads.js';
import { evolve } from '../../src/state/evolve.js';
import { getObject, listKind } from '../../src/state/queries.js';
import type { ClusterState } from '../../src/state/state.js';
import { emptyState } from '../../src/state/state.js';
import { nodesOf, pool, runCluster } from '../support/fixtures.js';
import { job, NO_JITTER, ok } from '../support/job.js';

const RUNS = process.env['KUBESIM_LONG'] === '1' ? 200 : 12;
const BOUND_MS = 1_800_000;

const arbJob = fc.record({
  completions: fc.integer({ min: 1, max: 5 }),
  parallelism: fc.integer({ min: 1, max: 4 }),
  indexed: fc.boolean(),
  backoffLimit: fc.integer({ min: 0, max: 3 }),
  restartPolicy: fc.constantFrom('Never' as const, 'OnFailure' as const),
  exitCodes: fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 4 }),
  runS: fc.integer({ min: 1, max: 40 }),
  seed: fc.integer({ min: 1, max: 1000 }),
});

describe('Job controller properties', () => {
  it('never more than parallelism active pods, succeeded ≤ completions, and the Job finishes within a bound', () => {
    fc.assert(
      fc.property(arbJob, (a) => {
        const spec = job('j', { completions: a.completions, parallelism: a.parallelism, mode: a.indexed ? 'Indexed' : 'NonIndexed', backoffLimit: a.backoffLimit, restartPolicy: a.restartPolicy, exitCodes: a.exitCodes.join(','), run: `${a.runS}s` });
        const r = ok(runCluster([...nodesOf(pool('worker', 2)), spec], [], { seed: a.seed, kubelet: NO_JITTER, durationMs: BOUND_MS }));
        let state: ClusterState = emptyState;
        for (const rec of r.records) {
          state = evolve(state, rec);
          const active = (listKind(state, 'Pod', 'default') as unknown as Pod[]).filter(isPodActive).length;
          expect(active, `seed ${a.seed} at seq ${rec.seq}`).toBeLessThanOrEqual(a.parallelism);
          const j = getObject(state, 'Job', 'default', 'j') as unknown as Job | undefined;
          if (!a.indexed) expect(j?.status?.succeeded ?? 0).toBeLessThanOrEqual(a.completions);
        }
        const end = getObject(state, 'Job', 'default', 'j') as unknown as Job;
        const finished = (end.status?.conditions ?? []).filter((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
        expect(finished, `seed ${a.seed}: ${JSON.stringify(a)}`).toHaveLength(1);
      }),
      { numRuns: RUNS, seed: 42 },
    );
  });
});
