/**
 * The shared corpus of real manifests (../shared/corpus) through the loader and the API
 * server: each file either runs, or is refused with a located message, never a crash.
 */
import { isLeft, right } from 'fp-ts/lib/Either.js';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputError } from '../../src/scenario/errors.js';
import { dryRun } from '../../src/scenario/dry-run.js';
import { loadScenario, manifestDocuments } from '../../src/scenario/load.js';
import { runScenario } from '../../src/scenario/runner.js';

const CORPUS = resolve(new URL('../../..', import.meta.url).pathname, 'shared/corpus');

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? yamlFiles(path) : /\.ya?ml$/.test(name) ? [path] : [];
    });

const scenarioFor = (manifest: string): string => `apiVersion: kubesim/v1
kind: Scenario
metadata: { name: corpus }
spec:
  duration: 30s
  cluster: { nodePools: [ { name: w, count: 3, capacity: { cpu: "8", memory: 32Gi } } ] }
  manifests: [ { path: ${JSON.stringify(manifest)} } ]
`;

const outcome = (manifest: string): { ok: true } | { ok: false; errors: readonly InputError[] } => {
  const read = (p: string) => (p === 'scenario.yaml' ? right(scenarioFor(manifest)) : right(readFileSync(p, 'utf8')));
  const loaded = loadScenario('scenario.yaml', read);
  if (isLeft(loaded)) return { ok: false, errors: loaded.left };
  const ran = runScenario(loaded.right);
  return isLeft(ran) ? { ok: false, errors: ran.left } : { ok: true };
};

describe('the shared corpus of real manifests', () => {
  const files = yamlFiles(CORPUS);

  it('is there to test against', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('every file runs or is refused with file, line, column and a message', () => {
    const refused: string[] = [];
    for (const f of files) {
      const r = outcome(f);
      if (r.ok) continue;
      for (const e of r.errors) {
        expect(e.file, f).not.toBe('');
        expect(e.line, `${f}: ${e.message}`).toBeGreaterThan(0);
        expect(e.message.length, f).toBeGreaterThan(5);
      }
      refused.push(f);
    }
    // Most of the corpus is plain Kubernetes; the rest needs namespaces or CRDs it does not create.
    expect(refused.length).toBeLessThan(files.length / 5);
  });

  it.each([
    ['_archived/cluster-dns/dns-backend-rc.yaml', true],
    ['_archived/spark/spark-gluster/spark-master-controller.yaml', false],
  ])('%s: runs = %s', (file, runs) => {
    const r = outcome(join(CORPUS, 'kubernetes-examples', file));
    expect(r.ok).toBe(runs);
    if (!r.ok) expect(r.errors[0]?.message).toMatch(/namespaces "spark-cluster" not found/);
  });

  it('every document is accepted or refused with one clear line (file, document, kind, reason), as `kubesim validate` prints it', () => {
    let accepted = 0;
    let refused = 0;
    let unreadable = 0;
    const reasons = new Map<string, number>();
    for (const f of files) {
      const docs = manifestDocuments(f, readFileSync(f, 'utf8'));
      if (isLeft(docs)) {
        expect(docs.left.line, f).toBeGreaterThan(0);
        unreadable++;
        continue;
      }
      // each file on its own fresh cluster, as `kubesim validate FILE` does
      const run = dryRun([{ file: f, docs: docs.right }]);
      for (const e of run.errors) expect(e.line, `${f}: ${e.message}`).toBeGreaterThan(0);
      unreadable += run.errors.length;
      for (const v of run.verdicts) {
        expect(v.line, f).toBeGreaterThan(0);
        expect(v.document, f).toBeGreaterThan(0);
        expect(v.message, f).not.toMatch(/\n/);
        if (v.accepted) {
          expect(v.message).toMatch(/^[a-z0-9.]+\/[^ ]+ (created|configured|unchanged) \(dry run\)$/);
          accepted++;
        } else {
          refused++;
          const reason = v.message.replace(/"[^"]*"/g, '"…"').replace(/:.*$/s, '');
          reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        }
      }
    }
    const summary = `corpus: ${files.length} files, ${accepted + refused} objects: ${accepted} accepted, ${refused} refused; ${unreadable} documents unreadable (YAML errors, templates)`;
    console.log([summary, ...[...reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `  ${n} × ${r}`)].join('\n'));
    // README ("What is modelled": the corpus) reports these numbers; most of the corpus is plain Kubernetes
    expect(accepted / (accepted + refused)).toBeGreaterThan(0.85);
  });
});
