import { isLeft } from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LabelSelector, Selector } from '../../src/api/selector.js';
import { fromLabelSelector, matches, parseSelector, selectorToString } from '../../src/api/selector.js';

const SEED = 20260402;

const key = fc.constantFrom('app', 'tier', 'env', 'in', 'notin', 'example.com/team', 'k8s.io_x');
const value = fc.constantFrom('', 'web', 'db', 'a-b', 'v1.2', 'in', 'notin', '3', '10', '-4');
const labels = fc.dictionary(key, value, { maxKeys: 5 });
const number = fc.integer({ min: -20, max: 20 }).map(String);

/** Every operator the string form has, with values it accepts. */
const requirement = fc.oneof(
  fc.record({ key, operator: fc.constantFrom('In' as const, 'NotIn' as const), values: fc.uniqueArray(value, { minLength: 1, maxLength: 3 }).map((v) => [...v].sort()) }),
  fc.record({ key, operator: fc.constantFrom('Equals' as const, 'NotEquals' as const), values: value.map((v) => [v]) }),
  fc.record({ key, operator: fc.constantFrom('Gt' as const, 'Lt' as const), values: number.map((v) => [v]) }),
  fc.record({ key, operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const), values: fc.constant([] as string[]) }),
);
const selector: fc.Arbitrary<Selector> = fc.array(requirement, { maxLength: 5 }).map((reqs) => ({ requirements: [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) }));

const apiSelector: fc.Arbitrary<LabelSelector> = fc.record(
  {
    matchLabels: fc.dictionary(key, value, { maxKeys: 3 }),
    matchExpressions: fc.array(
      fc.oneof(
        fc.record({ key, operator: fc.constantFrom('In', 'NotIn'), values: fc.uniqueArray(value, { minLength: 1, maxLength: 3 }) }),
        fc.record({ key, operator: fc.constantFrom('Exists', 'DoesNotExist') }),
      ),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: [] },
);

const reparse = (sel: Selector): Selector => {
  const text = selectorToString(sel);
  const back = parseSelector(text);
  if (isLeft(back)) throw new Error(`${JSON.stringify(text)}: ${back.left}`);
  return back.right;
};

describe(`label selectors (properties, seed ${SEED})`, () => {
  it('Given any selector When printed and parsed back Then the same requirements come out', () => {
    fc.assert(
      fc.property(selector, (sel) => {
        expect(reparse(sel).requirements).toEqual(sel.requirements);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('Given any selector and labels When matched before and after printing Then the answers agree', () => {
    fc.assert(
      fc.property(selector, labels, (sel, ls) => {
        expect(matches(reparse(sel), ls)).toBe(matches(sel, ls));
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('Given an API selector When converted Then matching is the conjunction of its parts, with NotIn true for a missing key', () => {
    fc.assert(
      fc.property(apiSelector, labels, (api, ls) => {
        const sel = fromLabelSelector(api);
        if (isLeft(sel)) throw new Error(sel.left);
        const has = (k: string): boolean => Object.hasOwn(ls, k);
        const byLabels = Object.entries(api.matchLabels ?? {}).every(([k, v]) => has(k) && ls[k] === v);
        const byExpressions = (api.matchExpressions ?? []).every((e) => {
          const inValues = has(e.key) && (e.values ?? []).includes(ls[e.key] ?? '');
          return e.operator === 'In' ? inValues : e.operator === 'NotIn' ? !inValues : e.operator === 'Exists' ? has(e.key) : !has(e.key);
        });
        expect(matches(sel.right, ls)).toBe(byLabels && byExpressions);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('Given any text When parsed Then it never throws, and what parses prints to text that parses the same', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z!=(), <>]{0,16}$/), (text) => {
        const sel = parseSelector(text);
        if (!isLeft(sel)) expect(reparse(sel.right).requirements).toEqual(sel.right.requirements);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
