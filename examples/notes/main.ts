import 'reflect-metadata';
import { McpApplication } from 'armature-mcp';
import { NotesServer } from './notes.server';

async function main() {
  const app = await McpApplication.create(NotesServer);
  await app.listen();
}

void main();
