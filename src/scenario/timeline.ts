/**
 * The timeline as engine inputs. `apply`, `delete` and `scale` are API requests as kubectl
 * makes them; `setImage`, `undo`, `pause`, `resume` and `restart` are computed on the
 * client from the object at their instant, as kubectl computes them (kubectl.ts), and a
 * refusal stops the run at the entry's location. A target kubesim cannot resolve, or a
 * kind the input does not apply to, is an error before the run.
 */
import type { Request } from '../api/actions.js';
import type { Input } from '../engine/engine.js';
import type { InputError } from './errors.js';
import { applyRequest } from './inputs.js';
import type { KubectlResult, WorkloadRef } from './kubectl.js';
import { pause, restart, resume, setImage, undo, unsupportedKindMessage } from './kubectl.js';
import type { LoadedScenario, TimelineEntry } from './load.js';
import { resolveTarget } from './prepare.js';

/** `file:line:col␀path`, how an engine input names its source. */
const sourceOf = (s: LoadedScenario, path: (string | number)[]): string => {
  const at = s.doc.locate(path);
  const p = path.reduce<string>((o, x) => (typeof x === 'number' ? `${o}[${x}]` : o === '' ? x : `${o}.${x}`), '');
  return `${s.file}:${at.line}:${at.col}\u0000${p}`;
};

const errorAt = (s: LoadedScenario, path: (string | number)[], message: string): InputError => ({
  file: s.file,
  ...s.doc.locate(path),
  path: path.reduce<string>((o, x) => (typeof x === 'number' ? `${o}[${x}]` : o === '' ? x : `${o}.${x}`), ''),
  message,
});

type Targeted = Exclude<TimelineEntry['input']['type'], 'apply' | 'load' | 'fault'>;

/** The client-side inputs: their requests at the instant, or kubectl's refusal. */
const kubectlRequests = (entry: TimelineEntry, ref: WorkloadRef): ((state: Parameters<Input['requests']>[0], nowMs: number) => KubectlResult) | undefined => {
  const input = entry.input;
  switch (input.type) {
    case 'setImage':
      return (state) => setImage(state, ref, input.spec.container, input.spec.image);
    case 'undo':
      return (state) => undo(state, ref, input.spec.toRevision ?? 0);
    case 'pause':
      return (state) => pause(state, ref);
    case 'resume':
      return (state) => resume(state, ref);
    case 'restart':
      return (state, nowMs) => restart(state, ref, nowMs);
    default:
      return undefined;
  }
};

/** The one request of a `delete` or `scale`. */
const apiRequest = (entry: TimelineEntry, ref: WorkloadRef): Request | undefined => {
  const input = entry.input;
  if (input.type === 'scale') return { actor: 'scenario', reason: 'Scaled', action: { type: 'Scale', ref, replicas: input.spec.replicas } };
  if (input.type !== 'delete') return undefined;
  const d = input.spec;
  return {
    actor: 'scenario',
    reason: 'Deleted',
    action: {
      type: 'Delete',
      ref,
      ...(d.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: d.gracePeriodSeconds }),
      ...(d.propagationPolicy === undefined ? {} : { propagationPolicy: d.propagationPolicy }),
    },
  };
};

const targetedInput = (s: LoadedScenario, entry: TimelineEntry, type: Targeted, errors: InputError[]): Input | undefined => {
  const spec = entry.input.spec as { target: string; namespace?: string };
  const path = ['spec', 'timeline', entry.index, type];
  const target = resolveTarget(spec.target, spec.namespace);
  if (typeof target === 'string') {
    errors.push(errorAt(s, [...path, 'target'], target));
    return undefined;
  }
  const ref: WorkloadRef = { kind: target.info.kind, name: target.name, ...(target.namespace === undefined ? {} : { namespace: target.namespace }) };
  const base = { atMs: entry.atMs, actor: 'scenario', abortOnRejection: true, source: sourceOf(s, path) };
  const request = apiRequest(entry, ref);
  if (request !== undefined) return { ...base, requests: () => [request] };
  const wrong = unsupportedKindMessage(type as 'setImage' | 'undo' | 'pause' | 'resume' | 'restart', ref.kind, ref.name);
  if (wrong !== undefined) {
    errors.push(errorAt(s, [...path, 'target'], `Invalid value: ${JSON.stringify(spec.target)}: ${wrong}`));
    return undefined;
  }
  const run = kubectlRequests(entry, ref);
  if (run === undefined) return undefined;
  return {
    ...base,
    requests: (state, nowMs) => {
      const result = run(state, nowMs);
      return result._tag === 'Left' ? { failure: result.left } : result.right;
    },
  };
};

/** The timeline as engine inputs, or located errors in their targets. */
export const timelineInputs = (s: LoadedScenario): { inputs: Input[]; errors: InputError[] } => {
  const inputs: Input[] = [];
  const errors: InputError[] = [];
  for (const entry of s.timeline) {
    const input = entry.input;
    if (input.type === 'apply') {
      const objects = input.objects;
      inputs.push({
        atMs: entry.atMs,
        actor: 'scenario',
        abortOnRejection: true,
        source: sourceOf(s, ['spec', 'timeline', entry.index, 'apply']),
        requests: (state) => objects.map((o) => applyRequest(state, o.object, 'scenario')),
      });
      continue;
    }
    if (input.type === 'load' || input.type === 'fault') continue; // refused by prepare.unsupported
    const made = targetedInput(s, entry, input.type, errors);
    if (made !== undefined) inputs.push(made);
  }
  return { inputs, errors };
};
