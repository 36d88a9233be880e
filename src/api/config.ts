/**
 * Core v1 configuration and cluster kinds (ConfigMap, Secret, ServiceAccount, Namespace,
 * Event) and coordination.k8s.io/v1 Lease: open codecs for the fields kubesim reads.
 * Also the small name and key syntaxes of apimachinery util/validation that these and
 * other kinds' validation share, worded as upstream words them.
 */
import * as t from 'io-ts';
import { ObjectMeta } from './meta.js';

const StringMap = t.record(t.string, t.string);
const LocalObjectReference = t.partial({ name: t.string });

// -------------------------------------------------------------------------------------
// ConfigMap, Secret
// -------------------------------------------------------------------------------------

export const ConfigMap = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('ConfigMap'), metadata: ObjectMeta }),
  t.partial({ data: StringMap, binaryData: StringMap, immutable: t.boolean }),
]);
export type ConfigMap = t.TypeOf<typeof ConfigMap>;

/** data values are base64 (as JSON carries []byte); stringData is merged into data on write. */
export const Secret = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('Secret'), metadata: ObjectMeta }),
  t.partial({ type: t.string, data: StringMap, stringData: StringMap, immutable: t.boolean }),
]);
export type Secret = t.TypeOf<typeof Secret>;

// upstream core v1 secret types and their well-known keys.
export const SECRET_TYPE_OPAQUE = 'Opaque';
export const SECRET_TYPE_SERVICE_ACCOUNT_TOKEN = 'kubernetes.io/service-account-token';
export const SERVICE_ACCOUNT_NAME_KEY = 'kubernetes.io/service-account.name';
/** upstream core.MaxSecretSize: the byte limit of a Secret's or ConfigMap's data. */
export const MAX_SECRET_SIZE_BYTES = 1024 * 1024;

// -------------------------------------------------------------------------------------
// ServiceAccount, Namespace
// -------------------------------------------------------------------------------------

export const ServiceAccount = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('ServiceAccount'), metadata: ObjectMeta }),
  t.partial({ secrets: t.array(t.partial({ name: t.string, namespace: t.string })), imagePullSecrets: t.array(LocalObjectReference), automountServiceAccountToken: t.boolean }),
]);
export type ServiceAccount = t.TypeOf<typeof ServiceAccount>;

export const Namespace = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('Namespace'), metadata: ObjectMeta }),
  t.partial({ spec: t.partial({ finalizers: t.array(t.string) }), status: t.partial({ phase: t.string }) }),
]);
export type Namespace = t.TypeOf<typeof Namespace>;

// -------------------------------------------------------------------------------------
// Lease (coordination.k8s.io/v1)
// -------------------------------------------------------------------------------------

export const LeaseSpec = t.partial({
  holderIdentity: t.string,
  leaseDurationSeconds: t.number,
  acquireTime: t.string,
  renewTime: t.string,
  leaseTransitions: t.number,
  strategy: t.string,
  preferredHolder: t.string,
});
export type LeaseSpec = t.TypeOf<typeof LeaseSpec>;

export const Lease = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('Lease'), metadata: ObjectMeta }),
  t.partial({ spec: LeaseSpec }),
]);
export type Lease = t.TypeOf<typeof Lease>;

// -------------------------------------------------------------------------------------
// Event (core v1; events.k8s.io/v1 is converted to this shape)
// -------------------------------------------------------------------------------------

export const EventObjectReference = t.partial({
  kind: t.string,
  namespace: t.string,
  name: t.string,
  uid: t.string,
  apiVersion: t.string,
  resourceVersion: t.string,
  fieldPath: t.string,
});
export type EventObjectReference = t.TypeOf<typeof EventObjectReference>;

export const Event = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('Event'), metadata: ObjectMeta }),
  t.partial({
    involvedObject: EventObjectReference,
    reason: t.string,
    message: t.string,
    source: t.partial({ component: t.string, host: t.string }),
    firstTimestamp: t.string,
    lastTimestamp: t.string,
    count: t.number,
    type: t.string,
    eventTime: t.string,
    series: t.partial({ count: t.number, lastObservedTime: t.string }),
    action: t.string,
    related: EventObjectReference,
    reportingComponent: t.string,
    reportingInstance: t.string,
  }),
]);
export type Event = t.TypeOf<typeof Event>;

// -------------------------------------------------------------------------------------
// syntax (apimachinery pkg/util/validation and pkg/api/validation/path)
// -------------------------------------------------------------------------------------

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

export { labelValueErrors, qualifiedNameErrors } from './label-syntax.js';

/** upstream IsConfigMapKey: ConfigMap and Secret data keys (also file names when mounted). */
export const configKeyErrors = (key: string): string[] => {
  const errs = key.length > 253 ? ['must be no more than 253 characters'] : [];
  if (!CONFIG_KEY.test(key)) {
    errs.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
  }
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
};

/** upstream path.IsValidPathSegmentName: RBAC names, HPA target kinds and names, metric names. */
export { pathSegmentErrors as pathSegmentNameErrors } from './label-syntax.js';
