/** `kubesim run FILE`: run a scenario, print the timeline and verdicts, exit 0/1/2. */
import { isLeft } from 'fp-ts/lib/Either.js';
import { formatDuration } from '../api/duration.js';
import { LogEncoder } from '../log/ndjson.js';
import { renderTimeline } from '../report/timeline.js';
import { formatInputError } from '../scenario/errors.js';
import { loadScenario } from '../scenario/load.js';
import type { ScenarioRun } from '../scenario/runner.js';
import { runScenario } from '../scenario/runner.js';
import type { Outcome } from './exit.js';
import { EXIT_EXPECTATION_FAILED, EXIT_OK, invalidInput } from './exit.js';
import { readText, writeAtomically } from './files.js';

export interface RunOptions {
  readonly seed?: string;
  readonly log?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
}

function* logLines(run: ScenarioRun, version: string): Generator<string> {
  const encoder = new LogEncoder();
  yield `${encoder.header({ kubesimLog: 1, kubesimVersion: version, scenario: run.scenario.name, seed: run.seed, durationMs: run.scenario.durationMs })}\n`;
  for (const r of run.records) yield `${encoder.record(r)}\n`;
  yield `${encoder.trailer(run.scenario.durationMs)}\n`;
}

const countsByType = (run: ScenarioRun): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const r of run.records) counts[r.event.type] = (counts[r.event.type] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
};

const summary = (run: ScenarioRun, logPath: string | undefined): object => ({
  scenario: run.scenario.name,
  file: run.scenario.file,
  seed: run.seed,
  durationMs: run.scenario.durationMs,
  passed: run.verdicts.every((v) => v.passed),
  expectations: run.expectations.map((e, i) => {
    const where = run.scenario.expect[i];
    return { expectation: e.text, line: where?.line, passed: run.verdicts[i]?.passed ?? false, detail: run.verdicts[i]?.detail ?? '' };
  }),
  counts: { events: run.records.length, byType: countsByType(run), objects: Object.fromEntries([...run.state.objects].map(([k, m]) => [k, m.size]).sort(([a], [b]) => (String(a) < String(b) ? -1 : 1))) },
  warnings: run.warnings,
  ...(logPath === undefined ? {} : { log: logPath }),
});

const verdictLines = (run: ScenarioRun): string[] => {
  const held = run.verdicts.filter((v) => v.passed).length;
  const lines = run.expectations.map((e, i) => `  ${run.verdicts[i]?.passed === true ? 'PASS' : 'FAIL'}  ${e.text}: ${run.verdicts[i]?.detail ?? ''}`);
  return run.expectations.length === 0 ? ['No expectations.'] : ['Expectations:', ...lines, `${held} of ${run.expectations.length} expectations hold.`];
};

export const runCommand = (file: string, opts: RunOptions, version: string): Outcome => {
  if (opts.seed !== undefined && !/^\d+$/.test(opts.seed)) return invalidInput(`--seed: Invalid value: ${JSON.stringify(opts.seed)}: expected a non-negative integer`);
  const loaded = loadScenario(file, readText);
  if (isLeft(loaded)) return invalidInput(loaded.left.map(formatInputError).join('\n'));
  const ran = runScenario(loaded.right, opts.seed === undefined ? undefined : Number(opts.seed));
  if (isLeft(ran)) return invalidInput(ran.left.map(formatInputError).join('\n'));
  const run = ran.right;
  if (opts.log !== undefined) {
    const written = writeAtomically(opts.log, logLines(run, version));
    if (isLeft(written)) return invalidInput(written.left);
  }
  const code = run.verdicts.every((v) => v.passed) ? EXIT_OK : EXIT_EXPECTATION_FAILED;
  const warnings = run.warnings.length === 0 ? '' : `${run.warnings.join('\n')}\n`;
  if (opts.json === true) return { code, stdout: `${JSON.stringify(summary(run, opts.log), null, 2)}\n`, stderr: warnings };
  const head = `Scenario ${run.scenario.name} (seed ${run.seed}, ${formatDuration(run.scenario.durationMs)}, ${run.records.length} events)`;
  const timeline = opts.quiet === true ? [] : ['', ...renderTimeline(run.records, opts.verbose === true), ''];
  return { code, stdout: `${[head, ...timeline, ...verdictLines(run)].join('\n')}\n`, stderr: warnings };
};
