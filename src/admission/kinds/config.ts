/**
 * ConfigMap, Secret, ServiceAccount, Namespace, Lease and Event as the API server treats
 * them (upstream pkg/apis/core and pkg/apis/coordination validation, core v1 defaults,
 * the Secret and Namespace registry strategies, events.k8s.io/v1 conversion).
 */
import type { ConfigMap as ConfigMapT, Event as EventT, Lease as LeaseT, Namespace as NamespaceT, Secret as SecretT } from '../../api/config.js';
import {
  ConfigMap, configKeyErrors, Event, Lease, MAX_SECRET_SIZE_BYTES, Namespace, qualifiedNameErrors, Secret, SECRET_TYPE_OPAQUE,
  SECRET_TYPE_SERVICE_ACCOUNT_TOKEN, SERVICE_ACCOUNT_NAME_KEY, ServiceAccount,
} from '../../api/config.js';
import type { KubeObject } from '../../api/meta.js';
import { uniqueErrors } from '../../api/policy.js';
import type { FieldError } from '../../api/validation.js';
import { forbidden, invalid, required, tooLong } from '../../api/validation.js';
import { dns1123SubdomainErrors } from '../names.js';
import type { KindRules } from './rules.js';

type Data = Readonly<Record<string, string>>;

// -------------------------------------------------------------------------------------
// base64 (JSON's form of []byte)
// -------------------------------------------------------------------------------------

const BASE64_ALPHABET = /^[A-Za-z0-9+/]$/;
const isNewline = (c: string | undefined): boolean => c === '\n' || c === '\r';

/** After a quantum's padding: only newlines may follow (upstream: trailing garbage is an error). */
const afterPadding = (s: string, from: number): number => {
  let si = from;
  while (si < s.length && isNewline(s[si])) si += 1;
  return si < s.length ? si : -1;
};

/** One quantum's padding at `si` (just past the first '='), with `j` data characters read. */
const paddingError = (s: string, si: number, j: number): number => {
  if (j < 2) return si - 1;
  let at = si;
  if (j === 2) {
    while (at < s.length && isNewline(s[at])) at += 1;
    if (at === s.length) return s.length;
    if (s[at] !== '=') return at - 1;
    at += 1;
  }
  return afterPadding(s, at);
};

/**
 * Where Go's base64.StdEncoding would stop decoding `s` (the N of `illegal base64 data
 * at input byte N`), or -1 when it decodes. Go skips \r and \n anywhere.
 */
export const base64ErrorOffset = (s: string): number => {
  let si = 0;
  for (;;) {
    for (let j = 0; j < 4; ) {
      if (si === s.length) return j === 0 ? -1 : si - j;
      const c = s[si];
      si += 1;
      if (c !== undefined && BASE64_ALPHABET.test(c)) j += 1;
      else if (isNewline(c)) continue;
      else if (c !== '=') return si - 1;
      else return paddingError(s, si, j);
    }
  }
};

const decodedBytes = (s: string): number => Buffer.from(s.replace(/[\r\n]/g, ''), 'base64').length;
const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

const base64Errors = (data: Data | undefined, field: string): FieldError[] =>
  Object.keys(data ?? {})
    .sort()
    .flatMap((k) => {
      const at = base64ErrorOffset(data?.[k] ?? '');
      return at < 0 ? [] : [invalid(`${field}[${k}]`, '<contents redacted>', `illegal base64 data at input byte ${at}`)];
    });

const keyErrors = (data: Data | undefined, field: string): FieldError[] =>
  Object.keys(data ?? {})
    .sort()
    .flatMap((k) => configKeyErrors(k).map((m) => invalid(`${field}[${k}]`, k, m)));

// -------------------------------------------------------------------------------------
// ConfigMap (upstream ValidateConfigMap, ValidateConfigMapUpdate)
// -------------------------------------------------------------------------------------

const configMapErrors = (o: KubeObject): FieldError[] => {
  const cm = o as unknown as ConfigMapT;
  const data = cm.data ?? {};
  const binary = cm.binaryData ?? {};
  // upstream fails to decode bad base64 before validating anything.
  const undecodable = base64Errors(binary, 'binaryData');
  if (undecodable.length > 0) return undecodable;
  const errors = [...keyErrors(data, 'data'), ...keyErrors(binary, 'binaryData')];
  for (const k of Object.keys(data).sort()) if (Object.hasOwn(binary, k)) errors.push(invalid(`data[${k}]`, k, 'duplicate of key present in binaryData'));
  for (const k of Object.keys(binary).sort()) if (Object.hasOwn(data, k)) errors.push(invalid(`binaryData[${k}]`, k, 'duplicate of key present in data'));
  const size = Object.values(data).reduce((n, v) => n + utf8Bytes(v), 0) + Object.values(binary).reduce((n, v) => n + decodedBytes(v), 0);
  // upstream reports the whole object (an empty path).
  if (size > MAX_SECRET_SIZE_BYTES) errors.push(tooLong('', MAX_SECRET_SIZE_BYTES));
  return uniqueErrors(errors);
};

const sortedJson = (d: Data | undefined): string => JSON.stringify(Object.entries(d ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** upstream: once `immutable: true`, neither the flag nor the named fields may change. */
const immutableErrors = (before: KubeObject, after: KubeObject, fields: readonly string[]): FieldError[] => {
  if (before['immutable'] !== true) return [];
  const errors = after['immutable'] === true ? [] : [forbidden('immutable', 'field is immutable when `immutable` is set')];
  for (const f of fields) if (sortedJson(before[f] as Data | undefined) !== sortedJson(after[f] as Data | undefined)) errors.push(forbidden(f, 'field is immutable when `immutable` is set'));
  return errors;
};

// -------------------------------------------------------------------------------------
// Secret (upstream ValidateSecret, SetDefaults_Secret, v1 conversion of stringData)
// -------------------------------------------------------------------------------------

/** type defaults to Opaque; stringData is written into data (base64), overriding, and not stored. */
const defaultSecret = (o: KubeObject): KubeObject => {
  const { stringData, ...rest } = o as unknown as SecretT;
  const fromStrings = Object.fromEntries(Object.entries(stringData ?? {}).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]));
  const data = stringData === undefined ? rest.data : { ...rest.data, ...fromStrings };
  const type = rest.type === undefined || rest.type === '' ? SECRET_TYPE_OPAQUE : rest.type;
  return { ...rest, type, ...(data === undefined ? {} : { data }) } as KubeObject;
};

const hasKey = (data: Data, k: string): boolean => Object.hasOwn(data, k);
const REDACTED = '<secret contents redacted>';

/** Go's json.Unmarshal into map[string]interface{}: an object, or the error it gives. */
const jsonObjectError = (base64: string): string | undefined => {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(base64, 'base64').toString('utf8'));
  } catch (e) {
    return (e as Error).message;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return undefined;
  const kind = value === null ? undefined : Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value;
  return kind === undefined ? undefined : `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
};

const dockerErrors = (data: Data, key: string): FieldError[] => {
  const value = data[key];
  if (value === undefined) return [required(`data[${key}]`)];
  const why = jsonObjectError(value);
  return why === undefined ? [] : [invalid(`data[${key}]`, REDACTED, why)];
};

const secretTypeErrors = (s: SecretT, data: Data): FieldError[] => {
  switch (s.type) {
    case SECRET_TYPE_SERVICE_ACCOUNT_TOKEN:
      return (s.metadata.annotations?.[SERVICE_ACCOUNT_NAME_KEY] ?? '') === '' ? [required(`metadata.annotations[${SERVICE_ACCOUNT_NAME_KEY}]`)] : [];
    case 'kubernetes.io/dockercfg':
      return dockerErrors(data, '.dockercfg');
    case 'kubernetes.io/dockerconfigjson':
      return dockerErrors(data, '.dockerconfigjson');
    case 'kubernetes.io/basic-auth':
      return hasKey(data, 'username') || hasKey(data, 'password') ? [] : [required('data[username]'), required('data[password]')];
    case 'kubernetes.io/ssh-auth':
      return (data['ssh-privatekey'] ?? '') === '' ? [required('data[ssh-privatekey]')] : [];
    case 'kubernetes.io/tls':
      return [...(hasKey(data, 'tls.crt') ? [] : [required('data[tls.crt]')]), ...(hasKey(data, 'tls.key') ? [] : [required('data[tls.key]')])];
    default:
      return [];
  }
};

const secretErrors = (o: KubeObject): FieldError[] => {
  const s = o as unknown as SecretT;
  const data = s.data ?? {};
  // upstream fails to decode bad base64 before validating anything.
  const undecodable = base64Errors(data, 'data');
  if (undecodable.length > 0) return undecodable;
  const errors = keyErrors(data, 'data');
  if (Object.values(data).reduce((n, v) => n + decodedBytes(v), 0) > MAX_SECRET_SIZE_BYTES) errors.push(tooLong('data', MAX_SECRET_SIZE_BYTES));
  return uniqueErrors([...errors, ...secretTypeErrors(s, data)]);
};

const secretUpdateErrors = (before: KubeObject, after: KubeObject): FieldError[] => [
  ...(before['type'] === after['type'] ? [] : [invalid('type', after['type'], 'field is immutable')]),
  ...immutableErrors(before, after, ['data']),
];

// -------------------------------------------------------------------------------------
// Namespace (upstream SetDefaults_Namespace, namespace strategy, ValidateNamespace)
// -------------------------------------------------------------------------------------

const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];

/**
 * The `kubernetes.io/metadata.name` label; on create the `kubernetes` finalizer is added
 * (upstream PrepareForCreate) and the phase is Active. A phase already set (an update of a
 * Terminating namespace) is kept.
 */
const defaultNamespace = (o: KubeObject): KubeObject => {
  const ns = o as unknown as NamespaceT;
  const finalizers = ns.spec?.finalizers ?? [];
  const labels = ns.metadata.name === '' ? ns.metadata.labels : { ...ns.metadata.labels, 'kubernetes.io/metadata.name': ns.metadata.name };
  return {
    ...o,
    metadata: { ...ns.metadata, ...(labels === undefined ? {} : { labels }) },
    spec: { ...ns.spec, finalizers: finalizers.includes('kubernetes') ? finalizers : [...finalizers, 'kubernetes'] },
    status: { ...ns.status, phase: ns.status?.phase ?? 'Active' },
  };
};

const namespaceErrors = (o: KubeObject): FieldError[] =>
  ((o as unknown as NamespaceT).spec?.finalizers ?? []).flatMap((f) => {
    const syntax = qualifiedNameErrors(f).map((m) => invalid('spec.finalizers', f, m));
    const standard = f.includes('/') || STANDARD_FINALIZERS.includes(f) ? [] : [invalid('spec.finalizers', f, 'name is neither a standard finalizer name nor is it fully qualified')];
    return [...syntax, ...standard];
  });

// -------------------------------------------------------------------------------------
// Lease (upstream coordination ValidateLeaseSpec)
// -------------------------------------------------------------------------------------

const leaseErrors = (o: KubeObject): FieldError[] => {
  const spec = (o as unknown as LeaseT).spec ?? {};
  const errors: FieldError[] = [];
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0) errors.push(invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions < 0) errors.push(invalid('spec.leaseTransitions', spec.leaseTransitions, 'must be greater than or equal to 0'));
  if ((spec.preferredHolder ?? '') !== '' && (spec.strategy ?? '') === '') errors.push(forbidden('spec.preferredHolder', 'may only be specified if `strategy` is defined'));
  return errors;
};

// -------------------------------------------------------------------------------------
// Event (core v1 storage; events.k8s.io/v1 converted, upstream ValidateEventCreate)
// -------------------------------------------------------------------------------------

const EVENTS_V1_RENAMES: readonly (readonly [string, string])[] = [
  ['regarding', 'involvedObject'], ['note', 'message'], ['reportingController', 'reportingComponent'], ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'], ['deprecatedLastTimestamp', 'lastTimestamp'], ['deprecatedCount', 'count'],
];

/** events.k8s.io/v1 → core v1, the form upstream stores and serves both APIs from. */
export const eventFromEventsV1 = (o: KubeObject): KubeObject => {
  const out: Record<string, unknown> = { ...o, apiVersion: 'v1' };
  for (const [from, to] of EVENTS_V1_RENAMES) {
    if (!Object.hasOwn(o, from)) continue;
    out[to] = o[from];
    delete out[from];
  }
  return out as KubeObject;
};

const LIMITS = { reportingInstance: 128, action: 128, reason: 128, message: 1024 } as const;

/** upstream legacyValidateEvent: what every Event must satisfy, whichever API wrote it. */
const legacyEventErrors = (e: EventT, reportingField: string): FieldError[] => {
  const ns = e.metadata.namespace ?? '';
  const involvedNs = e.involvedObject?.namespace ?? '';
  const mismatch = invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace');
  const errors: FieldError[] = [];
  if ((e.eventTime ?? '') === '') {
    if (involvedNs === '' ? ns !== '' && ns !== 'default' : ns !== involvedNs) errors.push(mismatch);
  } else {
    if (involvedNs === '' && ns !== 'default' && ns !== 'kube-system') errors.push(mismatch);
    const controller = e.reportingComponent ?? '';
    if (controller === '') errors.push(required(reportingField));
    errors.push(...qualifiedNameErrors(controller).map((m) => invalid(reportingField, controller, m)));
    for (const field of ['reportingInstance', 'action', 'reason'] as const) if ((e[field] ?? '') === '') errors.push(required(field));
    for (const [field, max] of Object.entries(LIMITS)) {
      if ((e[field as keyof typeof LIMITS] ?? '').length > max) errors.push(invalid(field, '', `can have at most ${max} characters`));
    }
  }
  errors.push(...dns1123SubdomainErrors(ns).map((m) => invalid('namespace', ns, m)));
  return errors;
};

/** upstream's stricter checks for an Event created through events.k8s.io/v1. */
const strictEventErrors = (e: EventT): FieldError[] => {
  const errors: FieldError[] = [];
  if (e.series !== undefined && (e.series.count ?? 0) < 2) errors.push(invalid('series.count', '', 'should be at least 2'));
  if (e.series !== undefined && (e.series.lastObservedTime ?? '') === '') errors.push(required('series.lastObservedTime'));
  if ((e.eventTime ?? '') === '') errors.push(required('eventTime'));
  if (e.type !== 'Normal' && e.type !== 'Warning') errors.push(invalid('type', '', `has invalid value: ${e.type ?? ''}`));
  if ((e.firstTimestamp ?? '') !== '') errors.push(invalid('firstTimestamp', '', 'needs to be unset'));
  if ((e.lastTimestamp ?? '') !== '') errors.push(invalid('lastTimestamp', '', 'needs to be unset'));
  if ((e.count ?? 0) !== 0) errors.push(invalid('count', '', 'needs to be unset'));
  if ((e.source?.component ?? '') !== '' || (e.source?.host ?? '') !== '') errors.push(invalid('source', '', 'needs to be unset'));
  return errors;
};

/**
 * Validation of a (core-shaped) Event as created through `requestApiVersion`: `v1` gets
 * the legacy rules only; `events.k8s.io/v1` also the strict ones, and names the reporting
 * field `reportingController`. The rule below validates as `v1`, since KindRules does not
 * see the request's version: call this with the manifest's version when it was events.k8s.io/v1.
 */
export const eventErrors = (o: KubeObject, requestApiVersion: string): FieldError[] => {
  const e = o as unknown as EventT;
  if (requestApiVersion === 'v1' || requestApiVersion === 'events.k8s.io/v1beta1') return legacyEventErrors(e, 'reportingComponent');
  return [...legacyEventErrors(e, 'reportingController'), ...strictEventErrors(e)];
};

// -------------------------------------------------------------------------------------
// rules
// -------------------------------------------------------------------------------------

export const CONFIG_RULES: readonly KindRules[] = [
  { kind: 'ConfigMap', codec: ConfigMap, validate: configMapErrors, validateUpdate: (b, a) => immutableErrors(b, a, ['data', 'binaryData']) },
  { kind: 'Secret', codec: Secret, defaults: defaultSecret, validate: secretErrors, validateUpdate: secretUpdateErrors },
  { kind: 'ServiceAccount', codec: ServiceAccount },
  { kind: 'Namespace', codec: Namespace, defaults: defaultNamespace, validate: namespaceErrors },
  { kind: 'Lease', codec: Lease, validate: leaseErrors },
  {
    kind: 'Event',
    codec: Event,
    convert: (o, from) => (from === 'events.k8s.io/v1' ? eventFromEventsV1(o) : o),
    validate: (o) => eventErrors(o, 'v1'),
  },
];
