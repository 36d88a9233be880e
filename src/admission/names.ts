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

// upstream: validation.IsDNS1123Subdomain / IsDNS1123Label.
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const dns1123SubdomainErrors = (name: string): string[] => {
  const errs: string[] = [];
  if (name.length > 253) errs.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(name)) {
    errs.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  }
  return errs;
};

export const dns1123LabelErrors = (name: string): string[] => {
  const errs: string[] = [];
  if (name.length > 63) errs.push('must be no more than 63 characters');
  if (!DNS1123_LABEL.test(name)) {
    errs.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    );
  }
  return errs;
};

// upstream: validation.IsDNS1035Label (Service names).
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export const dns1035LabelErrors = (name: string): string[] => {
  const errs: string[] = [];
  if (name.length > 63) errs.push('must be no more than 63 characters');
  if (!DNS1035_LABEL.test(name)) {
    errs.push(
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    );
  }
  return errs;
};

/** upstream path.IsValidPathSegmentName (RBAC object names). */
export const pathSegmentErrors = (name: string): string[] => {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
};
