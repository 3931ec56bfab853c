import { IsOptional, IsString } from 'class-validator';
import { injectable } from 'tsyringe';
import {
  type CallHandler,
  type CanActivate,
  Catch,
  Complete,
  type ExceptionFilter,
  type ExecutionContext,
  McpContext,
  type McpInterceptor,
  McpServer,
  type PipeTransform,
  Prompt,
  Public,
  RateLimit,
  Reflector,
  RequireScopes,
  Resource,
  SetMetadata,
  Timeout,
  Tool,
  ToolError,
  UriParam,
  UseFilters,
  UseGuards,
  UseInterceptors,
  UsePipes,
} from '../../src';

export class TextArgs {
  @IsString()
  text!: string;

  @IsOptional()
  @IsString()
  mode?: string;
}

/** A service guards and interceptors receive by injection; tests read what it recorded. */
@injectable()
export class AuditLog {
  readonly entries: string[] = [];
}

export class QuotaExceeded extends Error {}

/** Lets in callers whose token carries `role: admin`, reading the role a method asks for through the Reflector. */
@injectable()
export class RoleGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditLog,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const role = this.reflector.getAllAndOverride<string>('role', [ctx.getHandler(), ctx.getClass()]);
    this.audit.entries.push(`guard ${ctx.kind} ${ctx.name} args=${ctx.args === undefined ? 'none' : 'some'}`);
    return role === undefined || ctx.mcp.auth?.claims?.role === role;
  }
}

/** Times every call and records it with the injected audit log. */
@injectable()
export class TimingInterceptor implements McpInterceptor {
  constructor(private readonly audit: AuditLog) {}

  async intercept(ctx: ExecutionContext, next: CallHandler) {
    const started = performance.now();
    const result = await next.handle();
    this.audit.entries.push(`timed ${ctx.name} ${performance.now() - started >= 0 ? 'ok' : 'never'}`);
    return result;
  }
}

/** Rewrites the arguments before the call and the result after it. */
export class RewriteInterceptor implements McpInterceptor {
  async intercept(ctx: ExecutionContext, next: CallHandler) {
    ctx.args = { ...(ctx.args as object), text: `${(ctx.args as TextArgs).text}!` };
    return `${await next.handle()} (rewritten)`;
  }
}

/** Answers from a cache without calling the method when the arguments ask for it. */
export class CacheInterceptor implements McpInterceptor {
  async intercept(ctx: ExecutionContext, next: CallHandler) {
    return (ctx.args as TextArgs).mode === 'cached' ? 'from cache' : next.handle();
  }
}

/** Calls the rest again once when it throws. */
export class RetryInterceptor implements McpInterceptor {
  async intercept(_ctx: ExecutionContext, next: CallHandler) {
    try {
      return await next.handle();
    } catch {
      return next.handle();
    }
  }
}

export class UpperCasePipe implements PipeTransform<TextArgs, TextArgs> {
  transform(value: TextArgs): TextArgs {
    value.text = value.text.toUpperCase();
    return value;
  }
}

@Catch(QuotaExceeded)
export class QuotaFilter implements ExceptionFilter<QuotaExceeded> {
  catch(error: QuotaExceeded): never {
    throw new ToolError(`The quota is spent: ${error.message}. Try a smaller request.`);
  }
}

@McpServer({ name: 'pipeline-fixture', version: '1.0.0' })
@UseGuards(RoleGuard)
@UseInterceptors(TimingInterceptor)
export class PipelineServer {
  private attempts = 0;

  constructor(private readonly audit: AuditLog) {}

  @Tool({ description: 'Echoes the text' })
  echo(args: TextArgs) {
    return args.text;
  }

  @Tool({ description: 'Only for admins' })
  @SetMetadata('role', 'admin')
  purge() {
    return 'purged';
  }

  @Tool({ description: 'Writes a note' })
  @RequireScopes('notes:write')
  write(args: TextArgs) {
    return `wrote ${args.text}`;
  }

  @Tool({ description: 'Shouts' })
  @UsePipes(UpperCasePipe)
  shout(args: TextArgs) {
    return args.text;
  }

  @Tool({ description: 'Rewritten' })
  @UseInterceptors(RewriteInterceptor)
  rewrite(args: TextArgs) {
    return `got ${args.text}`;
  }

  @Tool({ description: 'Cached' })
  @UseInterceptors(CacheInterceptor)
  lookup(args: TextArgs) {
    return `computed ${args.text}`;
  }

  @Tool({ description: 'Fails once, then works' })
  @UseInterceptors(RetryInterceptor)
  flaky() {
    this.attempts++;
    if (this.attempts === 1) throw new Error('first attempt fails');
    return `attempt ${this.attempts}`;
  }

  @Tool({ description: 'Runs out of quota' })
  @UseFilters(QuotaFilter)
  spend() {
    throw new QuotaExceeded('3 of 3 exports used today');
  }

  @Tool({ description: 'Never finishes on its own' })
  @Timeout(50)
  async stall(ctx: McpContext) {
    await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
    this.audit.entries.push(`stall aborted: ${ctx.signal.reason?.message}`);
    return 'too late';
  }

  @Tool({ description: 'Ten calls a minute' })
  @RateLimit({ limit: 10, windowMs: 60_000, per: 'principal' })
  ping() {
    return 'pong';
  }

  @Prompt({ description: 'An admin prompt' })
  @SetMetadata('role', 'admin')
  audit_prompt(args: TextArgs) {
    return `Audit ${args.text}`;
  }

  @Resource('admin://report', { description: 'Admins only' })
  @SetMetadata('role', 'admin')
  report() {
    return 'the report';
  }

  @Resource('notes://{id}', { description: 'One note' })
  @RequireScopes('notes:read')
  note(@UriParam('id') id: string) {
    return `note ${id}`;
  }

  @Complete({ prompt: 'audit_prompt', argument: 'text' })
  completeText(value: string) {
    return ['alpha', 'beta'].filter((v) => v.startsWith(value));
  }

  @Tool({ description: 'Open to every caller' })
  @Public()
  about() {
    return 'pipeline fixture';
  }
}
