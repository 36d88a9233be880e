/**
 * The API server's rules for the networking kinds: Service, Endpoints, EndpointSlice,
 * Ingress, IngressClass and NetworkPolicy (accepted and stored; kubesim does not enforce
 * it, so it is checked lightly: peers, ports and policyTypes).
 *
 * Also the pure ClusterIP / NodePort allocators admission calls for new Services.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { KubeObject } from '../../api/meta.js';
import { EndpointSlice, Endpoints, Ingress, IngressClass, NetworkPolicy, Service } from '../../api/networking.js';
import type { NetworkPolicyPeer, NetworkPolicySpec } from '../../api/networking.js';
import { fromLabelSelector } from '../../api/selector.js';
import type { LabelSelector } from '../../api/selector.js';
import type { FieldError } from '../../api/validation.js';
import { forbidden, invalid, notSupported, required, requiredWith } from '../../api/validation.js';
import type { KindRules } from './rules.js';
import { defaultEndpointSlice, defaultEndpoints, validateEndpointSlice, validateEndpointSliceUpdate, validateEndpoints } from './networking-endpoints.js';
import { PORT_PROTOCOLS, portNumErrors, portNumOrNameErrors } from './networking-fields.js';
import { convertIngress, defaultIngressClass, validateIngress, validateIngressClass, validateIngressClassUpdate } from './networking-ingress.js';
import { defaultService, validateService } from './networking-service.js';
import { validateServiceUpdate } from './networking-service-ips.js';

export {
  CLUSTER_IP_STATIC_BAND,
  KUBERNETES_SERVICE_IP,
  NODE_PORT_MAX,
  NODE_PORT_MIN,
  NODE_PORT_STATIC_BAND,
  SERVICE_CIDR,
  allocateClusterIP,
  allocateNodePort,
  inServiceCIDR,
  needsHealthCheckNodePort,
  needsNodePorts,
  servicePortsNeedingNodePorts,
} from './networking-alloc.js';

// -------------------------------------------------------------------------------------
// NetworkPolicy
// -------------------------------------------------------------------------------------

type PolicyPort = NonNullable<NonNullable<NetworkPolicySpec['ingress']>[number]['ports']>[number];

/** upstream SetDefaults_NetworkPolicy / _NetworkPolicyPort. */
const defaultNetworkPolicy = (o: KubeObject): KubeObject => {
  const spec: NetworkPolicySpec = (o as unknown as NetworkPolicy).spec ?? {};
  const withTcp = (ports: PolicyPort[] | undefined): PolicyPort[] | undefined => ports?.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' }));
  const policyTypes = (spec.policyTypes ?? []).length > 0 ? spec.policyTypes : (spec.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  return {
    ...o,
    spec: {
      ...spec,
      ...(spec.ingress === undefined ? {} : { ingress: spec.ingress.map((r) => (r.ports === undefined ? r : { ...r, ports: withTcp(r.ports) })) }),
      ...(spec.egress === undefined ? {} : { egress: spec.egress.map((r) => (r.ports === undefined ? r : { ...r, ports: withTcp(r.ports) })) }),
      policyTypes,
    },
  };
};

const selectorErrors = (path: string, selector: LabelSelector): FieldError[] => {
  const parsed = fromLabelSelector(selector);
  return isLeft(parsed) ? [invalid(path, selector, parsed.left)] : [];
};

const policyPortErrors = (p: PolicyPort, path: string): FieldError[] => {
  const errors: FieldError[] = [];
  if (p.protocol !== undefined && !(PORT_PROTOCOLS as readonly string[]).includes(p.protocol)) errors.push(notSupported(`${path}.protocol`, p.protocol, ['TCP', 'UDP', 'SCTP']));
  if (p.port === undefined) {
    if (p.endPort !== undefined) errors.push(invalid(`${path}.endPort`, p.endPort, 'may not be specified when `port` is not specified'));
    return errors;
  }
  errors.push(...portNumOrNameErrors(`${path}.port`, p.port));
  if (p.endPort === undefined) return errors;
  if (typeof p.port === 'string') return [...errors, invalid(`${path}.endPort`, p.endPort, 'may not be specified when `port` is non-numeric')];
  if (p.endPort < p.port) errors.push(invalid(`${path}.endPort`, p.endPort, 'must be greater than or equal to `port`'));
  return [...errors, ...portNumErrors(`${path}.endPort`, p.endPort)];
};

const peerErrors = (peer: NetworkPolicyPeer, path: string): FieldError[] => {
  const errors: FieldError[] = [];
  if (peer.podSelector !== undefined) errors.push(...selectorErrors(`${path}.podSelector`, peer.podSelector));
  if (peer.namespaceSelector !== undefined) errors.push(...selectorErrors(`${path}.namespaceSelector`, peer.namespaceSelector));
  if (peer.ipBlock !== undefined && peer.ipBlock.cidr === '') errors.push(required(`${path}.ipBlock.cidr`));
  const count = [peer.podSelector, peer.namespaceSelector, peer.ipBlock].filter((x) => x !== undefined).length;
  if (count === 0) errors.push(requiredWith(path, 'must specify a peer'));
  else if (count > 1 && peer.ipBlock !== undefined) errors.push(forbidden(path, 'may not specify both ipBlock and another peer'));
  return errors;
};

const validateNetworkPolicy = (o: KubeObject): FieldError[] => {
  const spec: NetworkPolicySpec = (o as unknown as NetworkPolicy).spec ?? {};
  const rules = (kind: 'ingress' | 'egress', peers: 'from' | 'to'): FieldError[] =>
    ((spec[kind] ?? []) as { ports?: PolicyPort[]; from?: NetworkPolicyPeer[]; to?: NetworkPolicyPeer[] }[]).flatMap((r, i) => [
      ...(r.ports ?? []).flatMap((p, j) => policyPortErrors(p, `spec.${kind}[${i}].ports[${j}]`)),
      ...(r[peers] ?? []).flatMap((p, j) => peerErrors(p, `spec.${kind}[${i}].${peers}[${j}]`)),
    ]);
  const types = spec.policyTypes ?? [];
  const typeErrors =
    types.length > 2
      ? [invalid('spec.policyTypes', types, 'may not specify more than two policyTypes')]
      : types.flatMap((t, i) => (t === 'Ingress' || t === 'Egress' ? [] : [notSupported(`spec.policyTypes[${i}]`, t, ['Ingress', 'Egress'])]));
  return [...selectorErrors('spec.podSelector', spec.podSelector ?? {}), ...rules('ingress', 'from'), ...rules('egress', 'to'), ...typeErrors];
};

// -------------------------------------------------------------------------------------
// registry
// -------------------------------------------------------------------------------------

export const NETWORKING_RULES: readonly KindRules[] = [
  { kind: 'Service', codec: Service, defaults: defaultService, validate: validateService, validateUpdate: validateServiceUpdate },
  { kind: 'Endpoints', codec: Endpoints, defaults: defaultEndpoints, validate: validateEndpoints },
  { kind: 'EndpointSlice', codec: EndpointSlice, defaults: defaultEndpointSlice, validate: validateEndpointSlice, validateUpdate: validateEndpointSliceUpdate },
  { kind: 'Ingress', codec: Ingress, convert: convertIngress, validate: validateIngress },
  { kind: 'IngressClass', codec: IngressClass, defaults: defaultIngressClass, validate: validateIngressClass, validateUpdate: validateIngressClassUpdate },
  { kind: 'NetworkPolicy', codec: NetworkPolicy, defaults: defaultNetworkPolicy, validate: validateNetworkPolicy },
];
