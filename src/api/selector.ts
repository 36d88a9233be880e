/**
 * Label selectors (apimachinery pkg/labels, metav1.LabelSelector): the API form, the
 * string form kubectl's `-l` takes, matching, and printing.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

export const LabelSelector = t.partial({
  matchLabels: t.record(t.string, t.string),
  matchExpressions: t.array(t.intersection([t.type({ key: t.string, operator: t.string }), t.partial({ values: t.array(t.string) })])),
});
export type LabelSelector = t.TypeOf<typeof LabelSelector>;

export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Equals' | 'NotEquals' | 'Gt' | 'Lt';
export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}
export interface Selector {
  readonly requirements: readonly Requirement[];
  readonly matchesNothing?: boolean;
}

export const everything: Selector = { requirements: [] };
export const nothing: Selector = { requirements: [], matchesNothing: true };

const byKey = (a: Requirement, b: Requirement): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export const fromLabelSelector = (s: LabelSelector | undefined | null): Either<string, Selector> => {
  if (s === undefined || s === null) return right(nothing);
  const reqs: Requirement[] = Object.entries(s.matchLabels ?? {}).map(([key, v]) => ({ key, operator: 'In', values: [v] }));
  for (const e of s.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort();
    if (e.operator === 'In' || e.operator === 'NotIn') {
      if (values.length === 0) return left(`values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty`);
    } else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') {
      if (values.length > 0) return left(`values: Invalid value: ${JSON.stringify(values)}: values set must be empty for exists and does not exist`);
    } else return left(`${JSON.stringify(e.operator)} is not a valid label selector operator`);
    reqs.push({ key: e.key, operator: e.operator, values });
  }
  return right({ requirements: reqs.sort(byKey) });
};

const matchOne = (r: Requirement, labels: Readonly<Record<string, string>>): boolean => {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  switch (r.operator) {
    case 'In':
    case 'Equals':
      return has && r.values.includes(v ?? '');
    case 'NotIn':
    case 'NotEquals':
      return !has || !r.values.includes(v ?? '');
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || !/^-?\d+$/.test(v ?? '')) return false;
      const bound = Number(r.values[0]);
      return r.operator === 'Gt' ? Number(v) > bound : Number(v) < bound;
    }
  }
};

export const matches = (sel: Selector, labels: Readonly<Record<string, string>> | undefined): boolean =>
  sel.matchesNothing !== true && sel.requirements.every((r) => matchOne(r, labels ?? {}));

const reqString = (r: Requirement): string => {
  switch (r.operator) {
    case 'Equals':
      return `${r.key}=${r.values[0] ?? ''}`;
    case 'In':
      return r.values.length === 1 ? `${r.key}=${r.values[0] ?? ''}` : `${r.key} in (${r.values.join(',')})`;
    case 'NotEquals':
      return `${r.key}!=${r.values[0] ?? ''}`;
    case 'NotIn':
      return `${r.key} notin (${r.values.join(',')})`;
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `!${r.key}`;
    case 'Gt':
      return `${r.key}>${r.values[0] ?? ''}`;
    case 'Lt':
      return `${r.key}<${r.values[0] ?? ''}`;
  }
};

export const selectorToString = (sel: Selector): string => (sel.matchesNothing === true ? '<none>' : [...sel.requirements].sort(byKey).map(reqString).join(','));

const KEY = String.raw`[A-Za-z0-9][-A-Za-z0-9_./]*`;
const VALUE = String.raw`[A-Za-z0-9_.-]*`;
const PATTERNS: readonly [RegExp, (m: RegExpExecArray) => Requirement][] = [
  [new RegExp(String.raw`^(${KEY})\s+(in|notin)\s*\(([^)]*)\)$`), (m) => ({ key: m[1] ?? '', operator: m[2] === 'in' ? 'In' : 'NotIn', values: (m[3] ?? '').split(',').map((v) => v.trim()).sort() })],
  [new RegExp(String.raw`^(${KEY})\s*(==|=|!=)\s*(${VALUE})$`), (m) => ({ key: m[1] ?? '', operator: m[2] === '!=' ? 'NotEquals' : 'Equals', values: [m[3] ?? ''] })],
  [new RegExp(String.raw`^(${KEY})\s*(>|<)\s*(-?\d+)$`), (m) => ({ key: m[1] ?? '', operator: m[2] === '>' ? 'Gt' : 'Lt', values: [m[3] ?? ''] })],
  [new RegExp(String.raw`^!\s*(${KEY})$`), (m) => ({ key: m[1] ?? '', operator: 'DoesNotExist', values: [] })],
  [new RegExp(String.raw`^(${KEY})$`), (m) => ({ key: m[1] ?? '', operator: 'Exists', values: [] })],
];

/** Splits on commas outside parentheses. */
const terms = (s: string): string[] => {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') depth--;
    else if (s[i] === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out.map((x) => x.trim());
};

export const parseSelector = (s: string): Either<string, Selector> => {
  if (s.trim() === '') return right(everything);
  const reqs: Requirement[] = [];
  for (const term of terms(s)) {
    const match = PATTERNS.map(([re, build]) => {
      const m = re.exec(term);
      return m === null ? undefined : build(m);
    }).find((r) => r !== undefined);
    if (match === undefined) return left(`unable to parse requirement: ${JSON.stringify(term)} in selector ${JSON.stringify(s)}`);
    reqs.push(match);
  }
  return right({ requirements: reqs.sort(byKey) });
};
