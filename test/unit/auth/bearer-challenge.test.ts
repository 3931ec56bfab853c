import { oauthErrorBody, wwwAuthenticate } from '../../../src/auth/bearer-challenge';

const resourceMetadata = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';

describe('wwwAuthenticate (RFC 6750 §3)', () => {
  it('names only the metadata and the scope when the request carried no credentials', () => {
    expect(wwwAuthenticate({ resourceMetadata, scope: ['files:read'] })).toBe(
      `Bearer scope="files:read", resource_metadata="${resourceMetadata}"`,
    );
  });

  it('puts the error, its description and every needed scope before the metadata', () => {
    expect(
      wwwAuthenticate({
        resourceMetadata,
        error: 'insufficient_scope',
        errorDescription: 'Additional file write permission required',
        scope: ['files:read', 'files:write'],
      }),
    ).toBe(
      `Bearer error="insufficient_scope", error_description="Additional file write permission required", scope="files:read files:write", resource_metadata="${resourceMetadata}"`,
    );
  });

  it('leaves out an empty scope list and keeps quotes and backslashes out of quoted strings', () => {
    expect(
      wwwAuthenticate({ resourceMetadata, error: 'invalid_token', errorDescription: 'bad "kid" \\ here', scope: [] }),
    ).toBe(
      `Bearer error="invalid_token", error_description="bad 'kid' ' here", resource_metadata="${resourceMetadata}"`,
    );
  });
});

describe('oauthErrorBody', () => {
  it('is the OAuth error response the official SDK answers with', () => {
    expect(oauthErrorBody('invalid_token', 'The token has expired')).toEqual({
      error: 'invalid_token',
      error_description: 'The token has expired',
    });
  });
});
