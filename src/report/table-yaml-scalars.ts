/**
 * The scalar half of kubectl's YAML (see table-yaml.ts): which style go-yaml v2 asks for
 * (resolve.go: would the plain text read back as a string?) and which the emitter then
 * allows (emitterc.go yaml_emitter_analyze_scalar, yaml_emitter_select_scalar_style).
 */
// -------------------------------------------------------------------------------------
// resolve: would this plain text read back as a string? (goyaml.v2 resolve.go)
// -------------------------------------------------------------------------------------

const NON_STRINGS = new Set(
  'y Y yes Yes YES true True TRUE on On ON n N no No NO false False FALSE off Off OFF ~ null Null NULL .nan .NaN .NAN .inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF'.split(' '),
);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT_LITERAL = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?(?:Z|[+-](\d{2}):(\d{2})))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?))?$/;

/** Go's BigInt parse of a base-0 literal (sign, then 0x / 0o / 0b / leading-0 octal / decimal). */
const intLiteral = (s: string): { readonly value: bigint; readonly signed: boolean } | undefined => {
  const m = INT_LITERAL.exec(s);
  if (m === null) return undefined;
  const body = m[2] ?? '';
  const digits = /^0[0-7]+$/.test(body) ? `0o${body.slice(1)}` : body.toLowerCase();
  const magnitude = BigInt(digits);
  return { value: m[1] === '-' ? -magnitude : magnitude, signed: m[1] !== '' };
};

/** parseTimestamp: the four layouts goyaml.v2 tries, with time.Parse's range checks. */
const isTimestamp = (s: string): boolean => {
  const m = TIMESTAMP.exec(s);
  if (m === null) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  if (day < 1 || day > daysInMonth) return false;
  const [h, min, sec] = [m[4] ?? m[9], m[5] ?? m[10], m[6] ?? m[11]].map((x) => Number(x ?? 0));
  return (h ?? 0) < 24 && (min ?? 0) < 60 && (sec ?? 0) < 60 && Number(m[7] ?? 0) <= 24 && Number(m[8] ?? 0) <= 60;
};

/** Int, float or timestamp, for text starting with a digit or sign (resolve's 'D' and 'S' hints). */
const isNumberLike = (s: string): boolean => {
  if (isTimestamp(s)) return true;
  const plain = s.replaceAll('_', '');
  const int = intLiteral(plain);
  // ParseInt within int64, ParseUint (any unsigned size: beyond uint64 it becomes a big.Int).
  if (int !== undefined && (!int.signed || (int.value >= INT64_MIN && int.value <= INT64_MAX))) return true;
  return YAML_FLOAT.test(plain) && Number.isFinite(Number(plain));
};

/** resolve("", s) == !!str, and not a base-60 float (encode.go stringv's canUsePlain). */
const resolvesToString = (s: string): boolean => {
  if (s === '' || NON_STRINGS.has(s)) return false;
  const first = s[0] ?? '';
  // ParseFloat: a finite decimal such as ".5" or ".5e3".
  if (first === '.') return !(/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) && Number.isFinite(Number(s)));
  if (!/[-+0-9]/.test(first)) return true;
  return !isNumberLike(s) && !(s.includes(':') && BASE60_FLOAT.test(s));
};

// -------------------------------------------------------------------------------------
// scalars: text and the style go-yaml asks for
// -------------------------------------------------------------------------------------

export type Style = 'plain' | 'single' | 'double' | 'literal';

export interface Scalar {
  readonly text: string;
  readonly style: Style;
}

/** strconv.FormatFloat(f, 'g', -1, 64): the shortest digits, %e when the exponent is < -4 or >= 6. */
export const goFloat = (n: number): string => {
  const [mantissa = '0', expText = '0'] = n.toExponential().split('e');
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    return `${sign}${digits[0] ?? '0'}${frac}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const point = exp + 1;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  return point >= digits.length ? `${sign}${digits}${'0'.repeat(point - digits.length)}` : `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
};

/** A JSON number read back by go-yaml: an integer stays one (int64, uint64), anything else is a float64. */
const numberText = (n: number): string => {
  const json = JSON.stringify(n);
  if (/^-?[0-9]+$/.test(json)) {
    const value = BigInt(json);
    if (value >= INT64_MIN && value < 2n ** 64n) return value.toString();
  }
  return goFloat(n);
};

export const scalarOf = (v: unknown): Scalar => {
  if (typeof v === 'string') {
    if (v.includes('\n')) return { text: v, style: 'literal' };
    return { text: v, style: resolvesToString(v) ? 'plain' : 'double' };
  }
  if (typeof v === 'number') return { text: numberText(v), style: 'plain' };
  if (typeof v === 'boolean') return { text: String(v), style: 'plain' };
  return { text: 'null', style: 'plain' };
};

// -------------------------------------------------------------------------------------
// analysis (yaml_emitter_analyze_scalar) and style selection
// -------------------------------------------------------------------------------------

export const isBreak = (c: string): boolean => c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';

/** libyaml's is_printable, per code point. */
export const isPrintable = (c: string): boolean => {
  const cp = c.codePointAt(0) ?? 0;
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
};

export interface Analysis {
  readonly multiline: boolean;
  readonly plainAllowed: boolean;
  readonly singleAllowed: boolean;
  readonly blockAllowed: boolean;
}

const INDICATORS_FIRST = '#,[]{}&*!|>\'"%@`';

/** The indicator part of analyze_scalar: whether some character forbids a block plain scalar. */
const hasBlockIndicator = (cs: readonly string[]): boolean => {
  if (cs.length >= 3 && (cs.slice(0, 3).join('') === '---' || cs.slice(0, 3).join('') === '...')) return true;
  return cs.some((c, i) => {
    const followedByBlank = i + 1 >= cs.length || cs[i + 1] === ' ' || cs[i + 1] === '\t';
    const precededByBlank = i === 0 || [' ', '\t', '\0'].includes(cs[i - 1] ?? '') || isBreak(cs[i - 1] ?? '');
    if (i === 0) return INDICATORS_FIRST.includes(c) || ((c === '?' || c === ':' || c === '-') && followedByBlank);
    return (c === ':' && followedByBlank) || (c === '#' && precededByBlank);
  });
};

export const analyze = (text: string): Analysis => {
  if (text === '') return { multiline: false, plainAllowed: true, singleAllowed: true, blockAllowed: false };
  const cs = [...text];
  const lineBreaks = cs.some(isBreak);
  const special = cs.some((c) => !isPrintable(c));
  const leading = cs[0] === ' ' || isBreak(cs[0] ?? '');
  const trailingSpace = cs[cs.length - 1] === ' ';
  const trailing = trailingSpace || isBreak(cs[cs.length - 1] ?? '');
  const breakSpace = cs.some((c, i) => c === ' ' && i > 0 && isBreak(cs[i - 1] ?? ''));
  const spaceBreak = cs.some((c, i) => isBreak(c) && cs[i - 1] === ' ');
  return {
    multiline: lineBreaks,
    plainAllowed: !(leading || trailing || breakSpace || spaceBreak || special || lineBreaks || hasBlockIndicator(cs)),
    singleAllowed: !(breakSpace || spaceBreak || special),
    blockAllowed: !(trailingSpace || spaceBreak || special),
  };
};

/** yaml_emitter_select_scalar_style, block context only (kubectl never emits flow collections with content). */
export const selectStyle = (s: Scalar, a: Analysis, simpleKey: boolean): Style => {
  let style = simpleKey && a.multiline ? 'double' : s.style;
  if (style === 'plain' && (!a.plainAllowed || (s.text === '' && simpleKey))) style = 'single';
  if (style === 'single' && !a.singleAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
  return style;
};
