import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthInfo } from 'armature-mcp';

/**
 * A verifier for tests of the auth layer itself (refusals, session binding): tokens
 * are compared by their SHA-256, in constant time, against a fixed table.
 */
export class StaticTokenVerifier {
  private readonly known: { digest: Buffer; principal: AuthInfo }[];

  constructor(tokens: Record<string, AuthInfo>) {
    this.known = Object.entries(tokens).map(([token, principal]) => ({ digest: sha256(token), principal }));
  }

  verify(token: string): AuthInfo | undefined {
    const digest = sha256(token);
    return this.known.find((entry) => timingSafeEqual(entry.digest, digest))?.principal;
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
