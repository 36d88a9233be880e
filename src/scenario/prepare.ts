/**
 * Checks a loaded scenario against what kubesim models and the API server accepts, before
 * anything runs, so that every problem is reported at its line and column.
 */
import { formatDuration } from '../api/duration.js';
import type { KindInfo } from '../api/kinds.js';
import { isLeft } from 'fp-ts/lib/Either.js';
import { resolveKindName } from '../api/kinds.js';
import { noMatchMessage } from '../api/removed-versions.js';
import { servedKind } from '../admission/kinds/index.js';
import { convertAndDefault, validateNew } from '../admission/pipeline.js';
import type { InputError } from './errors.js';
import { parsePath } from './errors.js';
import type { ExpectationSpec } from './judge.js';
import type { LoadedScenario, ManifestDoc } from './load.js';

const NOT_YET: Readonly<Record<string, string>> = {
  load: 'synthetic load is not modelled yet',
  fault: 'faults are not modelled yet',
};

const at = (s: LoadedScenario, path: (string | number)[], message: string): InputError => ({
  file: s.file,
  ...s.doc.locate(path),
  path: path.reduce<string>((o, p) => (typeof p === 'number' ? `${o}[${p}]` : o === '' ? p : `${o}.${p}`), ''),
  message,
});

/** Inputs and fields the format accepts but this version of kubesim does not model. */
export const unsupported = (s: LoadedScenario): InputError[] => {
  const errors: InputError[] = [];
  if ((s.raw.spec.traffic ?? []).length > 0) errors.push(at(s, ['spec', 'traffic'], 'traffic is not modelled yet (see README: What is modelled)'));
  for (const item of s.timeline) {
    for (const key of Object.keys(NOT_YET)) {
      if ((item.value as Record<string, unknown>)[key] !== undefined) errors.push(at(s, ['spec', 'timeline', item.index, key], `${NOT_YET[key] ?? ''} (see README: What is modelled)`));
    }
  }
  return errors;
};

/**
 * A manifest the API server would refuse: unknown kind or version, invalid fields. Objects
 * of kinds that CRDs among the scenario's manifests define (`customKinds`) are checked
 * when they are applied, once their CRD exists.
 */
export const manifestErrors = (m: ManifestDoc, customKinds: ReadonlySet<string> = new Set()): InputError[] => {
  const here = (path: string, message: string): InputError => ({ file: m.file, ...m.locate(parsePath(path)), path, message });
  const served = servedKind(undefined, m.object.apiVersion, m.object.kind);
  if (served === undefined) return customKinds.has(m.object.kind) ? [] : [here('kind', noMatchMessage(m.object.apiVersion, m.object.kind))];
  const metadata = { ...m.object.metadata, name: m.object.metadata.name === '' ? `${m.object.metadata.generateName ?? 'x'}xxxxx` : m.object.metadata.name, uid: 'validate' };
  const object = convertAndDefault(served, { ...m.object, metadata });
  return (isLeft(object) ? object.left : validateNew(served, object.right)).map((e) => here(e.path, e.message));
};

/** The kinds the CustomResourceDefinitions among these manifests define. */
export const customKindsOf = (docs: readonly ManifestDoc[]): Set<string> =>
  new Set(docs.filter((d) => d.object.kind === 'CustomResourceDefinition').map((d) => ((d.object['spec'] as { names?: { kind?: string } } | undefined)?.names?.kind ?? '')));

/** Kinds that are stored but that nothing acts on yet: a warning, not an error. */
export const unmodelledWarnings = (docs: readonly ManifestDoc[]): string[] => {
  const kinds = new Set(docs.map((d) => resolveKindName(d.object.kind)).filter((k): k is KindInfo => k !== undefined && !k.modelled).map((k) => k.kind));
  return [...kinds].sort().map((k) => `warning: ${k} objects are stored, but kubesim does not model ${k} yet (see README: What is modelled)`);
};

export interface ResolvedTarget {
  readonly info: KindInfo;
  readonly name: string;
  readonly namespace: string | undefined;
}

/** `deploy/web` → the kind and name, as kubectl resolves it. */
export const resolveTarget = (target: string, namespace: string | undefined): ResolvedTarget | string => {
  const slash = target.indexOf('/');
  if (slash <= 0 || slash === target.length - 1) return `Invalid value: ${JSON.stringify(target)}: expected <kind>/<name>, e.g. deploy/web`;
  const info = resolveKindName(target.slice(0, slash));
  if (info === undefined) return `Invalid value: ${JSON.stringify(target)}: the server doesn't have a resource type ${JSON.stringify(target.slice(0, slash))}`;
  return { info, name: target.slice(slash + 1), namespace: info.namespaced ? (namespace ?? 'default') : undefined };
};

/** The expectations, resolved, or the errors in their targets. */
export const expectationSpecs = (s: LoadedScenario): { specs: ExpectationSpec[]; errors: InputError[] } => {
  const specs: ExpectationSpec[] = [];
  const errors: InputError[] = [];
  for (const e of s.expect) {
    const that = e.value.that;
    const target = resolveTarget(that.target, that.namespace);
    if (typeof target === 'string') {
      errors.push(at(s, ['spec', 'expect', e.index, 'that', 'target'], target));
      continue;
    }
    const comparison = that.equals !== undefined ? { type: 'equals' as const, value: that.equals } : that.atLeast !== undefined ? { type: 'atLeast' as const, value: that.atLeast } : that.atMost !== undefined ? { type: 'atMost' as const, value: that.atMost } : { type: 'exists' as const, value: that.exists ?? true };
    const v = e.value;
    const when = v.at !== undefined ? { type: 'at' as const, atMs: v.at } : v.within !== undefined ? { type: 'within' as const, fromMs: v.within.from, toMs: v.within.to } : { type: 'always' as const, fromMs: v.always?.from ?? 0, toMs: v.always?.to ?? 0 };
    const whenText = when.type === 'at' ? `at ${formatDuration(when.atMs)}` : `${when.type} ${formatDuration(when.fromMs)}–${formatDuration(when.toMs)}`;
    const text = `${that.target}${that.field === undefined ? '' : ` ${that.field}`} ${comparison.type} ${JSON.stringify(comparison.value)} ${whenText}`;
    specs.push({ when, target: { kind: target.info.kind, name: target.name, ...(target.namespace === undefined ? {} : { namespace: target.namespace }) }, ...(that.field === undefined ? {} : { field: that.field }), comparison, text });
  }
  return { specs, errors };
};
