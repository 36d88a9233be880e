/**
 * Endpoints (v1) and EndpointSlice (discovery.k8s.io/v1): upstream SetDefaults_Endpoints,
 * discovery SetDefaults_EndpointPort, ValidateEndpoints (core validation) and
 * ValidateEndpointSlice (pkg/apis/discovery/validation).
 */
import type { KubeObject } from '../../api/meta.js';
import type { Endpoint, EndpointAddress, EndpointSlice, EndpointSlicePort, EndpointSubset, Endpoints } from '../../api/networking.js';
import type { FieldError } from '../../api/validation.js';
import { duplicate, invalid, notSupported, required, requiredWith, tooMany } from '../../api/validation.js';
import {
  PORT_PROTOCOLS,
  dns1123LabelField,
  dns1123SubdomainField,
  fqdnErrors,
  immutableErrors,
  ipErrors,
  labelsErrors,
  nonSpecialIPErrors,
  parseIP,
  portNumErrors,
  qualifiedNameErrors,
} from './networking-fields.js';

const protocolErrors = (path: string, protocol: string | undefined): FieldError[] => {
  if (protocol === undefined || protocol === '') return [required(path)];
  return (PORT_PROTOCOLS as readonly string[]).includes(protocol) ? [] : [notSupported(path, protocol, PORT_PROTOCOLS)];
};

const appProtocolErrors = (path: string, appProtocol: string | undefined): FieldError[] =>
  appProtocol === undefined ? [] : qualifiedNameErrors(appProtocol).map((m) => invalid(path, appProtocol, m));

// -------------------------------------------------------------------------------------
// Endpoints
// -------------------------------------------------------------------------------------

export const defaultEndpoints = (o: KubeObject): KubeObject => {
  const ep = o as unknown as Endpoints;
  if (ep.subsets === undefined) return o;
  const subsets = ep.subsets.map((s) => (s.ports === undefined ? s : { ...s, ports: s.ports.map((p) => ({ ...p, protocol: p.protocol || 'TCP' })) }));
  return { ...o, subsets };
};

const addressErrors = (a: EndpointAddress, path: string): FieldError[] => [
  ...ipErrors(`${path}.ip`, a.ip),
  ...(a.hostname === undefined || a.hostname === '' ? [] : dns1123LabelField(`${path}.hostname`, a.hostname)),
  ...(a.nodeName === undefined ? [] : dns1123SubdomainField(`${path}.nodeName`, a.nodeName)),
  ...nonSpecialIPErrors(`${path}.ip`, a.ip),
];

const subsetErrors = (s: EndpointSubset, i: number): FieldError[] => {
  const path = `subsets[${i}]`;
  const addresses = s.addresses ?? [];
  const notReady = s.notReadyAddresses ?? [];
  const ports = s.ports ?? [];
  return [
    ...(addresses.length === 0 && notReady.length === 0 ? [requiredWith(path, 'must specify `addresses` or `notReadyAddresses`')] : []),
    ...addresses.flatMap((a, j) => addressErrors(a, `${path}.addresses[${j}]`)),
    ...notReady.flatMap((a, j) => addressErrors(a, `${path}.notReadyAddresses[${j}]`)),
    ...ports.flatMap((p, j) => {
      const portPath = `${path}.ports[${j}]`;
      const name = p.name ?? '';
      return [
        ...(ports.length > 1 && name === '' ? [required(`${portPath}.name`)] : name === '' ? [] : dns1123LabelField(`${portPath}.name`, name)),
        ...portNumErrors(`${portPath}.port`, p.port),
        ...protocolErrors(`${portPath}.protocol`, p.protocol),
        ...appProtocolErrors(`${portPath}.appProtocol`, p.appProtocol),
      ];
    }),
  ];
};

export const validateEndpoints = (o: KubeObject): FieldError[] => ((o as unknown as Endpoints).subsets ?? []).flatMap(subsetErrors);

// -------------------------------------------------------------------------------------
// EndpointSlice
// -------------------------------------------------------------------------------------

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 100;
const MAX_TOPOLOGY_LABELS = 16;

export const defaultEndpointSlice = (o: KubeObject): KubeObject => {
  const slice = o as unknown as EndpointSlice;
  if (slice.ports === undefined) return o;
  return { ...o, ports: slice.ports.map((p) => ({ ...p, name: p.name ?? '', protocol: p.protocol ?? 'TCP' })) };
};

const sliceAddressErrors = (addressType: string, address: string, path: string): FieldError[] => {
  switch (addressType) {
    case 'IPv4':
    case 'IPv6': {
      const family = addressType === 'IPv4' ? 4 : 6;
      const wrong = parseIP(address)?.family !== family ? [invalid(path, address, `must be a valid ${addressType} address`)] : [];
      return [...wrong, ...nonSpecialIPErrors(path, address)];
    }
    case 'FQDN':
      return fqdnErrors(path, address);
    default:
      return [];
  }
};

const endpointErrors = (e: Endpoint, i: number, addressType: string): FieldError[] => {
  const path = `endpoints[${i}]`;
  const addresses = e.addresses;
  const errors: FieldError[] = [];
  if (addresses.length === 0) errors.push(requiredWith(`${path}.addresses`, 'must contain at least 1 address'));
  else if (addresses.length > MAX_ADDRESSES) errors.push(tooMany(`${path}.addresses`, addresses.length, MAX_ADDRESSES));
  addresses.forEach((a, j) => errors.push(...sliceAddressErrors(addressType, a, `${path}.addresses[${j}]`)));
  const topology = e.deprecatedTopology ?? {};
  if (Object.keys(topology).length > MAX_TOPOLOGY_LABELS) errors.push(tooMany(`${path}.deprecatedTopology`, Object.keys(topology).length, MAX_TOPOLOGY_LABELS));
  errors.push(...labelsErrors(`${path}.deprecatedTopology`, topology));
  if (e.hostname !== undefined) errors.push(...dns1123LabelField(`${path}.hostname`, e.hostname));
  return errors;
};

const slicePortErrors = (ports: readonly EndpointSlicePort[]): FieldError[] => {
  if (ports.length > MAX_PORTS) return [tooMany('ports', ports.length, MAX_PORTS)];
  const names = new Set<string>();
  return ports.flatMap((p, i) => {
    const path = `ports[${i}]`;
    const name = p.name ?? '';
    const errors = name === '' ? [] : dns1123LabelField(`${path}.name`, name);
    if (names.has(name)) errors.push(duplicate(`${path}.name`, name));
    names.add(name);
    if (p.protocol === undefined) errors.push(required(`${path}.protocol`));
    else if (!(PORT_PROTOCOLS as readonly string[]).includes(p.protocol)) errors.push(notSupported(`${path}.protocol`, p.protocol, PORT_PROTOCOLS));
    return [...errors, ...appProtocolErrors(`${path}.appProtocol`, p.appProtocol)];
  });
};

export const validateEndpointSlice = (o: KubeObject): FieldError[] => {
  const slice = o as unknown as EndpointSlice;
  const addressType = slice.addressType;
  const endpoints = slice.endpoints ?? [];
  const typeErrors = addressType === '' ? [required('addressType')] : ADDRESS_TYPES.includes(addressType) ? [] : [notSupported('addressType', addressType, ADDRESS_TYPES)];
  const endpointErrs = endpoints.length > MAX_ENDPOINTS ? [tooMany('endpoints', endpoints.length, MAX_ENDPOINTS)] : endpoints.flatMap((e, i) => endpointErrors(e, i, addressType));
  return [...typeErrors, ...endpointErrs, ...slicePortErrors(slice.ports ?? [])];
};

/** upstream ValidateEndpointSliceUpdate: addressType is immutable. */
export const validateEndpointSliceUpdate = (before: KubeObject, after: KubeObject): FieldError[] =>
  immutableErrors('addressType', (after as unknown as EndpointSlice).addressType, (before as unknown as EndpointSlice).addressType);
