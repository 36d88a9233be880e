/** Plain JSON values, compared as the API compares them. */

const isObject = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === 'object' && v !== null && !Array.isArray(v);

const definedKeys = (o: Readonly<Record<string, unknown>>): string[] => Object.keys(o).filter((k) => o[k] !== undefined);

/** Deep equality of JSON values: key order does not matter, and neither does a key set to undefined. */
export const jsonEqual = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = definedKeys(a);
  return keys.length === definedKeys(b).length && keys.every((k) => jsonEqual(a[k], b[k]));
};
