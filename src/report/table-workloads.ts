/**
 * Printers of the apps kinds (upstream pkg/printers/internalversion/printers.go:
 * printDeployment, printReplicationController, printStatefulSet, printDaemonSet,
 * printControllerRevision). Their status counts are filled by kubesim's controllers; a
 * field the apiserver defaults on write (spec.replicas) is read with that default, and a
 * count a controller has not written yet reads 0, as Go's zero value does.
 */
import { groupOf } from '../api/kinds.js';
import type { KubeObject } from '../api/meta.js';
import { controllerOf } from '../api/meta.js';
import { fromLabelSelector, selectorToString } from '../api/selector.js';
import type { LabelSelector } from '../api/selector.js';
import type { Printer } from './table-cells.js';
import { ageOf, containerCells, field, formatLabels, formatLabelSelector, numberAt } from './table-cells.js';

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

interface ContainerLike {
  readonly name?: string;
  readonly image?: string;
}

/** The containers of a pod template at `path` (spec.template.spec.containers by default). */
export const templateContainers = (o: KubeObject, ...path: readonly string[]): readonly ContainerLike[] => {
  const v = field(o, ...(path.length === 0 ? ['spec', 'template', 'spec', 'containers'] : path));
  return Array.isArray(v) ? (v as ContainerLike[]) : [];
};

export const selectorAt = (o: KubeObject, ...path: readonly string[]): LabelSelector | undefined => field(o, ...path) as LabelSelector | undefined;

/** An int32 status count, 0 when unset (Go's zero value). */
export const count = (o: KubeObject, ...path: readonly string[]): string => String(numberAt(o, ...path) ?? 0);

/** `spec.replicas`, which the apiserver defaults to 1. */
const replicas = (o: KubeObject): number => numberAt(o, 'spec', 'replicas') ?? 1;

export const WORKLOAD_WIDE = [
  { name: 'Containers', wide: true },
  { name: 'Images', wide: true },
  { name: 'Selector', wide: true },
] as const;

// -------------------------------------------------------------------------------------
// printers
// -------------------------------------------------------------------------------------

/** printDeployment: READY is ready/spec.replicas; the selector as selector.String(), `<invalid>` when it does not convert (no `<none>`). */
const deployment: Printer = {
  columns: [{ name: 'Name' }, { name: 'Ready' }, { name: 'Up-to-date' }, { name: 'Available' }, { name: 'Age' }, ...WORKLOAD_WIDE],
  cells: (o, nowMs) => {
    const sel = fromLabelSelector(selectorAt(o, 'spec', 'selector'));
    const selector = sel._tag === 'Left' ? '<invalid>' : selectorToString(sel.right);
    const ready = `${numberAt(o, 'status', 'readyReplicas') ?? 0}/${replicas(o)}`;
    return [o.metadata.name, ready, count(o, 'status', 'updatedReplicas'), count(o, 'status', 'availableReplicas'), ageOf(o, nowMs), ...containerCells(templateContainers(o)), selector];
  },
};

/** printReplicationController: the selector is a plain map (labels.FormatLabels); a nil template has no containers. */
const replicationController: Printer = {
  columns: [{ name: 'Name' }, { name: 'Desired' }, { name: 'Current' }, { name: 'Ready' }, { name: 'Age' }, ...WORKLOAD_WIDE],
  cells: (o, nowMs) => [
    o.metadata.name,
    String(replicas(o)),
    count(o, 'status', 'replicas'),
    count(o, 'status', 'readyReplicas'),
    ageOf(o, nowMs),
    ...containerCells(templateContainers(o)),
    formatLabels(field(o, 'spec', 'selector') as Record<string, string> | undefined),
  ],
};

/** printStatefulSet: READY only, and no Selector column even with -o wide. */
const statefulSet: Printer = {
  columns: [{ name: 'Name' }, { name: 'Ready' }, { name: 'Age' }, { name: 'Containers', wide: true }, { name: 'Images', wide: true }],
  cells: (o, nowMs) => [o.metadata.name, `${numberAt(o, 'status', 'readyReplicas') ?? 0}/${replicas(o)}`, ageOf(o, nowMs), ...containerCells(templateContainers(o))],
};

/** printDaemonSet: the five status counts, then the template's nodeSelector as labels. */
const daemonSet: Printer = {
  columns: [{ name: 'Name' }, { name: 'Desired' }, { name: 'Current' }, { name: 'Ready' }, { name: 'Up-to-date' }, { name: 'Available' }, { name: 'Node Selector' }, { name: 'Age' }, ...WORKLOAD_WIDE],
  cells: (o, nowMs) => [
    o.metadata.name,
    count(o, 'status', 'desiredNumberScheduled'),
    count(o, 'status', 'currentNumberScheduled'),
    count(o, 'status', 'numberReady'),
    count(o, 'status', 'updatedNumberScheduled'),
    count(o, 'status', 'numberAvailable'),
    formatLabels(field(o, 'spec', 'template', 'spec', 'nodeSelector') as Record<string, string> | undefined),
    ageOf(o, nowMs),
    ...containerCells(templateContainers(o)),
    formatLabelSelector(selectorAt(o, 'spec', 'selector')),
  ],
};

/**
 * printControllerRevision's CONTROLLER: metav1.GetControllerOf (the first owner with
 * controller: true) as formatResourceName prints it, the lower-cased GroupKind then the
 * name (`daemonset.apps/agent`, `statefulset.apps/web`); the bare name when the kind and
 * group are empty; `<none>` without a controller.
 */
export const controllerCell = (o: KubeObject): string => {
  const ref = controllerOf(o);
  if (ref === undefined) return '<none>';
  const group = groupOf(ref.apiVersion);
  if (ref.kind === '' && group === '') return ref.name;
  return `${(group === '' ? ref.kind : `${ref.kind}.${group}`).toLowerCase()}/${ref.name}`;
};

const controllerRevision: Printer = {
  columns: [{ name: 'Name' }, { name: 'Controller' }, { name: 'Revision' }, { name: 'Age' }],
  cells: (o, nowMs) => [o.metadata.name, controllerCell(o), count(o, 'revision'), ageOf(o, nowMs)],
};

export const WORKLOAD_PRINTERS: Readonly<Record<string, Printer>> = {
  Deployment: deployment,
  ReplicationController: replicationController,
  StatefulSet: statefulSet,
  DaemonSet: daemonSet,
  ControllerRevision: controllerRevision,
};
