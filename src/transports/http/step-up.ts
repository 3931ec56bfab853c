import type { Context } from 'koa';
import { wwwAuthenticate } from '../../auth/bearer-challenge';
import { metadataUrl } from '../../auth/protected-resource';
import { isFailure, type JsonRpcResponse } from '../../core/protocol/json-rpc';
import { ErrorCode } from '../../core/protocol/mcp-error';

/**
 * The scopes a single answer asks for when it refused a caller whose token lacks a component's
 * `@RequireScopes` scopes; undefined for any other answer.
 */
export function stepUpScopes(response: JsonRpcResponse | JsonRpcResponse[]): string[] | undefined {
  if (Array.isArray(response) || !isFailure(response) || response.error.code !== ErrorCode.InsufficientScope) {
    return undefined;
  }
  const scopes = (response.error.data as { requiredScopes?: unknown } | undefined)?.requiredScopes;
  return Array.isArray(scopes) && scopes.every((s) => typeof s === 'string') ? scopes : undefined;
}

/**
 * Adds MCP authorization's scope challenge to the refusal (whose status, 403, is the table's):
 * `WWW-Authenticate: Bearer error="insufficient_scope", scope="..."`, so the client can ask the
 * authorization server for a token with those scopes and try again (step-up authorization).
 */
export function challengeForScopes(ctx: Context, scopes: string[]): void {
  const errorDescription = `This call needs the scopes ${scopes.join(' ')}`;
  // A protected endpoint says where its metadata lives, as its 401 challenge does.
  ctx.set(
    'WWW-Authenticate',
    ctx.state.auth
      ? wwwAuthenticate({
          error: 'insufficient_scope',
          errorDescription,
          scope: scopes,
          resourceMetadata: metadataUrl(ctx, ctx.path),
        })
      : `Bearer error="insufficient_scope", error_description="${errorDescription}", scope="${scopes.join(' ')}"`,
  );
}
