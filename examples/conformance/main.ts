import 'reflect-metadata';
import { McpApplication } from 'armature-mcp';
import { ConformanceServer } from './conformance.server';

async function main() {
  const app = await McpApplication.create(ConformanceServer);
  await app.listen();
}

void main();
