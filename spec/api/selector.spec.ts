import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { describe, expect, it } from 'vitest';
import type { LabelSelector as LabelSelectorType, Selector } from '../../src/api/selector.js';
import { everything, fromLabelSelector, LabelSelector, matches, nothing, parseSelector, selectorToString } from '../../src/api/selector.js';

const parsed = (s: string): Selector => {
  const sel = parseSelector(s);
  if (isLeft(sel)) throw new Error(`${s}: ${sel.left}`);
  return sel.right;
};
const fromApi = (s: LabelSelectorType | null | undefined): Selector => {
  const sel = fromLabelSelector(s);
  if (isLeft(sel)) throw new Error(`${JSON.stringify(s)}: ${sel.left}`);
  return sel.right;
};

describe('fromLabelSelector (metav1.LabelSelectorAsSelector)', () => {
  it('Given no selector When converted Then it selects nothing; Given {} Then everything', () => {
    expect(fromLabelSelector(undefined)).toEqual(right(nothing));
    expect(fromLabelSelector(null)).toEqual(right(nothing));
    expect(fromLabelSelector({})).toEqual(right(everything));
    expect(fromLabelSelector({ matchLabels: {}, matchExpressions: [] })).toEqual(right(everything));
    expect(matches(nothing, {})).toBe(false);
    expect(matches(everything, undefined)).toBe(true);
  });

  it('Given matchLabels and matchExpressions When converted Then Equals and set requirements come out sorted by key', () => {
    const sel = fromApi({ matchLabels: { tier: 'web', app: 'shop' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'canary'] }, { key: 'app', operator: 'Exists' }] });
    expect(sel.requirements).toEqual([
      { key: 'app', operator: 'Equals', values: ['shop'] },
      { key: 'app', operator: 'Exists', values: [] },
      { key: 'env', operator: 'In', values: ['prod', 'canary'] },
      { key: 'tier', operator: 'Equals', values: ['web'] },
    ]);
    expect(selectorToString(sel)).toBe('app=shop,app,env in (canary,prod),tier=web');
  });

  it.each([
    [{ key: 'a', operator: 'In', values: [] }, "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"],
    [{ key: 'a', operator: 'NotIn' }, "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"],
    [{ key: 'a', operator: 'Exists', values: ['x'] }, 'values: Invalid value: ["x"]: values set must be empty for exists and does not exist'],
    [{ key: 'a', operator: 'DoesNotExist', values: ['x', 'y'] }, 'values: Invalid value: ["x","y"]: values set must be empty for exists and does not exist'],
    [{ key: 'a', operator: 'Gt', values: ['1'] }, '"Gt" is not a valid label selector operator'],
    [{ key: 'a', operator: 'in', values: ['1'] }, '"in" is not a valid label selector operator'],
    [{ key: 'a', operator: 'toString', values: ['1'] }, '"toString" is not a valid label selector operator'],
  ])('Given the expression %j When converted Then it is refused: %s', (expression, message) => {
    expect(fromLabelSelector({ matchExpressions: [expression] })).toEqual(left(message));
  });

  it('Given the LabelSelector codec When decoding Then the API shape is checked with paths', () => {
    expect(LabelSelector.decode({ matchLabels: { app: 'web' } })).toEqual(right({ matchLabels: { app: 'web' } }));
    expect(PathReporter.report(LabelSelector.decode({ matchExpressions: [{ key: 'a' }] }))[0]).toMatch(/\/matchExpressions: .*\/0: .*\/operator: string$/);
  });
});

describe('matches (Requirement.Matches)', () => {
  const labels = { app: 'web', tier: 'front', replicas: '3', build: 'x12' };
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['missing notin (x)', true],
    ['app notin (web,db)', false],
    ['app in (db,web)', true],
    ['missing in (x)', false],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['replicas>2', true],
    ['replicas>3', false],
    ['replicas<4', true],
    ['replicas<-1', false],
    ['build>1', false],
    ['missing>1', false],
    ['missing=', false],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
    ['', true],
  ])('Given labels app=web,tier=front,replicas=3,build=x12 When selected by %j Then %s', (selector, expected) => {
    expect(matches(parsed(selector), labels)).toBe(expected);
  });

  it('Given an empty label value When selected by `key=` or `key in ()` Then the empty value matches', () => {
    expect(matches(parsed('a='), { a: '' })).toBe(true);
    expect(matches(parsed('a in ()'), { a: '' })).toBe(true);
    expect(matches(parsed('a in ()'), {})).toBe(false);
  });

  it('Given Gt/Lt When the numbers are past 2^53 Then they still compare exactly (ParseInt, int64)', () => {
    expect(matches(parsed('n>9007199254740992'), { n: '9007199254740993' })).toBe(true);
    expect(matches(parsed('n<9223372036854775807'), { n: '9223372036854775808' })).toBe(false);
    expect(matches(parsed('n>+1'), { n: '+2' })).toBe(true);
  });

  it('Given labels with an inherited property name When selected Then only own keys count', () => {
    expect(matches(parsed('constructor'), {})).toBe(false);
    expect(matches(parsed('!toString'), {})).toBe(true);
  });
});

describe('parseSelector (labels.Parse)', () => {
  it('Given the kubectl example When parsed Then requirements are sorted by key and values sorted and unique', () => {
    const sel = parsed('app=web,tier!=db,env in (b,a,b),!legacy,version notin (1),gpu, x==y');
    expect(sel.requirements).toEqual([
      { key: 'app', operator: 'Equals', values: ['web'] },
      { key: 'env', operator: 'In', values: ['a', 'b'] },
      { key: 'gpu', operator: 'Exists', values: [] },
      { key: 'legacy', operator: 'DoesNotExist', values: [] },
      { key: 'tier', operator: 'NotEquals', values: ['db'] },
      { key: 'version', operator: 'NotIn', values: ['1'] },
      { key: 'x', operator: 'Equals', values: ['y'] },
    ]);
    expect(selectorToString(sel)).toBe('app=web,env in (a,b),gpu,!legacy,tier!=db,version notin (1),x=y');
  });

  // upstream selector_test.go TestSelectorParse / TestLexerParserParse, as String() prints them.
  it.each([
    ['', ''],
    ['  \t', ''],
    ['x=a,y=b,z=c', 'x=a,y=b,z=c'],
    ['x!=a,y=b', 'x!=a,y=b'],
    ['x=,z= ', 'x=,z='],
    ['x= ,z= ', 'x=,z='],
    ['!x', '!x'],
    ['x>1', 'x>1'],
    ['x<1', 'x<1'],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
    ['x in (,foo)', 'x in (,foo)'],
    ['x in (foo,)', 'x in (,foo)'],
    ['in in (in)', 'in in (in)'],
    ['notin notin (notin)', 'notin notin (notin)'],
    ['x=in', 'x=in'],
    ['  x  =  a  ', 'x=a'],
    ['z,y,x', 'x,y,z'],
  ])('Given %j When parsed and printed Then it reads %j', (input, expected) => {
    expect(selectorToString(parsed(input))).toBe(expected);
  });

  it.each([
    ['x=a||y=b', "found '=', expected: ',' or 'end of string' (column 7)"],
    ['x==a==b', "found '==', expected: ',' or 'end of string' (column 5)"],
    ['!x=a', "found '=', expected: ',' or 'end of string' (column 3)"],
    ['x<a', `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer (column 1)`],
    ['a,', "found '', expected: identifier after ',' (column 3)"],
    [',a', "found ',', expected: !, identifier, or 'end of string' (column 1)"],
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt (column 3)"],
    ['a in )', "unable to parse requirement: found ')' expected: '(' (column 6)"],
    ['a in (b', "unable to parse requirement: found '', expected: ',' or ')' (column 8)"],
    ['a in (b c)', "unable to parse requirement: found 'c', expected: ',' or ')' (column 9)"],
    ['a in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier (column 7)"],
    ['a in (b,=)', "unable to parse requirement: found '=', expected: ',', or identifier (column 9)"],
    ['a=(', "unable to parse requirement: found '(', expected: identifier (column 3)"],
    ['!', "unable to parse requirement: found '', expected: identifier (column 2)"],
    ['a===b', "unable to parse requirement: found '=', expected: identifier (column 4)"],
  ])('Given %j When parsed Then it is refused naming the token and column', (input, message) => {
    const sel = parseSelector(input);
    expect(isLeft(sel) ? sel.left : 'parsed').toContain(message);
  });
});

describe('selectorToString (Selector.String)', () => {
  it('Given requirements out of order When printed Then keys and values are sorted, one value prints bare', () => {
    const sel: Selector = {
      requirements: [
        { key: 'z', operator: 'NotIn', values: ['b', 'a'] },
        { key: 'a', operator: 'In', values: ['only'] },
        { key: 'm', operator: 'Gt', values: ['5'] },
      ],
    };
    expect(selectorToString(sel)).toBe('a in (only),m>5,z notin (a,b)');
  });

  it('Given nothing and everything When printed Then both are empty, as upstream', () => {
    expect(selectorToString(nothing)).toBe('');
    expect(selectorToString(everything)).toBe('');
  });
});
