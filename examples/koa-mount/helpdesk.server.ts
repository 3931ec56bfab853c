import { McpContext, McpServer, Tool, ToolError } from 'armature-mcp';
import { NewTicket } from './dtos';
import { TicketDesk } from './ticket-desk.service';

/**
 * The MCP face of the helpdesk. It never sees API keys: the Koa app's own middleware decided who
 * the caller is, and Armature hands that principal to every tool as `ctx.auth`.
 */
@McpServer({ name: 'helpdesk', version: '1.0.0' })
export class HelpdeskServer {
  constructor(private readonly desk: TicketDesk) {}

  @Tool({ description: 'Says who the caller is, as the Koa app authenticated them' })
  whoami(ctx: McpContext) {
    return ctx.auth ? `${ctx.auth.subject} (${(ctx.auth.scopes ?? []).join(' ')})` : 'anonymous';
  }

  @Tool({ description: "Opens a ticket in the caller's name" })
  open_ticket(args: NewTicket, ctx: McpContext) {
    const ticket = this.desk.open(callerOf(ctx), args.title);
    return `Opened ticket #${ticket.id}: ${ticket.title}`;
  }

  @Tool({ description: "Lists the caller's tickets" })
  my_tickets(ctx: McpContext) {
    return this.desk.of(callerOf(ctx));
  }
}

function callerOf(ctx: McpContext): string {
  if (!ctx.auth) throw new ToolError('This tool needs an authenticated caller');
  return ctx.auth.subject;
}
