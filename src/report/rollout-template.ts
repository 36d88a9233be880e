/**
 * kubectl's DescribePodTemplate (k8s.io/kubectl pkg/describe/describe.go, v0.34), as
 * `kubectl rollout history --revision N` prints it: through a bare PrefixWriter (no
 * tabwriter), so the tabs stay in the output as written. Covers labels, annotations,
 * service account, init and app containers (image, ports, command, args, resources,
 * probes, env, mounts), volumes by name, topology spread constraints, priority class,
 * node selector and tolerations.
 */
import type { Container, PodTemplateSpec } from '../api/pod.js';
import { formatQuantity, parseQuantity } from '../api/quantity.js';
import { formatLabelSelector } from './table-cells.js';
import type { TolerationView } from './output.js';
import { probeText } from './describe.js';
import { compareCodePoints, tolerationLines } from './output.js';

type Loose = Readonly<Record<string, unknown>>;

/** upstream prefixWriter: two spaces a level. */
class PrefixWriter {
  text = '';
  write(level: number, s: string): void {
    this.text += '  '.repeat(level) + s;
  }
}

const sortedKeys = (m: Readonly<Record<string, unknown>> | undefined): string[] => Object.keys(m ?? {}).sort(compareCodePoints);

/** upstream printLabelsMultilineWithIndent with innerIndent "\t". */
const labelsMultiline = (w: PrefixWriter, title: string, labels: Readonly<Record<string, string>> | undefined): void => {
  w.write(0, `${title}:\t`);
  const keys = sortedKeys(labels);
  if (keys.length === 0) w.write(0, '<none>\n');
  keys.forEach((k, i) => w.write(0, `${i === 0 ? '' : '\t'}${k}=${labels?.[k] ?? ''}\n`));
};

const MAX_ANNOTATION_LEN = 140;

/** upstream printAnnotationsMultiline: last-applied-configuration skipped; long values below their key. */
const annotationsMultiline = (w: PrefixWriter, title: string, annotations: Readonly<Record<string, string>>): void => {
  w.write(0, `${title}:\t`);
  const keys = sortedKeys(annotations).filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration');
  if (keys.length === 0) w.write(0, '<none>\n');
  keys.forEach((k, i) => {
    if (i !== 0) w.write(0, '\t');
    const value = (annotations[k] ?? '').replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${k}:\n`);
      for (const s of value.split('\n')) w.write(0, `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 2)}...` : s}\n`);
    } else w.write(0, `${k}: ${value}\n`);
  });
};

const quantity = (v: unknown): string => {
  const q = typeof v === 'string' || typeof v === 'number' ? parseQuantity(v) : undefined;
  return q?._tag === 'Right' ? formatQuantity(q.right) : String(v);
};

/** upstream describeContainerPorts / describeContainerHostPorts: `80/TCP (http)`. */
const ports = (c: Container, host: boolean): string =>
  (c.ports ?? []).map((p) => `${host ? (p.hostPort ?? 0) : p.containerPort}/${p.protocol ?? ''}${p.name ? ` (${p.name})` : ''}`).join(', ');

/** upstream describeContainerEnvVars with no resolver (a template has no pod to read fields of). */
const envVars = (w: PrefixWriter, c: Container): void => {
  const env = c.env ?? [];
  w.write(2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const from = e.valueFrom as Loose | undefined;
    if (from === undefined) {
      (e.value ?? '').split('\n').forEach((s, i) => w.write(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    const ref = (k: string) => from[k] as { key?: string; name?: string; optional?: boolean; apiVersion?: string; fieldPath?: string; resource?: string } | undefined;
    if (ref('fieldRef') !== undefined) w.write(3, `${e.name}:\t (${ref('fieldRef')?.apiVersion ?? ''}:${ref('fieldRef')?.fieldPath ?? ''})\n`);
    else if (ref('resourceFieldRef') !== undefined) w.write(3, `${e.name}:\t (${ref('resourceFieldRef')?.resource ?? ''})\n`);
    else if (ref('secretKeyRef') !== undefined) w.write(3, `${e.name}:\t<set to the key '${ref('secretKeyRef')?.key ?? ''}' in secret '${ref('secretKeyRef')?.name ?? ''}'>\tOptional: ${ref('secretKeyRef')?.optional === true}\n`);
    else if (ref('configMapKeyRef') !== undefined) w.write(3, `${e.name}:\t<set to the key '${ref('configMapKeyRef')?.key ?? ''}' of config map '${ref('configMapKeyRef')?.name ?? ''}'>\tOptional: ${ref('configMapKeyRef')?.optional === true}\n`);
  }
};

const container = (w: PrefixWriter, c: Container): void => {
  w.write(1, ` ${c.name}:\n`); // upstream nameIndent " " inside a template
  w.write(2, `Image:\t${c.image ?? ''}\n`);
  const p = ports(c, false);
  w.write(2, p.includes(',') ? `Ports:\t${p}\n` : `Port:\t${p === '' ? '<none>' : p}\n`);
  const h = ports(c, true);
  w.write(2, h.includes(',') ? `Host Ports:\t${h}\n` : `Host Port:\t${h === '' ? '<none>' : h}\n`);
  for (const [name, lines] of [['Command', c.command], ['Args', c.args]] as const) {
    if (lines === undefined || lines.length === 0) continue;
    w.write(2, `${name}:\n`);
    for (const line of lines) for (const s of line.split('\n')) w.write(3, `${s}\n`);
  }
  const r = c.resources as { limits?: Loose; requests?: Loose } | undefined;
  for (const [title, list] of [['Limits', r?.limits], ['Requests', r?.requests]] as const) {
    const names = sortedKeys(list);
    if (names.length > 0) w.write(2, `${title}:\n`);
    for (const name of names) w.write(3, `${name}:\t${quantity(list?.[name])}\n`);
  }
  for (const [name, probe] of [['Liveness', c.livenessProbe], ['Readiness', c.readinessProbe], ['Startup', c.startupProbe]] as const) {
    if (probe !== undefined) w.write(2, `${name}:\t${probeText(probe)}\n`);
  }
  envVars(w, c);
  const mounts = [...(c.volumeMounts ?? [])].sort((a, b) => compareCodePoints(a.mountPath, b.mountPath));
  w.write(2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
  for (const m of mounts) w.write(3, `${m.mountPath} from ${m.name} (${m.readOnly === true ? 'ro' : 'rw'}${m.subPath ? `,path=${JSON.stringify(m.subPath)}` : ''})\n`);
};

const containers = (w: PrefixWriter, title: string, list: readonly Container[]): void => {
  w.write(0, `  ${title}:${list.length === 0 ? ' <none>' : ''}\n`);
  for (const c of list) container(w, c);
};

/** upstream printTolerationsMultilineWithIndent. */
const tolerations = (w: PrefixWriter, list: readonly TolerationView[] | undefined): void => {
  tolerationLines(list).forEach((line, i) => w.write(0, `${i === 0 ? '  Tolerations:\t' : ''}${line}\n`));
};

interface SpecView {
  readonly serviceAccountName?: string;
  readonly priorityClassName?: string;
  readonly volumes?: readonly { readonly name: string }[];
  readonly topologySpreadConstraints?: readonly { topologyKey: string; whenUnsatisfiable: string; maxSkew: number; labelSelector?: Parameters<typeof formatLabelSelector>[0] }[];
}

const spreads = (w: PrefixWriter, spec: SpecView): void => {
  const list = [...(spec.topologySpreadConstraints ?? [])].sort((a, b) => compareCodePoints(a.topologyKey, b.topologyKey));
  if (list.length === 0) return;
  w.write(0, '  Topology Spread Constraints:\t');
  list.forEach((c, i) => {
    const selector = c.labelSelector === undefined ? '' : ` for selector ${formatLabelSelector(c.labelSelector)}`;
    w.write(0, `${i === 0 ? '' : '  \t'}${c.topologyKey}:${c.whenUnsatisfiable} when max skew ${c.maxSkew} is exceeded${selector}\n`);
  });
};

/** upstream DescribePodTemplate. Volumes print by name only (their sources are not described). */
export const describePodTemplate = (template: PodTemplateSpec): string => {
  const w = new PrefixWriter();
  const spec = template.spec;
  const view = (spec ?? {}) as SpecView;
  w.write(0, 'Pod Template:\n');
  labelsMultiline(w, '  Labels', template.metadata?.labels);
  const annotations = template.metadata?.annotations;
  if (annotations !== undefined && Object.keys(annotations).length > 0) annotationsMultiline(w, '  Annotations', annotations);
  if (view.serviceAccountName) w.write(1, `Service Account:\t${view.serviceAccountName}\n`);
  if ((spec?.initContainers ?? []).length > 0) containers(w, 'Init Containers', spec?.initContainers ?? []);
  containers(w, 'Containers', spec?.containers ?? []);
  const volumes = view.volumes ?? [];
  if (volumes.length === 0) w.write(0, '  Volumes:\t<none>\n');
  else {
    w.write(0, '  Volumes:\n');
    for (const v of volumes) w.write(1, ` ${v.name}:\n`);
  }
  spreads(w, view);
  if (view.priorityClassName) w.write(1, `Priority Class Name:\t${view.priorityClassName}\n`);
  labelsMultiline(w, '  Node-Selectors', spec?.nodeSelector);
  tolerations(w, spec?.tolerations);
  return w.text;
};
