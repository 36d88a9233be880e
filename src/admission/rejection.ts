/** Rejections: the API server's refusals, worded as it words them. */
import type { Either } from 'fp-ts/lib/Either.js';
import { left } from 'fp-ts/lib/Either.js';
import { groupOf, kindInfo, qualifiedKind } from '../api/kinds.js';
import type { KubeObject, ObjectRef } from '../api/meta.js';
import type { Event } from '../log/events.js';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export type RejectionCode = 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Invalid' | 'Forbidden' | 'BadRequest';

export interface Rejection {
  readonly code: RejectionCode;
  readonly message: string;
}

export interface AdmissionContext {
  readonly nowMs: number;
  readonly seed: number;
  /** Sequence number the first event of this decision will get. */
  readonly nextSeq: number;
}

export type Decision = Either<Rejection, readonly Event[]>;

export const reject = (code: RejectionCode, message: string): Decision => left({ code, message });

/** `pods "web-1" not found`, as the API server says it. */
export const notFound = (ref: ObjectRef): Decision => reject('NotFound', `${resourceName(ref.kind)} ${JSON.stringify(ref.name)} not found`);

export const resourceName = (kind: string): string => {
  const info = kindInfo(kind);
  if (info === undefined) return kind.toLowerCase();
  const group = groupOf(info.apiVersion);
  return group === '' ? info.plural : `${info.plural}.${group}`;
};

/**
 * upstream errors.NewInvalid: `ReplicaSet.apps "web" is invalid: <error>`, or `[<error>, <error>]`
 * when there are several (a Go aggregate), the kind qualified by its API group.
 */
export const invalidMessage = (o: KubeObject, details: readonly string[]): string => {
  const what = qualifiedKind(o.kind, kindInfo(o.kind)?.apiVersion ?? o.apiVersion);
  const errors = details.length === 1 ? (details[0] ?? '') : `[${details.join(', ')}]`;
  return `${what} ${JSON.stringify(o.metadata.name)} is invalid: ${errors}`;
};
