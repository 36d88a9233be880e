/**
 * CustomResourceDefinition as the API server admits it, and the rules of the custom kind a
 * CRD defines (apiextensions-apiserver: pkg/apis/apiextensions/v1/defaults.go,
 * pkg/apis/apiextensions/validation, pkg/apiserver/schema, pkg/registry/customresource).
 *
 * Not reproduced: CEL (x-kubernetes-validations rules are not compiled nor evaluated),
 * conversion webhooks (accepted, never called: every served version converts as `None`),
 * the status.storedVersions history across updates (defaults record only the current
 * storage version, as on create; removing a previously stored version is not refused), the naming controller's
 * status.acceptedNames and Established condition (so names stay mutable on update, as
 * upstream allows before Established), selectableFields, and ObjectMeta checks inside
 * embedded resources.
 */
import type { CustomResourceDefinitionVersion, JSONSchemaProps } from '../../api/crd.js';
import { CustomResourceDefinition, schemaOfVersion, storageVersionOf } from '../../api/crd.js';
import type { KindInfo } from '../../api/kinds.js';
import { versionOf } from '../../api/kinds.js';
import { KubeObject } from '../../api/meta.js';
import type { FieldError } from '../../api/validation.js';
import { forbidden, invalid, notSupported, required, requiredWith } from '../../api/validation.js';
import { dns1123SubdomainErrors } from '../names.js';
import { isJsonObject, pruneAndDefault } from './crd-defaults.js';
import { validateAgainstSchema, validateListTypes } from './crd-schema.js';
import { schemaErrors } from './crd-structural.js';
import type { KindRules } from './rules.js';
import { dns1035LabelErrors } from '../../api/label-syntax.js';

// -------------------------------------------------------------------------------------
// defaults
// -------------------------------------------------------------------------------------

/** upstream SetDefaults_CustomResourceDefinition(Spec), and the strategy's storedVersions. */
const defaultCrd = (o: KubeObject): KubeObject => {
  const crd = o as unknown as CustomResourceDefinition;
  const names = crd.spec.names ?? {};
  const kind = names.kind ?? '';
  const conversion = crd.spec.conversion ?? { strategy: 'None' };
  const service = conversion.webhook?.clientConfig?.service;
  const withPort = service === undefined || service.port !== undefined ? conversion : {
    ...conversion,
    webhook: { ...conversion.webhook, clientConfig: { ...conversion.webhook?.clientConfig, service: { ...service, port: 443 } } },
  };
  // upstream PrepareForCreate: the status a manifest carries is replaced; the first storage version is recorded.
  const storage = storageVersionOf(crd);
  const storedVersions = storage === undefined ? [] : [storage];
  return {
    ...o,
    spec: {
      ...crd.spec,
      names: { ...names, singular: names.singular || kind.toLowerCase(), ...(names.listKind || kind === '' ? {} : { listKind: `${kind}List` }) },
      conversion: withPort,
    },
    status: { ...crd.status, storedVersions },
  } as KubeObject;
};

// -------------------------------------------------------------------------------------
// validation
// -------------------------------------------------------------------------------------

export { dns1035LabelErrors };

const label1035 = (path: string, value: string, prefix = ''): FieldError[] => {
  const errs = dns1035LabelErrors(value);
  return errs.length === 0 ? [] : [invalid(path, value, prefix + errs.join(','))];
};

/** upstream ValidateCustomResourceDefinition (metadata name syntax is admission's). */
const validateCrd = (o: KubeObject): FieldError[] => {
  const crd = o as unknown as CustomResourceDefinition;
  const names = crd.spec.names ?? {};
  const expected = `${names.plural ?? ''}.${crd.spec.group ?? ''}`;
  return [
    ...(o.metadata.name === expected ? [] : [invalid('metadata.name', o.metadata.name, 'must be spec.names.plural+"."+spec.group')]),
    ...specErrors(crd),
    ...storedVersionErrors(crd),
    ...approvalErrors(crd),
    ...(crd.spec.preserveUnknownFields === true
      ? [invalid('spec.preserveUnknownFields', true, 'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead')]
      : []),
  ];
};

const groupErrors = (group: string | undefined): FieldError[] => {
  if (group === undefined || group === '') return [required('spec.group')];
  const errs = dns1123SubdomainErrors(group);
  if (errs.length > 0) return [invalid('spec.group', group, errs.join(','))];
  return group.split('.').length < 2 ? [invalid('spec.group', group, 'should be a domain with at least one dot')] : [];
};

const enumErrors = (path: string, value: string | undefined, accepted: readonly string[]): FieldError[] =>
  value === undefined || value === '' ? [required(path)] : accepted.includes(value) ? [] : [notSupported(path, value, accepted)];

/** upstream validateCustomResourceDefinitionSpec, in its order. */
const specErrors = (crd: CustomResourceDefinition): FieldError[] => {
  const versions = crd.spec.versions ?? [];
  const names = crd.spec.names ?? {};
  const errs = [...groupErrors(crd.spec.group), ...enumErrors('spec.scope', crd.spec.scope, ['Cluster', 'Namespaced'])];
  versions.forEach((v, i) => {
    if (v.schema?.openAPIV3Schema === undefined) errs.push(required(`spec.versions[${i}].schema.openAPIV3Schema`));
  });
  if (crd.spec.preserveUnknownFields === true && versions.some((v) => hasDefaults(v.schema?.openAPIV3Schema))) {
    errs.push(invalid('spec.preserveUnknownFields', true, 'must be false in order to use defaults in the schema'));
  }
  versions.forEach((v, i) => errs.push(...label1035(`spec.versions[${i}].name`, v.name), ...versionErrors(v, `spec.versions[${i}]`)));
  if (new Set(versions.map((v) => v.name)).size !== versions.length) errs.push(invalid('spec.versions', versions, 'must contain unique version names'));
  if (versions.filter((v) => v.storage === true).length !== 1) errs.push(invalid('spec.versions', versions, 'must have exactly one version marked as storage version'));
  for (const field of ['plural', 'singular', 'kind', 'listKind'] as const) {
    if ((names[field] ?? '') === '') errs.push(required(`spec.names.${field}`));
  }
  return [...errs, ...namesErrors(names, 'spec.names'), ...conversionErrors(crd)];
};

const hasDefaults = (s: JSONSchemaProps | undefined): boolean => {
  if (s === undefined) return false;
  if (s.default !== undefined) return true;
  const items = s.items === undefined ? [] : Array.isArray(s.items) ? s.items : [s.items as JSONSchemaProps];
  const extra = typeof s.additionalProperties === 'object' ? [s.additionalProperties] : [];
  const nested = [...Object.values(s.properties ?? {}), ...items, ...extra, ...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.not ? [s.not] : [])];
  return nested.some(hasDefaults);
};

/** upstream validateCustomResourceDefinitionVersion. */
const versionErrors = (v: CustomResourceDefinitionVersion, path: string): FieldError[] => {
  const errs: FieldError[] = [];
  const warning = v.deprecationWarning;
  if (v.deprecated !== true && warning !== undefined) errs.push(invalid(`${path}.deprecationWarning`, warning, 'can only be set for deprecated versions'));
  else if (warning !== undefined && warning.length > 256) errs.push(invalid(`${path}.deprecationWarning`, warning, 'must be <= 256 characters long'));
  else if (warning === '') errs.push(invalid(`${path}.deprecationWarning`, warning, 'must not be an empty string'));
  errs.push(...schemaErrors(v.schema?.openAPIV3Schema, v.subresources?.status !== undefined, `${path}.schema`));
  errs.push(...scaleErrors(v, `${path}.subresources`));
  (v.additionalPrinterColumns ?? []).forEach((c, i) => errs.push(...columnErrors(c, `${path}.additionalPrinterColumns[${i}]`)));
  return errs;
};

const jsonPathErrors = (path: string, s: string, under: readonly string[], detail: string): FieldError[] => {
  if (s === '') return [invalid(path, s, 'must not be empty')];
  if (!s.startsWith('.')) return [invalid(path, s, 'must be a simple json path starting with .')];
  return under.length === 0 || under.some((p) => s.startsWith(p)) ? [] : [invalid(path, s, detail)];
};

/** upstream ValidateCustomResourceDefinitionSubresources (scale). */
const scaleErrors = (v: CustomResourceDefinitionVersion, path: string): FieldError[] => {
  const scale = v.subresources?.scale;
  if (scale === undefined) return [];
  const spec = scale.specReplicasPath ?? '';
  const status = scale.statusReplicasPath ?? '';
  const selector = scale.labelSelectorPath ?? '';
  return [
    ...(spec === '' ? [required(`${path}.scale.specReplicasPath`)] : jsonPathErrors(`${path}.scale.specReplicasPath`, spec, ['.spec.'], 'should be a json path under .spec')),
    ...(status === '' ? [required(`${path}.scale.statusReplicasPath`)] : jsonPathErrors(`${path}.scale.statusReplicasPath`, status, ['.status.'], 'should be a json path under .status')),
    ...(selector === '' ? [] : jsonPathErrors(`${path}.scale.labelSelectorPath`, selector, ['.spec.', '.status.'], 'should be a json path under either .spec or .status')),
  ];
};

const COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];

/** upstream ValidateCustomResourceColumnDefinition (paths use the internal `JSONPath`). */
const columnErrors = (c: NonNullable<CustomResourceDefinitionVersion['additionalPrinterColumns']>[number], path: string): FieldError[] => {
  const typeDetail = `must be one of ${COLUMN_TYPES.join(',')}`;
  return [
    ...((c.name ?? '') === '' ? [required(`${path}.name`)] : []),
    ...((c.type ?? '') === '' ? [requiredWith(`${path}.type`, typeDetail)] : COLUMN_TYPES.includes(c.type ?? '') ? [] : [invalid(`${path}.type`, c.type, typeDetail)]),
    ...((c.format ?? '') !== '' && !COLUMN_FORMATS.includes(c.format ?? '') ? [invalid(`${path}.format`, c.format, `must be one of ${COLUMN_FORMATS.join(',')}`)] : []),
    ...((c.jsonPath ?? '') === '' ? [required(`${path}.JSONPath`)] : jsonPathErrors(`${path}.JSONPath`, c.jsonPath ?? '', [], '')),
  ];
};

/** upstream ValidateCustomResourceDefinitionNames. */
const namesErrors = (names: NonNullable<CustomResourceDefinition['spec']['names']>, path: string): FieldError[] => {
  const mixed = 'may have mixed case, but should otherwise match: ';
  const errs = [
    ...(names.plural ? label1035(`${path}.plural`, names.plural) : []),
    ...(names.singular ? label1035(`${path}.singular`, names.singular) : []),
    ...(names.kind ? label1035LowerCased(`${path}.kind`, names.kind, mixed) : []),
    ...(names.listKind ? label1035LowerCased(`${path}.listKind`, names.listKind, mixed) : []),
  ];
  (names.shortNames ?? []).forEach((s, i) => errs.push(...label1035(`${path}.shortNames[${i}]`, s)));
  if (names.kind && names.kind === names.listKind) errs.push(invalid(`${path}.listKind`, names.listKind, 'kind and listKind may not be the same'));
  (names.categories ?? []).forEach((c, i) => errs.push(...label1035(`${path}.categories[${i}]`, c)));
  return errs;
};

const label1035LowerCased = (path: string, value: string, prefix: string): FieldError[] => {
  const errs = dns1035LabelErrors(value.toLowerCase());
  return errs.length === 0 ? [] : [invalid(path, value, prefix + errs.join(','))];
};

/** upstream validateCustomResourceConversion (webhook URL and service details not checked). */
const conversionErrors = (crd: CustomResourceDefinition): FieldError[] => {
  const conversion = crd.spec.conversion;
  if (conversion === undefined) return [];
  const path = 'spec.conversion';
  const errs = enumErrors(`${path}.strategy`, conversion.strategy, ['None', 'Webhook']);
  const config = conversion.webhook?.clientConfig;
  if (conversion.strategy === 'Webhook') {
    if (config === undefined) errs.push(requiredWith(`${path}.webhookClientConfig`, 'required when strategy is set to Webhook'));
    else if ((config.url === undefined) === (config.service === undefined)) errs.push(requiredWith(`${path}.webhookClientConfig`, 'exactly one of url or service is required'));
    if ((conversion.webhook?.conversionReviewVersions ?? []).length === 0) errs.push(required(`${path}.conversionReviewVersions`));
  } else {
    const detail = 'should not be set when strategy is not set to Webhook';
    if (config !== undefined) errs.push(forbidden(`${path}.webhookClientConfig`, detail));
    if ((conversion.webhook?.conversionReviewVersions ?? []).length > 0) errs.push(forbidden(`${path}.conversionReviewVersions`, detail));
  }
  return errs;
};

/** upstream ValidateCustomResourceDefinitionStoredVersions (against this object only). */
const storedVersionErrors = (crd: CustomResourceDefinition): FieldError[] => {
  const stored = crd.status?.storedVersions ?? [];
  const path = 'status.storedVersions';
  if (stored.length === 0) return [invalid(path, stored, 'must have at least one stored version')];
  const versions = crd.spec.versions ?? [];
  const missingStorage = versions.filter((v) => v.storage === true && !stored.includes(v.name));
  const gone = stored.map((v, i) => [v, i] as const).filter(([v]) => !versions.some((x) => x.name === v));
  return [
    ...missingStorage.map((v) => invalid(path, stored, `must have the storage version ${v.name}`)),
    ...gone.map(([v, i]) => invalid(`${path}[${i}]`, v, `missing from spec.versions; ${v} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${v} and removes ${v} from status.storedVersions`)),
  ];
};

const APPROVAL = 'api-approved.kubernetes.io';

/** upstream validateAPIApproval: groups under k8s.io and kubernetes.io need an approval. */
const approvalErrors = (crd: CustomResourceDefinition): FieldError[] => {
  const group = crd.spec.group ?? '';
  const isProtected = ['k8s.io', 'kubernetes.io'].some((d) => group === d || group.endsWith(`.${d}`));
  if (!isProtected) return [];
  const annotation = crd.metadata.annotations?.[APPROVAL] ?? '';
  const path = `metadata.annotations[${APPROVAL}]`;
  if (annotation === '') return [requiredWith(path, `protected groups must have approval annotation "${APPROVAL}", see https://github.com/kubernetes/enhancements/pull/1111`)];
  if (annotation.startsWith('unapproved') || /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/\s]+/.test(annotation)) return [];
  return [invalid(path, annotation, `protected groups must have approval annotation "${APPROVAL}" with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111`)];
};

/** upstream validateCustomResourceDefinitionSpecUpdate: group and plural are immutable. */
const validateCrdUpdate = (before: KubeObject, after: KubeObject): FieldError[] => {
  const b = before as unknown as CustomResourceDefinition;
  const a = after as unknown as CustomResourceDefinition;
  const immutable = (path: string, x: unknown, y: unknown): FieldError[] => (x === y ? [] : [invalid(path, y ?? '', 'field is immutable')]);
  return [...immutable('spec.group', b.spec.group, a.spec.group), ...immutable('spec.names.plural', b.spec.names?.plural, a.spec.names?.plural)];
};

export const CRD_RULES: readonly KindRules[] = [
  { kind: 'CustomResourceDefinition', codec: CustomResourceDefinition, defaults: defaultCrd, validate: validateCrd, validateUpdate: validateCrdUpdate },
];

// -------------------------------------------------------------------------------------
// the custom kind
// -------------------------------------------------------------------------------------

/** How kubectl and admission know the kind a CRD defines. */
export const kindInfoOfCrd = (crd: CustomResourceDefinition): KindInfo => {
  const group = crd.spec.group ?? '';
  const storage = storageVersionOf(crd) ?? crd.spec.versions?.[0]?.name ?? '';
  const others = (crd.spec.versions ?? []).filter((v) => v.served === true && v.name !== storage);
  return {
    kind: crd.spec.names?.kind ?? '',
    apiVersion: `${group}/${storage}`,
    otherVersions: others.map((v) => `${group}/${v.name}`),
    namespaced: crd.spec.scope === 'Namespaced',
    plural: crd.spec.names?.plural ?? '',
    shortNames: crd.spec.names?.shortNames ?? [],
    modelled: false,
  };
};


/**
 * The rules of the kind a CRD defines. `defaults` and `validate` use the schema of the
 * object's own version (upstream validates a request at the version it was sent in), so
 * admission should run them before `convert`, which only rewrites apiVersion (strategy None).
 */
export const customRulesOf = (crd: CustomResourceDefinition): KindRules => {
  const info = kindInfoOfCrd(crd);
  const schemaFor = (o: KubeObject): JSONSchemaProps | undefined => schemaOfVersion(crd, versionOf(o.apiVersion)) ?? schemaOfVersion(crd, versionOf(info.apiVersion));
  return {
    kind: info.kind,
    codec: KubeObject,
    convert: (o) => ({ ...o, apiVersion: info.apiVersion }),
    defaults: (o) => {
      const out = pruneAndDefault(o, schemaFor(o));
      return isJsonObject(out) ? ({ ...out, metadata: o.metadata } as KubeObject) : o;
    },
    validate: (o) => {
      const schema = schemaFor(o);
      return schema === undefined ? [] : [...validateAgainstSchema(schema, o), ...validateListTypes(schema, o)];
    },
  };
};
