import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JSONSchemaProps } from '../../../src/api/crd.js';
import { formatFieldError } from '../../../src/api/validation.js';
import { applyDefaults, prune, pruneAndDefault, pruneNulls } from '../../../src/admission/kinds/crd-defaults.js';
import { compilePattern, goFloat, validateAgainstSchema, validateListTypes } from '../../../src/admission/kinds/crd-schema.js';

const obj = (properties: Record<string, JSONSchemaProps>, extra: JSONSchemaProps = {}): JSONSchemaProps => ({ type: 'object', properties, ...extra });
const withSpec = (spec: Record<string, JSONSchemaProps>, extra: JSONSchemaProps = {}): JSONSchemaProps => obj({ spec: obj(spec, extra) });
const errs = (schema: JSONSchemaProps, value: unknown): string[] => validateAgainstSchema(schema, value).map(formatFieldError);
const specErrs = (spec: Record<string, JSONSchemaProps>, value: Record<string, unknown>, extra: JSONSchemaProps = {}): string[] => errs(withSpec(spec, extra), { spec: value });

describe('custom object validation: types (kube-openapi typeValidator)', () => {
  it('reports the type name of a wrong value, as the API server does', () => {
    expect(specErrs({ replicas: { type: 'integer' } }, { replicas: 'three' })).toEqual([
      'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    ]);
    expect(specErrs({ on: { type: 'boolean' } }, { on: 1 })).toEqual(['spec.on: Invalid value: "integer": spec.on in body must be of type boolean: "integer"']);
    expect(specErrs({ tags: { type: 'array', items: { type: 'string' } } }, { tags: { a: 1 } })).toEqual([
      'spec.tags: Invalid value: "object": spec.tags in body must be of type array: "object"',
    ]);
  });

  it('accepts an integer where a number is expected, not a fraction where an integer is', () => {
    expect(specErrs({ ratio: { type: 'number' } }, { ratio: 2 })).toEqual([]);
    expect(specErrs({ replicas: { type: 'integer' } }, { replicas: 1.5 })).toEqual([
      'spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"',
      '<nil>: Invalid value: "": Checked value must be of type integer (default format) in spec.replicas',
    ]);
  });

  it('checks the int32 range of an integer, under upstream\'s nil path', () => {
    expect(specErrs({ port: { type: 'integer', format: 'int32' } }, { port: 3000000000 })).toEqual([
      '<nil>: Invalid value: "": Checked value must be of type integer with format int32 in spec.port',
    ]);
    expect(specErrs({ port: { type: 'integer', format: 'int32' } }, { port: 2147483647 })).toEqual([]);
  });

  it('refuses null unless nullable', () => {
    expect(specErrs({ note: { type: 'string' } }, { note: null })).toEqual(['spec.note: Invalid value: "null": spec.note in body must be of type string: "null"']);
    expect(specErrs({ note: { type: 'string', nullable: true } }, { note: null })).toEqual([]);
  });

  it('x-kubernetes-int-or-string takes integers and strings only', () => {
    const port: JSONSchemaProps = { 'x-kubernetes-int-or-string': true };
    expect(specErrs({ port }, { port: 80 })).toEqual([]);
    expect(specErrs({ port }, { port: 'http' })).toEqual([]);
    expect(specErrs({ port }, { port: true })).toEqual(['spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"']);
  });
});

describe('custom object validation: value rules', () => {
  it('required, enum and minimum as in the issue', () => {
    expect(specErrs({ size: { type: 'integer' } }, {}, { required: ['size'] })).toEqual(['spec.size: Required value']);
    expect(specErrs({ mode: { type: 'string', enum: ['a', 'b'] } }, { mode: 'z' })).toEqual(['spec.mode: Unsupported value: "z": supported values: "a", "b"']);
    expect(specErrs({ replicas: { type: 'integer', minimum: 1 } }, { replicas: 0 })).toEqual([
      'spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1',
    ]);
  });

  it('a required field at the root hangs under its own name', () => {
    expect(errs(obj({ spec: { type: 'object' } }, { required: ['spec'] }), {})).toEqual(['spec: Required value']);
  });

  it('enum values that are not strings are quoted JSON; null never matches', () => {
    expect(specErrs({ level: { type: 'integer', enum: [1, 2] } }, { level: 3 })).toEqual(['spec.level: Unsupported value: 3: supported values: "1", "2"']);
    expect(specErrs({ level: { type: 'integer', enum: [1, 2] } }, { level: 2 })).toEqual([]);
  });

  it('exclusive bounds and maximum', () => {
    expect(specErrs({ n: { type: 'integer', maximum: 10, exclusiveMaximum: true } }, { n: 10 })).toEqual(['spec.n: Invalid value: 10: spec.n in body should be less than 10']);
    expect(specErrs({ n: { type: 'integer', minimum: 0, exclusiveMinimum: true } }, { n: 0 })).toEqual(['spec.n: Invalid value: 0: spec.n in body should be greater than 0']);
    expect(specErrs({ n: { type: 'number', maximum: 0.5 } }, { n: 0.75 })).toEqual(['spec.n: Invalid value: 0.75: spec.n in body should be less than or equal to 0.5']);
  });

  it('an integer bound that is not whole is refused on every value (upstream range check)', () => {
    expect(specErrs({ n: { type: 'integer', minimum: 0.5 } }, { n: 3 })).toEqual(['<nil>: Invalid value: "": Minimum boundary value must be of type integer (default format) in spec.n']);
  });

  it('multipleOf', () => {
    expect(specErrs({ n: { type: 'integer', multipleOf: 5 } }, { n: 12 })).toEqual(['spec.n: Invalid value: 12: spec.n in body should be a multiple of 5']);
    expect(specErrs({ n: { type: 'number', multipleOf: 0.5 } }, { n: 1.5 })).toEqual([]);
  });

  it('string lengths count characters; only the first failing string rule is reported', () => {
    expect(specErrs({ name: { type: 'string', maxLength: 3 } }, { name: 'abcd' })).toEqual(['spec.name: Too long: may not be more than 3 bytes']);
    expect(specErrs({ name: { type: 'string', maxLength: 3 } }, { name: 'ééé' })).toEqual([]);
    expect(specErrs({ name: { type: 'string', minLength: 1, pattern: '^a' } }, { name: '' })).toEqual(['spec.name: Invalid value: "": spec.name in body should be at least 1 chars long']);
    expect(specErrs({ schedule: { type: 'string', pattern: '^\\d+$' } }, { schedule: 'x' })).toEqual(["spec.schedule: Invalid value: \"x\": spec.schedule in body should match '^\\d+$'"]);
  });

  it('array items, sizes and item paths', () => {
    const tags: JSONSchemaProps = { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2 };
    expect(specErrs({ tags }, { tags: [] })).toEqual(['spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items']);
    expect(specErrs({ tags }, { tags: ['a', 'b', 'c'] })).toEqual(['spec.tags: Too many: 3: must have at most 2 items']);
    expect(specErrs({ tags }, { tags: ['a', 2] })).toEqual(['spec.tags[1]: Invalid value: "integer": spec.tags[1] in body must be of type string: "integer"']);
  });

  it('property counts and additionalProperties schemas', () => {
    const labels: JSONSchemaProps = { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 1, minProperties: 1 };
    expect(specErrs({ labels }, { labels: { a: 1 } })).toEqual(['spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer"']);
    expect(specErrs({ labels }, { labels: { a: 'x', b: 'y' } })).toEqual(['spec.labels: Too many: 2: must have at most 1 items']);
    expect(specErrs({ labels }, { labels: {} })).toEqual(['spec.labels: Invalid value: 0: spec.labels in body should have at least 1 properties']);
  });

  it('formats the API server knows; unknown formats are ignored', () => {
    expect(specErrs({ at: { type: 'string', format: 'date-time' } }, { at: 'yesterday' })).toEqual([
      'spec.at: Invalid value: "yesterday": spec.at in body must be of type date-time: "yesterday"',
    ]);
    expect(specErrs({ at: { type: 'string', format: 'date-time' } }, { at: '2024-02-29T03:04:05.5+01:00' })).toEqual([]);
    expect(specErrs({ day: { type: 'string', format: 'date' } }, { day: '2023-02-29' })).toEqual(['spec.day: Invalid value: "2023-02-29": spec.day in body must be of type date: "2023-02-29"']);
    expect(specErrs({ ip: { type: 'string', format: 'ipv4' } }, { ip: '10.0.0.256' })).toHaveLength(1);
    expect(specErrs({ ip: { type: 'string', format: 'ipv6' } }, { ip: 'fe80::1' })).toEqual([]);
    expect(specErrs({ net: { type: 'string', format: 'cidr' } }, { net: '10.0.0.0/8' })).toEqual([]);
    expect(specErrs({ id: { type: 'string', format: 'uuid' } }, { id: 'not-a-uuid' })).toHaveLength(1);
    expect(specErrs({ x: { type: 'string', format: 'k8s-whatever' } }, { x: '!!' })).toEqual([]);
  });

  it('anyOf, oneOf and not are reported under the nil path with the quoted name', () => {
    const schema = withSpec({ a: { type: 'string' }, b: { type: 'string' } }, { anyOf: [{ required: ['a'] }, { required: ['b'] }] });
    expect(errs(schema, { spec: {} })).toEqual(['<nil>: Invalid value: "": "spec" must validate at least one schema (anyOf)', 'spec.a: Required value']);
    expect(errs(schema, { spec: { b: 'x' } })).toEqual([]);
    const one = withSpec({ a: { type: 'string' }, b: { type: 'string' } }, { oneOf: [{ required: ['a'] }, { required: ['b'] }] });
    expect(errs(one, { spec: { a: 'x', b: 'y' } })).toEqual(['<nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found 2 valid alternatives']);
  });

  it('x-kubernetes-list-type set and map refuse duplicates, once per value', () => {
    const schema = withSpec({
      tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
      ports: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: obj({ name: { type: 'string' } }) },
    });
    const value = { spec: { tags: ['a', 'b', 'a', 'a'], ports: [{ name: 'http' }, { name: 'http', port: 2 }] } };
    expect(validateListTypes(schema, value).map(formatFieldError)).toEqual(['spec.tags[2]: Duplicate value: "a"', 'spec.ports[1]: Duplicate value: {"name":"http"}']);
  });
});

describe('pruning and defaulting (apiextensions structural schema)', () => {
  const schema = obj({
    spec: obj({
      replicas: { type: 'integer', default: 1 },
      template: obj({ image: { type: 'string', default: 'nginx' } }, { default: {} }),
      ports: { type: 'array', items: obj({ port: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' } }) },
      labels: { type: 'object', additionalProperties: { type: 'string', default: 'x' } },
      note: { type: 'string' },
      extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      nested: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
    }),
  });

  it('fills absent fields, recursing into what it defaulted', () => {
    expect(pruneAndDefault({ apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a' }, spec: {} }, schema)).toEqual({
      apiVersion: 'x/v1',
      kind: 'X',
      metadata: { name: 'a' },
      spec: { replicas: 1, template: { image: 'nginx' } },
    });
  });

  it('keeps given values, defaults array items and additionalProperties nulls', () => {
    const out = applyDefaults({ spec: { replicas: 3, ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }], labels: { a: null } } }, schema);
    expect(out).toEqual({ spec: { replicas: 3, template: { image: 'nginx' }, ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }], labels: { a: 'x' } } });
  });

  it('replaces a null with the default unless nullable', () => {
    expect(applyDefaults({ a: null }, obj({ a: { type: 'string', default: 'd' } }))).toEqual({ a: 'd' });
    expect(applyDefaults({ a: null }, obj({ a: { type: 'string', default: 'd', nullable: true } }))).toEqual({ a: null });
  });

  it('prunes unknown fields but keeps apiVersion, kind, metadata and preserved subtrees', () => {
    const value = { apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a' }, junk: 1, spec: { replicas: 2, typo: true, extra: { anything: [1] }, nested: { kind: 'Pod', metadata: {}, foo: 1 } } };
    expect(prune(value, schema)).toEqual({ apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a' }, spec: { replicas: 2, extra: { anything: [1] }, nested: { kind: 'Pod', metadata: {}, foo: 1 } } });
  });

  it('drops nulls of non-nullable fields without a default', () => {
    expect(pruneNulls({ spec: { note: null, replicas: null } }, schema)).toEqual({ spec: { replicas: null } });
  });

  it('treats __proto__ and toString as ordinary keys', () => {
    const value = JSON.parse('{"spec":{"__proto__":{"a":1},"toString":2,"replicas":1}}') as unknown;
    const out = pruneAndDefault(value, schema) as { spec: object };
    expect(Object.keys(out.spec)).toEqual(['replicas', 'template']);
    const open = pruneAndDefault(value, obj({ spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } })) as { spec: object };
    expect(Object.keys(open.spec)).toEqual(['__proto__', 'toString', 'replicas']);
    expect(errs(schema, value)).toEqual([]);
  });

  it('does not change its input', () => {
    const value = { spec: {} };
    pruneAndDefault(value, schema);
    expect(value).toEqual({ spec: {} });
  });
});

describe('helpers', () => {
  it("goFloat prints as Go's %v", () => {
    expect([0.5, 1, 123456, 1234567, 0.0001, 0.00001, 1e21].map(goFloat)).toEqual(['0.5', '1', '123456', '1.234567e+06', '0.0001', '1e-05', '1e+21']);
  });

  it('compilePattern understands the RE2 inline flags ECMAScript lacks', () => {
    const r = compilePattern('^(?i)(abort|warn)?$');
    expect(r instanceof RegExp && r.test('ABORT')).toBe(true);
    expect(compilePattern('(')).toBeInstanceOf(Error);
  });
});

// -------------------------------------------------------------------------------------
// properties
// -------------------------------------------------------------------------------------

const SCHEMAS: readonly JSONSchemaProps[] = [
  obj({ spec: obj({ replicas: { type: 'integer', default: 1, minimum: 0 }, mode: { type: 'string', enum: ['a', 'b'], default: 'a' } }, { required: ['replicas'] }) }),
  obj({ spec: obj({ items: { type: 'array', items: obj({ name: { type: 'string', default: 'n' }, v: { 'x-kubernetes-int-or-string': true } }) } }) }),
  obj({ spec: { type: 'object', additionalProperties: { type: 'object', properties: { x: { type: 'number', default: 0.5, nullable: true } } } } }),
  obj({ spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { s: { type: 'string', default: 's', pattern: '^s' } } } }),
];

describe('properties (seeded)', () => {
  const seed = 20240601;
  it(`validate never throws and defaults is idempotent (seed ${seed})`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCHEMAS), fc.jsonValue(), fc.jsonValue(), (schema, spec, junk) => {
        const value = { apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a' }, spec, junk };
        validateAgainstSchema(schema, value);
        validateListTypes(schema, value);
        const once = pruneAndDefault(value, schema);
        validateAgainstSchema(schema, once);
        expect(pruneAndDefault(once, schema)).toEqual(once);
      }),
      { seed, numRuns: 500 },
    );
  });
});
