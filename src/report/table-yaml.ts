/**
 * YAML exactly as kubectl -o yaml prints it. kubectl calls sigs.k8s.io/yaml.Marshal:
 * json.Marshal, then go-yaml v2 reads that JSON back and emits it with its port of
 * libyaml's emitter (sigs.k8s.io/yaml/goyaml.v2 encode.go, resolve.go, emitterc.go).
 * The rules reproduced here, which no configuration of a general YAML library gives:
 * - keys in go-yaml's "natural" order: non-letters before letters, digit runs by value;
 * - a string is plain unless it would read back as something else (YAML 1.1 bools such
 *   as `on`/`y`, null, numbers, timestamps, base-60 floats): then double-quoted; a plain
 *   string the emitter cannot write plain (`*`, `- a`, `a: b`, trailing space) becomes
 *   single-quoted, and one with tabs, control or astral characters double-quoted;
 * - strings with a newline are literal blocks (`|`, `|-`, `|+`, `|2`);
 * - plain and quoted scalars fold at the first space once the line is past column 80;
 * - sequences under a mapping key are not indented; empty ones print as `[]` and `{}`.
 * Input is JSON data (see output.ts jsonData).
 */

import type { Scalar } from './table-yaml-scalars.js';
import { analyze, isBreak, isPrintable, scalarOf, selectStyle } from './table-yaml-scalars.js';

// -------------------------------------------------------------------------------------
// the writer (emitterc.go's put, write_indent, write_indicator)
// -------------------------------------------------------------------------------------

const BEST_WIDTH = 80;
const BEST_INDENT = 2;

interface Writer {
  readonly out: string[];
  column: number;
  whitespace: boolean;
  indention: boolean;
}

const put = (w: Writer, c: string): void => {
  w.out.push(c);
  w.column++;
};

const putBreak = (w: Writer): void => {
  w.out.push('\n');
  w.column = 0;
};

/** A line break from the value: \n as the emitter's own break, others copied as they are. */
const writeBreak = (w: Writer, c: string): void => {
  if (c === '\n') putBreak(w);
  else {
    w.out.push(c);
    w.column = 0;
  }
};

const writeIndent = (w: Writer, indent: number): void => {
  const at = Math.max(indent, 0);
  if (!w.indention || w.column > at || (w.column === at && !w.whitespace)) putBreak(w);
  while (w.column < at) put(w, ' ');
  w.whitespace = true;
  w.indention = true;
};

const writeIndicator = (w: Writer, indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void => {
  if (needWhitespace && !w.whitespace) put(w, ' ');
  for (const c of indicator) put(w, c);
  w.whitespace = isWhitespace;
  w.indention = w.indention && isIndention;
};

// -------------------------------------------------------------------------------------
// scalar writers
// -------------------------------------------------------------------------------------

/** write_plain_scalar: folds at a single space once past column 80 (never in a key). */
const writePlain = (w: Writer, cs: readonly string[], indent: number, allowBreaks: boolean): void => {
  if (!w.whitespace) put(w, ' ');
  let spaces = false;
  for (const [i, c] of cs.entries()) {
    if (c === ' ') {
      if (allowBreaks && !spaces && w.column > BEST_WIDTH && cs[i + 1] !== ' ') writeIndent(w, indent);
      else put(w, c);
      spaces = true;
    } else {
      put(w, c);
      w.indention = false;
      spaces = false;
    }
  }
  w.whitespace = false;
  w.indention = false;
};

const writeSingle = (w: Writer, cs: readonly string[], indent: number, allowBreaks: boolean): void => {
  writeIndicator(w, "'", true, false, false);
  let spaces = false;
  let breaks = false;
  for (const [i, c] of cs.entries()) {
    if (c === ' ') {
      if (allowBreaks && !spaces && w.column > BEST_WIDTH && i > 0 && i < cs.length - 1 && cs[i + 1] !== ' ') writeIndent(w, indent);
      else put(w, c);
      spaces = true;
    } else if (isBreak(c)) {
      if (!breaks && c === '\n') putBreak(w);
      writeBreak(w, c);
      w.indention = true;
      breaks = true;
    } else {
      if (breaks) writeIndent(w, indent);
      if (c === "'") put(w, "'");
      put(w, c);
      w.indention = false;
      spaces = false;
      breaks = false;
    }
  }
  writeIndicator(w, "'", false, false, false);
  w.whitespace = false;
  w.indention = false;
};

const SHORT_ESCAPES: Readonly<Record<number, string>> = { 0: '0', 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 27: 'e', 34: '"', 92: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P' };

const escapeOf = (c: string): string => {
  const cp = c.codePointAt(0) ?? 0;
  const short = SHORT_ESCAPES[cp];
  if (short !== undefined) return `\\${short}`;
  const [letter, width] = cp <= 0xff ? ['x', 2] : cp <= 0xffff ? ['u', 4] : ['U', 8];
  return `\\${letter}${cp.toString(16).toUpperCase().padStart(width, '0')}`;
};

const writeDouble = (w: Writer, cs: readonly string[], indent: number, allowBreaks: boolean): void => {
  writeIndicator(w, '"', true, false, false);
  let spaces = false;
  for (const [i, c] of cs.entries()) {
    if (!isPrintable(c) || isBreak(c) || c === '"' || c === '\\') {
      for (const e of escapeOf(c)) put(w, e);
      spaces = false;
    } else if (c === ' ') {
      if (allowBreaks && !spaces && w.column > BEST_WIDTH && i > 0 && i < cs.length - 1) {
        writeIndent(w, indent);
        if (cs[i + 1] === ' ') put(w, '\\');
      } else put(w, c);
      spaces = true;
    } else {
      put(w, c);
      spaces = false;
    }
  }
  writeIndicator(w, '"', false, false, false);
  w.whitespace = false;
  w.indention = false;
};

/** write_block_scalar_hints: `2` when the text starts with a space or break; `-` strip, `+` keep. */
const blockHints = (cs: readonly string[]): string => {
  const indentHint = cs[0] === ' ' || isBreak(cs[0] ?? '') ? String(BEST_INDENT) : '';
  const last = cs[cs.length - 1] ?? '';
  if (!isBreak(last)) return `${indentHint}-`;
  return cs.length === 1 || isBreak(cs[cs.length - 2] ?? '') ? `${indentHint}+` : indentHint;
};

const writeLiteral = (w: Writer, cs: readonly string[], indent: number): void => {
  writeIndicator(w, '|', true, false, false);
  const hints = blockHints(cs);
  if (hints !== '') writeIndicator(w, hints, false, false, false);
  putBreak(w);
  w.indention = true;
  w.whitespace = true;
  let breaks = true;
  for (const c of cs) {
    if (isBreak(c)) {
      writeBreak(w, c);
      w.indention = true;
      breaks = true;
    } else {
      if (breaks) writeIndent(w, indent);
      put(w, c);
      w.indention = false;
      breaks = false;
    }
  }
};

/** emit_scalar: the scalar's own indent is one step in from the node's (increase_indent(flow)). */
const emitScalar = (w: Writer, s: Scalar, indent: number, simpleKey: boolean): void => {
  const cs = [...s.text];
  const at = indent < 0 ? BEST_INDENT : indent + BEST_INDENT;
  switch (selectStyle(s, analyze(s.text), simpleKey)) {
    case 'plain':
      return writePlain(w, cs, at, !simpleKey);
    case 'single':
      return writeSingle(w, cs, at, !simpleKey);
    case 'double':
      return writeDouble(w, cs, at, !simpleKey);
    case 'literal':
      return writeLiteral(w, cs, at);
  }
};

// -------------------------------------------------------------------------------------
// collections
// -------------------------------------------------------------------------------------

/** goyaml.v2 keyList.Less: letters after everything else, runs of digits compared as numbers. */
export const naturalLess = (a: string, b: string): boolean => {
  const ar = [...a].map((c) => c.codePointAt(0) ?? 0);
  const br = [...b].map((c) => c.codePointAt(0) ?? 0);
  const letter = (cp: number | undefined): boolean => cp !== undefined && /\p{L}/u.test(String.fromCodePoint(cp));
  const digit = (cp: number | undefined): boolean => cp !== undefined && /\p{Nd}/u.test(String.fromCodePoint(cp));
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const [x = 0, y = 0] = [ar[i], br[i]];
    if (x === y) continue;
    if (letter(x) && letter(y)) return x < y;
    if (letter(x) || letter(y)) return letter(y);
    let [an, bn] = [0n, 0n];
    if (x === 48 || y === 48) {
      for (let j = i - 1; j >= 0 && digit(ar[j]); j--) {
        if (ar[j] !== 48) {
          [an, bn] = [1n, 1n];
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && digit(ar[ai]); ai++) an = BigInt.asIntN(64, an * 10n + BigInt((ar[ai] ?? 48) - 48));
    let bi = i;
    for (; bi < br.length && digit(br[bi]); bi++) bn = BigInt.asIntN(64, bn * 10n + BigInt((br[bi] ?? 48) - 48));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return x < y;
  }
  return ar.length < br.length;
};

const naturalOrder = (a: string, b: string): number => (naturalLess(a, b) ? -1 : naturalLess(b, a) ? 1 : 0);

const utf8Length = (s: string): number => [...s].reduce((n, c) => n + ((c.codePointAt(0) ?? 0) < 0x80 ? 1 : (c.codePointAt(0) ?? 0) < 0x800 ? 2 : (c.codePointAt(0) ?? 0) < 0x10000 ? 3 : 4), 0);

const emitMapping = (w: Writer, map: Readonly<Record<string, unknown>>, indent: number): void => {
  const at = indent < 0 ? 0 : indent + BEST_INDENT;
  for (const key of Object.keys(map).sort(naturalOrder)) {
    writeIndent(w, at);
    const k = scalarOf(key);
    // check_simple_key: a key longer than 128 bytes, or with a line break, is written `? key` / `: value`.
    if (!analyze(key).multiline && utf8Length(key) <= 128) {
      emitScalar(w, k, at, true);
      writeIndicator(w, ':', false, false, false);
    } else {
      writeIndicator(w, '?', true, false, true);
      emitScalar(w, k, at, false);
      writeIndent(w, at);
      writeIndicator(w, ':', true, false, true);
    }
    emitNode(w, map[key], at, true);
  }
};

const emitSequence = (w: Writer, items: readonly unknown[], indent: number, mappingContext: boolean): void => {
  // increase_indent(false, indentless): a sequence right after `key:` stays at the key's indent.
  const at = indent < 0 ? 0 : mappingContext && !w.indention ? indent : indent + BEST_INDENT;
  for (const item of items) {
    writeIndent(w, at);
    writeIndicator(w, '-', true, false, true);
    emitNode(w, item, at, false);
  }
};

function emitNode(w: Writer, v: unknown, indent: number, mappingContext: boolean): void {
  if (Array.isArray(v)) {
    if (v.length > 0) return emitSequence(w, v, indent, mappingContext);
    writeIndicator(w, '[', true, true, false);
    return writeIndicator(w, ']', false, false, false);
  }
  if (v !== null && typeof v === 'object') {
    if (Object.keys(v).length > 0) return emitMapping(w, v as Record<string, unknown>, indent);
    writeIndicator(w, '{', true, true, false);
    return writeIndicator(w, '}', false, false, false);
  }
  emitScalar(w, scalarOf(v), indent, false);
}

/** One document, no `---`, ending in a newline (emit_document_end's write_indent). */
export const emitYaml = (data: unknown): string => {
  const w: Writer = { out: [], column: 0, whitespace: true, indention: true };
  emitNode(w, data, -1, false);
  writeIndent(w, -1);
  return w.out.join('');
};
