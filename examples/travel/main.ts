import 'reflect-metadata';
import { McpApplication } from 'armature-mcp';
import { TravelServer } from './travel.server';

async function main() {
  const app = await McpApplication.create(TravelServer);
  await app.listen();
}

void main();
