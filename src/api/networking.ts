/**
 * Networking kinds: Service and Endpoints (v1), EndpointSlice (discovery.k8s.io/v1),
 * Ingress, IngressClass and NetworkPolicy (networking.k8s.io/v1). Open codecs: the fields
 * kubesim's controllers read are typed, everything else in a manifest passes through.
 */
import * as t from 'io-ts';
import { ObjectMeta } from './meta.js';
import { LabelSelector } from './selector.js';

/** intstr.IntOrString as JSON carries it. */
export const IntOrString = t.union([t.number, t.string]);
export type IntOrString = t.TypeOf<typeof IntOrString>;

// -------------------------------------------------------------------------------------
// Service (v1)
// -------------------------------------------------------------------------------------

export const ServicePort = t.intersection([
  t.type({ port: t.number }),
  t.partial({ name: t.string, protocol: t.string, appProtocol: t.string, targetPort: IntOrString, nodePort: t.number }),
]);
export type ServicePort = t.TypeOf<typeof ServicePort>;

export const ServiceSpec = t.partial({
  type: t.string,
  ports: t.array(ServicePort),
  selector: t.record(t.string, t.string),
  clusterIP: t.string,
  clusterIPs: t.array(t.string),
  ipFamilies: t.array(t.string),
  ipFamilyPolicy: t.string,
  externalName: t.string,
  externalIPs: t.array(t.string),
  sessionAffinity: t.string,
  sessionAffinityConfig: t.partial({ clientIP: t.partial({ timeoutSeconds: t.number }) }),
  publishNotReadyAddresses: t.boolean,
  externalTrafficPolicy: t.string,
  internalTrafficPolicy: t.string,
  healthCheckNodePort: t.number,
  allocateLoadBalancerNodePorts: t.boolean,
  loadBalancerClass: t.string,
  trafficDistribution: t.string,
});
export type ServiceSpec = t.TypeOf<typeof ServiceSpec>;

export const LoadBalancerIngress = t.partial({ ip: t.string, hostname: t.string, ipMode: t.string });

export const ServiceStatus = t.partial({ loadBalancer: t.partial({ ingress: t.array(LoadBalancerIngress) }) });

export const Service = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('Service'), metadata: ObjectMeta }),
  t.partial({ spec: ServiceSpec, status: ServiceStatus }),
]);
export type Service = t.TypeOf<typeof Service>;

// -------------------------------------------------------------------------------------
// Endpoints (v1)
// -------------------------------------------------------------------------------------

const ObjectReferenceish = t.partial({ kind: t.string, namespace: t.string, name: t.string, uid: t.string });

export const EndpointAddress = t.intersection([
  t.type({ ip: t.string }),
  t.partial({ hostname: t.string, nodeName: t.string, targetRef: ObjectReferenceish }),
]);
export type EndpointAddress = t.TypeOf<typeof EndpointAddress>;

export const EndpointPort = t.intersection([t.type({ port: t.number }), t.partial({ name: t.string, protocol: t.string, appProtocol: t.string })]);
export type EndpointPort = t.TypeOf<typeof EndpointPort>;

export const EndpointSubset = t.partial({
  addresses: t.array(EndpointAddress),
  notReadyAddresses: t.array(EndpointAddress),
  ports: t.array(EndpointPort),
});
export type EndpointSubset = t.TypeOf<typeof EndpointSubset>;

export const Endpoints = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('Endpoints'), metadata: ObjectMeta }),
  t.partial({ subsets: t.array(EndpointSubset) }),
]);
export type Endpoints = t.TypeOf<typeof Endpoints>;

// -------------------------------------------------------------------------------------
// EndpointSlice (discovery.k8s.io/v1)
// -------------------------------------------------------------------------------------

export const EndpointConditions = t.partial({ ready: t.boolean, serving: t.boolean, terminating: t.boolean });

export const Endpoint = t.intersection([
  t.type({ addresses: t.array(t.string) }),
  t.partial({
    conditions: EndpointConditions,
    hostname: t.string,
    nodeName: t.string,
    zone: t.string,
    targetRef: ObjectReferenceish,
    hints: t.unknown,
    deprecatedTopology: t.record(t.string, t.string),
  }),
]);
export type Endpoint = t.TypeOf<typeof Endpoint>;

export const EndpointSlicePort = t.partial({ name: t.string, protocol: t.string, port: t.number, appProtocol: t.string });
export type EndpointSlicePort = t.TypeOf<typeof EndpointSlicePort>;

export const EndpointSlice = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('EndpointSlice'), metadata: ObjectMeta, addressType: t.string }),
  t.partial({ endpoints: t.array(Endpoint), ports: t.array(EndpointSlicePort) }),
]);
export type EndpointSlice = t.TypeOf<typeof EndpointSlice>;

// -------------------------------------------------------------------------------------
// Ingress, IngressClass (networking.k8s.io/v1)
// -------------------------------------------------------------------------------------

const TypedLocalObjectReference = t.partial({ apiGroup: t.string, kind: t.string, name: t.string });

export const IngressServiceBackend = t.partial({ name: t.string, port: t.partial({ name: t.string, number: t.number }) });

export const IngressBackend = t.partial({ service: IngressServiceBackend, resource: TypedLocalObjectReference });
export type IngressBackend = t.TypeOf<typeof IngressBackend>;

export const HTTPIngressPath = t.partial({ path: t.string, pathType: t.string, backend: IngressBackend });
export type HTTPIngressPath = t.TypeOf<typeof HTTPIngressPath>;

export const IngressRule = t.partial({ host: t.string, http: t.partial({ paths: t.array(HTTPIngressPath) }) });
export type IngressRule = t.TypeOf<typeof IngressRule>;

export const IngressTLS = t.partial({ hosts: t.array(t.string), secretName: t.string });

export const IngressSpec = t.partial({
  ingressClassName: t.string,
  defaultBackend: IngressBackend,
  tls: t.array(IngressTLS),
  rules: t.array(IngressRule),
});
export type IngressSpec = t.TypeOf<typeof IngressSpec>;

export const Ingress = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('Ingress'), metadata: ObjectMeta }),
  t.partial({ spec: IngressSpec, status: ServiceStatus }),
]);
export type Ingress = t.TypeOf<typeof Ingress>;

export const IngressClassParameters = t.partial({ apiGroup: t.string, kind: t.string, name: t.string, scope: t.string, namespace: t.string });

export const IngressClass = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('IngressClass'), metadata: ObjectMeta }),
  t.partial({ spec: t.partial({ controller: t.string, parameters: IngressClassParameters }) }),
]);
export type IngressClass = t.TypeOf<typeof IngressClass>;

// -------------------------------------------------------------------------------------
// NetworkPolicy (networking.k8s.io/v1): stored, not enforced
// -------------------------------------------------------------------------------------

export const NetworkPolicyPort = t.partial({ protocol: t.string, port: IntOrString, endPort: t.number });
export const NetworkPolicyPeer = t.partial({
  podSelector: LabelSelector,
  namespaceSelector: LabelSelector,
  ipBlock: t.intersection([t.type({ cidr: t.string }), t.partial({ except: t.array(t.string) })]),
});
export type NetworkPolicyPeer = t.TypeOf<typeof NetworkPolicyPeer>;

export const NetworkPolicySpec = t.partial({
  podSelector: LabelSelector,
  ingress: t.array(t.partial({ ports: t.array(NetworkPolicyPort), from: t.array(NetworkPolicyPeer) })),
  egress: t.array(t.partial({ ports: t.array(NetworkPolicyPort), to: t.array(NetworkPolicyPeer) })),
  policyTypes: t.array(t.string),
});
export type NetworkPolicySpec = t.TypeOf<typeof NetworkPolicySpec>;

export const NetworkPolicy = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('NetworkPolicy'), metadata: ObjectMeta }),
  t.partial({ spec: NetworkPolicySpec }),
]);
export type NetworkPolicy = t.TypeOf<typeof NetworkPolicy>;
