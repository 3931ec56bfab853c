import type { Context } from 'koa';
import type { RequestTransport } from '../../telemetry/telemetry-options';

/**
 * How an HTTP request arrived, for its span: TCP, the HTTP version, the peer, and the headers,
 * whose `traceparent` continues the caller's trace when the message's `_meta` carries none.
 */
export function httpTransportOf(ctx: Context): RequestTransport {
  const { req } = ctx;
  return {
    network: 'tcp',
    httpVersion: req.httpVersion,
    clientAddress: req.socket.remoteAddress,
    clientPort: req.socket.remotePort,
    headers: req.headers,
  };
}
