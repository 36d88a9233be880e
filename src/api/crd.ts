/**
 * CustomResourceDefinition (apiextensions.k8s.io/v1) and the OpenAPI v3 schema its versions
 * carry (JSONSchemaProps). Open codecs: the fields typed here are checked for their JSON
 * type; what is absent is judged by validation (admission/kinds/crd.ts) with upstream's
 * wording, so most fields are optional here even where upstream requires them.
 */
import * as t from 'io-ts';
import { ObjectMeta } from './meta.js';

// -------------------------------------------------------------------------------------
// schema
// -------------------------------------------------------------------------------------

/** upstream apiextensions/v1 JSONSchemaProps, the fields a structural schema may use. */
export interface JSONSchemaProps {
  readonly type?: string;
  readonly format?: string;
  readonly title?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly example?: unknown;
  readonly enum?: readonly unknown[];
  readonly nullable?: boolean;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, JSONSchemaProps>>;
  readonly additionalProperties?: boolean | JSONSchemaProps;
  readonly items?: JSONSchemaProps | readonly JSONSchemaProps[];
  readonly allOf?: readonly JSONSchemaProps[];
  readonly anyOf?: readonly JSONSchemaProps[];
  readonly oneOf?: readonly JSONSchemaProps[];
  readonly not?: JSONSchemaProps;
  readonly maximum?: number;
  readonly exclusiveMaximum?: boolean;
  readonly minimum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly multipleOf?: number;
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly pattern?: string;
  readonly maxItems?: number;
  readonly minItems?: number;
  readonly uniqueItems?: boolean;
  readonly maxProperties?: number;
  readonly minProperties?: number;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-list-type'?: string;
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-map-type'?: string;
  readonly 'x-kubernetes-validations'?: readonly { readonly rule?: string; readonly message?: string }[];
  readonly [field: string]: unknown;
}

export const JSONSchemaProps: t.Type<JSONSchemaProps> = t.recursion('JSONSchemaProps', () =>
  t.partial({
    type: t.string,
    format: t.string,
    title: t.string,
    description: t.string,
    default: t.unknown,
    example: t.unknown,
    enum: t.readonlyArray(t.unknown),
    nullable: t.boolean,
    required: t.readonlyArray(t.string),
    properties: t.record(t.string, JSONSchemaProps),
    additionalProperties: t.union([t.boolean, JSONSchemaProps]),
    items: t.union([JSONSchemaProps, t.readonlyArray(JSONSchemaProps)]),
    allOf: t.readonlyArray(JSONSchemaProps),
    anyOf: t.readonlyArray(JSONSchemaProps),
    oneOf: t.readonlyArray(JSONSchemaProps),
    not: JSONSchemaProps,
    maximum: t.number,
    exclusiveMaximum: t.boolean,
    minimum: t.number,
    exclusiveMinimum: t.boolean,
    multipleOf: t.number,
    maxLength: t.number,
    minLength: t.number,
    pattern: t.string,
    maxItems: t.number,
    minItems: t.number,
    uniqueItems: t.boolean,
    maxProperties: t.number,
    minProperties: t.number,
    'x-kubernetes-preserve-unknown-fields': t.boolean,
    'x-kubernetes-int-or-string': t.boolean,
    'x-kubernetes-embedded-resource': t.boolean,
    'x-kubernetes-list-type': t.string,
    'x-kubernetes-list-map-keys': t.readonlyArray(t.string),
    'x-kubernetes-map-type': t.string,
    'x-kubernetes-validations': t.readonlyArray(t.partial({ rule: t.string, message: t.string })),
  }),
);

// -------------------------------------------------------------------------------------
// definition
// -------------------------------------------------------------------------------------

export const CustomResourceDefinitionNames = t.partial({
  plural: t.string,
  singular: t.string,
  kind: t.string,
  listKind: t.string,
  shortNames: t.array(t.string),
  categories: t.array(t.string),
});
export type CustomResourceDefinitionNames = t.TypeOf<typeof CustomResourceDefinitionNames>;

export const CustomResourceColumnDefinition = t.partial({
  name: t.string,
  type: t.string,
  format: t.string,
  description: t.string,
  priority: t.number,
  jsonPath: t.string,
});
export type CustomResourceColumnDefinition = t.TypeOf<typeof CustomResourceColumnDefinition>;

export const CustomResourceSubresources = t.partial({
  status: t.UnknownRecord,
  scale: t.partial({ specReplicasPath: t.string, statusReplicasPath: t.string, labelSelectorPath: t.string }),
});
export type CustomResourceSubresources = t.TypeOf<typeof CustomResourceSubresources>;

export const CustomResourceDefinitionVersion = t.intersection([
  t.type({ name: t.string }),
  t.partial({
    served: t.boolean,
    storage: t.boolean,
    deprecated: t.boolean,
    deprecationWarning: t.string,
    schema: t.partial({ openAPIV3Schema: JSONSchemaProps }),
    subresources: CustomResourceSubresources,
    additionalPrinterColumns: t.array(CustomResourceColumnDefinition),
  }),
]);
export type CustomResourceDefinitionVersion = t.TypeOf<typeof CustomResourceDefinitionVersion>;

const WebhookClientConfig = t.partial({
  url: t.string,
  caBundle: t.string,
  service: t.partial({ namespace: t.string, name: t.string, path: t.string, port: t.number }),
});

export const CustomResourceConversion = t.partial({
  strategy: t.string,
  webhook: t.partial({ clientConfig: WebhookClientConfig, conversionReviewVersions: t.array(t.string) }),
});
export type CustomResourceConversion = t.TypeOf<typeof CustomResourceConversion>;

export const CustomResourceDefinitionSpec = t.partial({
  group: t.string,
  names: CustomResourceDefinitionNames,
  scope: t.string,
  versions: t.array(CustomResourceDefinitionVersion),
  conversion: CustomResourceConversion,
  preserveUnknownFields: t.boolean,
});
export type CustomResourceDefinitionSpec = t.TypeOf<typeof CustomResourceDefinitionSpec>;

export const CustomResourceDefinitionStatus = t.partial({
  acceptedNames: CustomResourceDefinitionNames,
  storedVersions: t.array(t.string),
  conditions: t.array(t.UnknownRecord),
});

export const CustomResourceDefinition = t.intersection([
  t.type({
    apiVersion: t.string,
    kind: t.literal('CustomResourceDefinition'),
    metadata: ObjectMeta,
    spec: CustomResourceDefinitionSpec,
  }),
  t.partial({ status: CustomResourceDefinitionStatus }),
]);
export type CustomResourceDefinition = t.TypeOf<typeof CustomResourceDefinition>;

/** The schema a version declares, if any. */
export const schemaOfVersion = (crd: CustomResourceDefinition, version: string): JSONSchemaProps | undefined =>
  crd.spec.versions?.find((v) => v.name === version)?.schema?.openAPIV3Schema;

/** upstream: the one version marked `storage: true` (the first, if the CRD is invalid). */
export const storageVersionOf = (crd: CustomResourceDefinition): string | undefined =>
  crd.spec.versions?.find((v) => v.storage === true)?.name;
