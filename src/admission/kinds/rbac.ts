/**
 * Role, ClusterRole, RoleBinding and ClusterRoleBinding as the API server accepts them
 * (upstream pkg/apis/rbac/v1 defaults and pkg/apis/rbac/validation). Stored only:
 * nothing in kubesim authorizes requests.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import { pathSegmentNameErrors } from '../../api/config.js';
import type { KubeObject } from '../../api/meta.js';
import { goStrings, labelSelectorErrors } from '../../api/policy.js';
import type { ClusterRole as ClusterRoleT, PolicyRule, RoleBinding as RoleBindingT, RoleRef, Subject } from '../../api/rbac.js';
import { ClusterRole, ClusterRoleBinding, RBAC_GROUP, Role, RoleBinding } from '../../api/rbac.js';
import { fromLabelSelector } from '../../api/selector.js';
import type { FieldError } from '../../api/validation.js';
import { invalid, notSupported, required, requiredWith } from '../../api/validation.js';
import { dns1123SubdomainErrors } from '../names.js';
import type { KindRules } from './rules.js';

/** upstream ValidateRBACName: RBAC names are path segments (`system:aggregate-to-admin` is fine). */
export const rbacNameErrors = pathSegmentNameErrors;

// -------------------------------------------------------------------------------------
// roles (upstream ValidatePolicyRule, ValidateClusterRole)
// -------------------------------------------------------------------------------------

const ruleErrors = (rule: PolicyRule, namespaced: boolean, path: string): FieldError[] => {
  const errors: FieldError[] = [];
  if ((rule.verbs ?? []).length === 0) errors.push(requiredWith(`${path}.verbs`, 'verbs must contain at least one value'));
  const urls = rule.nonResourceURLs ?? [];
  if (urls.length > 0) {
    const shown = goStrings('[]string', urls);
    if (namespaced) errors.push({ path: `${path}.nonResourceURLs`, message: `Invalid value: ${shown}: namespaced rules cannot apply to non-resource URLs` });
    const resourceish = (rule.apiGroups ?? []).length + (rule.resources ?? []).length + (rule.resourceNames ?? []).length > 0;
    if (resourceish) errors.push({ path: `${path}.nonResourceURLs`, message: `Invalid value: ${shown}: rules cannot apply to both regular resources and non-resource URLs` });
    return errors;
  }
  if ((rule.apiGroups ?? []).length === 0) errors.push(requiredWith(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if ((rule.resources ?? []).length === 0) errors.push(requiredWith(`${path}.resources`, 'resource rules must supply at least one resource'));
  return errors;
};

const rulesErrors = (o: KubeObject, namespaced: boolean): FieldError[] =>
  ((o['rules'] ?? []) as readonly PolicyRule[]).flatMap((r, i) => ruleErrors(r, namespaced, `rules[${i}]`));

const aggregationErrors = (role: ClusterRoleT): FieldError[] => {
  const rule = role.aggregationRule;
  if (rule === undefined) return [];
  const selectors = rule.clusterRoleSelectors ?? [];
  const errors = selectors.length === 0 ? [requiredWith('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil')] : [];
  selectors.forEach((s, i) => {
    const path = `aggregationRule.clusterRoleSelectors[${i}]`;
    errors.push(...labelSelectorErrors(s, path));
    // upstream prints the (nil) converted selector.
    if (isLeft(fromLabelSelector(s))) errors.push(invalid(path, null, 'invalid label selector.'));
  });
  return errors;
};

// -------------------------------------------------------------------------------------
// bindings (upstream SetDefaults_*Binding, SetDefaults_Subject, ValidateRoleBinding)
// -------------------------------------------------------------------------------------

const defaultSubject = (s: Subject): Subject =>
  (s.apiGroup ?? '') === '' && (s.kind === 'User' || s.kind === 'Group') ? { ...s, apiGroup: RBAC_GROUP } : s;

const defaultBinding = (o: KubeObject): KubeObject => {
  const b = o as unknown as RoleBindingT;
  const roleRef = b.roleRef === undefined || (b.roleRef.apiGroup ?? '') === '' ? { ...b.roleRef, apiGroup: RBAC_GROUP } : b.roleRef;
  return { ...o, roleRef, ...(b.subjects === undefined ? {} : { subjects: b.subjects.map(defaultSubject) }) };
};

const subjectErrors = (s: Subject, namespaced: boolean, path: string): FieldError[] => {
  const name = s.name ?? '';
  const group = s.apiGroup ?? '';
  const errors = name === '' ? [required(`${path}.name`)] : [];
  switch (s.kind) {
    case 'ServiceAccount':
      if (name !== '') errors.push(...dns1123SubdomainErrors(name).map((m) => invalid(`${path}.name`, name, m)));
      if (group !== '') errors.push(notSupported(`${path}.apiGroup`, group, ['']));
      if (!namespaced && (s.namespace ?? '') === '') errors.push(required(`${path}.namespace`));
      return errors;
    case 'User':
    case 'Group':
      return group === RBAC_GROUP ? errors : [...errors, notSupported(`${path}.apiGroup`, group, [RBAC_GROUP])];
    default:
      return [...errors, notSupported(`${path}.kind`, s.kind ?? '', ['ServiceAccount', 'User', 'Group'])];
  }
};

const bindingErrors = (o: KubeObject, namespaced: boolean): FieldError[] => {
  const b = o as unknown as RoleBindingT;
  const ref = b.roleRef ?? {};
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  const errors: FieldError[] = [];
  if (ref.apiGroup !== RBAC_GROUP) errors.push(notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  if (!kinds.includes(ref.kind ?? '')) errors.push(notSupported('roleRef.kind', ref.kind ?? '', kinds));
  const name = ref.name ?? '';
  if (name === '') errors.push(required('roleRef.name'));
  else errors.push(...rbacNameErrors(name).map((m) => invalid('roleRef.name', name, m)));
  (b.subjects ?? []).forEach((s, i) => errors.push(...subjectErrors(s, namespaced, `subjects[${i}]`)));
  return errors;
};

/** `rbac.RoleRef{APIGroup:"…", Kind:"…", Name:"…"}`: upstream prints the internal struct. */
const showRoleRef = (r: RoleRef): string => `rbac.RoleRef{APIGroup:${JSON.stringify(r.apiGroup ?? '')}, Kind:${JSON.stringify(r.kind ?? '')}, Name:${JSON.stringify(r.name ?? '')}}`;

/** upstream: the roleRef of a binding may never change (delete and recreate instead). */
const roleRefUpdateErrors = (before: KubeObject, after: KubeObject): FieldError[] => {
  const was = (before as unknown as RoleBindingT).roleRef ?? {};
  const now = (after as unknown as RoleBindingT).roleRef ?? {};
  const same = was.apiGroup === now.apiGroup && was.kind === now.kind && was.name === now.name;
  return same ? [] : [{ path: 'roleRef', message: `Invalid value: ${showRoleRef(now)}: cannot change roleRef` }];
};

export const RBAC_RULES: readonly KindRules[] = [
  { kind: 'Role', codec: Role, validate: (o) => rulesErrors(o, true) },
  { kind: 'ClusterRole', codec: ClusterRole, validate: (o) => [...rulesErrors(o, false), ...aggregationErrors(o as unknown as ClusterRoleT)] },
  { kind: 'RoleBinding', codec: RoleBinding, defaults: defaultBinding, validate: (o) => bindingErrors(o, true), validateUpdate: roleRefUpdateErrors },
  { kind: 'ClusterRoleBinding', codec: ClusterRoleBinding, defaults: defaultBinding, validate: (o) => bindingErrors(o, false), validateUpdate: roleRefUpdateErrors },
];
