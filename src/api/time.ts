/**
 * Simulated wall time. The virtual clock counts integer milliseconds from the start of a
 * run; timestamps written into API objects are that offset from a fixed epoch, so the
 * same run prints the same timestamps on every machine.
 */

/** 2025-01-01T00:00:00Z: the instant a simulated run starts. */
export const SIM_EPOCH_MS = Date.UTC(2025, 0, 1);

/** Recently formatted seconds (runs and replays ask for the same seconds many times). */
const formatted = new Map<number, string>();

/** RFC 3339 with second precision, as metav1.Time serialises. */
export const timestampAt = (simMs: number): string => {
  const second = Math.floor(simMs / 1000);
  let text = formatted.get(second);
  if (text === undefined) {
    text = new Date(SIM_EPOCH_MS + second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    if (formatted.size >= 4096) formatted.clear();
    formatted.set(second, text);
  }
  return text;
};

/** Recently parsed timestamps (pods created or made Ready in the same second share them). */
const parsed = new Map<string, number>();

/** The simulated millisecond of an RFC 3339 timestamp (NaN if it does not parse). */
export const simMsOf = (timestamp: string): number => {
  let ms = parsed.get(timestamp);
  if (ms === undefined) {
    ms = Date.parse(timestamp) - SIM_EPOCH_MS;
    if (parsed.size >= 4096) parsed.clear();
    parsed.set(timestamp, ms);
  }
  return ms;
};
