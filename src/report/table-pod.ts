/**
 * The pod row of `kubectl get pods`: upstream printPod (k8s.io/kubernetes
 * pkg/printers/internalversion/printers.go), rule for rule. READY counts ready app
 * containers plus started sidecars (restartable init containers); STATUS walks init
 * containers, then app containers from last to first so the first one with a reason
 * wins; RESTARTS is "3 (2m ago)" when a container's last termination has a finishedAt.
 */
import type { Container, ContainerStatus, Pod } from '../api/pod.js';
import { simMsOf } from '../api/time.js';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Fields printPod reads that src/api/pod.ts's codec leaves untyped (the open codec keeps them). */
interface StatusView extends ContainerStatus {
  readonly lastState?: { readonly terminated?: { readonly finishedAt?: string } };
  readonly state?: ContainerStatus['state'] & { readonly terminated?: { readonly signal?: number } };
}
interface PodView extends Pod {
  readonly spec: Pod['spec'] & { readonly readinessGates?: readonly { readonly conditionType: string }[] };
  readonly status?: Pod['status'] & { readonly initContainerStatuses?: readonly StatusView[] };
}

export interface PodSummary {
  /** READY's numerator and denominator. */
  readonly ready: number;
  readonly total: number;
  readonly status: string;
  readonly restarts: number;
  /** The latest `lastState.terminated.finishedAt` counted, as simulated ms; RESTARTS shows its age. */
  readonly lastRestartMs: number | undefined;
}

/** upstream node.NodeUnreachablePodReason. */
const NODE_LOST = 'NodeLost';

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

/** podutil.IsRestartableInitContainer: a sidecar. */
const isRestartable = (c: Container | undefined): boolean => c?.restartPolicy === 'Always';

const hasCondition = (pod: Pod, type: string): boolean => pod.status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;

/** upstream `lastRestartDate.Before(&finishedAt)`: a missing (zero) time never wins. */
const later = (lastMs: number | undefined, c: StatusView): number | undefined => {
  const finishedAt = c.lastState?.terminated?.finishedAt;
  const ms = finishedAt === undefined ? NaN : simMsOf(finishedAt);
  return Number.isNaN(ms) || (lastMs !== undefined && lastMs >= ms) ? lastMs : ms;
};

const nonEmpty = (s: string | undefined): s is string => s !== undefined && s !== '';

// -------------------------------------------------------------------------------------
// the two passes
// -------------------------------------------------------------------------------------

interface InitPass {
  readonly initializing: boolean;
  readonly reason: string | undefined;
  readonly ready: number;
  readonly restarts: number;
  readonly lastRestartMs: number | undefined;
  readonly sidecarRestarts: number;
  readonly sidecarLastRestartMs: number | undefined;
}

/** The reason an init container that has not finished gives the pod, as printPod's switch. */
const initReason = (c: StatusView, index: number, initCount: number): string => {
  const terminated = c.state?.terminated;
  const waiting = c.state?.waiting;
  if (terminated !== undefined) {
    if (nonEmpty(terminated.reason)) return `Init:${terminated.reason}`;
    return (terminated.signal ?? 0) !== 0 ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode ?? 0}`;
  }
  if (nonEmpty(waiting?.reason) && waiting.reason !== 'PodInitializing') return `Init:${waiting.reason}`;
  return `Init:${index}/${initCount}`;
};

const initPass = (pod: PodView): InitPass => {
  const specs = new Map((pod.spec.initContainers ?? []).map((c) => [c.name, c] as const));
  const statuses = pod.status?.initContainerStatuses ?? [];
  let pass: InitPass = { initializing: false, reason: undefined, ready: 0, restarts: 0, lastRestartMs: undefined, sidecarRestarts: 0, sidecarLastRestartMs: undefined };
  for (const [i, c] of statuses.entries()) {
    const sidecar = isRestartable(specs.get(c.name));
    pass = { ...pass, restarts: pass.restarts + c.restartCount, lastRestartMs: later(pass.lastRestartMs, c) };
    if (sidecar) pass = { ...pass, sidecarRestarts: pass.sidecarRestarts + c.restartCount, sidecarLastRestartMs: later(pass.sidecarLastRestartMs, c) };
    if (c.state?.terminated !== undefined && (c.state.terminated.exitCode ?? 0) === 0) continue;
    if (sidecar && c.started === true) {
      if (c.ready) pass = { ...pass, ready: pass.ready + 1 };
      continue;
    }
    return { ...pass, initializing: true, reason: initReason(c, i, (pod.spec.initContainers ?? []).length) };
  }
  return pass;
};

interface MainPass {
  readonly reason: string;
  readonly ready: number;
  readonly restarts: number;
  readonly lastRestartMs: number | undefined;
}

/** App containers from last to first, so the first container's reason is the one left standing. */
const mainPass = (pod: PodView, start: MainPass): MainPass => {
  let { reason, ready, restarts, lastRestartMs } = start;
  let hasRunning = false;
  const statuses: readonly StatusView[] = pod.status?.containerStatuses ?? [];
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i];
    if (c === undefined) continue;
    restarts += c.restartCount;
    lastRestartMs = later(lastRestartMs, c);
    const waiting = c.state?.waiting;
    const terminated = c.state?.terminated;
    if (nonEmpty(waiting?.reason)) reason = waiting.reason;
    else if (terminated !== undefined && nonEmpty(terminated.reason)) reason = terminated.reason;
    else if (terminated !== undefined) reason = (terminated.signal ?? 0) !== 0 ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
    else if (c.ready && c.state?.running !== undefined) {
      hasRunning = true;
      ready++;
    }
  }
  // upstream: back to Running if at least one container still reports running.
  if (reason === 'Completed' && hasRunning) reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
  return { reason, ready, restarts, lastRestartMs };
};

// -------------------------------------------------------------------------------------
// printPod
// -------------------------------------------------------------------------------------

const baseReason = (pod: Pod): string => {
  const gated = pod.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated') ?? false;
  if (gated) return 'SchedulingGated';
  return nonEmpty(pod.status?.reason) ? pod.status.reason : (pod.status?.phase ?? '');
};

const finalReason = (pod: Pod, reason: string): string => {
  if (pod.metadata.deletionTimestamp === undefined) return reason;
  if (pod.status?.reason === NODE_LOST) return 'Unknown';
  const phase = pod.status?.phase;
  // upstream (kubernetes#122038): a pod already Succeeded or Failed keeps its phase.
  return phase === 'Succeeded' || phase === 'Failed' ? reason : 'Terminating';
};

export const podSummary = (p: Pod): PodSummary => {
  const pod = p as PodView;
  const sidecars = (pod.spec.initContainers ?? []).filter(isRestartable).length;
  const init = initPass(pod);
  const reason = init.reason ?? baseReason(pod);
  const main: MainPass =
    !init.initializing || hasCondition(pod, 'Initialized')
      ? mainPass(pod, { reason, ready: init.ready, restarts: init.sidecarRestarts, lastRestartMs: init.sidecarLastRestartMs })
      : { reason, ready: init.ready, restarts: init.restarts, lastRestartMs: init.lastRestartMs };
  return { ready: main.ready, total: pod.spec.containers.length + sidecars, status: finalReason(pod, main.reason), restarts: main.restarts, lastRestartMs: main.lastRestartMs };
};

/** READINESS GATES: gates whose condition (the first of that type) is True, or `<none>`. */
export const readinessGates = (p: Pod): string => {
  const gates = (p as PodView).spec.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const met = gates.filter((g) => p.status?.conditions?.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${met}/${gates.length}`;
};
