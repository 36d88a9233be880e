/**
 * What the simulated API server knows about one kind, beyond its name (api/kinds.ts):
 * the io-ts codec of its stored shape (the single source of its TypeScript type), its
 * defaulting (upstream `SetDefaults_<Kind>` in pkg/apis/<group>/v1/defaults.go and the
 * API server's own defaulting), and its validation on create and update (upstream
 * `Validate<Kind>` / `Validate<Kind>Update` in pkg/apis/<group>/validation), worded with
 * upstream's field paths and messages (see api/validation.ts).
 *
 * Every function here is pure and local to the object: what needs the cluster (ClusterIP
 * and NodePort allocation, namespaces, owners) is admission's job (admission/create.ts).
 * Generic metadata rules (name syntax, labels, annotations, ownerReferences) are checked
 * by admission for every kind; a kind's `validate` checks the rest of the object.
 */
import type * as t from 'io-ts';
import type { KubeObject } from '../../api/meta.js';
import type { FieldError } from '../../api/validation.js';

export interface KindRules {
  readonly kind: string;
  /**
   * The stored shape. Open: fields kubesim does not read pass through untouched; the
   * fields it types are checked (a wrong type is refused with the field's path).
   */
  readonly codec: t.Mixed;
  /**
   * Converts a manifest written at an older served apiVersion to the stored one, as the
   * API server does (e.g. autoscaling/v1 HPA → autoscaling/v2). Absent: same shape.
   */
  readonly convert?: (o: KubeObject, fromApiVersion: string) => KubeObject;
  /** The shape a manifest must have at an older apiVersion, checked before `convert` reads it. */
  readonly sourceCodec?: (apiVersion: string) => t.Mixed | undefined;
  /** Upstream defaulting: fills what the user left out. Runs before validation. */
  readonly defaults?: (o: KubeObject) => KubeObject;
  /** Upstream validation of a new object (after defaulting), besides metadata. */
  readonly validate?: (o: KubeObject) => readonly FieldError[];
  /** Upstream update validation: immutable fields and allowed transitions (both defaulted). */
  readonly validateUpdate?: (before: KubeObject, after: KubeObject) => readonly FieldError[];
}
