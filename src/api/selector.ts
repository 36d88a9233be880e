/**
 * Label selectors (apimachinery pkg/labels/selector.go, metav1.LabelSelector): the API
 * form, the string form kubectl's `-l` takes, matching, and printing.
 *
 * Key and value syntax (qualified names, 63 characters) is not checked here: the parser
 * only parses. Upstream's `==` is kept as `Equals` (it matches the same labels) and so
 * prints as `=`.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

const LabelSelectorRequirement = t.intersection([t.type({ key: t.string, operator: t.string }), t.partial({ values: t.array(t.string) })]);

export const LabelSelector = t.partial({
  matchLabels: t.record(t.string, t.string),
  matchExpressions: t.array(LabelSelectorRequirement),
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

/** labels.Everything(): no requirements, matches every set of labels. */
export const everything: Selector = { requirements: [] };
/** labels.Nothing(): what a nil metav1.LabelSelector means; matches nothing. */
export const nothing: Selector = { requirements: [], matchesNothing: true };

// -------------------------------------------------------------------------------------
// requirements (upstream NewRequirement)
// -------------------------------------------------------------------------------------

const byKey = (a: Requirement, b: Requirement): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
/** upstream sorts by key (sort.Sort); a stable sort keeps same-key requirements in input order. */
const sortedByKey = (reqs: readonly Requirement[]): Requirement[] => [...reqs].sort(byKey);

/** strconv.ParseInt(s, 10, 64). */
const parseInt64 = (s: string): bigint | undefined => {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n > (1n << 63n) - 1n || n < -(1n << 63n) ? undefined : n;
};

/** field.Invalid(path, value, detail).Error(); a nil []string marshals as null. */
const invalid = (path: string, value: readonly string[] | string | null, detail: string): string => `${path}: Invalid value: ${JSON.stringify(value)}: ${detail}`;

const valuesError = (operator: Operator, values: readonly string[], raw: readonly string[] | null): string | undefined => {
  switch (operator) {
    case 'In':
    case 'NotIn':
      return values.length === 0 ? invalid('values', raw, "for 'in', 'notin' operators, values set can't be empty") : undefined;
    case 'Equals':
    case 'NotEquals':
      return values.length !== 1 ? invalid('values', raw, 'exact-match compatibility requires one single value') : undefined;
    case 'Exists':
    case 'DoesNotExist':
      return values.length !== 0 ? invalid('values', raw, 'values set must be empty for exists and does not exist') : undefined;
    case 'Gt':
    case 'Lt': {
      if (values.length !== 1) return invalid('values', raw, "for 'Gt', 'Lt' operators, exactly one value is required");
      const bad = values.findIndex((v) => parseInt64(v) === undefined);
      return bad < 0 ? undefined : invalid(`values[${bad}]`, values[bad] ?? '', "for 'Gt', 'Lt' operators, the value must be an integer");
    }
  }
};

const newRequirement = (key: string, operator: Operator, values: readonly string[]): Either<string, Requirement> => {
  const error = valuesError(operator, values, values.length === 0 ? null : values);
  return error === undefined ? right({ key, operator, values }) : left(error);
};

// -------------------------------------------------------------------------------------
// from the API form (upstream metav1.LabelSelectorAsSelector)
// -------------------------------------------------------------------------------------

const API_OPERATORS: Readonly<Record<string, Operator>> = { In: 'In', NotIn: 'NotIn', Exists: 'Exists', DoesNotExist: 'DoesNotExist' };

const fromExpression = (e: t.TypeOf<typeof LabelSelectorRequirement>): Either<string, Requirement> => {
  const operator = Object.hasOwn(API_OPERATORS, e.operator) ? API_OPERATORS[e.operator] : undefined;
  if (operator === undefined) return left(`${JSON.stringify(e.operator)} is not a valid label selector operator`);
  return newRequirement(e.key, operator, [...(e.values ?? [])]);
};

/**
 * A nil selector selects nothing and an empty one everything (upstream); matchLabels
 * become `Equals` requirements, matchExpressions keep their values as written.
 */
export const fromLabelSelector = (s: LabelSelector | undefined | null): Either<string, Selector> => {
  if (s === undefined || s === null) return right(nothing);
  const labels = Object.keys(s.matchLabels ?? {}).sort();
  const expressions = s.matchExpressions ?? [];
  if (labels.length + expressions.length === 0) return right(everything);
  const reqs: Requirement[] = labels.map((key) => ({ key, operator: 'Equals', values: [s.matchLabels?.[key] ?? ''] }));
  for (const e of expressions) {
    const r = fromExpression(e);
    if (isLeft(r)) return r;
    reqs.push(r.right);
  }
  return right({ requirements: sortedByKey(reqs) });
};

// -------------------------------------------------------------------------------------
// matching (upstream Requirement.Matches)
// -------------------------------------------------------------------------------------

const compareInt = (r: Requirement, value: string | undefined): boolean => {
  const actual = value === undefined ? undefined : parseInt64(value);
  const bound = r.values.length === 1 ? parseInt64(r.values[0] ?? '') : undefined;
  if (actual === undefined || bound === undefined) return false;
  return r.operator === 'Gt' ? actual > bound : actual < bound;
};

const matchOne = (r: Requirement, labels: Readonly<Record<string, string>>): boolean => {
  const has = Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'In':
    case 'Equals':
      return value !== undefined && r.values.includes(value);
    case 'NotIn':
    case 'NotEquals':
      // upstream: a missing key satisfies a negative requirement.
      return value === undefined || !r.values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt':
      return compareInt(r, value);
  }
};

/** A loop rather than `every` with a closure: schedulers and controllers call this per pod, per node. */
export const matches = (sel: Selector, labels: Readonly<Record<string, string>> | undefined): boolean => {
  if (sel.matchesNothing === true) return false;
  const reqs = sel.requirements;
  const ls = labels ?? NO_LABELS;
  for (let i = 0; i < reqs.length; i++) {
    const r = reqs[i] as Requirement;
    if (r.operator === 'Equals' && r.values.length === 1) {
      if (!(Object.hasOwn(ls, r.key) && ls[r.key] === r.values[0])) return false;
    } else if (!matchOne(r, ls)) return false;
  }
  return true;
};

const NO_LABELS: Readonly<Record<string, string>> = {};

// -------------------------------------------------------------------------------------
// printing (upstream Requirement.String, internalSelector.String)
// -------------------------------------------------------------------------------------

const valuesText = (values: readonly string[]): string => (values.length === 1 ? (values[0] ?? '') : [...values].sort().join(','));

const requirementToString = (r: Requirement): string => {
  switch (r.operator) {
    case 'Equals':
      return `${r.key}=${valuesText(r.values)}`;
    case 'NotEquals':
      return `${r.key}!=${valuesText(r.values)}`;
    case 'In':
      return `${r.key} in (${valuesText(r.values)})`;
    case 'NotIn':
      return `${r.key} notin (${valuesText(r.values)})`;
    case 'Gt':
      return `${r.key}>${valuesText(r.values)}`;
    case 'Lt':
      return `${r.key}<${valuesText(r.values)}`;
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `!${r.key}`;
  }
};

/**
 * `app=web,env in (a,b),tier!=db`: requirements by key, values sorted. Nothing and
 * everything both print "" as upstream (kubectl's FormatLabelSelector shows "<none>").
 */
export const selectorToString = (sel: Selector): string => (sel.matchesNothing === true ? '' : sortedByKey(sel.requirements).map(requirementToString).join(','));

// -------------------------------------------------------------------------------------
// the string form (upstream labels.Parse)
// -------------------------------------------------------------------------------------

type Token = 'End' | 'OpenPar' | 'ClosedPar' | 'Comma' | 'DoesNotExist' | 'Equals' | 'DoubleEquals' | 'NotEquals' | 'GreaterThan' | 'LessThan' | 'In' | 'NotIn' | 'Identifier';
interface Item {
  readonly tok: Token;
  readonly lit: string;
  readonly pos: number;
}
interface Failure {
  readonly message: string;
  readonly pos: number;
}

const SYMBOLS: Readonly<Record<string, Token>> = { '(': 'OpenPar', ')': 'ClosedPar', ',': 'Comma', '!': 'DoesNotExist', '=': 'Equals', '==': 'DoubleEquals', '!=': 'NotEquals', '>': 'GreaterThan', '<': 'LessThan' };
const isSpecial = (ch: string): boolean => '=!(),><'.includes(ch);
const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';

/** One token at `i` (not whitespace). upstream scanSpecialSymbol is greedy, so `!=`/`==` win over `!`/`=`. */
const lexOne = (s: string, i: number): Item => {
  if (isSpecial(s.charAt(i))) {
    const two = s.slice(i, i + 2);
    const lit = SYMBOLS[two] !== undefined ? two : s.charAt(i);
    return { tok: SYMBOLS[lit] ?? 'Identifier', lit, pos: i };
  }
  let end = i;
  while (end < s.length && !isSpecial(s.charAt(end)) && !isWhitespace(s.charAt(end))) end += 1;
  const lit = s.slice(i, end);
  return { tok: lit === 'in' ? 'In' : lit === 'notin' ? 'NotIn' : 'Identifier', lit, pos: i };
};

const lex = (s: string): Item[] => {
  const items: Item[] = [];
  let i = 0;
  for (;;) {
    while (i < s.length && isWhitespace(s.charAt(i))) i += 1;
    if (i >= s.length) return [...items, { tok: 'End', lit: '', pos: s.length }];
    const item = lexOne(s, i);
    items.push(item);
    i += item.lit.length;
  }
};

/** upstream ParserContext: where values are expected, `in` and `notin` are plain identifiers (`x in (in)`). */
type Context = 'KeyAndOperator' | 'Values';
interface Cursor {
  readonly items: readonly Item[];
  at: number;
}

const peek = (c: Cursor, ctx: Context): Item => {
  const item = c.items[Math.min(c.at, c.items.length - 1)] ?? { tok: 'End', lit: '', pos: 0 };
  return ctx === 'Values' && (item.tok === 'In' || item.tok === 'NotIn') ? { ...item, tok: 'Identifier' } : item;
};
const next = (c: Cursor, ctx: Context): Item => {
  const item = peek(c, ctx);
  c.at += 1;
  return item;
};
const fail = (item: Item, message: string): Either<Failure, never> => left({ message, pos: item.pos });

/** `!key`, `key` alone (Exists), or a key followed by a binary operator (operator undefined). */
const parseKey = (c: Cursor): Either<Failure, { readonly key: string; readonly operator: Operator | undefined }> => {
  let item = next(c, 'Values');
  const negated = item.tok === 'DoesNotExist';
  if (negated) item = next(c, 'Values');
  if (item.tok !== 'Identifier') return fail(item, `found '${item.lit}', expected: identifier`);
  const after = peek(c, 'Values').tok;
  const bare = after === 'End' || after === 'Comma';
  return right({ key: item.lit, operator: negated ? 'DoesNotExist' : bare ? 'Exists' : undefined });
};

const BINARY: Partial<Record<Token, Operator>> = { In: 'In', NotIn: 'NotIn', Equals: 'Equals', DoubleEquals: 'Equals', NotEquals: 'NotEquals', GreaterThan: 'Gt', LessThan: 'Lt' };

const parseOperator = (c: Cursor): Either<Failure, Operator> => {
  const item = next(c, 'KeyAndOperator');
  const op = BINARY[item.tok];
  return op === undefined ? fail(item, `found '${item.lit}', expected: in, notin, =, ==, !=, gt, lt`) : right(op);
};

/** `(a,b)`, `()`, `(a,,b)`: upstream reads empty entries as the empty value. */
const parseIdentifiers = (c: Cursor): Either<Failure, string[]> => {
  const values: string[] = [];
  for (;;) {
    const item = next(c, 'Values');
    const after = peek(c, 'Values');
    if (item.tok === 'Identifier') {
      values.push(item.lit);
      if (after.tok === 'ClosedPar') return right(values);
      if (after.tok !== 'Comma') return fail(after, `found '${after.lit}', expected: ',' or ')'`);
    } else if (item.tok === 'Comma') {
      if (values.length === 0 || after.tok === 'ClosedPar' || after.tok === 'Comma') values.push('');
      if (after.tok === 'ClosedPar') return right(values);
    } else return fail(item, `found '${item.lit}', expected: ',', or identifier`);
  }
};

const parseValues = (c: Cursor): Either<Failure, string[]> => {
  const open = next(c, 'Values');
  if (open.tok !== 'OpenPar') return fail(open, `found '${open.lit}' expected: '('`);
  const first = peek(c, 'Values');
  if (first.tok === 'ClosedPar') {
    next(c, 'Values');
    return right(['']);
  }
  if (first.tok !== 'Identifier' && first.tok !== 'Comma') return fail(first, `found '${first.lit}', expected: ',', ')' or identifier`);
  const values = parseIdentifiers(c);
  if (isLeft(values)) return values;
  next(c, 'Values'); // the ')' parseIdentifiers stopped at
  return values;
};

const parseExactValue = (c: Cursor): Either<Failure, string[]> => {
  const after = peek(c, 'Values').tok;
  if (after === 'End' || after === 'Comma') return right(['']);
  const item = next(c, 'Values');
  return item.tok === 'Identifier' ? right([item.lit]) : fail(item, `found '${item.lit}', expected: identifier`);
};

/** upstream collects values in a sets.String and passes its sorted List(). */
const sortedUnique = (values: readonly string[]): string[] => [...new Set(values)].sort();

const parseRequirement = (c: Cursor): Either<Failure, Requirement> => {
  const start = peek(c, 'Values');
  const head = parseKey(c);
  if (isLeft(head)) return head;
  const { key, operator } = head.right;
  if (operator !== undefined) return right({ key, operator, values: [] });
  const op = parseOperator(c);
  if (isLeft(op)) return op;
  const values = op.right === 'In' || op.right === 'NotIn' ? parseValues(c) : parseExactValue(c);
  if (isLeft(values)) return values;
  const r = newRequirement(key, op.right, sortedUnique(values.right));
  return isLeft(r) ? fail(start, r.left) : r;
};

const parseRequirements = (c: Cursor): Either<Failure, Requirement[]> => {
  const reqs: Requirement[] = [];
  for (;;) {
    const item = peek(c, 'Values');
    if (item.tok === 'End') return right(reqs);
    if (item.tok !== 'Identifier' && item.tok !== 'DoesNotExist') return fail(item, `found '${item.lit}', expected: !, identifier, or 'end of string'`);
    const r = parseRequirement(c);
    if (isLeft(r)) return left({ ...r.left, message: `unable to parse requirement: ${r.left.message}` });
    reqs.push(r.right);
    const sep = next(c, 'Values');
    if (sep.tok === 'End') return right(reqs);
    if (sep.tok !== 'Comma') return fail(sep, `found '${sep.lit}', expected: ',' or 'end of string'`);
    const after = peek(c, 'Values');
    if (after.tok !== 'Identifier' && after.tok !== 'DoesNotExist') return fail(after, `found '${after.lit}', expected: identifier after ','`);
  }
};

/**
 * kubectl's `-l` syntax: `app=web,tier!=db,env in (a,b),!legacy,gpu,x==y,replicas>2`.
 * Errors are upstream's ("found ')', expected: identifier") with the column (1-based)
 * of the offending token; "" selects everything.
 */
export const parseSelector = (s: string): Either<string, Selector> => {
  const reqs = parseRequirements({ items: lex(s), at: 0 });
  if (isLeft(reqs)) return left(`${reqs.left.message} (column ${reqs.left.pos + 1})`);
  return right(reqs.right.length === 0 ? everything : { requirements: sortedByKey(reqs.right) });
};
