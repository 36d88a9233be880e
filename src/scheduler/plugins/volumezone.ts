/**
 * VolumeZone (upstream plugins/volumezone/volume_zone.go at v1.34).
 *
 * PreFilter: for each persistentVolumeClaim volume (generic ephemeral volumes are not
 * looked at), the claim must exist; an unbound claim (no spec.volumeName) is skipped when
 * its class is WaitForFirstConsumer and otherwise rejects the pod; a bound claim's PV must
 * exist. Each rejection is UnschedulableAndUnresolvable with upstream's text. The PVs'
 * zone and region labels (failure-domain.beta.kubernetes.io/{zone,region},
 * topology.kubernetes.io/{zone,region}) become the constraints, a value holding several
 * zones separated by "__" (a value with an empty part is ignored, as upstream). No
 * constraint: Skip.
 *
 * Filter: a node with none of the four labels passes (single-zone clusters). Otherwise
 * every constraint's key, or for a beta key its GA twin, must be on the node with one of
 * the allowed values, else UnschedulableAndUnresolvable "node(s) had no available volume
 * zone".
 */
import type { PersistentVolume } from '../../api/storage.js';
import { getObject } from '../../state/queries.js';
import type { ClusterState } from '../../state/state.js';
import type { FilterFailure, FilterPlugin, NodeInfo, PodInfo } from '../types.js';
import { SKIP } from '../types.js';
import { claimClassOf, getClaim, getStorageClass, quoted } from './volumebinding.js';

export const NAME = 'VolumeZone';
export const ERR_REASON_CONFLICT = 'node(s) had no available volume zone';

const BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';
const BETA_REGION = 'failure-domain.beta.kubernetes.io/region';
const ZONE = 'topology.kubernetes.io/zone';
const REGION = 'topology.kubernetes.io/region';
/** upstream's order: the constraints are checked in it. */
const TOPOLOGY_LABELS = [BETA_ZONE, BETA_REGION, ZONE, REGION];
const MULTI_ZONE_DELIMITER = '__';

interface PvTopology {
  readonly key: string;
  readonly values: ReadonlySet<string>;
}

const toGA = (key: string): string => (key === BETA_ZONE ? ZONE : key === BETA_REGION ? REGION : key);

/** upstream LabelZonesToSet: parts trimmed; an empty part makes the whole value unusable. */
const zonesOf = (value: string): Set<string> | undefined => {
  const parts = value.split(MULTI_ZONE_DELIMITER).map((z) => z.trim());
  return parts.includes('') ? undefined : new Set(parts);
};

const topologiesOf = (pv: PersistentVolume): PvTopology[] => {
  const labels = pv.metadata.labels ?? {};
  return TOPOLOGY_LABELS.flatMap((key) => {
    if (!Object.hasOwn(labels, key)) return [];
    const values = zonesOf(labels[key] ?? '');
    return values === undefined ? [] : [{ key, values }];
  });
};

const reject = (reason: string): FilterFailure => ({ code: 'UnschedulableAndUnresolvable', reasons: [reason], plugin: NAME });

/** upstream getPVbyPod: the constraints of the pod's bound PVs, or the failure of every node. */
const podTopologies = (state: ClusterState, pod: PodInfo): PvTopology[] | FilterFailure => {
  const ns = pod.pod.metadata.namespace;
  const out: PvTopology[] = [];
  for (const v of pod.pod.spec.volumes ?? []) {
    if (v.persistentVolumeClaim === undefined) continue;
    const claimName = v.persistentVolumeClaim.claimName;
    if (claimName === '') return reject('PersistentVolumeClaim had no name');
    const pvc = getClaim(state, ns, claimName);
    if (pvc === undefined) return reject(`persistentvolumeclaim ${quoted(claimName)} not found`);
    const pvName = pvc.spec?.volumeName ?? '';
    if (pvName === '') {
      const className = claimClassOf(pvc);
      if (className === '') return reject('PersistentVolumeClaim had no pv name and storageClass name');
      const cls = getStorageClass(state, className);
      if (cls === undefined) return reject(`storageclass.storage.k8s.io ${quoted(className)} not found`);
      if (cls.volumeBindingMode === undefined) return reject(`VolumeBindingMode not set for StorageClass ${quoted(className)}`);
      if (cls.volumeBindingMode === 'WaitForFirstConsumer') continue;
      return reject('PersistentVolume had no name');
    }
    const pv = getObject(state, 'PersistentVolume', undefined, pvName) as PersistentVolume | undefined;
    if (pv === undefined) return reject(`persistentvolume ${quoted(pvName)} not found`);
    out.push(...topologiesOf(pv));
  }
  return out;
};

const CONFLICT = reject(ERR_REASON_CONFLICT);

const fitsZones = (topologies: readonly PvTopology[], node: NodeInfo): FilterFailure | undefined => {
  const labels = node.labels;
  if (!TOPOLOGY_LABELS.some((k) => Object.hasOwn(labels, k))) return undefined;
  for (const t of topologies) {
    const key = Object.hasOwn(labels, t.key) ? t.key : toGA(t.key);
    const value = Object.hasOwn(labels, key) ? labels[key] : undefined;
    if (value === undefined || !t.values.has(value)) return CONFLICT;
  }
  return undefined;
};

export const filter: FilterPlugin = {
  name: NAME,
  preFilter: (ctx, pod) => {
    const topologies = podTopologies(ctx.state, pod);
    if (!Array.isArray(topologies)) return { type: 'Reject', failure: topologies };
    if (topologies.length === 0) return SKIP;
    return { type: 'Check', check: { filter: (node) => fitsZones(topologies, node) } };
  },
};
