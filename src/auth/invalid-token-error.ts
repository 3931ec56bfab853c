/**
 * Thrown (or returned as `undefined`) by a token verifier for a token it refuses: expired, badly
 * signed, for another audience. The message reaches the client as the challenge's
 * `error_description`, so it says what is wrong without echoing the token. Any other error a
 * verifier throws means it could not decide (its key server is down): that is a 500, not a 401,
 * so that clients do not throw away tokens that may be good.
 */
export class InvalidTokenError extends Error {
  constructor(message = 'The token is not valid for this resource') {
    super(message);
    this.name = 'InvalidTokenError';
  }
}
