/** The error codes of RFC 6750 §3.1, the only ones a bearer-token resource server answers with. */
export type BearerErrorCode = 'invalid_request' | 'invalid_token' | 'insufficient_scope';

export interface BearerChallenge {
  /** The RFC 9728 metadata URL, so that a client can find the authorization server (RFC 9728 §5.1). */
  resourceMetadata: string;
  /** Left out when the request carried no credentials at all (RFC 6750 §3.1). */
  error?: BearerErrorCode;
  errorDescription?: string;
  /** The scopes the request needs (RFC 6750 §3; the MCP spec asks for it on 401 and 403). */
  scope?: string[];
}

/**
 * The `WWW-Authenticate` value of a refusal: `Bearer error="…", error_description="…", scope="…",
 * resource_metadata="…"`. Quoted-string values cannot hold `"` or `\`, so those become `'`.
 */
export function wwwAuthenticate(challenge: BearerChallenge): string {
  const params: [string, string | undefined][] = [
    ['error', challenge.error],
    ['error_description', challenge.errorDescription],
    ['scope', challenge.scope && challenge.scope.length > 0 ? challenge.scope.join(' ') : undefined],
    ['resource_metadata', challenge.resourceMetadata],
  ];
  const pairs = params.filter(([, value]) => value !== undefined);
  return `Bearer ${pairs.map(([key, value]) => `${key}="${(value as string).replace(/["\\]/g, "'")}"`).join(', ')}`;
}

/**
 * The body of a refusal: the OAuth error response (`{ error, error_description }`) that the
 * official SDK's bearer middleware answers with, so clients that read bodies find the same thing.
 * A request without credentials still gets `invalid_token` here (the official TypeScript SDK does
 * the same), while its challenge header carries no error code, as RFC 6750 §3.1 asks.
 */
export function oauthErrorBody(error: BearerErrorCode, description: string) {
  return { error, error_description: description };
}
