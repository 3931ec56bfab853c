import type { AuthInfo } from '../context/client-exchange';

/**
 * Bearer-token protection of the HTTP transports (MCP authorization: the server is an OAuth 2.1
 * resource server). Armature verifies tokens through `verifyToken` and never issues them.
 */
export interface AuthOptions {
  /**
   * Who the token belongs to, or undefined (or a thrown `InvalidTokenError`) when it is not valid:
   * unknown, expired, for another audience. Verify the audience: tokens minted for other resources
   * must be refused. Any other error means the verifier could not decide (its key or introspection
   * server is unreachable) and is answered 500, not 401. `jwtVerifier` and `introspectionVerifier`
   * build one.
   */
  verifyToken(token: string): AuthInfo | undefined | Promise<AuthInfo | undefined>;
  /** Scopes every request needs; a token without them gets 403 insufficient_scope. */
  requiredScopes?: string[];
  /** RFC 9728 protected-resource metadata, served at /.well-known/oauth-protected-resource. */
  protectedResource?: {
    /** The authorization servers that issue tokens for this resource. */
    authorizationServers: string[];
    /** The resource identifier; the endpoint's URL by default. */
    resource?: string;
    scopesSupported?: string[];
    resourceName?: string;
  };
}
