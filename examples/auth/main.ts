import 'reflect-metadata';
import { McpApplication } from 'armature-mcp';
import { AccountsServer } from './auth.server';
import { StaticTokenVerifier } from './token-verifier';

const verifier = new StaticTokenVerifier({
  [process.env.ALICE_TOKEN ?? 'alice-token']: { subject: 'alice', scopes: ['accounts:read', 'accounts:admin'] },
  [process.env.BOB_TOKEN ?? 'bob-token']: { subject: 'bob', scopes: ['accounts:read'] },
});

async function main() {
  const app = await McpApplication.create(AccountsServer);
  await app.listen({
    transport: 'streamable-http',
    auth: {
      verifyToken: (token: string) => verifier.verify(token),
      requiredScopes: ['accounts:read'],
      protectedResource: {
        authorizationServers: ['https://auth.example.com'],
        scopesSupported: ['accounts:read', 'accounts:admin'],
      },
    },
  });
}

void main();
