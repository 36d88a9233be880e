/**
 * `kubectl describe pod` as kubectl 1.33 prints it (k8s.io/kubectl pkg/describe/describe.go:
 * describePod and the helpers it calls, through a text/tabwriter with padding 2), for a pod
 * as it stood at an instant, with the Events a cluster would have recorded about it derived
 * from the log's records. Times print in UTC (kubectl prints them in the local zone: run it
 * with TZ=UTC to compare).
 *
 * kubesim adds one section before Events, `Scheduling:`, which says why the scheduler chose
 * the node (or none), as kube-scheduler-simulator shows it: nodes evaluated and feasible, the
 * filter verdicts (plugin → reason → nodes rejected), the plugins skipped, and the per-plugin
 * scores of the chosen node and of the runners-up.
 */
import { formatAge } from '../api/duration.js';
import type { LabelSelector } from '../api/selector.js';
import type { Container, ContainerStatus, Pod, Probe, Volume } from '../api/pod.js';
import { DEFAULT_SCHEDULER_NAME } from '../api/pod.js';
import { nsName } from '../api/meta.js';
import { formatQuantity, parseQuantity } from '../api/quantity.js';
import { qosClassOf } from '../admission/kinds/pod-defaults.js';
import type { EventRecord } from '../log/events.js';
import { subjectOf } from '../log/subject.js';
import type { TolerationView } from './output.js';
import { compareCodePoints, tolerationLines } from './output.js';
import { formatLabelSelector, since } from './table-cells.js';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A Kubernetes Event about the pod as `kubectl describe` lists it (a series counts repeats). */
export interface PodEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly from: string;
  readonly message: string;
  readonly firstMs: number;
  readonly lastMs: number;
  readonly count: number;
}

/** Fields describePod reads that src/api/pod.ts leaves untyped (the open codec keeps them). */
type Loose = Readonly<Record<string, unknown>>;
interface StateView {
  readonly waiting?: { readonly reason?: string };
  readonly running?: { readonly startedAt?: string };
  readonly terminated?: { readonly reason?: string; readonly message?: string; readonly exitCode?: number; readonly signal?: number; readonly startedAt?: string; readonly finishedAt?: string };
}
interface StatusView extends Omit<ContainerStatus, 'state'> {
  readonly containerID?: string;
  readonly imageID?: string;
  readonly state?: StateView;
  readonly lastState?: StateView;
}
interface ContainerView extends Container {
  readonly envFrom?: readonly { readonly prefix?: string; readonly configMapRef?: { name?: string; optional?: boolean }; readonly secretRef?: { name?: string; optional?: boolean } }[];
  readonly volumeDevices?: readonly { readonly name: string; readonly devicePath: string }[];
  readonly securityContext?: { readonly seccompProfile?: { readonly type?: string; readonly localhostProfile?: string } };
}
interface PodView extends Pod {
  readonly spec: Pod['spec'] & {
    readonly containers: ContainerView[];
    readonly initContainers?: ContainerView[];
    readonly runtimeClassName?: string;
    readonly readinessGates?: readonly { readonly conditionType: string }[];
    readonly topologySpreadConstraints?: readonly { readonly topologyKey: string; readonly whenUnsatisfiable: string; readonly maxSkew: number; readonly labelSelector?: LabelSelector }[];
    readonly resources?: { readonly limits?: Loose; readonly requests?: Loose };
  };
  readonly status?: Pod['status'] & { readonly initContainerStatuses?: readonly StatusView[] };
}

// -------------------------------------------------------------------------------------
// layout: describe's PrefixWriter into a text/tabwriter (minwidth 0, tabwidth 8, padding 2)
// -------------------------------------------------------------------------------------

const PADDING = 2;

const runes = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/**
 * tabwriter's format (as src/report/tables.ts, with describe's padding and no minimum
 * width): a column is a run of consecutive lines with a tab-terminated cell at that index.
 */
const columnWidths = (lines: readonly string[][], line0: number, line1: number, widths: readonly number[], out: number[][]): void => {
  const column = widths.length;
  let start = line0;
  for (let i = line0; i < line1; i++) {
    if (column >= (lines[i]?.length ?? 0) - 1) continue;
    for (let j = start; j < i; j++) out[j] = [...widths];
    let width = 0;
    start = i;
    for (; i < line1 && column < (lines[i]?.length ?? 0) - 1; i++) width = Math.max(width, runes(lines[i]?.[column] ?? '') + PADDING);
    columnWidths(lines, start, i, [...widths, width], out);
    start = i;
    i--;
  }
  for (let j = start; j < line1; j++) out[j] = [...widths];
};

/** upstream tabbedString. */
const tabbed = (text: string): string => {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const widths: number[][] = [];
  columnWidths(lines, 0, lines.length, [], widths);
  return lines.map((line, i) => line.map((cell, j) => (j < (widths[i]?.length ?? 0) ? cell + ' '.repeat((widths[i]?.[j] ?? 0) - runes(cell)) : cell)).join('')).join('\n');
};

/** upstream prefixWriter: two spaces a level; printers.WriteEscaped turns ESC into ^[ and CR into \r. */
export class Writer {
  private text = '';
  write(level: number, s: string): void {
    this.text += '  '.repeat(level) + s.replaceAll('\x1b', '^[').replaceAll('\r', '\\r');
  }
  done(): string {
    return tabbed(this.text);
  }
}

// -------------------------------------------------------------------------------------
// small formatters
// -------------------------------------------------------------------------------------

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Go's time.RFC1123Z in UTC; a missing time is Go's zero time. */
export const rfc1123z = (timestamp: string | undefined): string => {
  const ms = timestamp === undefined ? NaN : Date.parse(timestamp);
  if (Number.isNaN(ms)) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const d = new Date(ms);
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()] ?? ''}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()] ?? ''} ${d.getUTCFullYear()} ${time} +0000`;
};

const orNone = (s: string | undefined): string => (s === undefined || s === '' ? '<none>' : s);
const quantity = (v: unknown): string => {
  const q = typeof v === 'string' || typeof v === 'number' ? parseQuantity(v) : undefined;
  return q?._tag === 'Right' ? formatQuantity(q.right) : String(v);
};
/** Go's %q for the strings kubesim has (printable text). */
const goQuote = (s: string): string => JSON.stringify(s);
const sortedKeys = (m: Loose | undefined): string[] => Object.keys(m ?? {}).sort(compareCodePoints);

/** upstream printLabelsMultilineWithIndent with no indent: sorted `k=v`, one a line. */
export const labelsMultiline = (w: Writer, title: string, labels: Readonly<Record<string, string>> | undefined): void => {
  w.write(0, `${title}:\t`);
  const keys = sortedKeys(labels);
  if (keys.length === 0) w.write(0, '<none>\n');
  keys.forEach((k, i) => w.write(0, `${i === 0 ? '' : '\t'}${k}=${labels?.[k] ?? ''}\n`));
};

const MAX_ANNOTATION_LEN = 140;
const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

/** upstream printAnnotationsMultiline: long or multi-line values go below their key, cut at 138. */
export const annotationsMultiline = (w: Writer, annotations: Readonly<Record<string, string>> | undefined): void => {
  w.write(0, 'Annotations:\t');
  const keys = sortedKeys(annotations).filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration');
  if (keys.length === 0) w.write(0, '<none>\n');
  keys.forEach((k, i) => {
    if (i !== 0) w.write(0, '\t');
    const value = (annotations?.[k] ?? '').replace(/\n$/, '');
    if (utf8Length(value) + utf8Length(k) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${k}:\n`);
      for (const s of value.split('\n')) w.write(0, `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 2)}...` : s}\n`);
    } else w.write(0, `${k}: ${value}\n`);
  });
};

// -------------------------------------------------------------------------------------
// the pod's header
// -------------------------------------------------------------------------------------

const header = (w: Writer, pod: PodView, nowMs: number): void => {
  const { spec, status, metadata: m } = pod;
  w.write(0, `Name:\t${m.name}\n`);
  w.write(0, `Namespace:\t${m.namespace ?? ''}\n`);
  if (spec.priority !== undefined) w.write(0, `Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec.runtimeClassName) w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  if (spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.write(0, `Node:\t${spec.nodeName ? `${spec.nodeName}/${status?.hostIP ?? ''}` : '<none>'}\n`);
  if (status?.startTime !== undefined) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  labelsMultiline(w, 'Labels', m.labels);
  annotationsMultiline(w, m.annotations);
  if (m.deletionTimestamp !== undefined && status?.phase !== 'Failed' && status?.phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${since(m.deletionTimestamp, nowMs)})\n`);
    w.write(0, `Termination Grace Period:\t${m.deletionGracePeriodSeconds ?? 0}s\n`);
  } else w.write(0, `Status:\t${status?.phase ?? ''}\n`);
  if (status?.reason) w.write(0, `Reason:\t${status.reason}\n`);
  if (status?.message) w.write(0, `Message:\t${status.message}\n`);
  const seccomp = (spec.securityContext as ContainerView['securityContext'] | undefined)?.seccompProfile;
  if (seccomp !== undefined) {
    w.write(0, `SeccompProfile:\t${seccomp.type ?? ''}\n`);
    if (seccomp.type === 'Localhost') w.write(0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
  }
  w.write(0, `IP:\t${status?.podIP ?? ''}\n`);
  const ips = status?.podIPs ?? [];
  w.write(0, ips.length === 0 ? 'IPs:\t<none>\n' : 'IPs:\n');
  for (const ip of ips) w.write(1, `IP:\t${ip.ip}\n`);
  const owner = m.ownerReferences?.find((o) => o.controller === true);
  if (owner !== undefined) w.write(0, `Controlled By:\t${owner.kind}/${owner.name}\n`);
  if (status?.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  if (spec.resources !== undefined) {
    w.write(0, 'Resources:\n');
    resources(w, spec.resources, 1);
  }
};

// -------------------------------------------------------------------------------------
// containers
// -------------------------------------------------------------------------------------

/** upstream describeResources: limits then requests, names sorted, quantities canonical. */
const resources = (w: Writer, r: { readonly limits?: Loose; readonly requests?: Loose } | undefined, level: number): void => {
  for (const [title, list] of [['Limits', r?.limits], ['Requests', r?.requests]] as const) {
    const names = sortedKeys(list);
    if (names.length > 0) w.write(level, `${title}:\n`);
    for (const name of names) w.write(level + 1, `${name}:\t${quantity(list?.[name])}\n`);
  }
};

/** upstream describeStatus. */
const state = (w: Writer, title: string, s: StateView | undefined): void => {
  if (s?.running !== undefined) {
    w.write(2, `${title}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(s.running.startedAt)}\n`);
  } else if (s?.waiting !== undefined) {
    w.write(2, `${title}:\tWaiting\n`);
    if (s.waiting.reason) w.write(3, `Reason:\t${s.waiting.reason}\n`);
  } else if (s?.terminated !== undefined) {
    const t = s.terminated;
    w.write(2, `${title}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if ((t.signal ?? 0) > 0) w.write(3, `Signal:\t${t.signal ?? 0}\n`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else w.write(2, `${title}:\tWaiting\n`);
};

/** upstream DescribeProbe (also what the pod-template printer of `rollout history --revision` shows). */
export const probeText = (p: Probe): string => {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec !== undefined) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet !== undefined) {
    // Go's url.URL{Scheme, Host: net.JoinHostPort(host, port), Path}.String()
    const { host = '', port, path = '' } = p.httpGet;
    const scheme = (p.httpGet.scheme ?? '').toLowerCase();
    const portText = port === undefined ? '' : String(port);
    const hostPort = portText === '' ? host : `${host.includes(':') ? `[${host}]` : host}:${portText}`;
    let url = scheme === '' ? '' : `${scheme}:`;
    if ((scheme !== '' || hostPort !== '') && (hostPort !== '' || path !== '')) url += `//${hostPort}`;
    if (path !== '' && !path.startsWith('/') && hostPort !== '') url += '/';
    return `http-get ${url}${path} ${attrs}`;
  }
  if (p.tcpSocket !== undefined) return `tcp-socket ${p.tcpSocket.host ?? ''}:${String(p.tcpSocket.port ?? '')} ${attrs}`;
  if (p.grpc !== undefined) return `grpc <pod>:${p.grpc.port ?? 0} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
};

/**
 * upstream EnvValueRetriever: kubectl's scheme converts only metadata.name and
 * metadata.namespace as field labels, so every other path shows an empty value.
 */
const fieldValue = (pod: Pod, path: string): string =>
  path === 'metadata.name' ? pod.metadata.name : path === 'metadata.namespace' ? (pod.metadata.namespace ?? '') : '';

/** upstream ExtractContainerResourceValue for cpu and memory: the ceiling in units of the divisor. */
const resourceFieldValue = (c: Container, ref: { resource?: string; divisor?: string | number }): string => {
  const [kind, name] = (ref.resource ?? '').split('.');
  const list = kind === 'limits' ? c.resources?.limits : kind === 'requests' ? c.resources?.requests : undefined;
  if (list === undefined || (name !== 'cpu' && name !== 'memory' && name !== 'ephemeral-storage')) return '';
  const milli = (v: unknown): bigint => {
    const q = typeof v === 'string' || typeof v === 'number' ? parseQuantity(v) : undefined;
    return q?._tag === 'Right' ? q.right.milli : 0n;
  };
  const divisor = milli(ref.divisor ?? 0) === 0n ? 1000n : milli(ref.divisor);
  // cpu divides milli-values; memory and storage divide whole values (Value() rounds up)
  const value = name === 'cpu' ? milli(list[name]) : ((milli(list[name]) + 999n) / 1000n) * 1000n;
  const d = name === 'cpu' ? divisor : ((divisor + 999n) / 1000n) * 1000n;
  return String((value + d - 1n) / d);
};

const envVars = (w: Writer, pod: Pod, c: Container): void => {
  const env = c.env ?? [];
  w.write(2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const from = e.valueFrom as (Loose & { fieldRef?: { apiVersion?: string; fieldPath: string } }) | undefined;
    if (from === undefined) {
      (e.value ?? '').split('\n').forEach((s, i) => w.write(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    const keyRef = (k: string): { key?: string; name?: string; optional?: boolean } | undefined => from[k] as { key?: string; name?: string; optional?: boolean } | undefined;
    const resource = from['resourceFieldRef'] as { resource?: string; divisor?: string } | undefined;
    if (from.fieldRef !== undefined) w.write(3, `${e.name}:\t${fieldValue(pod, from.fieldRef.fieldPath)} (${from.fieldRef.apiVersion ?? ''}:${from.fieldRef.fieldPath})\n`);
    else if (resource !== undefined) {
      const v = resourceFieldValue(c, resource);
      w.write(3, `${e.name}:\t${v === '0' && (resource.resource === 'limits.cpu' || resource.resource === 'limits.memory') ? 'node allocatable' : v} (${resource.resource ?? ''})\n`);
    } else if (keyRef('secretKeyRef') !== undefined) {
      const r = keyRef('secretKeyRef');
      w.write(3, `${e.name}:\t<set to the key '${r?.key ?? ''}' in secret '${r?.name ?? ''}'>\tOptional: ${r?.optional === true}\n`);
    } else if (keyRef('configMapKeyRef') !== undefined) {
      const r = keyRef('configMapKeyRef');
      w.write(3, `${e.name}:\t<set to the key '${r?.key ?? ''}' of config map '${r?.name ?? ''}'>\tOptional: ${r?.optional === true}\n`);
    }
  }
};

const envFrom = (w: Writer, c: ContainerView): void => {
  if (c.envFrom === undefined || c.envFrom.length === 0) return;
  w.write(2, 'Environment Variables from:\n');
  for (const e of c.envFrom) {
    const [from, ref] = e.configMapRef !== undefined ? ['ConfigMap', e.configMapRef] : e.secretRef !== undefined ? ['Secret', e.secretRef] : ['', undefined];
    const prefix = e.prefix ? ` with prefix '${e.prefix}'` : '';
    w.write(3, `${ref?.name ?? ''}\t${from}${prefix}\tOptional: ${ref?.optional === true}\n`);
  }
};

const mounts = (w: Writer, c: ContainerView): void => {
  const list = [...(c.volumeMounts ?? [])].sort((a, b) => compareCodePoints(a.mountPath, b.mountPath));
  const none = list.length === 0 ? '\t<none>' : '';
  w.write(2, `Mounts:${none}\n`);
  for (const v of list) w.write(3, `${v.mountPath} from ${v.name} (${v.readOnly === true ? 'ro' : 'rw'}${v.subPath ? `,path=${goQuote(v.subPath)}` : ''})\n`);
  if (c.volumeDevices === undefined || c.volumeDevices.length === 0) return;
  w.write(2, `Devices:${none}\n`); // upstream prints the mounts' <none> here
  for (const d of [...c.volumeDevices].sort((a, b) => compareCodePoints(a.devicePath, b.devicePath))) w.write(3, `${d.devicePath} from ${d.name}\n`);
};

/** upstream describeContainers and describeContainerBasicInfo. */
const containers = (w: Writer, pod: Pod, title: string, list: readonly ContainerView[], statuses: readonly StatusView[]): void => {
  w.write(0, `${title}:${list.length === 0 ? ' <none>' : ''}\n`);
  for (const c of list) {
    const s = statuses.findLast((x) => x.name === c.name);
    w.write(1, `${c.name}:\n`);
    if (s !== undefined) w.write(2, `Container ID:\t${s.containerID ?? ''}\n`);
    w.write(2, `Image:\t${c.image ?? ''}\n`);
    if (s !== undefined) w.write(2, `Image ID:\t${s.imageID ?? ''}\n`);
    const ports = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? ''}`).join(', ');
    w.write(2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${orNone(ports)}\n`);
    const hostPorts = (c.ports ?? []).map((p) => `${p.hostPort ?? 0}/${p.protocol ?? ''}`).join(', ');
    w.write(2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${orNone(hostPorts)}\n`);
    const seccomp = c.securityContext?.seccompProfile;
    if (seccomp !== undefined) {
      w.write(2, `SeccompProfile:\t${seccomp.type ?? ''}\n`);
      if (seccomp.type === 'Localhost') w.write(3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
    }
    for (const [name, lines] of [['Command', c.command], ['Args', c.args]] as const) {
      if (lines === undefined || lines.length === 0) continue;
      w.write(2, `${name}:\n`);
      for (const line of lines) for (const s of line.split('\n')) w.write(3, `${s}\n`);
    }
    if (s !== undefined) {
      state(w, 'State', s.state);
      if (s.lastState?.terminated !== undefined) state(w, 'Last State', s.lastState);
      w.write(2, `Ready:\t${s.ready ? 'True' : 'False'}\n`);
      w.write(2, `Restart Count:\t${s.restartCount}\n`);
    }
    resources(w, c.resources as { limits?: Loose; requests?: Loose } | undefined, 2);
    for (const [name, p] of [['Liveness', c.livenessProbe], ['Readiness', c.readinessProbe], ['Startup', c.startupProbe]] as const) {
      if (p !== undefined) w.write(2, `${name}:\t${probeText(p)}\n`);
    }
    envFrom(w, c);
    envVars(w, pod, c);
    mounts(w, c);
  }
};

// -------------------------------------------------------------------------------------
// conditions, volumes, QoS, tolerations
// -------------------------------------------------------------------------------------

const conditions = (w: Writer, pod: PodView): void => {
  const all = pod.status?.conditions ?? [];
  const gates = pod.spec.readinessGates ?? [];
  if (gates.length > 0) {
    w.write(0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const g of gates) w.write(1, `${g.conditionType} \t${all.find((c) => c.type === g.conditionType)?.status ?? '<none>'} \n`);
  }
  if (all.length === 0) return;
  w.write(0, 'Conditions:\n  Type\tStatus\n');
  for (const c of all) w.write(1, `${c.type} \t${c.status} \n`);
};

/** upstream describeVolumes, for the sources kubesim's pods use; others print `<unknown>`. */
const volumeLines = (v: Volume & Loose): string | undefined => {
  const nfs = v['nfs'] as { server?: string; path?: string; readOnly?: boolean } | undefined;
  const items = (v.downwardAPI as { items?: { path: string; fieldRef?: { fieldPath: string }; resourceFieldRef?: { resource: string } }[] } | undefined)?.items;
  if (v.hostPath !== undefined) return `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type ?? '<none>'}\n`;
  if (v.emptyDir !== undefined) {
    const limit = v.emptyDir['sizeLimit'];
    const shown = limit === undefined || quantity(limit) === '0' || quantity(limit).startsWith('-') ? '<unset>' : quantity(limit);
    return `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${String(v.emptyDir['medium'] ?? '')}\n    SizeLimit:\t${shown}\n`;
  }
  if (v.secret !== undefined) return `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ''}\n    Optional:\t${v.secret.optional === true}\n`;
  if (v.configMap !== undefined) return `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ''}\n    Optional:\t${v.configMap.optional === true}\n`;
  if (nfs !== undefined) return `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${nfs.server ?? ''}\n    Path:\t${nfs.path ?? ''}\n    ReadOnly:\t${nfs.readOnly === true}\n`;
  if (v.persistentVolumeClaim !== undefined) {
    const c = v.persistentVolumeClaim;
    return `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${c.claimName}\n    ReadOnly:\t${c.readOnly === true}\n`;
  }
  if (v.downwardAPI !== undefined) {
    const mapped = (items ?? []).flatMap((i) => [...(i.fieldRef ? [`      ${i.fieldRef.fieldPath} -> ${i.path}\n`] : []), ...(i.resourceFieldRef ? [`      ${i.resourceFieldRef.resource} -> ${i.path}\n`] : [])]);
    return `Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n${mapped.join('')}`;
  }
  if (v.projected !== undefined) return `Type:\tProjected (a volume that contains injected data from multiple sources)\n${projectedLines(v.projected.sources ?? [])}`;
  return undefined;
};

const projectedLines = (sources: readonly Loose[]): string =>
  sources
    .map((s) => {
      const ref = (k: string) => s[k] as { name?: string; optional?: boolean; expirationSeconds?: number } | undefined;
      if (ref('secret') !== undefined) return `    SecretName:\t${ref('secret')?.name ?? ''}\n    Optional:\t${ref('secret')?.optional === true}\n`;
      if (s['downwardAPI'] !== undefined) return '    DownwardAPI:\ttrue\n';
      if (ref('configMap') !== undefined) return `    ConfigMapName:\t${ref('configMap')?.name ?? ''}\n    Optional:\t${ref('configMap')?.optional === true}\n`;
      if (ref('serviceAccountToken') !== undefined) return `    TokenExpirationSeconds:\t${ref('serviceAccountToken')?.expirationSeconds ?? 0}\n`;
      return '';
    })
    .join('');

const volumes = (w: Writer, list: readonly Volume[] | undefined): void => {
  if (list === undefined || list.length === 0) {
    w.write(0, 'Volumes:\t<none>\n');
    return;
  }
  w.write(0, 'Volumes:\n');
  for (const v of list) {
    w.write(1, `${v.name}:\n`);
    const text = volumeLines(v as Volume & Loose);
    if (text === undefined) w.write(1, '<unknown>\n');
    else w.write(2, text);
  }
};

/** upstream printPodTolerationsMultiline: sorted by key; `op=Exists` for a key-less wildcard. */
const tolerations = (w: Writer, list: readonly TolerationView[] | undefined): void => {
  tolerationLines(list).forEach((line, i) => w.write(0, `${i === 0 ? 'Tolerations:\t' : ''}${line}\n`));
};

const topologySpread = (w: Writer, pod: PodView): void => {
  const list = [...(pod.spec.topologySpreadConstraints ?? [])].sort((a, b) => compareCodePoints(a.topologyKey, b.topologyKey));
  if (list.length === 0) return;
  w.write(0, 'Topology Spread Constraints:\t');
  list.forEach((c, i) => {
    const selector = c.labelSelector === undefined ? '' : ` for selector ${formatLabelSelector(c.labelSelector)}`;
    w.write(0, `${i === 0 ? '' : '\t'}${c.topologyKey}:${c.whenUnsatisfiable} when max skew ${c.maxSkew} is exceeded${selector}\n`);
  });
};

// -------------------------------------------------------------------------------------
// events: what the cluster would have recorded, derived from the records
// -------------------------------------------------------------------------------------

/**
 * Repeats of an event (same type, reason, source and message) within this long of the
 * last one are one event with a count, as client-go's events recorder keeps a series open
 * (upstream finishTime: 6 minutes).
 */
export const SERIES_GAP_MS = 6 * 60 * 1000;

/**
 * The Events about the pod: Scheduled and FailedScheduling from its scheduler, and the
 * kubelet's Pulling, Created, Started and Killing for the steps the kubelet model logs (it
 * does not log a pull apart from the start, so there is no Pulled). In the order kubectl
 * shows them: the scheduler's events (events.k8s.io, no lastTimestamp) first in creation
 * order, then the kubelet's by time, which in a run is the order they first happened.
 */
export const podEvents = (pod: Pod, records: readonly EventRecord[]): PodEvent[] => {
  const scheduler = pod.spec.schedulerName ?? DEFAULT_SCHEDULER_NAME;
  type Open = { -readonly [K in keyof PodEvent]: PodEvent[K] };
  const out: Open[] = [];
  const open = new Map<string, Open>();
  /** `container`: the event is about that container (upstream involvedObject.fieldPath), so it is an event of its own. */
  const emit = (ms: number, type: PodEvent['type'], reason: string, from: string, message: string, container = ''): void => {
    const key = JSON.stringify([type, reason, from, message, container]);
    const series = open.get(key);
    if (series !== undefined && ms - series.lastMs <= SERIES_GAP_MS) {
      series.count++;
      series.lastMs = ms;
      return;
    }
    const e: Open = { type, reason, from, message, firstMs: ms, lastMs: ms, count: 1 };
    open.set(key, e);
    out.push(e);
  };
  const each = (ms: number, reason: string, message: (c: Container) => string): void => {
    for (const c of pod.spec.containers) emit(ms, 'Normal', reason, 'kubelet', message(c), c.name);
  };
  let running = false;
  for (const r of records) {
    const e = r.event;
    if (e.type === 'PodBound') emit(r.timeMs, 'Normal', 'Scheduled', scheduler, `Successfully assigned ${nsName(e.pod.namespace, e.pod.name)} to ${e.node}`);
    else if (e.type === 'PodUnschedulable') emit(r.timeMs, 'Warning', 'FailedScheduling', scheduler, e.message);
    else if (e.type === 'PodSandboxStarted') each(r.timeMs, 'Pulling', (c) => `Pulling image ${goQuote(c.image ?? '')}`);
    else if (e.type === 'PodContainersStarted') {
      running = true;
      for (const c of pod.spec.containers) {
        emit(r.timeMs, 'Normal', 'Created', 'kubelet', `Created container: ${c.name}`, c.name);
        emit(r.timeMs, 'Normal', 'Started', 'kubelet', `Started container ${c.name}`, c.name);
      }
    } else if (e.type === 'ObjectDeleting' && running) each(r.timeMs, 'Killing', (c) => `Stopping container ${c.name}`);
  }
  return out;
};

/** upstream DescribeEvents: a series reads `<last> (x<count> over <first>)`. */
export const writeEvents = (w: Writer, list: readonly PodEvent[], nowMs: number): void => {
  if (list.length === 0) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of list) {
    const first = formatAge(nowMs - e.firstMs);
    const age = e.count > 1 ? `${formatAge(nowMs - e.lastMs)} (x${e.count} over ${first})` : first;
    w.write(1, `${e.type}\t${e.reason}\t${age}\t${e.from}\t${e.message.trim()}\n`);
  }
};

// -------------------------------------------------------------------------------------
// kubesim's Scheduling section
// -------------------------------------------------------------------------------------

type Verdicts = Readonly<Record<string, Readonly<Record<string, number>>>>;
type Attempt = Extract<EventRecord['event'], { type: 'PodBound' | 'PodUnschedulable' }>;

/** A table inside the section: a header, its dashes, rows; laid out by the same tabwriter. */
const table = (w: Writer, title: string, head: readonly string[], rows: readonly (readonly string[])[]): void => {
  w.write(1, `${title}:\n`);
  w.write(2, `${head.join('\t')}\n`);
  w.write(2, `${head.map((h) => '-'.repeat(runes(h))).join('\t')}\n`);
  for (const row of rows) w.write(2, `${row.join('\t')}\n`);
};

const verdictRows = (rejected: Verdicts | undefined): string[][] =>
  Object.entries(rejected ?? {}).flatMap(([plugin, reasons]) => Object.entries(reasons).map(([reason, n]) => [plugin, reason, String(n)]));

const scoreRows = (e: Extract<Attempt, { type: 'PodBound' }>): { head: string[]; rows: string[][] } => {
  const t = e.trace;
  const nodes = [{ node: e.node, score: t.score ?? 0, pluginScores: t.pluginScores ?? {} }, ...(t.runnersUp ?? [])];
  const plugins = [...new Set(nodes.flatMap((n) => Object.keys(n.pluginScores)))];
  const rows = plugins.map((p) => [p, ...nodes.map((n) => (n.pluginScores[p] === undefined ? '-' : String(n.pluginScores[p])))]);
  return { head: ['Plugin', `${e.node} (selected)`, ...nodes.slice(1).map((n) => n.node)], rows: [...rows, ['Weighted Total', ...nodes.map((n) => String(n.score))]] };
};

const scheduling = (w: Writer, pod: Pod, records: readonly EventRecord[], nowMs: number): void => {
  const attempts = records.filter((r): r is EventRecord & { event: Attempt } => r.event.type === 'PodBound' || r.event.type === 'PodUnschedulable');
  const last = attempts.at(-1);
  if (last === undefined) {
    w.write(0, `Scheduling:\t<none> (${pod.spec.nodeName ? 'spec.nodeName was set at creation: no scheduler ran' : 'no attempt yet'})\n`);
    return;
  }
  const e = last.event;
  const ago = formatAge(nowMs - last.timeMs);
  w.write(0, 'Scheduling:\n');
  w.write(1, `Scheduler:\t${pod.spec.schedulerName ?? DEFAULT_SCHEDULER_NAME}\n`);
  w.write(1, `Result:\t${e.type === 'PodBound' ? `Bound to ${e.node}, ${ago} ago` : `Unschedulable, last attempt ${ago} ago`}\n`);
  if (e.type === 'PodUnschedulable') w.write(1, `Message:\t${e.message}\n`);
  w.write(1, `Attempts:\t${attempts.length}\n`);
  const trace = e.trace;
  if (trace === undefined) return;
  w.write(1, `Nodes:\t${trace.evaluatedNodes} evaluated, ${e.type === 'PodBound' ? e.trace.feasibleNodes : 0} feasible\n`);
  w.write(1, `Plugins Skipped:\t${trace.skipped === undefined || trace.skipped.length === 0 ? '<none>' : trace.skipped.join(', ')}\n`);
  const verdicts = verdictRows(trace.rejected);
  if (verdicts.length === 0) w.write(1, 'Filtered Out:\t<none>\n');
  const scored = e.type === 'PodBound' && e.trace.pluginScores !== undefined && Object.keys(e.trace.pluginScores).length > 0;
  if (e.type === 'PodBound' && !scored) w.write(1, `Scores:\t<none>${e.trace.feasibleNodes === 1 ? ' (one feasible node: scoring skipped)' : ''}\n`);
  if (verdicts.length > 0) table(w, 'Filtered Out', ['Plugin', 'Reason', 'Nodes'], verdicts);
  if (e.type === 'PodBound' && scored) {
    const { head, rows } = scoreRows(e);
    table(w, 'Scores', head, rows);
  }
};

// -------------------------------------------------------------------------------------
// describe
// -------------------------------------------------------------------------------------

/**
 * The records about each pod's current incarnation up to `seq` (from its latest creation
 * on; a pod deleted by then has none), keyed by namespace/name.
 */
export const recordsByPod = (records: readonly EventRecord[], seq: number): Map<string, EventRecord[]> => {
  const byPod = new Map<string, EventRecord[]>();
  for (const r of records) {
    if (r.seq > seq) break;
    const ref = subjectOf(r.event);
    if (ref?.kind !== 'Pod') continue;
    const key = nsName(ref.namespace, ref.name);
    if (r.event.type === 'ObjectCreated') byPod.set(key, [r]);
    else if (r.event.type === 'ObjectDeleted') byPod.delete(key);
    else byPod.get(key)?.push(r);
  }
  return byPod;
};

/** What `kubectl describe pod` prints for `pod` at `nowMs`, its Events derived from `records` (about this pod). */
export const describePod = (p: Pod, records: readonly EventRecord[], nowMs: number): string => {
  const pod = p as PodView;
  const w = new Writer();
  header(w, pod, nowMs);
  if ((pod.spec.initContainers ?? []).length > 0) containers(w, pod, 'Init Containers', pod.spec.initContainers ?? [], pod.status?.initContainerStatuses ?? []);
  containers(w, pod, 'Containers', pod.spec.containers, (pod.status?.containerStatuses ?? []) as readonly StatusView[]);
  conditions(w, pod);
  volumes(w, pod.spec.volumes);
  w.write(0, `QoS Class:\t${pod.status?.qosClass || qosClassOf(pod.spec)}\n`);
  labelsMultiline(w, 'Node-Selectors', pod.spec.nodeSelector);
  tolerations(w, pod.spec.tolerations);
  topologySpread(w, pod);
  // a record naming another uid is about an earlier pod of that name
  const uidOf = (r: EventRecord): string | undefined => subjectOf(r.event)?.uid;
  const own = records.filter((r) => uidOf(r) === undefined || pod.metadata.uid === undefined || uidOf(r) === pod.metadata.uid);
  scheduling(w, pod, own, nowMs);
  writeEvents(w, podEvents(pod, own), nowMs);
  return w.done();
};
