/**
 * `kubectl get` tables as kubectl v1.34 prints them: the server-side printers of
 * k8s.io/kubernetes pkg/printers/internalversion/printers.go (which columns, what each
 * cell says) and kubectl's table printer (k8s.io/cli-runtime pkg/printers): headers
 * upper-cased, a NAMESPACE column first with -A for namespaced kinds, priority-1 columns
 * only with -o wide, cells cut at their first line break, and a text/tabwriter with
 * minimum width 6 and padding 3.
 */
import { formatAge } from '../api/duration.js';
import { kindInfo } from '../api/kinds.js';
import type { KubeObject } from '../api/meta.js';
import type { Node } from '../api/node.js';
import type { Pod } from '../api/pod.js';
import type { ReplicaSet } from '../api/replicaset.js';
import { desiredReplicas } from '../api/replicaset.js';
import type { Column, Printer } from './table-cells.js';
import { ageOf, containerCells, formatLabelSelector } from './table-cells.js';
import { BATCH_PRINTERS } from './table-batch.js';
import { NAME_AGE, OTHER_PRINTERS } from './table-kinds.js';
import { STORAGE_PRINTERS } from './table-storage.js';
import { WORKLOAD_PRINTERS } from './table-workloads.js';
import { podSummary, readinessGates } from './table-pod.js';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export interface TableOptions {
  readonly wide: boolean;
  readonly allNamespaces: boolean;
  readonly nowMs: number;
  /**
   * kubectl's WithKind: when one `get` lists several kinds, each NAME is prefixed with
   * the lower-cased group kind (`deployment.apps/web`, `pod/web-1`).
   */
  readonly kindPrefix?: string;
}

type Row = readonly string[];

// -------------------------------------------------------------------------------------
// layout (Go text/tabwriter, as cli-runtime's GetNewTabWriter configures it)
// -------------------------------------------------------------------------------------

const MIN_WIDTH = 6;
const PADDING = 3;

/** tabwriter counts a cell's width in runes. */
const runes = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/**
 * tabwriter's format: a column is a run of consecutive lines that have a tab-terminated
 * cell at that index; its width is the widest cell plus padding, at least the minimum.
 * The last cell of a line ends with the newline, belongs to no column and is not padded.
 */
const columnWidths = (lines: readonly Row[], line0: number, line1: number, widths: readonly number[], out: number[][]): void => {
  const column = widths.length;
  let start = line0;
  for (let i = line0; i < line1; i++) {
    if (column >= (lines[i]?.length ?? 0) - 1) continue;
    for (let j = start; j < i; j++) out[j] = [...widths];
    let width = MIN_WIDTH;
    start = i;
    for (; i < line1 && column < (lines[i]?.length ?? 0) - 1; i++) width = Math.max(width, runes(lines[i]?.[column] ?? '') + PADDING);
    columnWidths(lines, start, i, [...widths, width], out);
    start = i;
    i--;
  }
  for (let j = start; j < line1; j++) out[j] = [...widths];
};

/** Lines of tab-separated cells, laid out as kubectl's tabwriter prints them. */
export const layout = (rows: readonly Row[]): string => {
  const lines = rows.map((row) => row.join('\t').split('\t'));
  const widths: number[][] = [];
  columnWidths(lines, 0, lines.length, [], widths);
  const text = lines.map((line, i) => line.map((cell, j) => (j < (widths[i]?.length ?? 0) ? cell + ' '.repeat(Math.max(0, (widths[i]?.[j] ?? 0) - runes(cell))) : cell)).join(''));
  return `${text.join('\n')}\n`;
};

/** kubectl's printRows: a cell stops at its first \f, \n or \r (then "..."), and ESC shows as ^[. */
const printable = (cell: string): string => {
  const cut = cell.search(/[\f\n\r]/);
  const text = cut < 0 ? cell : `${cell.slice(0, cut)}...`;
  return text.replaceAll('\x1b', '^[');
};

// -------------------------------------------------------------------------------------
// pods, nodes, replica sets, namespaces
// -------------------------------------------------------------------------------------

/** printPod; RESTARTS shows when the latest restart was ("3 (2m ago)"). */
const podCells = (o: KubeObject, nowMs: number): Row => {
  const pod = o as unknown as Pod;
  const s = podSummary(pod);
  const restarts = s.restarts !== 0 && s.lastRestartMs !== undefined ? `${s.restarts} (${formatAge(nowMs - s.lastRestartMs)} ago)` : String(s.restarts);
  const ip = pod.status?.podIPs?.[0]?.ip;
  return [
    o.metadata.name,
    `${s.ready}/${s.total}`,
    s.status,
    restarts,
    ageOf(o, nowMs),
    ip === undefined || ip === '' ? '<none>' : ip,
    pod.spec.nodeName || '<none>',
    pod.status?.nominatedNodeName || '<none>',
    readinessGates(pod),
  ];
};

/** findNodeRoles: `node-role.kubernetes.io/<role>` keys and the `kubernetes.io/role` value, sorted, unique. */
const nodeRoles = (node: Node): string => {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/') && key.length > 'node-role.kubernetes.io/'.length) roles.add(key.slice('node-role.kubernetes.io/'.length));
    else if (key === 'kubernetes.io/role' && value !== '') roles.add(value);
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
};

/** printNode: Ready/NotReady from the Ready condition (Unknown without one), then SchedulingDisabled if cordoned. */
export const nodeStatus = (node: Node): string => {
  const ready = node.status?.conditions?.findLast((c) => c.type === 'Ready');
  const status = [ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (node.spec?.unschedulable === true) status.push('SchedulingDisabled');
  return status.join(',');
};

const nodeCells = (o: KubeObject, nowMs: number): Row => {
  const node = o as unknown as Node;
  const info = node.status?.nodeInfo ?? {};
  const address = (type: string): string => node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
  const known = (v: string | undefined): string => v || '<unknown>';
  return [
    o.metadata.name,
    nodeStatus(node),
    nodeRoles(node),
    ageOf(o, nowMs),
    info['kubeletVersion'] ?? '',
    address('InternalIP'),
    address('ExternalIP'),
    known(info['osImage']),
    known(info['kernelVersion']),
    known(info['containerRuntimeVersion']),
  ];
};

const replicaSetCells = (o: KubeObject, nowMs: number): Row => {
  const rs = o as unknown as ReplicaSet;
  const current = String(rs.status?.replicas ?? 0);
  const ready = String(rs.status?.readyReplicas ?? 0);
  return [o.metadata.name, String(desiredReplicas(rs)), current, ready, ageOf(o, nowMs), ...containerCells(rs.spec.template?.spec?.containers), formatLabelSelector(rs.spec.selector)];
};

const PRINTERS: Readonly<Record<string, Printer>> = {
  ...OTHER_PRINTERS,
  ...WORKLOAD_PRINTERS,
  ...BATCH_PRINTERS,
  ...STORAGE_PRINTERS,
  Pod: {
    columns: [{ name: 'Name' }, { name: 'Ready' }, { name: 'Status' }, { name: 'Restarts' }, { name: 'Age' }, { name: 'IP', wide: true }, { name: 'Node', wide: true }, { name: 'Nominated Node', wide: true }, { name: 'Readiness Gates', wide: true }],
    cells: podCells,
  },
  Node: {
    columns: [
      ...[{ name: 'Name' }, { name: 'Status' }, { name: 'Roles' }, { name: 'Age' }, { name: 'Version' }],
      ...['Internal-IP', 'External-IP', 'OS-Image', 'Kernel-Version', 'Container-Runtime'].map((name) => ({ name, wide: true })),
    ],
    cells: nodeCells,
  },
  ReplicaSet: {
    columns: [{ name: 'Name' }, { name: 'Desired' }, { name: 'Current' }, { name: 'Ready' }, { name: 'Age' }, { name: 'Containers', wide: true }, { name: 'Images', wide: true }, { name: 'Selector', wide: true }],
    cells: replicaSetCells,
  },
  Namespace: {
    columns: [{ name: 'Name' }, { name: 'Status' }, { name: 'Age' }],
    cells: (o, nowMs) => [o.metadata.name, String((o['status'] as { phase?: unknown } | undefined)?.phase ?? ''), ageOf(o, nowMs)],
  },
};

// -------------------------------------------------------------------------------------
// tables
// -------------------------------------------------------------------------------------

/**
 * A kind's printer. Custom resources (kinds kubesim does not know) get Name and Age, as
 * apiextensions prints them; so, for now, do the built-in kinds whose upstream printer
 * is not reproduced yet (HorizontalPodAutoscaler, PodDisruptionBudget, Ingress, …).
 */
export const printerFor = (kind: string): Printer => PRINTERS[kind] ?? NAME_AGE;

/** kubectl adds NAMESPACE with -A unless the kind is cluster-scoped. */
const withNamespace = (kind: string, objects: readonly KubeObject[], opts: TableOptions): boolean =>
  opts.allNamespaces && (kindInfo(kind)?.namespaced ?? objects.some((o) => o.metadata.namespace !== undefined));

/** The header and rows kubectl would print, before layout. */
export const tableRows = (kind: string, objects: readonly KubeObject[], opts: TableOptions): Row[] => {
  const printer = printerFor(kind);
  const shown = printer.columns.map((c: Column) => opts.wide || c.wide !== true);
  const pick = (cells: Row): Row => cells.filter((_, i) => shown[i] === true);
  const ns = withNamespace(kind, objects, opts);
  const header = [...(ns ? ['NAMESPACE'] : []), ...pick(printer.columns.map((c) => c.name.toUpperCase()))];
  const named = (cells: Row): Row => (opts.kindPrefix === undefined ? cells : cells.map((c, i) => (i === 0 ? `${opts.kindPrefix}/${c}` : c)));
  const rows = objects.map((o) => [...(ns ? [o.metadata.namespace ?? ''] : []), ...named(pick(printer.cells(o, opts.nowMs, opts.wide))).map(printable)]);
  return [header, ...rows];
};

/** The table `kubectl get` prints for these objects; empty when there are none (kubectl prints no header then). */
export const renderTable = (kind: string, objects: readonly KubeObject[], opts: TableOptions): string =>
  objects.length === 0 ? '' : layout(tableRows(kind, objects, opts));

/** One kind's objects in a `get` of several kinds. */
export interface KindTable {
  readonly kind: string;
  /** The lower-cased group kind kubectl prefixes names with (`deployment.apps`). */
  readonly groupKind: string;
  readonly objects: readonly KubeObject[];
}

/**
 * `kubectl get a,b,c`: each kind's table in turn, laid out on its own (kubectl flushes
 * its tabwriter and forgets the widths between kinds), a blank line before each table
 * that follows printed output, and an empty kind printing nothing, not even its header.
 * Names carry their kind when more than one kind was asked for (multipleGVKsRequested
 * counts the kinds asked for, printed or not: `get all` shows `service/kubernetes` alone).
 */
export const renderTables = (tables: readonly KindTable[], opts: TableOptions): string => {
  const withKind = new Set(tables.map((t) => t.kind)).size > 1;
  return tables
    .map((t) => renderTable(t.kind, t.objects, withKind ? { ...opts, kindPrefix: t.groupKind } : opts))
    .filter((text) => text !== '')
    .join('\n');
};

/** printPod's STATUS, READY count and restart total for one pod. */
export const podStatus = (pod: Pod): { status: string; ready: number; restarts: number } => {
  const s = podSummary(pod);
  return { status: s.status, ready: s.ready, restarts: s.restarts };
};
