/**
 * Simulated wall time. The virtual clock counts integer milliseconds from the start of a
 * run; timestamps written into API objects are that offset from a fixed epoch, so the
 * same run prints the same timestamps on every machine.
 */

/** 2025-01-01T00:00:00Z: the instant a simulated run starts. */
export const SIM_EPOCH_MS = Date.UTC(2025, 0, 1);

let lastSecond = -1;
let lastText = '';

/** RFC 3339 with second precision, as metav1.Time serialises (the last one is remembered: runs ask for the same second many times). */
export const timestampAt = (simMs: number): string => {
  const second = Math.floor(simMs / 1000);
  if (second !== lastSecond) {
    lastText = new Date(SIM_EPOCH_MS + second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    lastSecond = second;
  }
  return lastText;
};

let lastParsed = '';
let lastParsedMs = NaN;

/** The simulated millisecond of an RFC 3339 timestamp (NaN if it does not parse). */
export const simMsOf = (timestamp: string): number => {
  if (timestamp !== lastParsed) {
    lastParsedMs = Date.parse(timestamp) - SIM_EPOCH_MS;
    lastParsed = timestamp;
  }
  return lastParsedMs;
};
