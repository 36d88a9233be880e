/** kubectl's other output formats and messages: -o json, -o yaml, -o name, "No resources found". */
import { stringify } from 'yaml';
import type { KindInfo } from '../api/kinds.js';
import type { KubeObject } from '../api/meta.js';

/** Go's encoding/json sorts map keys: kubectl's JSON and YAML come out in key order. */
export const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
};

export const toJson = (value: unknown): string => `${JSON.stringify(sortKeys(value), null, 4)}\n`;

/** go-yaml (what kubectl prints with) quotes strings YAML 1.1 would read as something else: timestamps, yes/no, on/off. */
export const toYaml = (value: unknown): string => stringify(sortKeys(value), { version: '1.1', indentSeq: false, lineWidth: 0 });

export const asList = (items: readonly KubeObject[]): object => ({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });

const groupOf = (info: KindInfo): string => (info.apiVersion.includes('/') ? (info.apiVersion.split('/')[0] ?? '') : '');

/** `pod/web-1`, `replicaset.apps/web`. */
export const nameLine = (info: KindInfo, o: KubeObject): string => `${info.kind.toLowerCase()}${groupOf(info) === '' ? '' : `.${groupOf(info)}`}/${o.metadata.name}`;

export const noResourcesMessage = (namespace: string | undefined): string => (namespace === undefined ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);

export const notFoundMessage = (info: KindInfo, name: string): string =>
  `Error from server (NotFound): ${info.plural}${groupOf(info) === '' ? '' : `.${groupOf(info)}`} ${JSON.stringify(name)} not found\n`;
