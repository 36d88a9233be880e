/**
 * VolumeBinding (upstream plugins/volumebinding/{volume_binding,binder}.go at v1.34, with
 * component-helpers storage/volume FindMatchingVolume / CheckNodeAffinity and
 * storage/ephemeral).
 *
 * PreFilter: Skip a pod with no PVC volumes (a generic ephemeral volume's claim is
 * `<pod>-<volume>`). Every claim must exist, not be Lost, not be terminating, and an
 * ephemeral one must be controlled by the pod; otherwise every node fails with the error's
 * text (UnschedulableAndUnresolvable). Claims then split three ways: bound (volumeName set
 * and the bind-completed annotation present), delayed (unbound, class WaitForFirstConsumer)
 * and immediate (anything else, pre-bound ones too), and any immediate claim rejects the pod.
 *
 * Filter, per node (every failure UnschedulableAndUnresolvable, reasons in upstream order):
 * - a bound claim whose PV is gone: "…bound to non-existent pv(s)"; one whose PV's
 *   required nodeAffinity misses the node's labels: "…volume node affinity conflict";
 * - delayed claims, smallest request first: a claim selecting another node fails at once;
 *   otherwise a PV of its class pre-bound to it (first by name) if its affinity holds, else
 *   the smallest Available PV (capacity ≥ request, same volumeMode and
 *   volumeAttributesClassName, not terminating, selector, access modes, affinity), each PV
 *   used once per pod; the claims left over need a provisioner other than
 *   kubernetes.io/no-provisioner whose class allowedTopologies admit the node. Otherwise
 *   "…didn't find available persistent volumes to bind".
 *
 * Score: PreScore always Skips (StorageCapacityScoring is alpha and off in v1.34), so the
 * profile keeps upstream's weight 1 with no effect.
 *
 * Not modelled: Reserve/PreBind (assuming PVs, the selected-node annotation, waiting for
 * the PV controller): kubesim has no PV controller yet, so claims stay as written.
 * CSIStorageCapacity checks ("did not have enough free storage"), CSI migration of
 * in-tree PVs. Upstream walks PVs in cache order, so equal-size ties fall to whichever
 * comes first; here the first by name. A claim selector that does not parse (an error
 * status upstream) matches no PV.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { KubeObject } from '../../api/meta.js';
import type { Pod } from '../../api/pod.js';
import { parseQuantity } from '../../api/quantity.js';
import type { Selector } from '../../api/selector.js';
import { fromLabelSelector, matches } from '../../api/selector.js';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass, TopologySelectorTerm } from '../../api/storage.js';
import { compareStrings, getObject, listKind } from '../../state/queries.js';
import type { ClusterState } from '../../state/state.js';
import type { FilterFailure, FilterPlugin, NodeInfo, ScorePlugin } from '../types.js';
import { SKIP } from '../types.js';
import { requiredAffinityMatches } from './nodeaffinity.js';

export const NAME = 'VolumeBinding';
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
export const ERR_REASON_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';

export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
const ANN_BETA_CLASS = 'volume.beta.kubernetes.io/storage-class';
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

// -------------------------------------------------------------------------------------
// storage helpers (upstream component-helpers storage/volume), shared with VolumeZone
// -------------------------------------------------------------------------------------

/** upstream GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName. */
export const claimClassOf = (pvc: PersistentVolumeClaim): string => pvc.metadata.annotations?.[ANN_BETA_CLASS] ?? pvc.spec?.storageClassName ?? '';

/** upstream GetPersistentVolumeClass. */
const volumeClassOf = (pv: PersistentVolume): string => pv.metadata.annotations?.[ANN_BETA_CLASS] ?? pv.spec?.storageClassName ?? '';

export const getClaim = (state: ClusterState, namespace: string | undefined, name: string): PersistentVolumeClaim | undefined =>
  getObject(state, 'PersistentVolumeClaim', namespace, name) as PersistentVolumeClaim | undefined;

export const getStorageClass = (state: ClusterState, name: string): StorageClass | undefined => getObject(state, 'StorageClass', undefined, name) as StorageClass | undefined;

/** Go's %q for the names kubesim admits. */
export const quoted = (s: string): string => JSON.stringify(s);

const storageMilli = (raw: string | number | undefined): bigint => {
  if (raw === undefined) return 0n;
  const q = parseQuantity(typeof raw === 'string' ? raw.trim() : raw);
  return isLeft(q) ? 0n : q.right.milli;
};

/** A node as CheckNodeAffinity builds it: labels only, no name, so matchFields never count. */
const labelsOnly = (node: NodeInfo): NodeInfo => ({ ...node, name: '' });

/**
 * upstream CheckNodeAffinity: a PV's required node affinity against the node's labels
 * (terms ORed, empty terms dropped, a term that fails to parse matching nothing). Reuses
 * NodeAffinity's matcher through a pod that requires exactly those terms.
 */
const pvAffinityMatcher = (pv: PersistentVolume): ((node: NodeInfo) => boolean) => {
  const required = pv.spec?.nodeAffinity?.required;
  if (required === undefined) return () => true;
  const asPod = { spec: { containers: [], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: required } } } } as unknown as Pod;
  return (node) => requiredAffinityMatches(asPod, labelsOnly(node));
};

/** upstream MatchTopologySelectorTerms: no terms admit every node; terms are ORed, empty ones skipped. */
const topologyAdmits = (terms: readonly TopologySelectorTerm[] | undefined, labels: Readonly<Record<string, string>>): boolean =>
  terms === undefined ||
  terms.length === 0 ||
  terms.some((t) => {
    const exprs = t.matchLabelExpressions ?? [];
    return exprs.length > 0 && exprs.every((e) => Object.hasOwn(labels, e.key) && e.values.includes(labels[e.key] ?? ''));
  });

// -------------------------------------------------------------------------------------
// PreFilter: the pod's claims (upstream podHasPVCs, GetPodVolumeClaims)
// -------------------------------------------------------------------------------------

interface ClaimRef {
  readonly name: string;
  readonly ephemeral: boolean;
}

/** The claims a pod's volumes use, in volume order (a PVC source wins over an ephemeral one). */
export const podClaims = (pod: Pod): ClaimRef[] =>
  (pod.spec.volumes ?? []).flatMap((v): ClaimRef[] => {
    if (v.persistentVolumeClaim !== undefined) return [{ name: v.persistentVolumeClaim.claimName, ephemeral: false }];
    const ephemeral = (v as Readonly<Record<string, unknown>>)['ephemeral'];
    return ephemeral !== undefined && ephemeral !== null ? [{ name: `${pod.metadata.name}-${v.name}`, ephemeral: true }] : [];
  });

const isControlledBy = (o: KubeObject, owner: Pod): boolean => {
  const ref = o.metadata.ownerReferences?.find((r) => r.controller === true);
  return ref !== undefined && ref.uid === (owner.metadata.uid ?? '');
};

/** upstream podHasPVCs' checks, in volume order: the first problem's text, or the claims. */
const loadClaims = (state: ClusterState, pod: Pod, refs: readonly ClaimRef[]): string | PersistentVolumeClaim[] => {
  const ns = pod.metadata.namespace;
  const claims: PersistentVolumeClaim[] = [];
  for (const ref of refs) {
    const pvc = getClaim(state, ns, ref.name);
    if (pvc === undefined) {
      return ref.ephemeral ? `waiting for ephemeral volume controller to create the persistentvolumeclaim ${quoted(ref.name)}` : `persistentvolumeclaim ${quoted(ref.name)} not found`;
    }
    if (pvc.status?.phase === 'Lost') return `persistentvolumeclaim ${quoted(pvc.metadata.name)} bound to non-existent persistentvolume ${quoted(pvc.spec?.volumeName ?? '')}`;
    if (pvc.metadata.deletionTimestamp !== undefined) return `persistentvolumeclaim ${quoted(pvc.metadata.name)} is being deleted`;
    if (ref.ephemeral && (pvc.metadata.namespace !== ns || !isControlledBy(pvc as unknown as KubeObject, pod))) {
      return `PVC ${pvc.metadata.namespace ?? ''}/${pvc.metadata.name} was not created for pod ${ns ?? ''}/${pod.metadata.name} (pod is not owner)`;
    }
    claims.push(pvc);
  }
  return claims;
};

const isFullyBound = (pvc: PersistentVolumeClaim): boolean => (pvc.spec?.volumeName ?? '') !== '' && Object.hasOwn(pvc.metadata.annotations ?? {}, ANN_BIND_COMPLETED);

/** upstream IsDelayBindingMode: no class, or a class that does not exist, binds immediately. */
const isDelayBinding = (state: ClusterState, pvc: PersistentVolumeClaim): boolean => {
  const name = claimClassOf(pvc);
  return name !== '' && getStorageClass(state, name)?.volumeBindingMode === 'WaitForFirstConsumer';
};

// -------------------------------------------------------------------------------------
// the per-cycle plan: bound PVs, and candidate PVs per delayed claim
// -------------------------------------------------------------------------------------

interface BoundClaim {
  /** undefined: the PV does not exist. */
  readonly matches: ((node: NodeInfo) => boolean) | undefined;
}

interface Candidate {
  readonly name: string;
  readonly matches: (node: NodeInfo) => boolean;
}

interface DelayedClaim {
  readonly requestMilli: bigint;
  readonly selectedNode: string | undefined;
  /** PVs pre-bound to this claim that pass its node-independent checks, by name. */
  readonly prebound: readonly Candidate[];
  /** Available, unclaimed PVs that pass its node-independent checks, smallest first (then by name). */
  readonly available: readonly Candidate[];
  readonly cls: StorageClass | undefined;
}

const boundTo = (pv: PersistentVolume, pvc: PersistentVolumeClaim): boolean => {
  const ref = pv.spec?.claimRef;
  if (ref === undefined) return false;
  if ((ref.name ?? '') !== pvc.metadata.name || (ref.namespace ?? '') !== (pvc.metadata.namespace ?? '')) return false;
  return (ref.uid ?? '') === '' || ref.uid === pvc.metadata.uid;
};

/** upstream CheckAccessModes: the PV offers every mode the claim asks for. */
const accessModesFit = (pvc: PersistentVolumeClaim, pv: PersistentVolume): boolean => (pvc.spec?.accessModes ?? []).every((m) => (pv.spec?.accessModes ?? []).includes(m));

/** FindMatchingVolume's tests that do not depend on the node, for any PV. */
const fitsClaim = (pvc: PersistentVolumeClaim, pv: PersistentVolume, requestMilli: bigint): boolean =>
  storageMilli(pv.spec?.capacity?.['storage']) >= requestMilli &&
  (pvc.spec?.volumeMode ?? 'Filesystem') === (pv.spec?.volumeMode ?? 'Filesystem') &&
  (pvc.spec?.volumeAttributesClassName ?? '') === (pv.spec?.volumeAttributesClassName ?? '') &&
  pv.metadata.deletionTimestamp === undefined;

/** …and the extra ones an unclaimed PV must pass. */
const availableFor = (pvc: PersistentVolumeClaim, pv: PersistentVolume, selector: Selector | undefined): boolean =>
  pv.status?.phase === 'Available' && (selector === undefined || matches(selector, pv.metadata.labels)) && accessModesFit(pvc, pv);

/** A claim selector: undefined when absent; one that does not parse selects nothing. */
const claimSelector = (pvc: PersistentVolumeClaim): Selector | undefined => {
  const raw = pvc.spec?.selector;
  if (raw === undefined) return undefined;
  const parsed = fromLabelSelector(raw);
  return isLeft(parsed) ? { requirements: [], matchesNothing: true } : parsed.right;
};

const delayedClaim = (state: ClusterState, pvc: PersistentVolumeClaim, pvsOfClass: readonly PersistentVolume[]): DelayedClaim => {
  const requestMilli = storageMilli(pvc.spec?.resources?.requests?.['storage']);
  const selector = claimSelector(pvc);
  const candidate = (pv: PersistentVolume): Candidate => ({ name: pv.metadata.name, matches: pvAffinityMatcher(pv) });
  const fitting = pvsOfClass.filter((pv) => fitsClaim(pvc, pv, requestMilli));
  const available = fitting
    .filter((pv) => pv.spec?.claimRef === undefined && availableFor(pvc, pv, selector))
    .sort((a, b) => {
      const d = storageMilli(a.spec?.capacity?.['storage']) - storageMilli(b.spec?.capacity?.['storage']);
      return d < 0n ? -1 : d > 0n ? 1 : compareStrings(a.metadata.name, b.metadata.name);
    });
  return {
    requestMilli,
    selectedNode: pvc.metadata.annotations?.[ANN_SELECTED_NODE],
    prebound: fitting.filter((pv) => boundTo(pv, pvc)).map(candidate),
    available: available.map(candidate),
    cls: getStorageClass(state, claimClassOf(pvc)),
  };
};

interface Plan {
  readonly bound: readonly BoundClaim[];
  /** Sorted by request, smallest first (stable), as upstream's findMatchingVolumes. */
  readonly delayed: readonly DelayedClaim[];
}

const planOf = (state: ClusterState, claims: readonly PersistentVolumeClaim[]): Plan => {
  const bound: BoundClaim[] = [];
  const delayedPvcs: PersistentVolumeClaim[] = [];
  for (const pvc of claims) {
    if (isFullyBound(pvc)) {
      const pv = getObject(state, 'PersistentVolume', undefined, pvc.spec?.volumeName ?? '') as PersistentVolume | undefined;
      bound.push({ matches: pv === undefined ? undefined : pvAffinityMatcher(pv) });
    } else delayedPvcs.push(pvc);
  }
  const allPvs = delayedPvcs.length === 0 ? [] : (listKind(state, 'PersistentVolume') as unknown as PersistentVolume[]);
  const delayed = delayedPvcs
    .map((pvc) => delayedClaim(state, pvc, allPvs.filter((pv) => volumeClassOf(pv) === claimClassOf(pvc))))
    .map((claim, i) => ({ claim, i }))
    .sort((a, b) => (a.claim.requestMilli < b.claim.requestMilli ? -1 : a.claim.requestMilli > b.claim.requestMilli ? 1 : a.i - b.i))
    .map(({ claim }) => claim);
  return { bound, delayed };
};

// -------------------------------------------------------------------------------------
// Filter (upstream FindPodVolumes)
// -------------------------------------------------------------------------------------

/** upstream checkBoundClaims: stops at the first missing PV or affinity conflict. */
const checkBound = (bound: readonly BoundClaim[], node: NodeInfo): { satisfied: boolean; pvsFound: boolean } => {
  for (const b of bound) {
    if (b.matches === undefined) return { satisfied: true, pvsFound: false };
    if (!b.matches(node)) return { satisfied: false, pvsFound: true };
  }
  return { satisfied: true, pvsFound: true };
};

/** upstream FindMatchingVolume for one claim on one node; the chosen PV's name, if any. */
const matchingVolume = (claim: DelayedClaim, node: NodeInfo, chosen: ReadonlySet<string>): string | undefined => {
  const prebound = claim.prebound.find((c) => !chosen.has(c.name));
  if (prebound !== undefined) return prebound.matches(node) ? prebound.name : undefined;
  return claim.available.find((c) => !chosen.has(c.name) && c.matches(node))?.name;
};

/** upstream checkVolumeProvisions (without capacity tracking). */
const canProvision = (claim: DelayedClaim, node: NodeInfo): boolean => {
  const provisioner = claim.cls?.provisioner ?? '';
  if (provisioner === '' || provisioner === NO_PROVISIONER) return false;
  return topologyAdmits(claim.cls?.allowedTopologies, node.labels);
};

const checkDelayed = (delayed: readonly DelayedClaim[], node: NodeInfo): boolean => {
  if (delayed.some((c) => c.selectedNode !== undefined && c.selectedNode !== node.name)) return false;
  const chosen = new Set<string>();
  const toProvision: DelayedClaim[] = [];
  for (const claim of delayed) {
    const pv = claim.selectedNode === undefined ? matchingVolume(claim, node, chosen) : undefined;
    if (pv === undefined) toProvision.push(claim);
    else chosen.add(pv);
  }
  return toProvision.every((c) => canProvision(c, node));
};

const filterNode = (plan: Plan, node: NodeInfo): FilterFailure | undefined => {
  const bound = checkBound(plan.bound, node);
  const unboundOk = plan.delayed.length === 0 || checkDelayed(plan.delayed, node);
  const reasons = [
    ...(bound.satisfied ? [] : [ERR_REASON_NODE_CONFLICT]),
    ...(unboundOk ? [] : [ERR_REASON_BIND_CONFLICT]),
    ...(bound.pvsFound ? [] : [ERR_REASON_PV_NOT_EXIST]),
  ];
  return reasons.length === 0 ? undefined : { code: 'UnschedulableAndUnresolvable', reasons, plugin: NAME };
};

const rejectAll = (reason: string): FilterFailure => ({ code: 'UnschedulableAndUnresolvable', reasons: [reason], plugin: NAME });

export const filter: FilterPlugin = {
  name: NAME,
  preFilter: (ctx, pod) => {
    const refs = podClaims(pod.pod);
    if (refs.length === 0) return SKIP;
    const claims = loadClaims(ctx.state, pod.pod, refs);
    if (typeof claims === 'string') return { type: 'Reject', failure: rejectAll(claims) };
    if (claims.some((pvc) => !isFullyBound(pvc) && (!isDelayBinding(ctx.state, pvc) || (pvc.spec?.volumeName ?? '') !== ''))) {
      return { type: 'Reject', failure: rejectAll(ERR_REASON_UNBOUND_IMMEDIATE) };
    }
    const plan = planOf(ctx.state, claims);
    return { type: 'Check', check: { filter: (node) => filterNode(plan, node) } };
  },
};

/** upstream PreScore: Skip unless StorageCapacityScoring (alpha, off by default) builds a scorer. */
export const score: ScorePlugin = { name: NAME, preScore: () => 'Skip' };
