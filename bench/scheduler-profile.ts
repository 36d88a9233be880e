/**
 * bench/scheduler-profile: V8's sampling CPU profiler (node:inspector) around the
 * measured phase of one run, and the functions with the most self time.
 *
 * The in-process inspector session answers synchronously, so the profiler can be started
 * and stopped from inside the engine's run, exactly when the measured phase begins and ends.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import type { Profiler } from 'node:inspector';

export interface SelfTime {
  readonly fn: string;
  readonly where: string;
  readonly selfMs: number;
  readonly percent: number;
}

/** V8's default is 1000 µs; finer sampling slows the run more. */
const SAMPLING_INTERVAL_US = 500;

export class CpuProfile {
  private readonly session = new Session();
  profile: Profiler.Profile | undefined;

  constructor() {
    this.session.connect();
    this.post('Profiler.enable');
    this.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  }

  start(): void {
    this.post('Profiler.start');
  }

  stop(): void {
    this.session.post('Profiler.stop', (err, result) => {
      if (err !== null) throw err;
      this.profile = result.profile;
    });
    this.session.disconnect();
  }

  private post(method: string, params?: object): void {
    this.session.post(method, params, (err) => {
      if (err !== null) throw err;
    });
  }
}

/** Self time per function (summed over its call sites), largest first. */
export const topSelfTime = (profile: Profiler.Profile, count: number): SelfTime[] => {
  const byNode = new Map<number, Profiler.ProfileNode>(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, { fn: string; where: string; us: number }>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  samples.forEach((id, i) => {
    const node = byNode.get(id);
    const dt = deltas[i] ?? 0;
    if (node === undefined) return;
    total += dt;
    const f = node.callFrame;
    const file = f.url.replace(/^.*\.bench-build\//, '').replace(/^.*node_modules\//, '');
    const where = f.url === '' ? '' : `${file}:${f.lineNumber + 1}`;
    const fn = f.functionName === '' ? '(anonymous)' : f.functionName;
    const key = `${fn}\0${where}`;
    const entry = selfUs.get(key) ?? { fn, where, us: 0 };
    entry.us += dt;
    selfUs.set(key, entry);
  });
  return [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, count)
    .map((e) => ({ fn: e.fn, where: e.where, selfMs: e.us / 1000, percent: total === 0 ? 0 : (100 * e.us) / total }));
};

/** Self time per source file, largest first. */
export const selfTimeByFile = (rows: readonly SelfTime[]): { file: string; selfMs: number; percent: number }[] => {
  const byFile = new Map<string, { file: string; selfMs: number; percent: number }>();
  for (const r of rows) {
    const file = r.where === '' ? r.fn : r.where.replace(/:\d+$/, '');
    const entry = byFile.get(file) ?? { file, selfMs: 0, percent: 0 };
    entry.selfMs += r.selfMs;
    entry.percent += r.percent;
    byFile.set(file, entry);
  }
  return [...byFile.values()].sort((a, b) => b.selfMs - a.selfMs);
};

export const saveProfile = (profile: Profiler.Profile, file: string): void => writeFileSync(file, JSON.stringify(profile));
