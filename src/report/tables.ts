/**
 * `kubectl get` tables (k8s.io/kubernetes pkg/printers/internalversion/printers.go):
 * the same columns, the same STATUS logic, the same layout (a tabwriter with minimum
 * width 6 and padding 3; the last column is not padded).
 */
import { formatAge } from '../api/duration.js';
import type { KubeObject } from '../api/meta.js';
import type { Node } from '../api/node.js';
import type { Pod } from '../api/pod.js';
import type { ReplicaSet } from '../api/replicaset.js';
import { fromLabelSelector, selectorToString } from '../api/selector.js';
import { simMsOf } from '../api/time.js';
import { kindInfo } from '../api/kinds.js';

export interface TableOptions {
  readonly wide: boolean;
  readonly allNamespaces: boolean;
  readonly nowMs: number;
}

type Row = readonly string[];

const MIN_WIDTH = 6;
const PADDING = 3;

export const layout = (rows: readonly Row[]): string => {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(Math.max(MIN_WIDTH, (widths[i] ?? 0) + PADDING)))).join('')).join('\n') + '\n';
};

const age = (o: KubeObject, nowMs: number): string => {
  const created = simMsOf(o.metadata.creationTimestamp ?? '');
  return Number.isNaN(created) ? '<unknown>' : formatAge(nowMs - created);
};

// --- pods ----------------------------------------------------------------------------

/** upstream printPod's STATUS and READY. */
export const podStatus = (pod: Pod): { status: string; ready: number; restarts: number } => {
  let reason: string = pod.status?.reason ?? pod.status?.phase ?? 'Pending';
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'SchedulingGated') reason = 'SchedulingGated';
  let ready = 0;
  let restarts = 0;
  let running = false;
  const statuses = pod.status?.containerStatuses ?? [];
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i];
    if (c === undefined) continue;
    restarts += c.restartCount;
    const term = c.state?.terminated;
    if (c.state?.waiting?.reason !== undefined && c.state.waiting.reason !== '') reason = c.state.waiting.reason;
    else if (term?.reason !== undefined && term.reason !== '') reason = term.reason;
    else if (term !== undefined) reason = `ExitCode:${term.exitCode ?? 0}`;
    else if (c.ready && c.state?.running !== undefined) {
      running = true;
      ready++;
    }
  }
  if (reason === 'Completed' && running) reason = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
  if (pod.metadata.deletionTimestamp !== undefined) reason = pod.status?.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return { status: reason, ready, restarts };
};

const podRow = (pod: Pod, opts: TableOptions): Row => {
  const s = podStatus(pod);
  const row = [pod.metadata.name, `${s.ready}/${pod.spec.containers.length}`, s.status, String(s.restarts), age(pod as unknown as KubeObject, opts.nowMs)];
  if (!opts.wide) return row;
  const gates = (pod.spec as { readinessGates?: { conditionType: string }[] }).readinessGates ?? [];
  const gatesText = gates.length === 0 ? '<none>' : `${gates.filter((g) => pod.status?.conditions?.some((c) => c.type === g.conditionType && c.status === 'True')).length}/${gates.length}`;
  return [...row, pod.status?.podIP ?? '<none>', pod.spec.nodeName ?? '<none>', pod.status?.nominatedNodeName ?? '<none>', gatesText];
};

// --- nodes ---------------------------------------------------------------------------

const nodeRoles = (node: Node): string => {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) roles.add(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role') roles.add(v);
  }
  return roles.size === 0 ? '<none>' : [...roles].filter((r) => r !== '').sort().join(',');
};

export const nodeStatus = (node: Node): string => {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const status = [ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (node.spec?.unschedulable === true) status.push('SchedulingDisabled');
  return status.join(',');
};

const nodeRow = (node: Node, opts: TableOptions): Row => {
  const info = node.status?.nodeInfo ?? {};
  const row = [node.metadata.name, nodeStatus(node), nodeRoles(node), age(node as unknown as KubeObject, opts.nowMs), info['kubeletVersion'] ?? ''];
  if (!opts.wide) return row;
  const address = (type: string): string => node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
  return [...row, address('InternalIP'), address('ExternalIP'), info['osImage'] ?? '<unknown>', info['kernelVersion'] ?? '<unknown>', info['containerRuntimeVersion'] ?? '<unknown>'];
};

// --- replicasets -----------------------------------------------------------------------

const rsRow = (rs: ReplicaSet, opts: TableOptions): Row => {
  const row = [rs.metadata.name, String(rs.spec.replicas ?? 1), String(rs.status?.replicas ?? 0), String(rs.status?.readyReplicas ?? 0), age(rs as unknown as KubeObject, opts.nowMs)];
  if (!opts.wide) return row;
  const containers = rs.spec.template?.spec?.containers ?? [];
  const sel = fromLabelSelector(rs.spec.selector);
  return [...row, containers.map((c) => c.name).join(','), containers.map((c) => c.image ?? '').join(','), sel._tag === 'Right' ? selectorToString(sel.right) : '<invalid>'];
};

// --- any kind ------------------------------------------------------------------------

interface Printer {
  readonly headers: readonly string[];
  readonly wideHeaders: readonly string[];
  readonly row: (o: KubeObject, opts: TableOptions) => Row;
}

const PRINTERS: Readonly<Record<string, Printer>> = {
  Pod: { headers: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], wideHeaders: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'], row: (o, opts) => podRow(o as unknown as Pod, opts) },
  Node: { headers: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'], wideHeaders: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'], row: (o, opts) => nodeRow(o as unknown as Node, opts) },
  ReplicaSet: { headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'], wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'], row: (o, opts) => rsRow(o as unknown as ReplicaSet, opts) },
  Namespace: { headers: ['NAME', 'STATUS', 'AGE'], wideHeaders: [], row: (o, opts) => [o.metadata.name, String((o['status'] as { phase?: string } | undefined)?.phase ?? ''), age(o, opts.nowMs)] },
};

const DEFAULT_PRINTER: Printer = { headers: ['NAME', 'AGE'], wideHeaders: [], row: (o, opts) => [o.metadata.name, age(o, opts.nowMs)] };

export const renderTable = (kind: string, objects: readonly KubeObject[], opts: TableOptions): string => {
  const printer = PRINTERS[kind] ?? DEFAULT_PRINTER;
  const withNamespace = opts.allNamespaces && (kindInfo(kind)?.namespaced ?? true);
  const header = [...(withNamespace ? ['NAMESPACE'] : []), ...printer.headers, ...(opts.wide ? printer.wideHeaders : [])];
  const rows = objects.map((o) => [...(withNamespace ? [o.metadata.namespace ?? ''] : []), ...printer.row(o, opts)]);
  return layout([header, ...rows]);
};
