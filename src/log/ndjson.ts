/**
 * The log file: NDJSON, one JSON object per line.
 *
 *   line 1      header  {"kubesimLog":1,"kubesimVersion":…,"scenario":…,"seed":…,"sum":…}
 *   line 2..n+1 records {"seq":1,"timeMs":0,"actor":…,"reason":…,"event":{…},"sum":…}
 *   last line   trailer {"end":true,"records":n,"timeMs":…,"sum":…}
 *
 * Each line's `sum` is hashHex(previous line's sum + the line without its sum field), so
 * a truncated, reordered or edited log fails at the first bad line. The sum is always the
 * last field, 14 hex digits, which lets the reader check it without re-serialising.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { EventRecord } from './events.js';
import { EventRecord as EventRecordCodec, codecFor } from './events.js';
import { hashHex } from './hash.js';

export const LOG_FORMAT_VERSION = 1;

export const LogHeader = t.type({
  kubesimLog: t.literal(LOG_FORMAT_VERSION),
  kubesimVersion: t.string,
  scenario: t.string,
  seed: t.number,
  durationMs: t.number,
});
export type LogHeader = t.TypeOf<typeof LogHeader>;

export interface LogError {
  /** 1-based line number of the first line that is wrong (or the line after the last, when cut short). */
  readonly line: number;
  readonly message: string;
}

export interface DecodedLog {
  readonly header: LogHeader;
  readonly records: readonly EventRecord[];
  readonly endTimeMs: number;
}

const SUM_SUFFIX_LENGTH = ',"sum":"'.length + 14 + '"}'.length;

// -------------------------------------------------------------------------------------
// encoding
// -------------------------------------------------------------------------------------

/** Produces the lines of a log one at a time (so a writer can stream them). */
export class LogEncoder {
  private previous = '';
  private count = 0;
  private lastTimeMs = 0;

  private seal(body: string): string {
    const sum = hashHex(this.previous + body);
    this.previous = sum;
    return `${body.slice(0, -1)},"sum":"${sum}"}`;
  }

  header(h: LogHeader): string {
    return this.seal(JSON.stringify(h));
  }

  record(r: EventRecord): string {
    this.count++;
    this.lastTimeMs = r.timeMs;
    return this.seal(JSON.stringify({ seq: r.seq, timeMs: r.timeMs, actor: r.actor, reason: r.reason, event: r.event }));
  }

  trailer(endTimeMs: number): string {
    return this.seal(JSON.stringify({ end: true, records: this.count, timeMs: Math.max(endTimeMs, this.lastTimeMs) }));
  }
}

export const encodeLog = (header: LogHeader, records: readonly EventRecord[], endTimeMs: number): string => {
  const enc = new LogEncoder();
  const lines = [enc.header(header), ...records.map((r) => enc.record(r)), enc.trailer(endTimeMs)];
  return `${lines.join('\n')}\n`;
};

// -------------------------------------------------------------------------------------
// decoding
// -------------------------------------------------------------------------------------

const fail = (line: number, message: string): Either<LogError, never> => left({ line, message });

/** Checks the line's sum against the chain; returns the line's JSON text without the sum. */
const unseal = (text: string, previous: string): { body: string; sum: string } | undefined => {
  if (text.length < SUM_SUFFIX_LENGTH + 2 || !text.endsWith('"}')) return undefined;
  const cut = text.length - SUM_SUFFIX_LENGTH;
  if (text.slice(cut, cut + 8) !== ',"sum":"') return undefined;
  const sum = text.slice(cut + 8, cut + 22);
  const body = `${text.slice(0, cut)}}`;
  return hashHex(previous + body) === sum ? { body, sum } : undefined;
};

const parse = (body: string): unknown => {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
};

interface DecodeOptions {
  /** Validate every event against its io-ts codec (slower; the checksum already guards integrity). */
  readonly strict?: boolean;
}

export const decodeLog = (text: string, options: DecodeOptions = {}): Either<LogError, DecodedLog> => {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const first = lines[0];
  if (first === undefined) return fail(1, 'empty file: not a kubesim log');
  const head = unseal(first, '');
  const headerValue = head === undefined ? undefined : parse(head.body);
  const header = LogHeader.decode(headerValue);
  if (head === undefined || isLeft(header)) return fail(1, 'not a kubesim log header (or an unsupported log format version)');
  let previous = head.sum;
  const records: EventRecord[] = [];
  for (let i = 1; i < lines.length; i++) {
    const text = lines[i] as string;
    const sealed = unseal(text, previous);
    if (sealed === undefined) return fail(i + 1, 'checksum mismatch: the log was edited, reordered or cut here');
    previous = sealed.sum;
    const value = parse(sealed.body) as Record<string, unknown> | undefined;
    if (value?.['end'] === true) {
      if (i !== lines.length - 1) return fail(i + 2, 'data after the end of the log');
      if (value['records'] !== records.length) return fail(i + 1, `end record counts ${String(value['records'])} records, the log has ${records.length}`);
      return right({ header: header.right, records, endTimeMs: Number(value['timeMs']) });
    }
    const checked = checkRecord(value, records, options);
    if (typeof checked === 'string') return fail(i + 1, checked);
    records.push(checked);
  }
  return fail(lines.length + 1, 'the log is truncated: no end record (the run that wrote it may have been interrupted)');
};

const checkRecord = (value: Record<string, unknown> | undefined, records: readonly EventRecord[], options: DecodeOptions): EventRecord | string => {
  if (value === undefined) return 'not valid JSON';
  const expectedSeq = records.length + 1;
  if (value['seq'] !== expectedSeq) return `expected event #${expectedSeq}, found ${JSON.stringify(value['seq'])}`;
  const previousTime = records[records.length - 1]?.timeMs ?? 0;
  if (typeof value['timeMs'] !== 'number' || value['timeMs'] < previousTime) return `event #${expectedSeq}: time goes backwards`;
  const event = value['event'] as { type?: unknown } | undefined;
  const codec = typeof event?.type === 'string' ? codecFor(event.type) : undefined;
  if (codec === undefined) return `event #${expectedSeq}: unknown event type ${JSON.stringify(event?.type)}`;
  if (options.strict === true && isLeft(EventRecordCodec.decode(value))) return `event #${expectedSeq}: does not match the ${String(event?.type)} event schema`;
  return value as unknown as EventRecord;
};
