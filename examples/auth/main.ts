import 'reflect-metadata';
import { type AuthInfo, InvalidTokenError, jwtVerifier, Logger, McpApplication } from 'armature-mcp';
import { AccountsServer } from './auth.server';
import { DevIssuer } from './dev-issuer';

const logger = new Logger('auth-example');

/**
 * Bearer tokens are JWTs checked by `jwtVerifier`. With AUTH_ISSUER and AUTH_JWKS_URL set they come
 * from a real authorization server; without, a development issuer signs one token for alice and one
 * for bob at start-up and logs them.
 */
async function main() {
  const app = await McpApplication.create(AccountsServer);
  const realIssuer = process.env.AUTH_ISSUER && process.env.AUTH_JWKS_URL;
  const devIssuer = realIssuer ? undefined : await DevIssuer.create();
  const issuer = process.env.AUTH_ISSUER ?? (devIssuer as DevIssuer).issuer;

  // The audience is this server's own URL, known once it listens; no token is checked before that.
  let verify = async (_token: string): Promise<AuthInfo> => {
    throw new InvalidTokenError('The server is starting');
  };
  await app.listen({
    transport: 'streamable-http',
    auth: {
      verifyToken: (token: string) => verify(token),
      requiredScopes: ['accounts:read'],
      protectedResource: { authorizationServers: [issuer], scopesSupported: ['accounts:read', 'accounts:admin'] },
    },
  });
  const audience = app.url as string;
  verify = devIssuer
    ? jwtVerifier({ issuer, audience, publicKey: devIssuer.publicKeyPem, typ: 'at+jwt' })
    : jwtVerifier({ issuer, audience, jwksUrl: process.env.AUTH_JWKS_URL as string });

  if (devIssuer) {
    logger.info(
      'token for alice (accounts:read accounts:admin): %s',
      await devIssuer.mint(audience, 'alice', ['accounts:read', 'accounts:admin']),
    );
    logger.info('token for bob (accounts:read): %s', await devIssuer.mint(audience, 'bob', ['accounts:read']));
  }
}

void main();
