/**
 * Service clusterIPs / ipFamilies / ipFamilyPolicy rules: upstream
 * ValidateServiceClusterIPsRelatedFields, the single-stack IPv4 cluster checks of the
 * registry's initIPFamilyFields, and the update transitions of ValidateServiceUpdate
 * (validateUpgradeDowngradeClusterIPs / IPFamilies, loadBalancerClass, healthCheckNodePort).
 */
import type { KubeObject } from '../../api/meta.js';
import type { Service, ServiceSpec } from '../../api/networking.js';
import type { FieldError } from '../../api/validation.js';
import { duplicate, forbidden, invalid, notSupported, required } from '../../api/validation.js';
import { parseIP, sameValue } from './networking-fields.js';

const FAMILIES = ['IPv4', 'IPv6'];
const POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];

const isHeadless = (spec: ServiceSpec): boolean => spec.clusterIPs?.length === 1 && spec.clusterIPs[0] === 'None';
const selectorlessHeadless = (spec: ServiceSpec): boolean => spec.clusterIP === 'None' && Object.keys(spec.selector ?? {}).length === 0;

const syncErrors = (spec: ServiceSpec): FieldError[] => {
  const ips = spec.clusterIPs ?? [];
  if ((spec.clusterIP ?? '') !== '') {
    if (ips.length === 0) return [required('spec.clusterIPs')];
    return ips[0] === spec.clusterIP ? [] : [invalid('spec.clusterIPs', ips, 'first value must match `clusterIP`')];
  }
  return ips.length === 0 ? [] : [invalid('spec.clusterIPs', ips, 'must be empty when `clusterIP` is not specified')];
};

const familyErrors = (spec: ServiceSpec): FieldError[] => {
  const seen = new Set<string>();
  const errors = (spec.ipFamilies ?? []).flatMap((f, i) => {
    const out: FieldError[] = [];
    if (!FAMILIES.includes(f)) out.push(notSupported(`spec.ipFamilies[${i}]`, f, FAMILIES));
    if (seen.has(f)) out.push(duplicate(`spec.ipFamilies[${i}]`, f));
    seen.add(f);
    return out;
  });
  const policy = spec.ipFamilyPolicy;
  return policy === undefined || POLICIES.includes(policy) ? errors : [...errors, notSupported('spec.ipFamilyPolicy', policy, POLICIES)];
};

/** Each clusterIPs entry; returns whether any was malformed (upstream then stops). */
const ipListErrors = (ips: readonly string[]): { errors: FieldError[]; malformed: boolean } => {
  const errors: FieldError[] = [];
  let malformed = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) errors.push(invalid('spec.clusterIPs', ips, "'None' must be the first and only value"));
      malformed ||= ips.length > 1;
      return;
    }
    if (parseIP(ip) === undefined) {
      malformed = true;
      errors.push(invalid(`spec.clusterIPs[${i}]`, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
    }
  });
  if (ips.length > 2) errors.push(invalid('spec.clusterIPs', ips, 'may only hold up to 2 values'));
  return { errors, malformed };
};

const familyMatchErrors = (spec: ServiceSpec): FieldError[] => {
  const ips = spec.clusterIPs ?? [];
  const families = spec.ipFamilies ?? [];
  const errors: FieldError[] = [];
  if (ips.length > 1 && new Set(ips.map((ip) => parseIP(ip)?.family)).size !== ips.length) {
    errors.push(invalid('spec.clusterIPs', ips, 'may specify no more than one IP for each IP family'));
  }
  if (isHeadless(spec)) return errors;
  ips.forEach((ip, i) => {
    const v6 = parseIP(ip)?.family === 6;
    if (families[i] === 'IPv4' && v6) errors.push(invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
    if (families[i] === 'IPv6' && !v6) errors.push(invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
  });
  return errors;
};

/** initIPFamilyFields on kubesim's single-stack IPv4 cluster. */
const clusterFamilyErrors = (spec: ServiceSpec): FieldError[] => {
  const errors: FieldError[] = [];
  if (spec.ipFamilyPolicy === 'SingleStack') {
    if ((spec.clusterIPs ?? []).length === 2) errors.push(invalid('spec.ipFamilyPolicy', 'SingleStack', "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
    if ((spec.ipFamilies ?? []).length === 2) errors.push(invalid('spec.ipFamilyPolicy', 'SingleStack', "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
  }
  if (errors.length > 0 || selectorlessHeadless(spec)) return errors;
  if (spec.ipFamilyPolicy === 'RequireDualStack') errors.push(invalid('spec.ipFamilyPolicy', 'RequireDualStack', 'this cluster is not configured for dual-stack services'));
  (spec.ipFamilies ?? []).forEach((f, i) => {
    if (f !== 'IPv4') errors.push(invalid(`spec.ipFamilies[${i}]`, f, 'not configured on this cluster'));
  });
  return errors;
};

/** upstream ValidateServiceClusterIPsRelatedFields, then the cluster's family checks. */
export const validateClusterIPs = (spec: ServiceSpec): FieldError[] => {
  if (spec.type === 'ExternalName') return [];
  const list = ipListErrors(spec.clusterIPs ?? []);
  const head = [...syncErrors(spec), ...familyErrors(spec), ...list.errors];
  if (list.malformed) return head;
  const errors = [...head, ...familyMatchErrors(spec)];
  return errors.length > 0 ? errors : clusterFamilyErrors(spec);
};

// -------------------------------------------------------------------------------------
// update
// -------------------------------------------------------------------------------------

/**
 * The clusterIPs the update means: upstream keeps the allocated values when a PUT omits
 * them, and moves clusterIPs[0] along when only clusterIP was edited.
 */
const effectiveIPs = (before: ServiceSpec, after: ServiceSpec): readonly string[] => {
  if ((after.clusterIP ?? '') === '' && (after.clusterIPs ?? []).length === 0) return before.clusterIPs ?? [];
  const ips = after.clusterIPs ?? [];
  if (after.clusterIP !== before.clusterIP && sameValue(ips, before.clusterIPs ?? []) && after.clusterIP !== undefined) return [after.clusterIP, ...ips.slice(1)];
  return ips;
};

const clusterIPsTransitionErrors = (before: ServiceSpec, after: ServiceSpec): FieldError[] => {
  if (before.type === 'ExternalName' || after.type === 'ExternalName') return [];
  const old = before.clusterIPs ?? [];
  const ips = effectiveIPs(before, after);
  if (isHeadless(before) && isHeadless({ clusterIPs: [...ips] })) return [];
  const path = 'spec.clusterIPs';
  if (old.length === ips.length) return old.flatMap((ip, i) => (ip === ips[i] ? [] : [invalid(`${path}[${i}]`, ips, 'may not change once set')]));
  if (ips.length === 0) return [invalid(`${path}[0]`, ips, 'primary clusterIP can not be unset')];
  const errors = old.length > 0 && ips[0] !== old[0] ? [invalid(`${path}[0]`, ips, 'may not change once set')] : [];
  if (old.length > ips.length && ips.length === 1 && after.ipFamilyPolicy !== 'SingleStack') {
    errors.push(invalid('spec.ipFamilyPolicy', after.ipFamilyPolicy, "must be set to 'SingleStack' when releasing the secondary clusterIP"));
  }
  return errors;
};

const familiesTransitionErrors = (before: ServiceSpec, after: ServiceSpec): FieldError[] => {
  if (before.type === 'ExternalName' || after.type === 'ExternalName' || isHeadless(before) || isHeadless(after)) return [];
  const old = before.ipFamilies ?? [];
  const now = after.ipFamilies ?? [];
  if (old.length === now.length) return old.some((f, i) => f !== now[i]) ? [invalid('spec.ipFamilies[0]', now, 'may not change once set')] : [];
  return now.length > 0 && old.length > 0 && now[0] !== old[0] ? [invalid('spec.ipFamilies[0]', after.clusterIPs, 'may not change once set')] : [];
};

/** upstream ValidateServiceUpdate's transition rules (admission also runs `validate`). */
export const validateServiceUpdate = (beforeObject: KubeObject, afterObject: KubeObject): FieldError[] => {
  const before = (beforeObject as unknown as Service).spec ?? {};
  const after = (afterObject as unknown as Service).spec ?? {};
  const errors = [...clusterIPsTransitionErrors(before, after), ...familiesTransitionErrors(before, after)];
  if (before.type === 'LoadBalancer' && after.type === 'LoadBalancer' && before.loadBalancerClass !== after.loadBalancerClass) {
    errors.push(invalid('spec.loadBalancerClass', after.loadBalancerClass, 'may not change once set'));
  }
  const needsHC = (s: ServiceSpec): boolean => s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
  if (needsHC(before) && needsHC(after) && (before.healthCheckNodePort ?? 0) !== (after.healthCheckNodePort ?? 0)) {
    errors.push(forbidden('spec.healthCheckNodePort', 'field is immutable'));
  }
  return errors;
};
