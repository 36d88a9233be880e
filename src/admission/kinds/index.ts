/**
 * Every kind's rules, in one table; and the kinds CustomResourceDefinitions in the cluster
 * define, found in the state (a CRD is an object like any other: its kind exists while it
 * does).
 */
import type { CustomResourceDefinition } from '../../api/crd.js';
import type { KindInfo } from '../../api/kinds.js';
import { Node } from '../../api/node.js';
import { groupOf, kindInfo, servesVersion } from '../../api/kinds.js';
import { listKind } from '../../state/queries.js';
import type { ClusterState } from '../../state/state.js';
import { AUTOSCALING_RULES } from './autoscaling.js';
import { CONFIG_RULES } from './config.js';
import { CRD_RULES, customRulesOf, kindInfoOfCrd } from './crd.js';
import { NETWORKING_RULES } from './networking.js';
import { POD_RULES } from './pod.js';
import { POLICY_RULES } from './policy.js';
import { RBAC_RULES } from './rbac.js';
import type { KindRules } from './rules.js';
import { STORAGE_RULES } from './storage.js';
import { WORKLOAD_RULES } from './workloads.js';

/** Nodes are written by kubesim's own node model; the API checks their shape. */
const NODE_RULES: readonly KindRules[] = [{ kind: 'Node', codec: Node }];

const BUILT_IN: ReadonlyMap<string, KindRules> = new Map(
  [...NODE_RULES, ...POD_RULES, ...WORKLOAD_RULES, ...NETWORKING_RULES, ...STORAGE_RULES, ...AUTOSCALING_RULES, ...POLICY_RULES, ...CONFIG_RULES, ...RBAC_RULES, ...CRD_RULES].map((r) => [r.kind, r]),
);

export const builtInRules = (kind: string): KindRules | undefined => BUILT_IN.get(kind);

export interface ServedKind {
  readonly info: KindInfo;
  readonly rules: KindRules | undefined;
  /** Defined by a CustomResourceDefinition (validated at the version it was sent in, then converted). */
  readonly custom: boolean;
}

/** The CRD in `state` that serves `kind` in the group of `apiVersion`, if any. */
export const crdServing = (state: ClusterState, apiVersion: string, kind: string): CustomResourceDefinition | undefined =>
  (listKind(state, 'CustomResourceDefinition') as unknown as CustomResourceDefinition[]).find(
    (crd) => crd.metadata.deletionTimestamp === undefined && crd.spec.names?.kind === kind && crd.spec.group === groupOf(apiVersion),
  );

/** What the API server serves for this kind at this apiVersion: built in, or from a CRD. */
export const servedKind = (state: ClusterState | undefined, apiVersion: string, kind: string): ServedKind | undefined => {
  const info = kindInfo(kind);
  if (info !== undefined && servesVersion(info, apiVersion)) return { info, rules: builtInRules(kind), custom: false };
  const crd = state === undefined ? undefined : crdServing(state, apiVersion, kind);
  if (crd === undefined) return undefined;
  const custom = kindInfoOfCrd(crd);
  return servesVersion(custom, apiVersion) ? { info: custom, rules: customRulesOf(crd), custom: true } : undefined;
};
