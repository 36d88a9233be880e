import fc from 'fast-check';
import { isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { CustomResourceDefinition, JSONSchemaProps } from '../../../src/api/crd.js';
import type { KubeObject } from '../../../src/api/meta.js';
import { formatFieldError } from '../../../src/api/validation.js';
import { CRD_RULES, customRulesOf, kindInfoOfCrd } from '../../../src/admission/kinds/crd.js';

// Real CRDs: kubernetes/website's CronTab (tasks/extend-kubernetes/custom-resources, the
// defaulting example) and Shirt (examples/customresourcedefinition).
const CRONTAB = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                cronSpec:
                  type: string
                  pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'
                  default: "5 0 * * *"
                image:
                  type: string
                replicas:
                  type: integer
                  minimum: 1
                  maximum: 10
                  default: 1
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames:
    - ct
`;

const SHIRT = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: shirts.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names:
    plural: shirts
    singular: shirt
    kind: Shirt
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              color:
                type: string
              size:
                type: string
    selectableFields:
    - jsonPath: .spec.color
    - jsonPath: .spec.size
    additionalPrinterColumns:
    - jsonPath: .spec.color
      name: Color
      type: string
    - jsonPath: .spec.size
      name: Size
      type: string
`;

const rules = CRD_RULES[0]!;
const load = (text: string): KubeObject => parse(text) as KubeObject;
const admit = (o: KubeObject): string[] => {
  expect(isRight(rules.codec.decode(o))).toBe(true);
  return (rules.validate?.(rules.defaults?.(o) ?? o) ?? []).map(formatFieldError);
};
const defaulted = (o: KubeObject): CustomResourceDefinition => (rules.defaults?.(o) ?? o) as unknown as CustomResourceDefinition;

/** A minimal valid CRD for group `example.com`, kind `Widget`, with `schema` at v1. */
const widget = (schema: JSONSchemaProps = { type: 'object' }, patch: Record<string, unknown> = {}): KubeObject =>
  ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', kind: 'Widget' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
      ...patch,
    },
  }) as KubeObject;
const S = 'spec.versions[0].schema.openAPIV3Schema';

describe('CustomResourceDefinition: defaults (SetDefaults_CustomResourceDefinition)', () => {
  it('fills singular, listKind, conversion and storedVersions', () => {
    const crd = defaulted(widget());
    expect(crd.spec.names).toEqual({ plural: 'widgets', kind: 'Widget', singular: 'widget', listKind: 'WidgetList' });
    expect(crd.spec.conversion).toEqual({ strategy: 'None' });
    expect(crd.status?.storedVersions).toEqual(['v1']);
  });

  it('keeps what the manifest says, and defaults a conversion webhook service port to 443', () => {
    const crd = defaulted(widget(undefined, { names: { plural: 'widgets', kind: 'Widget', singular: 'wid', listKind: 'Widgets' }, conversion: { strategy: 'Webhook', webhook: { clientConfig: { service: { name: 'conv', namespace: 'x' } }, conversionReviewVersions: ['v1'] } } }));
    expect(crd.spec.names).toMatchObject({ singular: 'wid', listKind: 'Widgets' });
    expect(crd.spec.conversion?.webhook?.clientConfig?.service?.port).toBe(443);
  });
});

describe('CustomResourceDefinition: validation (ValidateCustomResourceDefinition)', () => {
  it('accepts real CRDs', () => {
    expect(admit(load(CRONTAB))).toEqual([]);
    expect(admit(load(SHIRT))).toEqual([]);
  });

  it('the name must be <plural>.<group>', () => {
    expect(admit({ ...widget(), metadata: { name: 'widget.example.com' } })).toEqual(['metadata.name: Invalid value: "widget.example.com": must be spec.names.plural+"."+spec.group']);
  });

  it('the group must be a domain with a dot', () => {
    expect(admit({ ...widget(undefined, { group: 'example' }), metadata: { name: 'widgets.example' } })).toEqual(['spec.group: Invalid value: "example": should be a domain with at least one dot']);
    expect(admit({ ...widget(undefined, { group: '' }), metadata: { name: 'widgets.' } })).toEqual(['spec.group: Required value']);
  });

  it('scope is Cluster or Namespaced', () => {
    expect(admit(widget(undefined, { scope: 'Global' }))).toEqual(['spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"']);
  });

  it('exactly one storage version, unique DNS-1035 version names', () => {
    const v = (name: string, storage: boolean) => ({ name, served: true, storage, schema: { openAPIV3Schema: { type: 'object' } } });
    const none = admit(widget(undefined, { versions: [v('v1', false)] }));
    expect(none).toEqual([
      'spec.versions: Invalid value: [{"name":"v1","served":true,"storage":false,"schema":{"openAPIV3Schema":{"type":"object"}}}]: must have exactly one version marked as storage version',
      'status.storedVersions: Invalid value: []: must have at least one stored version',
    ]);
    expect(admit(widget(undefined, { versions: [] }))).toEqual([
      'spec.versions: Invalid value: []: must have exactly one version marked as storage version',
      'status.storedVersions: Invalid value: []: must have at least one stored version',
    ]);
    expect(admit(widget(undefined, { versions: [v('v1', true), v('v1', false)] }))[0]).toMatch(/^spec\.versions: Invalid value: .*: must contain unique version names$/);
    expect(admit(widget(undefined, { versions: [v('V1', true)] }))[0]).toBe(
      "spec.versions[0].name: Invalid value: \"V1\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    );
  });

  it('every version needs a schema', () => {
    expect(admit(widget(undefined, { versions: [{ name: 'v1', served: true, storage: true }] }))).toEqual(['spec.versions[0].schema.openAPIV3Schema: Required value']);
  });

  it('names: required, DNS-1035, kind differs from listKind', () => {
    expect(admit(widget(undefined, { names: { kind: 'Widget' } }))).toEqual([
      'metadata.name: Invalid value: "widgets.example.com": must be spec.names.plural+"."+spec.group',
      'spec.names.plural: Required value',
    ]);
    expect(admit(widget(undefined, { names: { plural: 'widgets', kind: 'Widget', listKind: 'Widget', shortNames: ['W'] } }))).toEqual([
      "spec.names.shortNames[0]: Invalid value: \"W\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      'spec.names.listKind: Invalid value: "Widget": kind and listKind may not be the same',
    ]);
  });

  it('a None conversion carries no webhook', () => {
    expect(admit(widget(undefined, { conversion: { strategy: 'None', webhook: { clientConfig: { url: 'https://x' }, conversionReviewVersions: ['v1'] } } }))).toEqual([
      'spec.conversion.webhookClientConfig: Forbidden: should not be set when strategy is not set to Webhook',
      'spec.conversion.conversionReviewVersions: Forbidden: should not be set when strategy is not set to Webhook',
    ]);
    expect(admit(widget(undefined, { conversion: { strategy: 'Webhook' } }))).toEqual([
      'spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook',
      'spec.conversion.conversionReviewVersions: Required value',
    ]);
  });

  it('a status in the manifest does not decide storedVersions', () => {
    expect(defaulted({ ...widget(), status: { storedVersions: ['v0'] } }).status?.storedVersions).toEqual(['v1']);
  });

  it('groups under k8s.io need the api-approved annotation', () => {
    const o = { ...widget(undefined, { group: 'things.k8s.io' }), metadata: { name: 'widgets.things.k8s.io' } };
    expect(admit(o)).toEqual(['metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111']);
    expect(admit({ ...o, metadata: { ...o.metadata, annotations: { 'api-approved.kubernetes.io': 'unapproved, testing' } } })).toEqual([]);
  });

  it('printer columns and scale paths', () => {
    const version = { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } }, additionalPrinterColumns: [{ name: 'Age', type: 'time', jsonPath: 'metadata.x' }], subresources: { scale: { specReplicasPath: '.status.replicas' } } };
    expect(admit(widget(undefined, { versions: [version] }))).toEqual([
      'spec.versions[0].subresources.scale.specReplicasPath: Invalid value: ".status.replicas": should be a json path under .spec',
      'spec.versions[0].subresources.scale.statusReplicasPath: Required value',
      'spec.versions[0].additionalPrinterColumns[0].type: Invalid value: "time": must be one of boolean,date,integer,number,string',
      'spec.versions[0].additionalPrinterColumns[0].JSONPath: Invalid value: "metadata.x": must be a simple json path starting with .',
    ]);
  });
});

describe('CustomResourceDefinition: the schema (structural, defaults, OpenAPI restrictions)', () => {
  it('the root must be an object', () => {
    expect(admit(widget({ type: 'string' }))).toEqual([`${S}.type: Invalid value: "string": must be object at the root`]);
  });

  it('every specified field has a type, unless int-or-string or preserve-unknown-fields', () => {
    const schema: JSONSchemaProps = { type: 'object', properties: { spec: { type: 'object', properties: { a: {}, b: { 'x-kubernetes-int-or-string': true }, c: { 'x-kubernetes-preserve-unknown-fields': true }, d: { type: 'array' } } } } };
    expect(admit(widget(schema))).toEqual([
      `${S}.properties[spec].properties[a].type: Required value: must not be empty for specified object fields`,
      `${S}.properties[spec].properties[d].items: Required value: must be specified`,
    ]);
  });

  it('metadata may only restrict name and generateName; additionalProperties not at the root', () => {
    expect(admit(widget({ type: 'object', properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } } }))).toEqual([
      `${S}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`,
    ]);
    expect(admit(widget({ type: 'object', additionalProperties: { type: 'string' } }))).toEqual([`${S}.additionalProperties: Forbidden: must not be used at the root`]);
  });

  it('combinators may not carry types or defaults', () => {
    expect(admit(widget({ type: 'object', properties: { spec: { type: 'object', anyOf: [{ type: 'object', required: ['a'] }] } } }))).toEqual([
      `${S}.properties[spec].anyOf[0].type: Forbidden: must be empty to be structural`,
    ]);
  });

  it('defaults must be valid and pruned; none in top-level metadata', () => {
    const schema = (d: unknown): JSONSchemaProps => ({ type: 'object', properties: { spec: { type: 'object', properties: { replicas: { type: 'integer', default: d }, sel: { type: 'object', properties: { a: { type: 'string' } }, default: { a: 'x', b: 'y' } } } } } });
    expect(admit(widget(schema('two')))).toEqual([
      `${S}.properties[spec].properties[replicas].default: Invalid value: "string":  in body must be of type integer: "string"`,
      `${S}.properties[spec].properties[sel].default: Invalid value: {"a":"x","b":"y"}: must not have unknown fields`,
    ]);
    expect(admit(widget({ type: 'object', properties: { metadata: { type: 'object', default: {} } } }))).toEqual([`${S}.properties[metadata].default: Forbidden: must not be set in top-level metadata`]);
  });

  it('OpenAPI keywords the API server refuses', () => {
    const spec = (s: JSONSchemaProps): JSONSchemaProps => ({ type: 'object', properties: { spec: s } });
    expect(admit(widget(spec({ type: 'array', items: { type: 'string' }, uniqueItems: true })))).toEqual([
      `${S}.properties[spec].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`,
    ]);
    expect(admit(widget(spec({ type: 'object', 'x-kubernetes-preserve-unknown-fields': false })))).toEqual([
      `${S}.properties[spec].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined`,
    ]);
    expect(admit(widget(spec({ type: 'foo' })))).toEqual([`${S}.properties[spec].type: Unsupported value: "foo": supported values: "array", "boolean", "integer", "number", "object", "string"`]);
    expect(admit(widget(spec({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false })))).toEqual([
      `${S}.properties[spec].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`,
    ]);
  });

  it('list-type map needs keys that are required or defaulted', () => {
    const ports: JSONSchemaProps = { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', properties: { name: { type: 'string' } } } };
    expect(admit(widget({ type: 'object', properties: { ports } }))).toEqual([
      `${S}.properties[ports].items.properties[name].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
    ]);
  });

  it('with a status subresource, the root keeps to what can be split', () => {
    const version = { name: 'v1', served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', minProperties: 1 } } };
    expect(admit(widget(undefined, { versions: [version] }))[0]).toMatch(/^spec\.versions\[0\]\.schema\.openAPIV3Schema: Invalid value: .*: only \[Description Type .*\] fields are allowed at the root of the schema if the status subresource is enabled$/);
  });
});

describe('CustomResourceDefinition: update', () => {
  it('group and plural are immutable; other names may change', () => {
    const before = defaulted(widget()) as unknown as KubeObject;
    const after = defaulted(widget(undefined, { group: 'other.com', names: { plural: 'widgets', kind: 'Gadget' } })) as unknown as KubeObject;
    expect(rules.validateUpdate?.(before, after).map(formatFieldError)).toEqual(['spec.group: Invalid value: "other.com": field is immutable']);
  });
});

describe('the custom kind', () => {
  const crontab = defaulted(load(CRONTAB));
  const custom = customRulesOf(crontab);
  const object = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'my-new-cron-object', namespace: 'default' }, spec });

  it('kindInfoOfCrd describes it as kubectl does', () => {
    expect(kindInfoOfCrd(crontab)).toEqual({ kind: 'CronTab', apiVersion: 'stable.example.com/v1', otherVersions: [], namespaced: true, plural: 'crontabs', shortNames: ['ct'], modelled: false });
  });

  it('defaults and prunes as the API server does (docs: Defaulting)', () => {
    expect(custom.defaults?.(object({ image: 'my-awesome-cron-image', typo: 1 }))).toEqual(object({ cronSpec: '5 0 * * *', image: 'my-awesome-cron-image', replicas: 1 }));
  });

  it('refuses what the schema refuses (docs: Validation)', () => {
    const bad = object({ cronSpec: '* * * *', image: 'my-awesome-cron-image', replicas: 15 });
    expect(custom.validate?.(custom.defaults?.(bad) ?? bad).map(formatFieldError)).toEqual([
      "spec.cronSpec: Invalid value: \"* * * *\": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'",
      'spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10',
    ]);
  });

  it('validates an object at its own served version and converts to the storage version', () => {
    const two = defaulted(widget(undefined, { versions: [
      { name: 'v1beta1', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'string' } } } } } } },
      { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } },
    ] }));
    const r = customRulesOf(two);
    const old: KubeObject = { apiVersion: 'example.com/v1beta1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 'L' } };
    expect(kindInfoOfCrd(two)).toMatchObject({ apiVersion: 'example.com/v1', otherVersions: ['example.com/v1beta1'] });
    expect(r.validate?.(old)).toEqual([]);
    expect(r.convert?.(old, 'example.com/v1beta1').apiVersion).toBe('example.com/v1');
  });
});

// -------------------------------------------------------------------------------------
// properties
// -------------------------------------------------------------------------------------

const LEAF = {
  type: fc.constantFrom('object', 'array', 'string', 'integer', 'number', 'boolean', 'null', ''),
  format: fc.constantFrom('int32', 'date-time', 'byte', 'cidr', 'nope'),
  nullable: fc.boolean(),
  default: fc.jsonValue({ maxDepth: 2 }),
  enum: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  required: fc.array(fc.constantFrom('a', 'b', 'metadata'), { maxLength: 2 }),
  minimum: fc.integer({ min: -3, max: 3 }),
  maxLength: fc.nat(4),
  pattern: fc.constantFrom('^a', '(', '(?i)b$'),
  'x-kubernetes-int-or-string': fc.boolean(),
  'x-kubernetes-preserve-unknown-fields': fc.boolean(),
  'x-kubernetes-embedded-resource': fc.boolean(),
  'x-kubernetes-list-type': fc.constantFrom('set', 'map', 'atomic', 'bag'),
  'x-kubernetes-list-map-keys': fc.array(fc.constantFrom('a', 'b'), { maxLength: 2 }),
};

/** Schemas up to `depth` levels of nesting, each keyword present or not. */
const schemaArb = (depth: number): fc.Arbitrary<JSONSchemaProps> => {
  if (depth === 0) return fc.record(LEAF, { requiredKeys: [] });
  const sub = schemaArb(depth - 1);
  return fc.record(
    {
      ...LEAF,
      properties: fc.dictionary(fc.constantFrom('a', 'b', 'kind', 'metadata', 'toString'), sub, { maxKeys: 2 }),
      items: sub,
      additionalProperties: fc.oneof(fc.boolean(), sub),
      anyOf: fc.array(sub, { maxLength: 2 }),
    },
    { requiredKeys: [] },
  );
};

describe('properties (seeded)', () => {
  const seed = 424242;
  it(`CRD validation and the custom kind's rules never throw; defaulting is idempotent for admitted CRDs (seed ${seed})`, () => {
    fc.assert(
      fc.property(schemaArb(3), fc.jsonValue({ maxDepth: 3 }), (schema, spec) => {
        const crd = widget(schema);
        if (!isRight(rules.codec.decode(crd))) return;
        const crdErrors = rules.validate?.(rules.defaults?.(crd) ?? crd) ?? [];
        const custom = customRulesOf(defaulted(crd));
        const o: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec };
        const once = custom.defaults?.(o) ?? o;
        custom.validate?.(once);
        // upstream refuses unpruned or invalid defaults, which is what makes defaulting idempotent
        if (crdErrors.length === 0) expect(custom.defaults?.(once)).toEqual(once);
      }),
      { seed, numRuns: 250 },
    );
  });
});
