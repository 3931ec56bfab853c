import { container } from 'tsyringe';
import { type CanActivate, type ExecutionContext, Logger, McpApplication, type McpRequest } from '../../src';
import { TestClient } from '../../src/testing';
import { AuditLog, PipelineServer } from './pipeline-fixtures';

const ADMIN = { subject: 'ada', scopes: ['notes:write', 'notes:read'], claims: { role: 'admin' } };
const READER = { subject: 'bob', scopes: ['notes:read'], claims: { role: 'reader' } };

async function appWithAudit() {
  const child = container.createChildContainer();
  const audit = new AuditLog();
  child.registerInstance(AuditLog, audit);
  const app = await McpApplication.create(PipelineServer, {
    container: child,
    logger: new Logger('armature', 'silent'),
  });
  return { app, audit };
}

const text = (result: Record<string, any>) => result.content[0].text as string;

describe.each(['session', 'stateless'] as const)('the call pipeline (%s era, in memory)', (era) => {
  it('shows each caller only what its guards let it see, and the lists differ per caller', async () => {
    const { app } = await appWithAudit();
    const admin = await TestClient.connect(app, { era, auth: ADMIN });
    const reader = await TestClient.connect(app, { era, auth: READER });
    const names = async (client: TestClient) =>
      ((await client.listTools()).tools as { name: string }[]).map((t) => t.name);
    expect(await names(admin)).toContain('purge');
    expect(await names(admin)).toContain('write');
    expect(await names(reader)).not.toContain('purge');
    expect(await names(reader)).not.toContain('write');
    expect(await names(reader)).toContain('echo');
    expect(((await reader.listPrompts()).prompts as unknown[]).length).toBe(0);
    expect(((await reader.listResources()).resources as unknown[]).length).toBe(0);
    expect(((await admin.listResources()).resources as unknown[]).length).toBe(1);
  });

  it('answers a call a guard denies exactly as for an unknown name', async () => {
    const { app } = await appWithAudit();
    const reader = await TestClient.connect(app, { era, auth: READER });
    await expect(reader.callTool('purge', {})).rejects.toMatchObject({ code: -32602, message: 'Unknown tool: purge' });
    await expect(reader.callTool('no_such_tool', {})).rejects.toMatchObject({
      code: -32602,
      message: 'Unknown tool: no_such_tool',
    });
    await expect(reader.getPrompt('audit_prompt', { text: 'x' })).rejects.toMatchObject({
      message: 'Unknown prompt: audit_prompt',
    });
    await expect(
      reader.complete({ type: 'ref/prompt', name: 'audit_prompt' }, { name: 'text', value: 'a' }),
    ).rejects.toMatchObject({ message: 'Unknown prompt: audit_prompt' });
    const admin = await TestClient.connect(app, { era, auth: ADMIN });
    expect(text(await admin.callTool('purge', {}))).toBe('purged');
    expect(
      (await admin.complete({ type: 'ref/prompt', name: 'audit_prompt' }, { name: 'text', value: 'a' })).completion,
    ).toMatchObject({ values: ['alpha'] });
  });

  it('asks for missing scopes with an error naming them', async () => {
    const { app } = await appWithAudit();
    const reader = await TestClient.connect(app, { era, auth: READER });
    await expect(reader.callTool('write', { text: 'hi' })).rejects.toMatchObject({
      code: -32003,
      data: { requiredScopes: ['notes:write'] },
      message: expect.stringContaining('notes:write'),
    });
    const anonymous = await TestClient.connect(app, { era });
    await expect(anonymous.readResource('notes://1')).rejects.toMatchObject({
      code: -32003,
      data: { requiredScopes: ['notes:read'] },
    });
    expect((await reader.readResource('notes://1')).contents).toMatchObject([{ text: 'note 1' }]);
    expect(text(await anonymous.callTool('about', {}))).toBe('pipeline fixture');
  });

  it('runs guards with the arguments at call time and without them at list time, built by injection', async () => {
    const { app, audit } = await appWithAudit();
    const admin = await TestClient.connect(app, { era, auth: ADMIN });
    await admin.listTools();
    await admin.callTool('echo', { text: 'hi' });
    expect(audit.entries).toContain('guard tool echo args=none');
    expect(audit.entries).toContain('guard tool echo args=some');
    expect(audit.entries).toContain('timed echo ok');
  });

  it('lets interceptors rewrite arguments and results, short-circuit and retry', async () => {
    const { app } = await appWithAudit();
    const client = await TestClient.connect(app, { era, auth: ADMIN });
    expect(text(await client.callTool('rewrite', { text: 'hi' }))).toBe('got hi! (rewritten)');
    expect(text(await client.callTool('lookup', { text: 'x', mode: 'cached' }))).toBe('from cache');
    expect(text(await client.callTool('lookup', { text: 'x' }))).toBe('computed x');
    expect(text(await client.callTool('flaky', {}))).toBe('attempt 2');
  });

  it('validates before pipes, and pipes transform the validated DTO', async () => {
    const { app } = await appWithAudit();
    const client = await TestClient.connect(app, { era, auth: ADMIN });
    expect(text(await client.callTool('shout', { text: 'quiet' }))).toBe('QUIET');
    const invalid = await client.callTool('shout', { text: 42 });
    expect(invalid.isError).toBe(true);
    expect(text(invalid)).toMatch(/^Invalid arguments for tool "shout"/);
  });

  it('maps a domain error to a ToolError through the nearest filter', async () => {
    const { app } = await appWithAudit();
    const client = await TestClient.connect(app, { era, auth: ADMIN });
    const result = await client.callTool('spend', {});
    expect(result).toMatchObject({ isError: true });
    expect(text(result)).toBe('The quota is spent: 3 of 3 exports used today. Try a smaller request.');
  });

  it('ends a call that outlives its @Timeout, aborting its signal', async () => {
    const { app, audit } = await appWithAudit();
    const client = await TestClient.connect(app, { era, auth: ADMIN });
    const result = await client.callTool('stall', {});
    expect(result).toMatchObject({ isError: true, content: [{ text: 'Tool "stall" timed out after 50 ms' }] });
    expect(audit.entries).toContain('stall aborted: Tool "stall" timed out after 50 ms');
  });

  it('refuses the 11th call of a principal within the window, saying when to retry', async () => {
    const { app } = await appWithAudit();
    const ada = await TestClient.connect(app, { era, auth: ADMIN });
    for (let i = 0; i < 10; i++) expect(text(await ada.callTool('ping', {}))).toBe('pong');
    const refused = await ada.callTool('ping', {});
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/^Rate limit reached for "ping": at most 10 calls per 60 s\. Retry in \d+ s\.$/);
    const bob = await TestClient.connect(app, { era, auth: READER });
    expect(text(await bob.callTool('ping', {}))).toBe('pong');
  });

  it('runs middleware around every request, whatever its method', async () => {
    const { app } = await appWithAudit();
    const seen: string[] = [];
    app.use(async (request: McpRequest, next) => {
      seen.push(`${request.era} ${request.method} ${request.auth?.subject ?? '-'}`);
      return next();
    });
    const client = await TestClient.connect(app, { era, auth: ADMIN });
    await client.listTools();
    await client.callTool('echo', { text: 'x' });
    await client.listPrompts();
    await client.readResource('admin://report');
    expect(seen).toEqual(
      expect.arrayContaining([
        `${era} tools/list ada`,
        `${era} tools/call ada`,
        `${era} prompts/list ada`,
        `${era} resources/read ada`,
      ]),
    );
  });
});

describe('global pipeline options and runtime tools', () => {
  it('applies global guards outermost and gives runtime tools the same options', async () => {
    const order: string[] = [];
    class GlobalGuard implements CanActivate {
      canActivate(ctx: ExecutionContext) {
        order.push(`global ${ctx.name}`);
        return true;
      }
    }
    const app = await McpApplication.create(PipelineServer, {
      guards: [GlobalGuard],
      logger: new Logger('armature', 'silent'),
      container: (() => {
        const child = container.createChildContainer();
        child.registerInstance(AuditLog, new AuditLog());
        return child;
      })(),
    });
    app.registry.addTool({
      name: 'runtime_secret',
      description: 'Added at runtime, admins only',
      requireScopes: ['notes:write'],
      handler: () => 'runtime secret',
    });
    const reader = await TestClient.connect(app, { auth: READER });
    const admin = await TestClient.connect(app, { auth: ADMIN });
    const names = ((await reader.listTools()).tools as { name: string }[]).map((t) => t.name);
    expect(names).not.toContain('runtime_secret');
    expect(text(await admin.callTool('runtime_secret', {}))).toBe('runtime secret');
    expect(order).toContain('global runtime_secret');
  });

  it('refuses a runtime tool with a guard that is not one, naming it', async () => {
    const app = await McpApplication.create(PipelineServer, {
      logger: new Logger('armature', 'silent'),
      container: (() => {
        const child = container.createChildContainer();
        child.registerInstance(AuditLog, new AuditLog());
        return child;
      })(),
    });
    expect(() => app.registry.addTool({ name: 'bad', description: 'bad', guards: [{}], handler: () => 'x' })).toThrow(
      /tool "bad": a guard must be a class or an object with a canActivate\(\) method/,
    );
  });
});
