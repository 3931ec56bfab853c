import 'reflect-metadata';
import { createTeamNotes } from './app';
import { verifyToken } from './tokens';

/**
 * Over stdio the caller's token comes from ARMATURE_TOKEN; over HTTP from each request's
 * `Authorization: Bearer` header. The transport comes from the "pipeline" project's configuration.
 */
async function main() {
  const app = await createTeamNotes();
  await app.listen({
    auth: {
      verifyToken,
      protectedResource: {
        authorizationServers: ['https://auth.example.com'],
        scopesSupported: ['notes:read', 'notes:write'],
      },
    },
  });
}

void main();
