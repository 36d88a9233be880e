/**
 * One sync of one Deployment, as a working copy. Upstream's syncDeployment makes its API
 * calls one after another and carries on with what each returned; here every change
 * goes into the working copies of the Deployment and its ReplicaSets, and `finish`
 * turns them into requests: one per ReplicaSet (Create, Scale when only the size
 * changed, Update when annotations changed too), then deletions, then the Deployment's
 * own metadata and status. Admission applies them in that order.
 */
import type { Request } from '../api/actions.js';
import type { KubeObject } from '../api/meta.js';
import { refOf } from '../api/meta.js';
import type { ReplicaSet } from '../api/replicaset.js';
import type { Deployment, DeploymentStatus } from '../api/workloads.js';
import type { ReconcileResult } from '../state/controller.js';
import { compareStrings } from '../state/queries.js';
import { canonicalJson } from './history.js';
import { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, maxSurgeOf, replicasOf, specReplicas } from './deployment-util.js';

export const ACTOR = 'deployment';

const asObject = (o: unknown): KubeObject => o as KubeObject;

export class Sync {
  /** The Deployment as this sync leaves it (annotations and status change along the way). */
  d: Deployment;
  private readonly working = new Map<string, ReplicaSet>();
  private readonly originals = new Map<string, ReplicaSet | undefined>();
  /** Names in the order they were first changed (the order the requests go out in). */
  private readonly changed: string[] = [];
  private readonly deletions: Request[] = [];
  requeueAfterMs: number | undefined;

  /** `early`: requests made before the rollout's own (adoption and release of ReplicaSets). */
  constructor(readonly original: Deployment, readonly nowMs: number, owned: readonly ReplicaSet[], private readonly early: readonly Request[] = []) {
    this.d = original;
    for (const rs of owned) this.working.set(rs.metadata.name, rs);
  }

  /** Every ReplicaSet the Deployment owns, as this sync has left it, by name. */
  all(): ReplicaSet[] {
    return [...this.working.values()].sort((a, b) => compareStrings(a.metadata.name, b.metadata.name));
  }

  get(name: string): ReplicaSet | undefined {
    return this.working.get(name);
  }

  get status(): DeploymentStatus {
    return this.d.status ?? {};
  }

  set status(s: DeploymentStatus) {
    this.d = { ...this.d, status: s };
  }

  put(rs: ReplicaSet): ReplicaSet {
    const name = rs.metadata.name;
    if (!this.originals.has(name)) {
      this.originals.set(name, this.working.get(name));
      this.changed.push(name);
    }
    this.working.set(name, rs);
    return rs;
  }

  delete(rs: ReplicaSet, reason: string): void {
    this.working.delete(rs.metadata.name);
    this.deletions.push({ actor: ACTOR, reason, action: { type: 'Delete', ref: refOf(asObject(rs)) } });
  }

  /** upstream scaleReplicaSetAndRecordEvent: nothing when the size is already right. */
  scale(rs: ReplicaSet, replicas: number): boolean {
    if (specReplicas(rs) === replicas) return false;
    return this.scaleAndAnnotate(rs, replicas);
  }

  /** upstream scaleReplicaSet: the size and the desired/max-replicas annotations in one update; true if the size changed. */
  scaleAndAnnotate(rs: ReplicaSet, replicas: number): boolean {
    const current = this.working.get(rs.metadata.name) ?? rs;
    const annotations = replicasAnnotations(current.metadata.annotations, replicasOf(this.d), replicasOf(this.d) + maxSurgeOf(this.d));
    const sized = specReplicas(current) !== replicas;
    if (!sized && annotations === current.metadata.annotations) return false;
    this.put({ ...current, metadata: { ...current.metadata, annotations }, spec: { ...current.spec, replicas } });
    return sized;
  }

  finish(): ReconcileResult {
    const requests: Request[] = [...this.early];
    for (const name of this.changed) {
      const request = this.replicaSetRequest(this.originals.get(name), this.working.get(name));
      if (request !== undefined) requests.push(request);
    }
    requests.push(...this.deletions);
    if (canonicalJson(this.d.metadata.annotations) !== canonicalJson(this.original.metadata.annotations)) {
      const { status: _s, ...object } = this.d;
      requests.push({ actor: ACTOR, reason: 'DeploymentRevision', action: { type: 'Update', object: asObject(object) } });
    }
    if (canonicalJson(this.d.status ?? {}) !== canonicalJson(this.original.status ?? {})) {
      requests.push({ actor: ACTOR, reason: 'StatusUpdated', action: { type: 'UpdateStatus', ref: refOf(asObject(this.original)), status: { ...(this.d.status ?? {}) } } });
    }
    return this.requeueAfterMs === undefined ? { requests } : { requests, requeueAfterMs: this.requeueAfterMs };
  }

  private replicaSetRequest(before: ReplicaSet | undefined, after: ReplicaSet | undefined): Request | undefined {
    if (after === undefined) return undefined;
    const to = specReplicas(after);
    if (before === undefined) {
      return { actor: ACTOR, reason: to > 0 ? 'ScalingReplicaSet' : 'NewReplicaSetCreated', action: { type: 'Create', object: asObject(after) } };
    }
    const from = specReplicas(before);
    const sameRest = canonicalJson({ ...before, spec: { ...before.spec, replicas: 0 } }) === canonicalJson({ ...after, spec: { ...after.spec, replicas: 0 } });
    if (sameRest) return from === to ? undefined : { actor: ACTOR, reason: 'ScalingReplicaSet', action: { type: 'Scale', ref: refOf(asObject(before)), replicas: to } };
    const { status: _s, ...object } = after;
    return { actor: ACTOR, reason: from === to ? 'ReplicaSetUpdated' : 'ScalingReplicaSet', action: { type: 'Update', object: asObject(object) } };
  }
}

/** upstream SetReplicasAnnotations; the same map back when nothing changes. */
export const replicasAnnotations = (annotations: Readonly<Record<string, string>> | undefined, desired: number, max: number): Record<string, string> => {
  const current = annotations ?? {};
  if (current[DESIRED_REPLICAS_ANNOTATION] === String(desired) && current[MAX_REPLICAS_ANNOTATION] === String(max)) return current;
  return { ...current, [DESIRED_REPLICAS_ANNOTATION]: String(desired), [MAX_REPLICAS_ANNOTATION]: String(max) };
};
