/**
 * What the API server checks in every object's metadata (upstream apimachinery
 * ValidateObjectMeta: name syntax per kind, labels, annotations, ownerReferences,
 * finalizers). Keys are checked in sorted order (upstream iterates a Go map).
 */
import type { KubeObject } from '../api/meta.js';
import { ObjectMeta } from '../api/meta.js';
import { versionOf } from '../api/kinds.js';
import { labelMapErrors, qualifiedNameErrors } from '../api/label-syntax.js';
import type { FieldError } from '../api/validation.js';
import { invalid, tooLong, typeErrors } from '../api/validation.js';
import { dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors, pathSegmentErrors } from './names.js';

/** upstream TotalAnnotationSizeLimitB. */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** How each kind's names are checked (upstream ValidateXName); the rest are DNS-1123 subdomains. */
const NAME_RULES: Readonly<Record<string, (name: string) => string[]>> = {
  Namespace: dns1123LabelErrors,
  Service: dns1035LabelErrors,
  Role: pathSegmentErrors,
  ClusterRole: pathSegmentErrors,
  RoleBinding: pathSegmentErrors,
  ClusterRoleBinding: pathSegmentErrors,
};

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

const sortedEntries = (m: Readonly<Record<string, string>> | undefined): [string, string][] =>
  Object.entries(m ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

const annotationErrors = (annotations: Readonly<Record<string, string>> | undefined, path: string): FieldError[] => {
  const entries = sortedEntries(annotations);
  const errors = entries.flatMap(([k]) => qualifiedNameErrors(k.toLowerCase()).map((m) => invalid(path, k, m)));
  const bytes = entries.reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  return bytes > ANNOTATIONS_MAX_BYTES ? [...errors, tooLong(path, ANNOTATIONS_MAX_BYTES)] : errors;
};

const ownerReferenceErrors = (m: ObjectMeta, path: string): FieldError[] => {
  const refs = m.ownerReferences ?? [];
  const errors = refs.flatMap((r) => {
    const version = versionOf(r.apiVersion);
    return [
      ...(version === '' ? [invalid(`${path}.apiVersion`, r.apiVersion, 'version must not be empty')] : []),
      ...(r.kind === '' ? [invalid(`${path}.kind`, r.kind, 'kind must not be empty')] : []),
      ...(r.name === '' ? [invalid(`${path}.name`, r.name, 'name must not be empty')] : []),
      ...(r.uid === '' ? [invalid(`${path}.uid`, r.uid, 'uid must not be empty')] : []),
    ];
  });
  const controllers = refs.filter((r) => r.controller === true).map((r) => `${r.kind}/${r.name}`);
  if (controllers.length > 1) {
    errors.push(invalid(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${controllers.join(' and ')}`));
  }
  return errors;
};

const finalizerErrors = (finalizers: readonly string[] | undefined, path: string): FieldError[] => {
  const list = finalizers ?? [];
  const errors = list.flatMap((f) => [
    ...qualifiedNameErrors(f).map((m) => invalid(path, f, m)),
    ...(!f.includes('/') && !STANDARD_FINALIZERS.has(f) ? [invalid(path, f, 'name is neither a standard finalizer name nor is it fully qualified')] : []),
  ]);
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    errors.push(invalid(path, list, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errors;
};

export const metadataErrors = (o: KubeObject): FieldError[] => {
  const wrong = typeErrors(ObjectMeta, o.metadata, 'metadata');
  if (wrong.length > 0) return wrong;
  const m = o.metadata;
  const nameRule = NAME_RULES[o.kind] ?? dns1123SubdomainErrors;
  return [
    ...nameRule(m.name).map((msg) => invalid('metadata.name', m.name, msg)),
    ...labelMapErrors(m.labels, 'metadata.labels'),
    ...annotationErrors(m.annotations, 'metadata.annotations'),
    ...ownerReferenceErrors(m, 'metadata.ownerReferences'),
    ...finalizerErrors(m.finalizers, 'metadata.finalizers'),
  ];
};
