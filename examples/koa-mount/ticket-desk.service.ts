import { singleton } from 'tsyringe';

export interface Ticket {
  id: number;
  owner: string;
  title: string;
}

/**
 * The service the Koa app already had: its REST routes and the MCP tools read and write the same
 * tickets, because the MCP server is built from the same container.
 */
@singleton()
export class TicketDesk {
  private readonly tickets: Ticket[] = [];

  open(owner: string, title: string): Ticket {
    const ticket = { id: this.tickets.length + 1, owner, title };
    this.tickets.push(ticket);
    return ticket;
  }

  of(owner: string): Ticket[] {
    return this.tickets.filter((ticket) => ticket.owner === owner);
  }
}
