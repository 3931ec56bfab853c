import { type ApplicationOptions, Logger, McpApplication } from 'armature-mcp';
import { container } from 'tsyringe';
import { TeamNotesServer } from './pipeline.server';
import { AuditTrail, NoteStore } from './services';

/**
 * The application with its request middleware: every MCP request, whatever its method, is
 * recorded in the audit trail. The stores are singletons of this application's container.
 * `timeoutMs` (the default `@Timeout`) comes from the "pipeline" project's configuration unless
 * the caller gives one.
 */
export async function createTeamNotes(
  logger: Logger = new Logger(),
  options: Pick<ApplicationOptions, 'timeoutMs'> = {},
): Promise<McpApplication> {
  const scope = container.createChildContainer();
  scope.registerSingleton(NoteStore);
  scope.registerSingleton(AuditTrail);
  const app = await McpApplication.create(TeamNotesServer, { ...options, container: scope, logger });
  const trail = app.container.resolve(AuditTrail);
  app.use(async (request, next) => {
    trail.requests.push(`${request.auth?.subject ?? 'anonymous'} ${request.method}`);
    return next();
  });
  return app;
}
