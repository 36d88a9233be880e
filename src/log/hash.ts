/**
 * A fast, deterministic 53-bit string hash: two 32-bit multiply-xor lanes over the
 * UTF-16 code units, finalised with avalanche steps and combined into one safe integer.
 * Not cryptographic: it detects accidental truncation, reordering and edits of a log,
 * and derives stable uids, names and PRNG seeds.
 */

export const hash53 = (text: string, seed = 0): number => {
  let a = 0x811c9dc5 ^ seed;
  let b = 0x27d4eb2f ^ Math.imul(seed, 0x9e3779b1);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b) ^ Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  b = Math.imul(b ^ (b >>> 16), 0x85ebca6b) ^ Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  a ^= a >>> 16;
  b ^= b >>> 16;
  return (b >>> 0) * 0x200000 + ((a >>> 0) >>> 11);
};

/** 14 lower-case hex digits of `hash53`. */
export const hashHex = (text: string, seed = 0): string => hash53(text, seed).toString(16).padStart(14, '0');

/** A 32-bit seed derived from a parent seed and a label (for splitting PRNG streams). */
export const deriveSeed32 = (seed: number, label: string): number => hash53(label, seed) % 0x100000000 | 0;
