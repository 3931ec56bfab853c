import type { Context } from 'koa';
import type { AuthOptions } from './auth-options';

const WELL_KNOWN = '/.well-known/oauth-protected-resource';

/** Where the metadata of the resource at `endpointPath` lives (RFC 9728 §3.1: the path is appended). */
export function metadataUrl(ctx: Context, endpointPath: string): string {
  return `${originOf(ctx)}${WELL_KNOWN}${endpointPath === '/' ? '' : endpointPath}`;
}

export function metadataPaths(endpointPath: string): string[] {
  return endpointPath === '/' ? [WELL_KNOWN] : [WELL_KNOWN, `${WELL_KNOWN}${endpointPath}`];
}

/** The protected-resource metadata document: which authorization servers issue tokens for this endpoint. */
export function protectedResourceMetadata(ctx: Context, options: AuthOptions, endpointPath: string) {
  const declared = options.protectedResource;
  const document: Record<string, unknown> = {
    resource: declared?.resource ?? `${originOf(ctx)}${endpointPath}`,
    authorization_servers: declared?.authorizationServers ?? [],
    bearer_methods_supported: ['header'],
  };
  if (declared?.scopesSupported) document.scopes_supported = declared.scopesSupported;
  if (declared?.resourceName) document.resource_name = declared.resourceName;
  return document;
}

/** This server's origin as the client addressed it (Host has passed the Host/Origin guard). */
function originOf(ctx: Context): string {
  return `${ctx.protocol}://${ctx.host}`;
}
