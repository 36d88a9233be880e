/**
 * Validation of one container (upstream core/validation: validateContainerCommon,
 * validateContainerPorts, ValidateContainerResourceRequirements, validateProbe,
 * validateHandler, validatePullPolicy), with upstream's field paths and wording.
 * Checks that span containers (names unique, mounts against volumes) are the caller's.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { Container, IntOrString, Probe, ResourceList } from '../../api/pod.js';
import type { Quantity } from '../../api/quantity.js';
import { cmp, formatQuantity, parseQuantity } from '../../api/quantity.js';
import type { FieldError } from '../../api/validation.js';
import { forbidden, invalid, notSupported, required, requiredWith } from '../../api/validation.js';
import { dns1123LabelErrors } from '../names.js';
import { nonNegative, portNameErrors, portNumErrors, qualifiedNameErrors } from './pod-syntax.js';

export interface ContainerContext {
  /** An init container (a sidecar when its restartPolicy is Always). */
  readonly init: boolean;
  /** Names of the pod's volumes, for volumeMounts. */
  readonly volumes: ReadonlySet<string>;
}

export const validateContainer = (c: Container, path: string, ctx: ContainerContext): FieldError[] => [
  ...nameErrors(c.name, `${path}.name`),
  ...(c.image === undefined || c.image === '' ? [required(`${path}.image`)] : []),
  ...oneOf(c.imagePullPolicy, `${path}.imagePullPolicy`, ['Always', 'IfNotPresent', 'Never']),
  ...oneOf(c.terminationMessagePolicy, `${path}.terminationMessagePolicy`, ['File', 'FallbackToLogsOnError']),
  ...restartPolicyErrors(c, path, ctx),
  ...portsErrors(c.ports ?? [], `${path}.ports`),
  ...resourcesErrors(c.resources?.requests, c.resources?.limits, `${path}.resources`),
  ...probesErrors(c, path, ctx),
  ...mountsErrors(c.volumeMounts ?? [], `${path}.volumeMounts`, ctx.volumes),
];

const nameErrors = (name: string, path: string): FieldError[] =>
  name === '' ? [required(path)] : dns1123LabelErrors(name).map((m) => invalid(path, name, m));

/** upstream: `case "": Required`, any other unknown value NotSupported. Undefined: not defaulted here. */
const oneOf = (value: string | undefined, path: string, supported: readonly string[]): FieldError[] => {
  if (value === undefined) return [];
  if (value === '') return [required(path)];
  return supported.includes(value) ? [] : [notSupported(path, value, supported)];
};

/** Only init containers may set a restartPolicy, and only Always (a sidecar). */
const restartPolicyErrors = (c: Container, path: string, ctx: ContainerContext): FieldError[] => {
  if (c.restartPolicy === undefined) return [];
  if (!ctx.init) return [forbidden(`${path}.restartPolicy`, 'may not be set for non-init containers')];
  return c.restartPolicy === 'Always' ? [] : [notSupported(`${path}.restartPolicy`, c.restartPolicy, ['Always'])];
};

// -------------------------------------------------------------------------------------
// ports
// -------------------------------------------------------------------------------------

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

const portsErrors = (ports: NonNullable<Container['ports']>, path: string): FieldError[] => {
  const names = new Set<string>();
  return ports.flatMap((p, i) => {
    const at = `${path}[${i}]`;
    const errs: FieldError[] = [];
    if (p.name !== undefined && p.name !== '') {
      const msgs = portNameErrors(p.name);
      if (msgs.length > 0) errs.push(...msgs.map((m) => invalid(`${at}.name`, p.name, m)));
      else if (names.has(p.name)) errs.push({ path: `${at}.name`, message: `Duplicate value: ${JSON.stringify(p.name)}` });
      names.add(p.name);
    }
    if (p.containerPort === 0) errs.push(required(`${at}.containerPort`));
    else errs.push(...portNumErrors(p.containerPort).map((m) => invalid(`${at}.containerPort`, p.containerPort, m)));
    if (p.hostPort !== undefined && p.hostPort !== 0) errs.push(...portNumErrors(p.hostPort).map((m) => invalid(`${at}.hostPort`, p.hostPort, m)));
    errs.push(...oneOf(p.protocol ?? '', `${at}.protocol`, PROTOCOLS));
    return errs;
  });
};

/** upstream ValidatePortNumOrName: a number 1–65535 or an IANA service name. */
export const portNumOrNameErrors = (port: IntOrString | undefined, path: string): FieldError[] =>
  typeof port === 'string' ? portNameErrors(port).map((m) => invalid(path, port, m)) : portNumErrors(port ?? 0).map((m) => invalid(path, port ?? 0, m));

// -------------------------------------------------------------------------------------
// resources
// -------------------------------------------------------------------------------------

const STANDARD = new Set(['cpu', 'memory', 'ephemeral-storage']);
const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
const isNative = (name: string): boolean => !name.includes('/') || name.startsWith('kubernetes.io/');
/** upstream IsOvercommitAllowed: native resources except hugepages may request below their limit. */
const overcommitAllowed = (name: string): boolean => isNative(name) && !isHugePages(name);

const resourceNameErrors = (name: string, path: string): FieldError[] => {
  if (!name.includes('/')) return STANDARD.has(name) || isHugePages(name) ? [] : [invalid(path, name, 'must be a standard resource for containers')];
  const extended = !name.startsWith('requests.') && qualifiedNameErrors(name).length === 0;
  return isNative(name) || extended ? [] : [invalid(path, name, "doesn't follow extended resource name standard")];
};

const parsed = (list: ResourceList | undefined, name: string): Quantity | undefined => {
  const raw = list?.[name];
  if (raw === undefined) return undefined;
  const q = parseQuantity(raw);
  return isLeft(q) ? undefined : q.right;
};

const quantityErrors = (list: ResourceList, name: string, path: string): FieldError[] => {
  const raw = list[name] ?? '';
  const q = parseQuantity(raw);
  if (isLeft(q)) return [invalid(path, raw, q.left)];
  if (q.right.milli < 0n) return [invalid(path, formatQuantity(q.right), 'must be greater than or equal to 0')];
  if (!isNative(name) && q.right.milli % 1000n !== 0n) return [invalid(path, formatQuantity(q.right), 'must be an integer')];
  return [];
};

const requestVsLimit = (name: string, requests: ResourceList, limits: ResourceList | undefined, path: string): FieldError[] => {
  const request = parsed(requests, name);
  const limit = parsed(limits, name);
  if (request === undefined) return [];
  if (limit === undefined) return overcommitAllowed(name) ? [] : [requiredWith(`${path}.limits[${name}]`, 'Limit must be set for non overcommitable resources')];
  const at = `${path}.requests[${name}]`;
  if (overcommitAllowed(name)) return cmp(request, limit) > 0 ? [invalid(at, formatQuantity(request), `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`)] : [];
  return cmp(request, limit) !== 0 ? [invalid(at, formatQuantity(request), `must be equal to ${name} limit of ${formatQuantity(limit)}`)] : [];
};

export const resourcesErrors = (requests: ResourceList | undefined, limits: ResourceList | undefined, path: string): FieldError[] => [
  ...Object.keys(limits ?? {})
    .sort()
    .flatMap((name) => [...resourceNameErrors(name, `${path}.limits[${name}]`), ...quantityErrors(limits ?? {}, name, `${path}.limits[${name}]`)]),
  ...Object.keys(requests ?? {})
    .sort()
    .flatMap((name) => [
      ...resourceNameErrors(name, `${path}.requests[${name}]`),
      ...quantityErrors(requests ?? {}, name, `${path}.requests[${name}]`),
      ...requestVsLimit(name, requests ?? {}, limits, path),
    ]),
];

// -------------------------------------------------------------------------------------
// probes
// -------------------------------------------------------------------------------------

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

/** upstream validateHandler: exactly one handler; a second one is the forbidden one. */
const handlerErrors = (p: Probe, path: string): FieldError[] => {
  const set = HANDLERS.filter((h) => p[h] !== undefined);
  const [first, ...extra] = set;
  if (first === undefined) return [requiredWith(path, 'must specify a handler type')];
  const errs = extra.map((h) => forbidden(`${path}.${h}`, 'may not specify more than 1 handler type'));
  switch (first) {
    case 'exec':
      return [...errs, ...((p.exec?.command ?? []).length === 0 ? [required(`${path}.exec.command`)] : [])];
    case 'httpGet':
      return [
        ...errs,
        ...(p.httpGet?.path === '' ? [required(`${path}.httpGet.path`)] : []),
        ...portNumOrNameErrors(p.httpGet?.port, `${path}.httpGet.port`),
        ...(p.httpGet?.scheme === undefined ? [] : oneOfStrict(p.httpGet.scheme, `${path}.httpGet.scheme`, ['HTTP', 'HTTPS'])),
      ];
    case 'tcpSocket':
      return [...errs, ...portNumOrNameErrors(p.tcpSocket?.port, `${path}.tcpSocket.port`)];
    case 'grpc':
      return [...errs, ...portNumErrors(p.grpc?.port ?? 0).map((m) => invalid(`${path}.grpc.port`, p.grpc?.port ?? 0, m))];
  }
};

const oneOfStrict = (value: string, path: string, supported: readonly string[]): FieldError[] => (supported.includes(value) ? [] : [notSupported(path, value, supported)]);

const probeErrors = (p: Probe, path: string): FieldError[] => [
  ...handlerErrors(p, path),
  ...nonNegative(`${path}.initialDelaySeconds`, p.initialDelaySeconds),
  ...nonNegative(`${path}.timeoutSeconds`, p.timeoutSeconds),
  ...nonNegative(`${path}.periodSeconds`, p.periodSeconds),
  ...nonNegative(`${path}.successThreshold`, p.successThreshold),
  ...nonNegative(`${path}.failureThreshold`, p.failureThreshold),
  ...(p.terminationGracePeriodSeconds !== undefined && p.terminationGracePeriodSeconds <= 0
    ? [invalid(`${path}.terminationGracePeriodSeconds`, p.terminationGracePeriodSeconds, 'must be greater than 0')]
    : []),
];

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

const probesErrors = (c: Container, path: string, ctx: ContainerContext): FieldError[] =>
  PROBES.flatMap((kind) => {
    const p = c[kind];
    if (p === undefined) return [];
    const at = `${path}.${kind}`;
    if (ctx.init && c.restartPolicy !== 'Always') return [forbidden(at, 'may not be set for init containers without restartPolicy=Always')];
    const errs = probeErrors(p, at);
    if (kind !== 'readinessProbe' && p.successThreshold !== undefined && p.successThreshold !== 1) errs.push(invalid(`${at}.successThreshold`, p.successThreshold, 'must be 1'));
    if (kind === 'readinessProbe' && p.terminationGracePeriodSeconds !== undefined) {
      errs.push(invalid(`${at}.terminationGracePeriodSeconds`, p.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
    }
    return errs;
  });

// -------------------------------------------------------------------------------------
// volume mounts
// -------------------------------------------------------------------------------------

const mountsErrors = (mounts: NonNullable<Container['volumeMounts']>, path: string, volumes: ReadonlySet<string>): FieldError[] => {
  const paths = new Set<string>();
  return mounts.flatMap((m, i) => {
    const at = `${path}[${i}]`;
    const errs: FieldError[] = [];
    if (m.name === '') errs.push(required(`${at}.name`));
    else if (!volumes.has(m.name)) errs.push({ path: `${at}.name`, message: `Not found: ${JSON.stringify(m.name)}` });
    if (m.mountPath === '') errs.push(required(`${at}.mountPath`));
    else if (paths.has(m.mountPath)) errs.push(invalid(`${at}.mountPath`, m.mountPath, 'must be unique'));
    paths.add(m.mountPath);
    return errs;
  });
};
