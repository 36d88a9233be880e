/**
 * Names and uids the API server assigns, derived from the run's seed and the sequence
 * number of the event that creates the object, so the same run names things the same.
 */
import { hash53 } from '../log/hash.js';

// upstream utilrand: the alphabet generateName suffixes are drawn from (no vowels, no 0/1/3).
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

const hex8 = (seed: number, label: string): string => (hash53(label, seed) % 0x100000000).toString(16).padStart(8, '0');

/** A version-4-shaped uuid: `xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx`. */
export const uidFor = (seed: number, seq: number): string => {
  const a = hex8(seed, `uid:${seq}:a`);
  const b = hex8(seed, `uid:${seq}:b`);
  const c = hex8(seed, `uid:${seq}:c`);
  const d = hex8(seed, `uid:${seq}:d`);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-8${c.slice(1, 4)}-${c.slice(4)}${d}`;
};

/** The 5-character suffix of a generated name; `attempt` picks another on collision. */
export const generatedSuffix = (seed: number, seq: number, attempt: number): string => {
  let h = hash53(`name:${seq}:${attempt}`, seed);
  let out = '';
  for (let i = 0; i < 5; i++) {
    out += ALPHANUMS[h % ALPHANUMS.length] ?? 'x';
    h = Math.floor(h / ALPHANUMS.length);
  }
  return out;
};

export { dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors, pathSegmentErrors } from '../api/label-syntax.js';
