import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../src/log/events.js';
import { decodeLog, encodeLog } from '../../src/log/ndjson.js';

const header = { kubesimLog: 1 as const, kubesimVersion: '0.1.0', scenario: 'spec', seed: 3, durationMs: 60_000 };

const records: EventRecord[] = [
  { seq: 1, timeMs: 0, actor: 'api-server', reason: 'SystemNamespace', event: { type: 'ObjectCreated', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', uid: 'u1' } } } },
  { seq: 2, timeMs: 0, actor: 'scenario', reason: 'Applied', event: { type: 'ObjectCreated', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', uid: 'u2' } } } },
  { seq: 3, timeMs: 5000, actor: 'scheduler', reason: 'Scheduled', event: { type: 'PodBound', pod: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'p' }, node: 'worker-0', trace: { evaluatedNodes: 3, feasibleNodes: 2, score: 80 } } },
];

const lines = (text: string): string[] => text.trimEnd().split('\n');
const errorOf = (text: string) => {
  const d = decodeLog(text);
  if (isRight(d)) throw new Error('expected the log to be refused');
  return d.left;
};

describe('NDJSON log', () => {
  it('given a run, when encoded and decoded, then header, records and end time come back unchanged', () => {
    const decoded = decodeLog(encodeLog(header, records, 60_000), { strict: true });
    expect(isRight(decoded) && decoded.right).toEqual({ header, records, endTimeMs: 60_000 });
  });

  it('writes a header line, one line per record and an end record', () => {
    const l = lines(encodeLog(header, records, 60_000));
    expect(l).toHaveLength(records.length + 2);
    expect(JSON.parse(l[0] ?? '')).toMatchObject({ kubesimLog: 1, scenario: 'spec', seed: 3 });
    expect(JSON.parse(l[l.length - 1] ?? '')).toMatchObject({ end: true, records: 3 });
  });

  it('given a log cut after a record, then it is refused as truncated, naming the line after the last', () => {
    const l = lines(encodeLog(header, records, 60_000));
    const e = errorOf(`${l.slice(0, 3).join('\n')}\n`);
    expect(e.line).toBe(4);
    expect(e.message).toMatch(/truncated/);
  });

  it('given a log cut in the middle of a line, then that line is named', () => {
    const text = encodeLog(header, records, 60_000);
    const e = errorOf(text.slice(0, text.indexOf('PodBound') + 4));
    expect(e.line).toBe(4);
  });

  it('given two records swapped, then the first swapped line is named', () => {
    const l = lines(encodeLog(header, records, 60_000));
    const swapped = [l[0], l[2], l[1], ...l.slice(3)].join('\n');
    expect(errorOf(swapped).line).toBe(2);
  });

  it('given an edited field, then the edited line is named even though it is valid JSON', () => {
    const l = lines(encodeLog(header, records, 60_000));
    l[3] = (l[3] ?? '').replace('worker-0', 'worker-9');
    expect(errorOf(l.join('\n')).line).toBe(4);
    expect(errorOf(l.join('\n')).message).toMatch(/checksum/);
  });

  it('given an edited header, then line 1 is named', () => {
    const l = lines(encodeLog(header, records, 60_000));
    l[0] = (l[0] ?? '').replace('"seed":3', '"seed":4');
    expect(errorOf(l.join('\n')).line).toBe(1);
  });

  it('given lines after the end record, then they are refused', () => {
    const text = encodeLog(header, records, 60_000);
    expect(isLeft(decodeLog(`${text}${lines(text)[1] ?? ''}\n`))).toBe(true);
  });

  it('given an empty file or another file, then it is not taken for a log', () => {
    expect(errorOf('').line).toBe(1);
    expect(errorOf('{"hello":"world"}\n').message).toMatch(/not a kubesim log/);
  });
});
