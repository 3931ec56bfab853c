import { type BearerChallenge, type BearerErrorCode, oauthErrorBody, wwwAuthenticate } from './bearer-challenge';

/**
 * A request bearer auth turns away. It carries what RFC 6750 §3 puts on the wire (the challenge
 * and the OAuth error body); the HTTP layer answers it with the status its status table gives
 * the error code, so auth decides why and the table decides the status.
 */
export class BearerRefusal extends Error {
  /** Undefined when the request carried no credentials at all (RFC 6750 §3.1). */
  readonly error?: BearerErrorCode;
  /** The `WWW-Authenticate` header value. */
  readonly challenge: string;

  constructor(challenge: BearerChallenge, description: string) {
    super(description);
    this.name = 'BearerRefusal';
    this.error = challenge.error;
    this.challenge = wwwAuthenticate(challenge);
  }

  /** The OAuth error response, as the official SDK's bearer middleware answers. */
  body() {
    return oauthErrorBody(this.error ?? 'invalid_token', this.message);
  }
}
