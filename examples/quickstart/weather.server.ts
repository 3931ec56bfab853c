import { Complete, McpContext, McpServer, Prompt, Resource, Tool, ToolError, UriParam } from 'armature-mcp';
import { ForecastArgs, TripArgs } from './dtos';
import { ForecastService } from './forecast.service';

@McpServer({
  name: 'weather',
  version: '1.0.0',
  instructions: 'Forecasts for a few cities. Read weather://cities to see which.',
})
export class WeatherServer {
  constructor(private readonly forecasts: ForecastService) {}

  @Tool({ description: 'Daily forecast for a city', annotations: { readOnlyHint: true } })
  async forecast(args: ForecastArgs, ctx: McpContext) {
    if (!this.forecasts.has(args.city)) {
      throw new ToolError(`No forecast for "${args.city}". Known cities: ${this.forecasts.cities().join(', ')}`);
    }
    ctx.info(`Forecasting ${args.days} days for ${args.city}`);
    const days = [];
    for (const day of this.forecasts.forecast(args.city, args.days, args.unit)) {
      await ctx.progress(day.day + 1, args.days, `Day ${day.day + 1}`);
      days.push(`Day ${day.day + 1}: ${day.summary}, ${day.low} to ${day.high}°`);
    }
    return days.join('\n');
  }

  @Resource('weather://cities', { description: 'The cities with forecasts', mimeType: 'application/json' })
  cities() {
    return this.forecasts.cities();
  }

  @Resource('weather://cities/{city}/today', {
    description: "Today's forecast for a city",
    mimeType: 'application/json',
  })
  today(@UriParam('city') city: string) {
    return this.forecasts.forecast(city, 1, 'celsius')[0] ?? { city, error: 'unknown city' };
  }

  @Complete({ resource: 'weather://cities/{city}/today', argument: 'city' })
  completeCity(prefix: string) {
    return this.forecasts.cities().filter((city) => city.startsWith(prefix.toLowerCase()));
  }

  @Prompt({ description: 'Plan a trip around the weather' })
  planTrip(args: TripArgs) {
    const interests = args.interests ? ` I enjoy ${args.interests}.` : '';
    return `Plan a three-day trip to ${args.city}. Check the forecast first and plan around it.${interests}`;
  }
}
