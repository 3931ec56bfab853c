import { McpContext, McpServer, Prompt, Resource, Tool, ToolError } from 'armature-mcp';
import { CityArgs, Confirmation } from './dtos';

const FORECASTS: Record<string, string> = { Oslo: 'Snow, -3 °C', Lisbon: 'Sun, 19 °C' };

/**
 * A small forecast desk whose requests show up as spans, metrics and log records: a tool that
 * answers, one that fails as a tool error, one that asks the user (a server-to-client request
 * with its own CLIENT span in the session era), a prompt and a resource.
 */
@McpServer({ name: 'forecast-desk', version: '1.0.0' })
export class ForecastDesk {
  @Tool({ description: 'Forecast for a city' })
  forecast(args: CityArgs) {
    const forecast = FORECASTS[args.city];
    if (!forecast) throw new ToolError(`No forecast for ${args.city}`);
    return `${args.city}: ${forecast}`;
  }

  @Tool({ description: 'Publishes the forecast of a city, after the user confirms' })
  async publish(args: CityArgs, ctx: McpContext) {
    const reply = await ctx.elicit(`Publish the forecast for ${args.city}?`, Confirmation);
    return reply.action === 'accept' ? `Published ${args.city} (${reply.content.answer})` : 'Not published';
  }

  @Prompt({ description: 'A morning briefing for a city' })
  briefing(args: CityArgs) {
    return `Write a morning weather briefing for ${args.city}.`;
  }

  @Resource('forecast://cities', { mimeType: 'application/json' })
  cities() {
    return Object.keys(FORECASTS);
  }
}
