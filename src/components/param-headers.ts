/** One tool argument mirrored in an `Mcp-Param-{name}` header (2026-07-28 streamable HTTP). */
export interface ParamHeader {
  name: string;
  /** The chain of `properties` keys from the input schema's root to the argument. */
  path: string[];
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const PRIMITIVES = new Set(['string', 'integer', 'boolean']);

/**
 * What each frozen schema gave: a DTO's schema is built once per class and shared by every tool that
 * takes it (a server of 1,000 tools over a few DTOs walks a few schemas, not 1,000). A schema that can
 * still change (a raw JSON Schema object) is walked each time.
 */
const known = new WeakMap<object, readonly ParamHeader[]>();

/**
 * The arguments an input schema marks with `x-mcp-header`, checked against the spec's constraints:
 * a header token, unique ignoring case, on a string, integer or boolean reachable from the root
 * through `properties` alone. A violation throws, with the reason, so the tool never ships it.
 */
export function paramHeaders(schema: Record<string, unknown>): readonly ParamHeader[] {
  const frozen = Object.isFrozen(schema);
  const cached = frozen ? known.get(schema) : undefined;
  if (cached) return cached;
  const found = walkHeaders(schema);
  if (frozen) known.set(schema, found);
  return found;
}

function walkHeaders(schema: Record<string, unknown>): readonly ParamHeader[] {
  const found: ParamHeader[] = [];
  const walk = (node: Record<string, unknown>, path: string[]) => {
    const properties = (node.properties ?? {}) as Record<string, Record<string, unknown>>;
    for (const [key, property] of Object.entries(properties)) {
      if (typeof property !== 'object' || property === null) continue;
      const here = [...path, key];
      const header = property['x-mcp-header'];
      if (header !== undefined) {
        const where = here.join('.');
        if (typeof header !== 'string' || !TOKEN.test(header)) {
          throw new Error(`x-mcp-header of "${where}" must be an HTTP header token, got ${JSON.stringify(header)}`);
        }
        if (!PRIMITIVES.has(property.type as string)) {
          throw new Error(
            `x-mcp-header is only for string, integer or boolean arguments; "${where}" is ${String(property.type)}`,
          );
        }
        if (found.some((other) => other.name.toLowerCase() === header.toLowerCase())) {
          throw new Error(`x-mcp-header "${header}" is used twice (header names ignore case)`);
        }
        found.push(Object.freeze({ name: header, path: Object.freeze(here) as string[] }));
      }
      walk(property, here);
    }
  };
  walk(schema, []);
  return Object.freeze(found);
}

/** The value a client must put in the header: the argument's text, or undefined when absent. */
export function headerValue(args: unknown, path: string[]): string | undefined {
  let value: unknown = args;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value === undefined || value === null ? undefined : String(value);
}
