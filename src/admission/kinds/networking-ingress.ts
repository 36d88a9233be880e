/**
 * Ingress and IngressClass (networking.k8s.io/v1): conversion from the retired v1beta1
 * shape, upstream SetDefaults_IngressClass, and ValidateIngressCreate / ValidateIngressClass
 * (pkg/apis/networking/validation). Service names in backends are DNS-1035 labels
 * (RelaxedServiceNameValidation is off by default in v1.34).
 */
import type { KubeObject } from '../../api/meta.js';
import type { HTTPIngressPath, Ingress, IngressBackend, IngressClass, IngressRule, IngressSpec } from '../../api/networking.js';
import type { FieldError } from '../../api/validation.js';
import { forbidden, invalid, notSupported, required, requiredWith, tooLong } from '../../api/validation.js';
import { dns1035LabelErrors, dns1123SubdomainField, immutableErrors, parseIP, portNameMessages, portNumErrors, wildcardSubdomainErrors } from './networking-fields.js';
import { dns1123SubdomainErrors } from '../names.js';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

// -------------------------------------------------------------------------------------
// conversion from extensions/v1beta1 and networking.k8s.io/v1beta1
// -------------------------------------------------------------------------------------

interface BetaBackend {
  readonly serviceName?: string;
  readonly servicePort?: number | string;
  readonly resource?: unknown;
}

const convertBackend = (b: BetaBackend): IngressBackend => {
  if (b.serviceName === undefined) return b.resource === undefined ? {} : ({ resource: b.resource } as IngressBackend);
  const port = typeof b.servicePort === 'number' ? { number: b.servicePort } : b.servicePort === undefined ? {} : { name: b.servicePort };
  return { service: { name: b.serviceName, port } };
};

/** v1beta1 → v1: `backend` becomes `defaultBackend`, backends name their service; pathType defaulted ImplementationSpecific. */
export const convertIngress = (o: KubeObject, fromApiVersion: string): KubeObject => {
  if (!fromApiVersion.endsWith('v1beta1')) return o;
  const { backend, rules, ...spec } = (o['spec'] ?? {}) as { backend?: BetaBackend; rules?: { host?: string; http?: { paths?: { path?: string; pathType?: string; backend?: BetaBackend }[] } }[] };
  const v1Rules = rules?.map((r) =>
    r.http?.paths === undefined
      ? r
      : { ...r, http: { ...r.http, paths: r.http.paths.map((p) => ({ ...p, pathType: p.pathType ?? 'ImplementationSpecific', backend: convertBackend(p.backend ?? {}) })) } },
  );
  return {
    ...o,
    apiVersion: 'networking.k8s.io/v1',
    spec: { ...spec, ...(backend === undefined ? {} : { defaultBackend: convertBackend(backend) }), ...(v1Rules === undefined ? {} : { rules: v1Rules }) },
  };
};

// -------------------------------------------------------------------------------------
// Ingress validation
// -------------------------------------------------------------------------------------

const serviceBackendErrors = (service: NonNullable<IngressBackend['service']>, path: string): FieldError[] => {
  const name = service.name ?? '';
  const errors = name === '' ? [required(`${path}.service.name`)] : dns1035LabelErrors(name).map((m) => invalid(`${path}.service.name`, name, m));
  const portName = service.port?.name ?? '';
  const portNumber = service.port?.number ?? 0;
  if (portName !== '' && portNumber !== 0) return [...errors, invalid(path, '', 'cannot set both port name & port number')];
  if (portName !== '') return [...errors, ...portNameMessages(portName).map((m) => invalid(`${path}.service.port.name`, portName, m))];
  if (portNumber !== 0) return [...errors, ...portNumErrors(`${path}.service.port.number`, portNumber)];
  return [...errors, requiredWith(path, 'port name or number is required')];
};

const resourceBackendErrors = (resource: NonNullable<IngressBackend['resource']>, path: string): FieldError[] => [
  ...(resource.apiGroup === undefined ? [] : dns1123SubdomainField(`${path}.resource.apiGroup`, resource.apiGroup)),
  ...((resource.kind ?? '') === '' ? [required(`${path}.resource.kind`)] : []),
  ...((resource.name ?? '') === '' ? [required(`${path}.resource.name`)] : []),
];

/** upstream validateIngressBackend: exactly one of service and resource. */
const backendErrors = (backend: IngressBackend, path: string): FieldError[] => {
  if (backend.resource !== undefined && backend.service !== undefined) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (backend.resource !== undefined) return resourceBackendErrors(backend.resource, path);
  if (backend.service !== undefined) return serviceBackendErrors(backend.service, path);
  return [invalid(path, '', 'resource or service backend is required')];
};

const pathValueErrors = (p: HTTPIngressPath, path: string): FieldError[] => {
  const value = p.path ?? '';
  const absolute = value.startsWith('/') ? [] : [invalid(`${path}.path`, value, 'must be an absolute path')];
  if (p.pathType === 'ImplementationSpecific') return value === '' ? [] : absolute;
  if (value === '') return absolute;
  return [
    ...absolute,
    ...INVALID_PATH_SEQUENCES.filter((s) => value.includes(s)).map((s) => invalid(`${path}.path`, value, `must not contain '${s}'`)),
    ...INVALID_PATH_SUFFIXES.filter((s) => value.endsWith(s)).map((s) => invalid(`${path}.path`, value, `cannot end with '${s}'`)),
  ];
};

const httpPathErrors = (p: HTTPIngressPath, path: string): FieldError[] => {
  if (p.pathType === undefined) return [requiredWith(`${path}.pathType`, 'pathType must be specified')];
  const typeErrors = PATH_TYPES.includes(p.pathType) ? pathValueErrors(p, path) : [notSupported(`${path}.pathType`, p.pathType, PATH_TYPES)];
  return [...typeErrors, ...backendErrors(p.backend ?? {}, `${path}.backend`)];
};

const hostErrors = (host: string, path: string): FieldError[] => {
  const ip = parseIP(host) === undefined ? [] : [invalid(path, host, 'must be a DNS name, not an IP address')];
  const name = host.includes('*') ? wildcardSubdomainErrors(host) : dns1123SubdomainErrors(host);
  return [...ip, ...name.map((m) => invalid(path, host, m))];
};

const ruleErrors = (rule: IngressRule, i: number): FieldError[] => {
  const path = `spec.rules[${i}]`;
  const host = rule.host ?? '';
  const paths = rule.http?.paths;
  return [
    ...(host === '' ? [] : hostErrors(host, `${path}.host`)),
    ...(rule.http === undefined ? [] : paths === undefined || paths.length === 0 ? [required(`${path}.http.paths`)] : []),
    ...(paths ?? []).flatMap((p, j) => httpPathErrors(p, `${path}.http.paths[${j}]`)),
  ];
};

const tlsErrors = (spec: IngressSpec): FieldError[] =>
  (spec.tls ?? []).flatMap((tls, i) => [
    ...(tls.hosts ?? []).flatMap((h, j) => {
      const msgs = h.includes('*') ? wildcardSubdomainErrors(h) : dns1123SubdomainErrors(h);
      return msgs.map((m) => invalid(`spec.tls[${i}].hosts[${j}]`, h, m));
    }),
    ...(tls.secretName === undefined || tls.secretName === '' ? [] : dns1123SubdomainField(`spec.tls[${i}].secretName`, tls.secretName)),
  ]);

export const validateIngress = (o: KubeObject): FieldError[] => {
  const spec = (o as unknown as Ingress).spec ?? {};
  const rules = spec.rules ?? [];
  const annotation = o.metadata.annotations?.[INGRESS_CLASS_ANNOTATION];
  return [
    ...(rules.length === 0 && spec.defaultBackend === undefined ? [invalid('spec', spec.rules, 'either `defaultBackend` or `rules` must be specified')] : []),
    ...(spec.defaultBackend === undefined ? [] : backendErrors(spec.defaultBackend, 'spec.defaultBackend')),
    ...rules.flatMap(ruleErrors),
    ...tlsErrors(spec),
    ...(spec.ingressClassName === undefined ? [] : dns1123SubdomainField('spec.ingressClassName', spec.ingressClassName)),
    // upstream (create only) words this path without `metadata.`
    ...(annotation !== undefined && spec.ingressClassName !== undefined && annotation !== spec.ingressClassName
      ? [invalid(`annotations.${INGRESS_CLASS_ANNOTATION}`, annotation, 'must match `ingressClassName` when both are specified')]
      : []),
  ];
};

// -------------------------------------------------------------------------------------
// IngressClass
// -------------------------------------------------------------------------------------

const MAX_CONTROLLER_LENGTH = 250;

export const defaultIngressClass = (o: KubeObject): KubeObject => {
  const spec = (o as unknown as IngressClass).spec;
  if (spec?.parameters === undefined || spec.parameters.scope !== undefined) return o;
  return { ...o, spec: { ...spec, parameters: { ...spec.parameters, scope: 'Cluster' } } };
};

/** upstream IsDomainPrefixedPath: `example.com/name`. */
const controllerErrors = (controller: string): FieldError[] => {
  if (controller === '') return [required('spec.controller')];
  if (controller.length > MAX_CONTROLLER_LENGTH) return [tooLong('spec.controller', MAX_CONTROLLER_LENGTH)];
  const slash = controller.indexOf('/');
  if (slash < 0) return [invalid('spec.controller', controller, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const host = controller.slice(0, slash);
  return dns1123SubdomainErrors(host).map((m) => invalid('spec.controller', host, m));
};

const parametersErrors = (p: NonNullable<NonNullable<IngressClass['spec']>['parameters']>): FieldError[] => {
  const path = 'spec.parameters';
  const errors: FieldError[] = [];
  if (p.apiGroup !== undefined) errors.push(...dns1123SubdomainField(`${path}.apiGroup`, p.apiGroup));
  if ((p.kind ?? '') === '') errors.push(required(`${path}.kind`));
  if ((p.name ?? '') === '') errors.push(required(`${path}.name`));
  if (p.scope === undefined) return [...errors, required(`${path}.scope`)];
  if (p.scope !== 'Cluster' && p.scope !== 'Namespace') return [...errors, notSupported(`${path}.scope`, p.scope, ['Cluster', 'Namespace'])];
  if (p.scope === 'Namespace' && p.namespace === undefined) errors.push(requiredWith(`${path}.namespace`, "`parameters.scope` is set to 'Namespace'"));
  if (p.scope === 'Cluster' && p.namespace !== undefined) errors.push(forbidden(`${path}.namespace`, "`parameters.scope` is set to 'Cluster'"));
  return errors;
};

export const validateIngressClass = (o: KubeObject): FieldError[] => {
  const spec = (o as unknown as IngressClass).spec ?? {};
  return [...controllerErrors(spec.controller ?? ''), ...(spec.parameters === undefined ? [] : parametersErrors(spec.parameters))];
};

/** upstream validateIngressClassSpecUpdate: the controller is immutable. */
export const validateIngressClassUpdate = (before: KubeObject, after: KubeObject): FieldError[] =>
  immutableErrors('spec.controller', (after as unknown as IngressClass).spec?.controller, (before as unknown as IngressClass).spec?.controller);
