import 'reflect-metadata';
import { McpApplication } from 'armature';
import { ConformanceServer } from './conformance.server';

async function main() {
  const app = await McpApplication.create(ConformanceServer);
  await app.listen();
}

void main();
