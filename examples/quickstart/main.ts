import 'reflect-metadata';
import { McpApplication } from 'armature-mcp';
import { WeatherServer } from './weather.server';

async function main() {
  const app = await McpApplication.create(WeatherServer);
  await app.listen(); // stdio by default; `armature start quickstart --transport streamable-http` for HTTP
}

void main();
