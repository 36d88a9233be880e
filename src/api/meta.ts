/**
 * Object metadata and the shape every stored API object shares.
 *
 * Codecs are open (unknown fields pass through untouched) because users bring real
 * manifests; the kinds kubesim interprets type the fields it reads.
 */
import * as t from 'io-ts';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export const OwnerReference = t.intersection([
  t.type({ apiVersion: t.string, kind: t.string, name: t.string, uid: t.string }),
  t.partial({ controller: t.boolean, blockOwnerDeletion: t.boolean }),
]);
export type OwnerReference = t.TypeOf<typeof OwnerReference>;

const StringMap = t.record(t.string, t.string);

export const ObjectMeta = t.intersection([
  t.type({ name: t.string }),
  t.partial({
    namespace: t.string,
    generateName: t.string,
    uid: t.string,
    resourceVersion: t.string,
    generation: t.number,
    creationTimestamp: t.string,
    deletionTimestamp: t.string,
    deletionGracePeriodSeconds: t.number,
    labels: StringMap,
    annotations: StringMap,
    ownerReferences: t.array(OwnerReference),
    finalizers: t.array(t.string),
  }),
]);
export type ObjectMeta = t.TypeOf<typeof ObjectMeta>;

/** Any stored object: Kubernetes JSON, with metadata always present. */
export const KubeObject = t.intersection([
  t.type({ apiVersion: t.string, kind: t.string, metadata: ObjectMeta }),
  t.record(t.string, t.unknown),
]);
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}

/** Identifies one object; `uid` pins an incarnation (a recreated object has a new uid). */
export const ObjectRef = t.intersection([
  t.type({ kind: t.string, name: t.string }),
  t.partial({ namespace: t.string, uid: t.string }),
]);
export type ObjectRef = t.TypeOf<typeof ObjectRef>;

// -------------------------------------------------------------------------------------
// keys
// -------------------------------------------------------------------------------------

/** `<namespace>/<name>` within a kind; cluster-scoped objects have an empty namespace. */
export const nsName = (namespace: string | undefined, name: string): string =>
  `${namespace ?? ''}/${name}`;

export const objectKey = (kind: string, namespace: string | undefined, name: string): string =>
  `${kind}/${namespace ?? ''}/${name}`;

export const keyOfObject = (o: KubeObject): string =>
  objectKey(o.kind, o.metadata.namespace, o.metadata.name);

export const keyOfRef = (r: ObjectRef): string => objectKey(r.kind, r.namespace, r.name);

export const refOf = (o: KubeObject): ObjectRef =>
  o.metadata.namespace === undefined
    ? { kind: o.kind, name: o.metadata.name, uid: o.metadata.uid ?? '' }
    : { kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name, uid: o.metadata.uid ?? '' };

export const parseObjectKey = (key: string): ObjectRef => {
  const [kind = '', namespace = '', ...rest] = key.split('/');
  const name = rest.join('/');
  return namespace === '' ? { kind, name } : { kind, namespace, name };
};

/** How a ref reads to a person: `default/web-1` or `worker-0`. */
export const showRef = (r: { namespace?: string | undefined; name: string }): string =>
  r.namespace === undefined || r.namespace === '' ? r.name : `${r.namespace}/${r.name}`;

export const controllerOf = (o: KubeObject): OwnerReference | undefined =>
  o.metadata.ownerReferences?.find((ref) => ref.controller === true);
