/**
 * RBAC (rbac.authorization.k8s.io/v1): Role, ClusterRole, RoleBinding, ClusterRoleBinding.
 * Stored and validated; nothing in kubesim enforces them. Open codecs; fields that
 * validation words itself (verbs, roleRef, subject kinds) are optional in the codec so a
 * missing one gets upstream's message rather than a decode error.
 */
import * as t from 'io-ts';
import { ObjectMeta } from './meta.js';
import { LabelSelector } from './selector.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

export const PolicyRule = t.partial({
  verbs: t.array(t.string),
  apiGroups: t.array(t.string),
  resources: t.array(t.string),
  resourceNames: t.array(t.string),
  nonResourceURLs: t.array(t.string),
});
export type PolicyRule = t.TypeOf<typeof PolicyRule>;

export const Subject = t.partial({ kind: t.string, apiGroup: t.string, name: t.string, namespace: t.string });
export type Subject = t.TypeOf<typeof Subject>;

export const RoleRef = t.partial({ apiGroup: t.string, kind: t.string, name: t.string });
export type RoleRef = t.TypeOf<typeof RoleRef>;

export const AggregationRule = t.partial({ clusterRoleSelectors: t.array(LabelSelector) });

export const Role = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('Role'), metadata: ObjectMeta }),
  t.partial({ rules: t.array(PolicyRule) }),
]);
export type Role = t.TypeOf<typeof Role>;

export const ClusterRole = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('ClusterRole'), metadata: ObjectMeta }),
  t.partial({ rules: t.array(PolicyRule), aggregationRule: AggregationRule }),
]);
export type ClusterRole = t.TypeOf<typeof ClusterRole>;

const binding = <K extends string>(kind: K) =>
  t.intersection([
    t.type({ apiVersion: t.string, kind: t.literal(kind), metadata: ObjectMeta }),
    t.partial({ subjects: t.array(Subject), roleRef: RoleRef }),
  ]);

export const RoleBinding = binding('RoleBinding');
export type RoleBinding = t.TypeOf<typeof RoleBinding>;
export const ClusterRoleBinding = binding('ClusterRoleBinding');
export type ClusterRoleBinding = t.TypeOf<typeof ClusterRoleBinding>;
