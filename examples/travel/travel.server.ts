import { McpContext, McpServer, Tool, ToolError } from 'armature-mcp';
import { BookingForm, TripRequest } from './dtos';

const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Current weather for a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

/**
 * Asking the client, written once for both eras: a form, a URL to visit, the client's model
 * (with a tool it may call) and the client's roots.
 */
@McpServer({ name: 'travel', version: '1.0.0' })
export class TravelServer {
  @Tool({ description: 'Books a trip, asking the traveller for their details' })
  async book_trip(args: TripRequest, ctx: McpContext) {
    const form = await ctx.elicit(`Booking a trip to ${args.destination}: who is travelling?`, BookingForm);
    if (form.action === 'decline') return 'Booking declined by the traveller';
    if (form.action === 'cancel') return 'Booking cancelled';
    const { name, email, travellers, cabin, insurance } = form.content;
    return `Booked ${travellers} ${cabin} seat(s) to ${args.destination} for ${name} <${email}>${insurance ? ' with insurance' : ''}`;
  }

  @Tool({ description: 'Takes payment on the payment provider page' })
  async pay(ctx: McpContext) {
    const visit = await ctx.elicitUrl('Pay for your trip on the provider page', 'https://pay.example.com/checkout/42');
    if (visit.action !== 'accept') throw new ToolError('Payment was not started');
    return `Payment page opened (${visit.elicitationId.length > 0 ? 'tracked' : 'untracked'})`;
  }

  @Tool({ description: 'Suggests what to pack, asking the client model, which may check the weather' })
  async packing_list(args: TripRequest, ctx: McpContext) {
    const answer = await ctx.sample({
      messages: [{ role: 'user', content: { type: 'text', text: `What should I pack for ${args.destination}?` } }],
      maxTokens: 300,
      tools: [WEATHER_TOOL],
      toolChoice: { mode: 'auto' },
    });
    const blocks = Array.isArray(answer.content) ? answer.content : [answer.content];
    return blocks.map((block) => (block.type === 'text' ? block.text : `[${block.type}]`)).join(' ');
  }

  @Tool({ description: 'Lists the folders where travel documents may be saved' })
  async document_folders(ctx: McpContext) {
    const roots = await ctx.roots();
    return roots.map((root) => root.name ?? root.uri).join(', ') || 'no folders shared';
  }
}
