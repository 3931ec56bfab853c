import 'reflect-metadata';
import { McpApplication } from 'armature-mcp';
import { ReportServer } from './report.server';

async function main() {
  const app = await McpApplication.create(ReportServer, { tasks: { pollIntervalMs: 50, promoteAfterMs: 500 } });
  await app.listen();
}

void main();
