import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/meta.js';
import { formatFieldError } from '../../../src/api/validation.js';
import { RBAC_RULES, rbacNameErrors } from '../../../src/admission/kinds/rbac.js';
import type { KindRules } from '../../../src/admission/kinds/rules.js';

const ruleOf = (kind: string): KindRules => {
  const r = RBAC_RULES.find((x) => x.kind === kind);
  if (r === undefined) throw new Error(`no rules for ${kind}`);
  return r;
};
const defaulted = (r: KindRules, o: KubeObject): KubeObject => (r.defaults === undefined ? o : r.defaults(o));
const lines = (r: KindRules, o: KubeObject): string[] => (r.validate?.(defaulted(r, o)) ?? []).map(formatFieldError);
const G = 'rbac.authorization.k8s.io';
const object = (kind: string, fields: Record<string, unknown>, namespace: string | undefined = 'default'): KubeObject => ({
  apiVersion: `${G}/v1`,
  kind,
  metadata: { name: 'r', ...(namespace === undefined ? {} : { namespace }) },
  ...fields,
});

describe('Role and ClusterRole rules (upstream ValidatePolicyRule)', () => {
  const role = ruleOf('Role');
  const clusterRole = ruleOf('ClusterRole');

  it.each([
    [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }, []],
    [{ apiGroups: [''], resources: ['pods'] }, ['rules[0].verbs: Required value: verbs must contain at least one value']],
    [{ verbs: ['get'], resources: ['pods'] }, ['rules[0].apiGroups: Required value: resource rules must supply at least one api group']],
    [{ verbs: ['get'], apiGroups: ['apps'] }, ['rules[0].resources: Required value: resource rules must supply at least one resource']],
    [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }, ['rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs']],
  ])('Role rule %j', (rule, expected) => {
    expect(lines(role, object('Role', { rules: [rule] }))).toEqual(expected);
  });

  it.each([
    [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/livez'] }, []],
    [{ verbs: ['get'], nonResourceURLs: ['/healthz'], resources: ['pods'] }, ['rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: rules cannot apply to both regular resources and non-resource URLs']],
    [{ verbs: [], nonResourceURLs: ['/metrics'] }, ['rules[0].verbs: Required value: verbs must contain at least one value']],
  ])('ClusterRole rule %j', (rule, expected) => {
    expect(lines(clusterRole, object('ClusterRole', { rules: [rule] }, undefined))).toEqual(expected);
  });

  it('validates aggregation rules', () => {
    expect(lines(clusterRole, object('ClusterRole', { aggregationRule: {} }, undefined))).toEqual(['aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil']);
    expect(lines(clusterRole, object('ClusterRole', { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-edit': 'true' } }] } }, undefined))).toEqual([]);
    expect(lines(clusterRole, object('ClusterRole', { aggregationRule: { clusterRoleSelectors: [{ matchExpressions: [{ key: 'a', operator: 'Near' }] }] } }, undefined))).toEqual([
      'aggregationRule.clusterRoleSelectors[0].matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator',
      'aggregationRule.clusterRoleSelectors[0]: Invalid value: null: invalid label selector.',
    ]);
  });

  it.each([
    ['system:aggregate-to-admin', []],
    ['..', ["may not be '..'"]],
    ['a/b%c', ["may not contain '/'", "may not contain '%'"]],
  ])('RBAC name %s is a path segment', (name, expected) => {
    expect(rbacNameErrors(name)).toEqual(expected);
  });
});

describe('RoleBinding and ClusterRoleBinding', () => {
  const rb = ruleOf('RoleBinding');
  const crb = ruleOf('ClusterRoleBinding');
  const binding = (roleRef: Record<string, unknown>, subjects: Record<string, unknown>[] = []) => object('RoleBinding', { roleRef, subjects });
  const clusterBinding = (roleRef: Record<string, unknown>, subjects: Record<string, unknown>[] = []) => object('ClusterRoleBinding', { roleRef, subjects }, undefined);

  it('defaults roleRef.apiGroup, and apiGroup of User and Group subjects (not ServiceAccount)', () => {
    const out = defaulted(rb, binding({ kind: 'Role', name: 'r' }, [{ kind: 'User', name: 'u' }, { kind: 'Group', name: 'g' }, { kind: 'ServiceAccount', name: 'sa' }]));
    expect(out['roleRef']).toEqual({ kind: 'Role', name: 'r', apiGroup: G });
    expect(out['subjects']).toEqual([{ kind: 'User', name: 'u', apiGroup: G }, { kind: 'Group', name: 'g', apiGroup: G }, { kind: 'ServiceAccount', name: 'sa' }]);
  });

  it.each([
    [{ kind: 'Role', name: 'r' }, []],
    [{ kind: 'ClusterRole', name: 'view' }, []],
    [{ kind: 'Deployment', name: 'r' }, ['roleRef.kind: Unsupported value: "Deployment": supported values: "Role", "ClusterRole"']],
    [{ kind: 'Role', name: 'r', apiGroup: 'example.com' }, [`roleRef.apiGroup: Unsupported value: "example.com": supported values: "${G}"`]],
    [{ kind: 'Role' }, ['roleRef.name: Required value']],
    [{ kind: 'Role', name: 'a/b' }, ["roleRef.name: Invalid value: \"a/b\": may not contain '/'"]],
  ])('RoleBinding roleRef %j', (ref, expected) => {
    expect(lines(rb, binding(ref))).toEqual(expected);
  });

  it('a ClusterRoleBinding may only refer to a ClusterRole', () => {
    expect(lines(crb, clusterBinding({ kind: 'Role', name: 'r' }))).toEqual(['roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"']);
  });

  it.each([
    [{ kind: 'ServiceAccount', name: 'default' }, []],
    [{ kind: 'ServiceAccount', name: 'Default' }, ["subjects[0].name: Invalid value: \"Default\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]],
    [{ kind: 'ServiceAccount', name: 'sa', apiGroup: G }, [`subjects[0].apiGroup: Unsupported value: "${G}": supported values: ""`]],
    [{ kind: 'User', name: 'alice', apiGroup: 'example.com' }, [`subjects[0].apiGroup: Unsupported value: "example.com": supported values: "${G}"`]],
    [{ kind: 'Robot', name: 'r2' }, ['subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"']],
    [{ kind: 'Group' }, ['subjects[0].name: Required value']],
  ])('RoleBinding subject %j', (subject, expected) => {
    expect(lines(rb, binding({ kind: 'Role', name: 'r' }, [subject]))).toEqual(expected);
  });

  it('a ClusterRoleBinding needs the namespace of a ServiceAccount subject', () => {
    expect(lines(crb, clusterBinding({ kind: 'ClusterRole', name: 'view' }, [{ kind: 'ServiceAccount', name: 'sa' }]))).toEqual(['subjects[0].namespace: Required value']);
    expect(lines(crb, clusterBinding({ kind: 'ClusterRole', name: 'view' }, [{ kind: 'ServiceAccount', name: 'sa', namespace: 'kube-system' }]))).toEqual([]);
  });

  it.each([['RoleBinding'], ['ClusterRoleBinding']])('%s: roleRef cannot change on update; subjects can', (kind) => {
    const r = ruleOf(kind);
    const make = (name: string, subjects: Record<string, unknown>[] = []) => defaulted(r, object(kind, { roleRef: { kind: 'ClusterRole', name }, subjects }));
    expect((r.validateUpdate?.(make('view'), make('edit')) ?? []).map(formatFieldError)).toEqual([`roleRef: Invalid value: rbac.RoleRef{APIGroup:"${G}", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef`]);
    expect(r.validateUpdate?.(make('view'), make('view', [{ kind: 'User', name: 'bob' }]))).toEqual([]);
  });
});
