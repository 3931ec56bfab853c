import type { AuthInfo } from '../context/client-exchange';
import { InvalidTokenError } from './invalid-token-error';

/**
 * The principal a verified token describes, read from its claims the same way for a JWT (RFC 9068)
 * and an introspection answer (RFC 7662): `sub` is the subject (required: sessions and tasks are
 * bound to it), `scope` (space-separated) and `scp` (a list or a space-separated string, as
 * Azure AD and Okta write it) are the scopes, `exp` the expiry. Claims of the wrong type refuse
 * the token rather than being guessed at.
 */
export function principalFromClaims(claims: Record<string, unknown>, token: string, toleranceS = 0): AuthInfo {
  const { sub, exp } = claims;
  if (typeof sub !== 'string' || sub === '') throw new InvalidTokenError('The token names no subject (sub)');
  if (exp !== undefined && (typeof exp !== 'number' || !Number.isFinite(exp)))
    throw new InvalidTokenError('The token has a malformed expiry (exp)');
  const principal: AuthInfo = { subject: sub, scopes: scopesOf(claims), token, claims };
  // The server accepts the token until exp plus the clock tolerance, so that is when it expires here.
  if (exp !== undefined) principal.expiresAt = exp + toleranceS;
  return principal;
}

function scopesOf(claims: Record<string, unknown>): string[] {
  const scopes = new Set<string>();
  for (const name of ['scope', 'scp'] as const) {
    const value = claims[name];
    if (value === undefined) continue;
    const listed = typeof value === 'string' ? value.split(' ') : value;
    const allowsList = name === 'scp';
    if (!Array.isArray(listed) || (!allowsList && typeof value !== 'string'))
      throw new InvalidTokenError(`The token has a malformed ${name} claim`);
    for (const scope of listed) {
      if (typeof scope !== 'string') throw new InvalidTokenError(`The token has a malformed ${name} claim`);
      if (scope !== '') scopes.add(scope);
    }
  }
  return [...scopes];
}
