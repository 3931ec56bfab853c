import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthInfo } from 'armature-mcp';

/**
 * The callers of this example. A stand-in for real verification (a JWT's signature and audience,
 * or token introspection): tokens are compared by their SHA-256, in constant time.
 */
const PRINCIPALS: Record<string, AuthInfo> = {
  'ada-token': { subject: 'ada', scopes: ['notes:read', 'notes:write'], claims: { tenant: 'acme', role: 'admin' } },
  'bob-token': { subject: 'bob', scopes: ['notes:read'], claims: { tenant: 'acme', role: 'member' } },
  'cy-token': { subject: 'cy', scopes: [], claims: {} },
};

const known = Object.entries(PRINCIPALS).map(([token, principal]) => ({ digest: sha256(token), principal }));

export function verifyToken(token: string): AuthInfo | undefined {
  const digest = sha256(token);
  return known.find((entry) => timingSafeEqual(entry.digest, digest))?.principal;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
