import 'reflect-metadata';
import { McpApplication } from 'armature';
import { NotesServer } from './notes.server';

async function main() {
  const app = await McpApplication.create(NotesServer);
  await app.listen();
}

void main();
