import { exportSPKI, generateKeyPair, SignJWT } from 'jose';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

/**
 * A stand-in for an authorization server, for trying the example on one machine: a signing key
 * made at start-up and JWT access tokens minted with it. A real deployment points `jwtVerifier`
 * at its authorization server's JWKS instead and never holds a private key.
 */
export class DevIssuer {
  readonly issuer = 'urn:armature:examples:dev-issuer';

  private constructor(
    private readonly keys: KeyPair,
    /** The public half as PEM, what `jwtVerifier({ publicKey })` takes. */
    readonly publicKeyPem: string,
  ) {}

  static async create(): Promise<DevIssuer> {
    const keys = await generateKeyPair('ES256');
    return new DevIssuer(keys, await exportSPKI(keys.publicKey));
  }

  /** An access token (RFC 9068 shape) for `subject` with `scopes`, valid for `audience` for an hour. */
  mint(audience: string, subject: string, scopes: string[]): Promise<string> {
    return new SignJWT({ scope: scopes.join(' ') })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' })
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(this.keys.privateKey);
  }
}
