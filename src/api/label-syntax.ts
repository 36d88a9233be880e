/**
 * The syntax of label keys and values, annotation keys and finalizer names, with the
 * API server's messages (upstream k8s.io/apimachinery/pkg/util/validation:
 * IsQualifiedName, IsValidLabelValue).
 */

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** upstream RegexError: `msg (e.g. 'a',  or 'b', regex used for validation is 'fmt')`. */
const regexError = (msg: string, format: string, ...examples: string[]): string =>
  `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${format}')`;

const QUALIFIED_NAME_MESSAGE = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_FORMAT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const SUBDOMAIN_FORMAT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';

const subdomainErrors = (value: string): string[] => [
  ...(value.length > 253 ? ['must be no more than 253 characters'] : []),
  ...(DNS1123_SUBDOMAIN.test(value) ? [] : [regexError(SUBDOMAIN_MESSAGE, SUBDOMAIN_FORMAT, 'example.com')]),
];

/** upstream IsQualifiedName: `[prefix/]name`, the prefix a DNS subdomain. */
export const qualifiedNameErrors = (value: string): string[] => {
  const parts = value.split('/');
  let name: string;
  const errors: string[] = [];
  if (parts.length === 1) name = parts[0] ?? '';
  else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errors.push('prefix part must be non-empty');
    else errors.push(...subdomainErrors(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [`a qualified name ${regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_FORMAT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errors.push('name part must be non-empty');
  else if (name.length > 63) errors.push('name part must be no more than 63 characters');
  if (name.length > 0 && !QUALIFIED_NAME.test(name)) errors.push(`name part ${regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_FORMAT, 'MyName', 'my.name', '123-abc')}`);
  return errors;
};

/** upstream IsValidLabelValue. */
export const labelValueErrors = (value: string): string[] => [
  ...(value.length > 63 ? ['must be no more than 63 characters'] : []),
  ...(LABEL_VALUE.test(value)
    ? []
    : [regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?', 'MyValue', 'my_value', '12345')]),
];
