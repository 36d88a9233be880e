/**
 * Small validators the Pod and workload rules share, worded as upstream's apimachinery
 * `util/validation` words them, and the Go printing of the values upstream puts in an
 * `Invalid value:` (field.Error prints what is neither a number, a bool nor a string with
 * `%#v`: `map[string]string{"app":"web"}`, `intstr.IntOrString{Type:1, ...}`).
 */
import type { LabelSelector } from '../../api/selector.js';
import type { FieldError } from '../../api/validation.js';
import { invalid } from '../../api/validation.js';
import { labelMapErrors, labelValueErrors, portNameErrors, qualifiedNameErrors } from '../../api/label-syntax.js';

// -------------------------------------------------------------------------------------
// Go values (field.Error's `%#v` fallback)
// -------------------------------------------------------------------------------------

/** An `Invalid value:` error whose value is already printed the Go way. */
export const invalidGo = (path: string, goValue: string, detail: string): FieldError => ({ path, message: `Invalid value: ${goValue}: ${detail}` });

const goStrings = (values: readonly string[] | undefined): string =>
  values === undefined ? '[]string(nil)' : `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;

/** `map[string]string{"a":"1", "b":"2"}`: Go prints map keys sorted; a nil map as `(nil)`. */
export const goStringMap = (m: Readonly<Record<string, string>> | undefined): string =>
  m === undefined
    ? 'map[string]string(nil)'
    : `map[string]string{${Object.keys(m)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${JSON.stringify(m[k])}`)
        .join(', ')}}`;

/** `v1.LabelSelector{MatchLabels:..., MatchExpressions:...}` (a nil selector prints null). */
export const goLabelSelector = (s: LabelSelector | undefined): string => {
  if (s === undefined) return 'null';
  const exprs =
    s.matchExpressions === undefined
      ? '[]v1.LabelSelectorRequirement(nil)'
      : `[]v1.LabelSelectorRequirement{${s.matchExpressions
          .map((e) => `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key)}, Operator:${JSON.stringify(e.operator)}, Values:${goStrings(e.values)}}`)
          .join(', ')}}`;
  return `v1.LabelSelector{MatchLabels:${goStringMap(s.matchLabels)}, MatchExpressions:${exprs}}`;
};

/** `intstr.IntOrString{Type:0, IntVal:1, StrVal:""}` (Type 1 for a string). */
export const goIntOrString = (v: number | string | undefined): string =>
  typeof v === 'string' ? `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}` : `intstr.IntOrString{Type:0, IntVal:${v ?? 0}, StrVal:""}`;

// -------------------------------------------------------------------------------------
// numbers
// -------------------------------------------------------------------------------------

/** upstream ValidateNonnegativeField. */
export const nonNegative = (path: string, value: number | undefined): FieldError[] =>
  value !== undefined && value < 0 ? [invalid(path, value, 'must be greater than or equal to 0')] : [];

/** upstream IsInRange wording (InclusiveRangeError). */
export const inclusiveRange = (lo: number, hi: number): string => `must be between ${lo} and ${hi}, inclusive`;

export const INT32_MAX = 2147483647;

// -------------------------------------------------------------------------------------
// names (upstream IsQualifiedName, IsValidLabelValue, IsValidPortName)
// -------------------------------------------------------------------------------------

export { labelValueErrors, qualifiedNameErrors };

export const labelsErrors = labelMapErrors;
export { portNameErrors };

/** upstream IsValidPortNum. */
export const portNumErrors = (port: number): string[] => (Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [inclusiveRange(1, 65535)]);
