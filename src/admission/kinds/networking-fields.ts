/**
 * Field checks the networking and storage kinds share, worded as apimachinery's
 * pkg/util/validation and core validation word them: IP addresses (netutils.ParseIPSloppy
 * rules), ports, port names, DNS names, label syntax, immutability.
 */
import type { FieldError } from '../../api/validation.js';
import { invalid, required } from '../../api/validation.js';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../names.js';
import { labelMapErrors, labelValueErrors, portNameErrors, qualifiedNameErrors } from '../../api/label-syntax.js';
import { dns1035LabelErrors } from '../../api/label-syntax.js';
import { jsonEqual } from '../../api/json.js';

// -------------------------------------------------------------------------------------
// IP addresses
// -------------------------------------------------------------------------------------

export interface ParsedIP {
  /** 4 for IPv4 and IPv4-mapped IPv6 (Go's To4() != nil), 6 otherwise. */
  readonly family: 4 | 6;
  /** 4 bytes for family 4, 16 for family 6. */
  readonly bytes: readonly number[];
}

/** Dotted quad; leading zeros are tolerated as ParseIPSloppy tolerates them. */
const parseIPv4 = (s: string): number[] | undefined => {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^[0-9]{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.map(Number);
};

const parseHexGroups = (s: string): number[] | undefined => {
  if (s === '') return [];
  const groups = s.split(':');
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
};

/** Writes a trailing dotted quad (`::ffff:10.0.0.1`) as two hex groups. */
const withoutDottedTail = (s: string): string | undefined => {
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (!tail.includes('.')) return s;
  const v4 = parseIPv4(tail);
  if (v4 === undefined) return undefined;
  const [a = 0, b = 0, c = 0, d = 0] = v4;
  return `${s.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
};

const parseIPv6 = (s: string): number[] | undefined => {
  const text = withoutDottedTail(s);
  if (text === undefined) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseHexGroups(halves[0] ?? '');
  const rest = halves.length === 2 ? parseHexGroups(halves[1] ?? '') : [];
  if (head === undefined || rest === undefined) return undefined;
  const fixed = head.length + rest.length;
  if (halves.length === 1) return fixed === 16 ? head : undefined;
  return fixed < 16 ? [...head, ...new Array<number>(16 - fixed).fill(0), ...rest] : undefined;
};

const isV4Mapped = (b: readonly number[]): boolean => b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;

/** netutils.ParseIPSloppy: an IPv4 or IPv6 address, or undefined. */
export const parseIP = (s: string): ParsedIP | undefined => {
  const v4 = parseIPv4(s);
  if (v4 !== undefined) return { family: 4, bytes: v4 };
  if (!s.includes(':')) return undefined;
  const v6 = parseIPv6(s);
  if (v6 === undefined) return undefined;
  return isV4Mapped(v6) ? { family: 4, bytes: v6.slice(12) } : { family: 6, bytes: v6 };
};

/** upstream validation.IsValidIP. */
export const ipErrors = (path: string, value: string): FieldError[] =>
  parseIP(value) === undefined ? [invalid(path, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')] : [];

/** upstream ValidateNonSpecialIP: no unspecified, loopback or link-local addresses. */
export const nonSpecialIPErrors = (path: string, value: string): FieldError[] => {
  const ip = parseIP(value);
  if (ip === undefined) return [invalid(path, value, 'must be a valid IP address')];
  const b = ip.bytes;
  const [b0 = 0, b1 = 0, b2 = 0] = b;
  const v4 = ip.family === 4;
  const errors: FieldError[] = [];
  if (b.every((x) => x === 0)) errors.push(invalid(path, value, `may not be unspecified (${value})`));
  if (v4 ? b0 === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1) {
    errors.push(invalid(path, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  }
  if (v4 ? b0 === 169 && b1 === 254 : b0 === 0xfe && (b1 & 0xc0) === 0x80) {
    errors.push(invalid(path, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  }
  if (v4 ? b0 === 224 && b1 === 0 && b2 === 0 : b0 === 0xff && (b1 & 0x0f) === 0x02) {
    errors.push(invalid(path, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  }
  return errors;
};

// -------------------------------------------------------------------------------------
// ports and protocols
// -------------------------------------------------------------------------------------

/** upstream supportedPortProtocols, as sets.List orders it. */
export const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;

/** upstream validation.IsValidPortNum. */
export const portNumErrors = (path: string, port: number): FieldError[] =>
  Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [invalid(path, port, 'must be between 1 and 65535, inclusive')];

export const portNameMessages = portNameErrors;

/** upstream ValidatePortNumOrName. */
export const portNumOrNameErrors = (path: string, port: number | string): FieldError[] =>
  typeof port === 'number' ? portNumErrors(path, port) : portNameMessages(port).map((m) => invalid(path, port, m));

// -------------------------------------------------------------------------------------
// names
// -------------------------------------------------------------------------------------

export const dns1123LabelField = (path: string, value: string): FieldError[] => dns1123LabelErrors(value).map((m) => invalid(path, value, m));
export const dns1123SubdomainField = (path: string, value: string): FieldError[] => dns1123SubdomainErrors(value).map((m) => invalid(path, value, m));

export { dns1035LabelErrors };

/** upstream IsWildcardDNS1123Subdomain (Ingress hosts such as `*.example.com`). */
export const wildcardSubdomainErrors = (name: string): string[] => {
  const errs: string[] = [];
  if (name.length > 253) errs.push('must be no more than 253 characters');
  if (!/^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name)) {
    errs.push(
      "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  }
  return errs;
};

/** upstream IsFullyQualifiedDomainName (EndpointSlice FQDN addresses). */
export const fqdnErrors = (path: string, value: string): FieldError[] => {
  if (value === '') return [required(path)];
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  const sub = dns1123SubdomainErrors(name);
  if (sub.length > 0) return [invalid(path, name, sub.join(','))];
  if (name.split('.').length < 2) return [invalid(path, name, 'should be a domain with at least two segments separated by dots')];
  const bad = name.split('.').find((label) => dns1123LabelErrors(label).length > 0);
  return bad === undefined ? [] : [invalid(path, bad, dns1123LabelErrors(bad).join(','))];
};

// -------------------------------------------------------------------------------------
// labels (apimachinery ValidateLabels: both key and value errors sit at the map's path)
// -------------------------------------------------------------------------------------

export { labelValueErrors, qualifiedNameErrors };

/** upstream ValidateLabels (path first, as the networking rules call it). */
export const labelsErrors = (path: string, labels: Readonly<Record<string, string>>): FieldError[] => labelMapErrors(labels, path);

// -------------------------------------------------------------------------------------
// comparison
// -------------------------------------------------------------------------------------

/** Equality of API values regardless of key order. */
export const sameValue = jsonEqual;

/** upstream ValidateImmutableField. */
export const immutableErrors = (path: string, after: unknown, before: unknown): FieldError[] =>
  sameValue(after, before) ? [] : [invalid(path, after, 'field is immutable')];
