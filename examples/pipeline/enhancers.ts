import {
  type CallHandler,
  type CanActivate,
  Catch,
  type ExceptionFilter,
  type ExecutionContext,
  type McpInterceptor,
  type PipeTransform,
  Reflector,
  SetMetadata,
  ToolError,
} from 'armature-mcp';
import { injectable } from 'tsyringe';
import { AuditTrail, UnsupportedFormat } from './services';

/** Marks what a method needs: read by the RolesGuard through the injected Reflector. */
export const Roles = (...roles: string[]) => SetMetadata('roles', roles);

/** Every caller must belong to a team (a `tenant` claim in the token). */
export class TenantGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    return typeof ctx.mcp.auth?.claims?.tenant === 'string';
  }
}

/** Lets in callers whose `role` claim is one the method asks for with `@Roles(...)`. */
@injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<string[]>('roles', [ctx.getHandler(), ctx.getClass()]);
    return !roles || roles.includes(String(ctx.mcp.auth?.claims?.role));
  }
}

/** Times every call and writes it to the audit trail (an injected service). */
@injectable()
export class AuditInterceptor implements McpInterceptor {
  constructor(private readonly trail: AuditTrail) {}

  async intercept(ctx: ExecutionContext, next: CallHandler) {
    const started = performance.now();
    try {
      return await next.handle();
    } finally {
      const ms = Math.round(performance.now() - started);
      this.trail.calls.push(`${ctx.mcp.auth?.subject ?? 'anonymous'} ${ctx.kind} ${ctx.name} ${ms} ms`);
    }
  }
}

/**
 * Searches are case-blind: the query is rewritten to lower case before the method runs, a repeated
 * query is answered from the cache without running it, and each answer says which it was.
 */
export class SearchCacheInterceptor implements McpInterceptor {
  private readonly cache = new Map<string, string>();

  async intercept(ctx: ExecutionContext, next: CallHandler<string>) {
    const query = String((ctx.args as { query: string }).query).toLowerCase();
    ctx.args = { query };
    const key = `${ctx.mcp.auth?.claims?.tenant}:${query}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return `${cached} (from cache)`;
    const answer = await next.handle();
    this.cache.set(key, answer);
    return `${answer} (fresh)`;
  }
}

/** Trims the note text; whitespace-only notes are refused by the DTO before this runs. */
export class TrimTextPipe implements PipeTransform<{ text: string }> {
  transform(value: { text: string }) {
    value.text = value.text.trim();
    return value;
  }
}

@Catch(UnsupportedFormat)
export class ExportFilter implements ExceptionFilter<UnsupportedFormat> {
  catch(error: UnsupportedFormat): never {
    throw new ToolError(`${error.format.toUpperCase()} export is not available; ask for csv instead.`);
  }
}
