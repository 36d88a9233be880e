/**
 * ServiceAccount controller (upstream pkg/controller/serviceaccount): every active
 * namespace has a ServiceAccount named `default`, recreated if deleted.
 *
 * Owns: `default` ServiceAccounts. Reads: namespaces and that one account in each.
 * Emits: Create.
 */
import type { EventRecord } from '../log/events.js';
import { subjectOf } from '../log/subject.js';
import type { Controller, ReconcileResult } from '../state/controller.js';
import { getObject } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';

const ACTOR = 'serviceaccount-controller';
const DEFAULT_ACCOUNT = 'default';

const watches = (record: EventRecord): string[] => {
  const e = record.event;
  const ref = subjectOf(e);
  if (ref?.kind === 'Namespace' && e.type === 'ObjectCreated') return [ref.name];
  if (ref?.kind === 'ServiceAccount' && ref.name === DEFAULT_ACCOUNT && e.type === 'ObjectDeleted') return [ref.namespace ?? ''];
  return [];
};

const reconcile = (state: ClusterState, namespace: string): ReconcileResult => {
  const ns = getObject(state, 'Namespace', undefined, namespace);
  if (ns === undefined || ns.metadata.deletionTimestamp !== undefined) return { requests: [] };
  if (getObject(state, 'ServiceAccount', namespace, DEFAULT_ACCOUNT) !== undefined) return { requests: [] };
  const account = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_ACCOUNT, namespace } };
  return { requests: [{ actor: ACTOR, reason: 'Created', action: { type: 'Create', object: account } }] };
};

export const serviceAccountController: Controller = { name: ACTOR, watches, reconcile };
