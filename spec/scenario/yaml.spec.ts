/** YAML with positions, closed codecs and the wording of decoding errors. */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { DurationMs } from '../../src/api/duration.js';
import type { InputError } from '../../src/scenario/errors.js';
import type { LocatedDoc } from '../../src/scenario/yaml.js';
import { closed, parseYamlDocuments, reportErrors } from '../../src/scenario/yaml.js';

const docs = (text: string): readonly LocatedDoc[] => {
  const r = parseYamlDocuments(text, 'f.yaml');
  if (isLeft(r)) throw new Error(r.left.message);
  return r.right;
};

const only = (text: string): LocatedDoc => {
  const [d] = docs(text);
  if (d === undefined) throw new Error('no document');
  return d;
};

const failure = (r: Either<InputError, unknown>): InputError | undefined => (isLeft(r) ? r.left : undefined);

describe('parseYamlDocuments', () => {
  it('returns every document with its position, skipping empty ones and explicit nulls', () => {
    const text = '---\n# only a comment\n---\na: 1\n---\n- x\n--- null\n---\n';
    expect(docs(text).map((d) => ({ value: d.value, at: `${d.file}:${d.line}:${d.col}` }))).toEqual([
      { value: { a: 1 }, at: 'f.yaml:4:1' },
      { value: ['x'], at: 'f.yaml:6:1' },
    ]);
    expect(docs('')).toEqual([]);
  });

  it('reports the first syntax error at its line and column', () => {
    expect(failure(parseYamlDocuments('a: 1\nb: [1, 2\nc: 3\n', 'f.yaml'))).toEqual({ file: 'f.yaml', line: 3, col: 1, message: expect.stringMatching(/^invalid YAML: Flow sequence/) });
    expect(failure(parseYamlDocuments('a:\n\tb: 1\n', 'f.yaml'))).toMatchObject({ line: 2, col: 1, message: expect.stringMatching(/^invalid YAML: Tabs are not allowed/) });
  });

  it('refuses a duplicate key, naming it, at the second occurrence', () => {
    expect(failure(parseYamlDocuments('a: 1\nm:\n  "k": 1\n  k: 2\n', 'f.yaml'))).toEqual({ file: 'f.yaml', line: 4, col: 3, message: 'invalid YAML: duplicate key "k" (keys of a mapping must be unique)' });
  });

  it('reads YAML 1.2 core values: yes, no, on and off stay strings', () => {
    expect(only('a: yes\nb: no\nc: on\nd: off\ne: true\nf: ~\ng: 1.5\n').value).toEqual({ a: 'yes', b: 'no', c: 'on', d: 'off', e: true, f: null, g: 1.5 });
  });

  it('reads 0644 as octal, as kubectl does (sigs.k8s.io/yaml), other numbers as 1.2 does', () => {
    expect(only('a: 0644\nb: 0\nc: 0o17\nd: 08\ne: "0644"\nf: 10\n').value).toEqual({ a: 420, b: 0, c: 15, d: 8, e: '0644', f: 10 });
  });

  it('makes every key a string, and refuses a collection as a key', () => {
    expect(only('80: http\ntrue: x\n1.5: y\n').value).toEqual({ '80': 'http', true: 'x', '1.5': 'y' });
    expect(failure(parseYamlDocuments('a: 1\n[x]: 2\n', 'f.yaml'))).toMatchObject({ line: 2, col: 1, message: 'invalid YAML: With stringKeys, all keys must be strings' });
  });

  it('expands anchors, aliases and << merge keys, and refuses an alias bomb', () => {
    expect(only('base: &b { image: nginx, port: 80 }\nweb:\n  <<: *b\n  port: 8080\n').value).toEqual({ base: { image: 'nginx', port: 80 }, web: { image: 'nginx', port: 8080 } });
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n');
    expect(failure(parseYamlDocuments(bomb, 'f.yaml'))).toMatchObject({ file: 'f.yaml', message: expect.stringMatching(/^invalid YAML: .*alias/i) });
  });
});

describe('LocatedDoc.locate', () => {
  const d = only('spec:\n  timeline:\n    - at: 1m\n      scale: { target: rs/web, replicas: three }\n    - at: 2m\n');

  it('finds the key of a mapping entry and the start of a list item', () => {
    expect(d.locate([])).toEqual({ line: 1, col: 1 });
    expect(d.locate(['spec', 'timeline'])).toEqual({ line: 2, col: 3 });
    expect(d.locate(['spec', 'timeline', 1])).toEqual({ line: 5, col: 7 });
    expect(d.locate(['spec', 'timeline', 0, 'scale', 'replicas'])).toEqual({ line: 4, col: 32 });
  });

  it('gives the deepest existing ancestor for a path that is not there', () => {
    expect(d.locate(['spec', 'timeline', 0, 'scale', 'namespace'])).toEqual({ line: 4, col: 7 });
    expect(d.locate(['spec', 'timeline', 7, 'at'])).toEqual({ line: 2, col: 3 });
    expect(d.locate(['nowhere', 'deeper'])).toEqual({ line: 1, col: 1 });
  });

  it('follows aliases', () => {
    const a = only('base: &b\n  image: nginx\nweb: *b\n');
    expect(a.locate(['web', 'image'])).toEqual({ line: 2, col: 3 });
  });
});

describe('closed', () => {
  const Pool = closed(t.type({ name: t.string, every: DurationMs }), t.partial({ labels: t.record(t.string, t.string) }));
  const decode = (text: string, prefix?: string): InputError[] | unknown => {
    const d = only(text);
    const r = Pool.decode(d.value);
    return isLeft(r) ? reportErrors(r.left, d, prefix) : r.right;
  };

  it('decodes the fields of its codecs and nothing else', () => {
    expect(decode('name: w\nevery: 30s\nlabels: { a: b }\n')).toEqual({ name: 'w', every: 30_000, labels: { a: 'b' } });
  });

  it('refuses an unknown field, with its path and position', () => {
    expect(decode('name: w\nevery: 1m\ncolour: blue\n')).toEqual([{ file: 'f.yaml', line: 3, col: 1, path: 'colour', message: 'unknown field "colour"' }]);
  });

  it('reads null as absent: an optional field is left out, a required one is missing', () => {
    expect(decode('name: w\nevery: 1m\nlabels:\n')).toEqual({ name: 'w', every: 60_000 });
    expect(decode('name:\nevery: 1m\n')).toEqual([{ file: 'f.yaml', line: 1, col: 1, path: 'name', message: 'Required value' }]);
  });

  it('encodes field by field, so a decoded value writes back as it was written', () => {
    expect(Pool.encode({ name: 'w', every: 90_000 })).toEqual({ name: 'w', every: '1m30s' });
    expect(Pool.is({ name: 'w', every: 5 })).toBe(true);
    expect(Pool.is({ name: 'w', every: 5, extra: 1 })).toBe(false);
  });

  it('takes the fields of intersections and of other closed codecs', () => {
    const Both = closed(t.intersection([t.type({ a: t.string }), t.partial({ b: t.number })]), closed(t.partial({ c: t.boolean })));
    expect(Both.decode({ a: 'x', c: true })).toEqual({ _tag: 'Right', right: { a: 'x', c: true } });
    expect(isLeft(Both.decode({ a: 'x', d: 1 }))).toBe(true);
  });
});

describe('reportErrors', () => {
  const Item = closed(t.type({ name: t.string }), t.partial({ port: t.union([t.number, t.string]), sizes: t.array(t.number), env: t.record(t.string, t.string) }));
  const Spec = closed(t.type({ items: t.array(Item) }));
  const report = (text: string, prefix?: string): InputError[] => {
    const d = only(text);
    const r = Spec.decode(d.value);
    return isLeft(r) ? reportErrors(r.left, d, prefix) : [];
  };

  it('words errors as the API server does, with dotted paths and [i] for list items, in the order written', () => {
    const text = 'items:\n  - name: a\n    sizes: [1, two]\n    env: { A: 1 }\n  - port: true\n';
    expect(report(text)).toEqual([
      { file: 'f.yaml', line: 3, col: 16, path: 'items[0].sizes[1]', message: 'Invalid value: "two": expected a number' },
      { file: 'f.yaml', line: 4, col: 12, path: 'items[0].env.A', message: 'Invalid value: 1: expected a string' },
      { file: 'f.yaml', line: 5, col: 5, path: 'items[1].name', message: 'Required value' },
      { file: 'f.yaml', line: 5, col: 5, path: 'items[1].port', message: 'Invalid value: true: expected a number or a string' },
    ]);
  });

  it('puts a prefix before the printed path only', () => {
    expect(report('items: [ { name: 1 } ]\n', 'spec.manifests[0].inline')).toEqual([
      { file: 'f.yaml', line: 1, col: 12, path: 'spec.manifests[0].inline.items[0].name', message: 'Invalid value: 1: expected a string' },
    ]);
  });

  it('reports the union member that got furthest, not every member', () => {
    const Choice = t.union([closed(t.type({ scale: closed(t.type({ replicas: t.number })) })), closed(t.type({ delete: closed(t.type({ target: t.string })) }))]);
    const d = only('scale: { replicas: three }\n');
    const r = Choice.decode(d.value);
    expect(isLeft(r) && reportErrors(r.left, d)).toEqual([{ file: 'f.yaml', line: 1, col: 10, path: 'scale.replicas', message: 'Invalid value: "three": expected a number' }]);
  });

  it('reports one error per path', () => {
    const Twice = closed(t.type({ a: t.intersection([t.string, t.string]) }));
    const d = only('a: 1\n');
    const r = Twice.decode(d.value);
    expect(isLeft(r) && reportErrors(r.left, d)).toEqual([{ file: 'f.yaml', line: 1, col: 1, path: 'a', message: 'Invalid value: 1: expected a string' }]);
  });
});
