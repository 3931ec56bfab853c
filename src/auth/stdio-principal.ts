import type { AuthInfo } from '../context/client-exchange';
import type { AuthOptions } from './auth-options';

/** Where a stdio server finds its caller's token: the client that spawns it sets the variable. */
export const STDIO_TOKEN_VARIABLE = 'ARMATURE_TOKEN';

/**
 * The caller of a stdio server. MCP authorization is for HTTP; over stdio the credentials come
 * from the environment, and one process serves one caller, so the token is verified once, at
 * start-up, and a missing, invalid or under-scoped token stops the server with a clear message.
 */
export async function stdioPrincipal(auth: AuthOptions, env: NodeJS.ProcessEnv = process.env): Promise<AuthInfo> {
  const token = env[STDIO_TOKEN_VARIABLE]?.trim();
  if (!token) {
    throw new Error(`This stdio server needs a token: set ${STDIO_TOKEN_VARIABLE} in the environment that starts it`);
  }
  let principal: AuthInfo | undefined;
  try {
    principal = await auth.verifyToken(token);
  } catch {
    principal = undefined;
  }
  if (!principal) throw new Error(`The token in ${STDIO_TOKEN_VARIABLE} is not valid for this server`);
  const missing = (auth.requiredScopes ?? []).filter((scope) => !principal.scopes?.includes(scope));
  if (missing.length > 0) {
    throw new Error(`The token in ${STDIO_TOKEN_VARIABLE} lacks the scopes ${missing.join(', ')}`);
  }
  return principal;
}
