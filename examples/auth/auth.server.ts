import { McpContext, McpServer, Tool, ToolError } from 'armature-mcp';

/** Tools that answer according to who is calling: the principal the bearer token proved. */
@McpServer({ name: 'accounts', version: '1.0.0' })
export class AccountsServer {
  @Tool({ description: 'Says who the caller is' })
  whoami(ctx: McpContext) {
    return ctx.auth ? `${ctx.auth.subject} (${(ctx.auth.scopes ?? []).join(' ')})` : 'anonymous';
  }

  @Tool({ description: 'Closes the account (needs the accounts:admin scope)', annotations: { destructiveHint: true } })
  close_account(ctx: McpContext) {
    if (!ctx.auth?.scopes?.includes('accounts:admin'))
      throw new ToolError('Closing accounts needs the accounts:admin scope');
    return `Account of ${ctx.auth.subject} closed`;
  }
}
