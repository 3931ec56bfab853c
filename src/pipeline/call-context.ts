import type { ComponentKind, Invocable } from '../components/invocable';
import type { McpContext } from '../context/mcp-context';
import type { Constructor } from '../metadata/types';
import type { ExecutionContext } from './interfaces';

/** The ExecutionContext of one call (or of one visibility check, with `args` undefined). */
export class CallContext implements ExecutionContext {
  readonly kind: ComponentKind;
  readonly name: string;

  constructor(
    private readonly component: Invocable,
    public args: unknown,
    /** Replaced for the inner part of the call by `@Timeout`, which aborts its own signal. */
    public mcp: McpContext,
    /** Metadata given at runtime instead of decorators (see `chain.ts`). */
    private readonly runtime?: ReadonlyMap<unknown, unknown>,
  ) {
    this.kind = component.kind;
    this.name = component.name;
  }

  getClass<T = unknown>(): Constructor<T> | undefined {
    return this.component.origin.cls as Constructor<T> | undefined;
  }

  getHandler(): Function {
    return this.component.origin.handler;
  }

  getMetadata<T = unknown>(key: unknown): T | undefined {
    if (this.runtime?.has(key)) return this.runtime.get(key) as T;
    return metadataOf<T>(this.component, key);
  }
}

/** What decorators recorded on the method, else on the class. */
export function metadataOf<T>(component: Invocable, key: unknown): T | undefined {
  const { handler, cls } = component.origin;
  const own = Reflect.getMetadata(key, handler);
  if (own !== undefined) return own as T;
  return cls ? (Reflect.getMetadata(key, cls) as T | undefined) : undefined;
}
