import { injectable } from 'tsyringe';

export type Unit = 'celsius' | 'fahrenheit';

export interface DailyForecast {
  city: string;
  day: number;
  high: number;
  low: number;
  summary: string;
}

const CITIES: Record<string, { base: number; summaries: string[] }> = {
  oslo: { base: 4, summaries: ['Snow showers', 'Overcast', 'Clear and cold'] },
  lisbon: { base: 19, summaries: ['Sunny', 'Light breeze', 'Warm and clear'] },
  tokyo: { base: 14, summaries: ['Light rain', 'Cloudy', 'Sunny spells'] },
};

/** A stand-in for a real weather API: deterministic, so examples and tests agree on the numbers. */
@injectable()
export class ForecastService {
  cities(): string[] {
    return Object.keys(CITIES);
  }

  has(city: string): boolean {
    return city.toLowerCase() in CITIES;
  }

  forecast(city: string, days: number, unit: Unit): DailyForecast[] {
    const known = CITIES[city.toLowerCase()];
    if (!known) return [];
    return Array.from({ length: days }, (_, day) => {
      const high = known.base + ((day * 3) % 5);
      const low = high - 6;
      return {
        city,
        day,
        high: convert(high, unit),
        low: convert(low, unit),
        summary: known.summaries[day % known.summaries.length],
      };
    });
  }
}

function convert(celsius: number, unit: Unit): number {
  return unit === 'celsius' ? celsius : Math.round((celsius * 9) / 5 + 32);
}
