import type { JsonObject } from './json-rpc';

// Results served verbatim to many requests (cached list pages) keep their JSON here, keyed by object.
const serialized = new WeakMap<object, string>();

/** Marks a result that will be sent again unchanged: it is serialised once, not per response. */
export function reusable<T extends JsonObject>(result: T): T {
  if (!serialized.has(result)) serialized.set(result, JSON.stringify(result));
  return result;
}

/** The JSON of a result marked `reusable`, or undefined for any other value. */
export function serializedJson(result: object): string | undefined {
  return serialized.get(result);
}
