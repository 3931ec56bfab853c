/**
 * Immutable JSON, so that what many holders keep for long (a session's client capabilities and
 * client info, kept by the session store and by every view of the session) is one object, not a
 * copy each. A deep copy whose objects and arrays are frozen; strings are never copied (they are
 * immutable already), empty objects and arrays are one shared instance, and a value that is deeply
 * frozen already is returned as it is.
 */
export function frozenJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    if (value.length === 0) return EMPTY_ARRAY as T;
    const items = value.map(frozenJson);
    return (Object.isFrozen(value) && items.every((item, i) => item === value[i]) ? value : Object.freeze(items)) as T;
  }
  const entries = Object.entries(value as object);
  if (entries.length === 0) return EMPTY_OBJECT as T;
  let same = Object.isFrozen(value);
  for (const entry of entries) {
    const copy = frozenJson(entry[1]);
    if (copy !== entry[1]) same = false;
    entry[1] = copy;
  }
  // fromEntries defines each key as a data property (a "__proto__" key stays a key).
  return (same ? value : Object.freeze(Object.fromEntries(entries))) as T;
}

const EMPTY_ARRAY: readonly never[] = Object.freeze([]);
const EMPTY_OBJECT: Readonly<Record<string, never>> = Object.freeze({});
