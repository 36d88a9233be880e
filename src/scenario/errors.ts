/** Errors in what a user gave us, located: file, line:column where the YAML has one, field path. */

export interface InputError {
  readonly file: string;
  readonly line?: number;
  readonly col?: number;
  readonly path?: string;
  readonly message: string;
}

/** `scenarios/x.yaml:12:7: spec.timeline[2].scale.replicas: Invalid value: "three": expected an integer` */
export const formatInputError = (e: InputError): string => {
  const where = e.line === undefined ? e.file : `${e.file}:${e.line}:${e.col ?? 1}`;
  return e.path === undefined || e.path === '' ? `${where}: ${e.message}` : `${where}: ${e.path}: ${e.message}`;
};

export type PathSegment = string | number;

/** `spec.timeline[2].scale` from ['spec', 'timeline', 2, 'scale']. */
export const formatPath = (segments: readonly PathSegment[]): string =>
  segments.reduce<string>((out, s) => (typeof s === 'number' ? `${out}[${s}]` : out === '' ? s : `${out}.${s}`), '');

/** ['spec', 'timeline', 2] from `spec.timeline[2]` (the inverse of formatPath, for simple paths). */
export const parsePath = (path: string): PathSegment[] =>
  [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] === undefined ? (m[1] ?? '') : Number(m[2])));
