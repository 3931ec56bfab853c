import type { Context } from 'koa';
import { ErrorCode } from '../../../core/protocol/mcp-error';
import { decodeFrame, type Frame, FrameError } from '../../../protocol/codec';
import { HttpError } from '../http-error';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** POST bodies must be JSON: anything else is 415 before a byte is read. */
export function requireJson(ctx: Context): void {
  const header = ctx.req.headers['content-type'] || '';
  // The usual exact value needs no parsing.
  if (header !== 'application/json' && header.split(';')[0].trim().toLowerCase() !== 'application/json') {
    throw new HttpError(
      'unsupportedMediaType',
      ErrorCode.ConnectionClosed,
      'Unsupported Media Type: Content-Type must be application/json',
    );
  }
}

/**
 * Reads the body of a POST, at most `limit` bytes (413 beyond, the connection is then closed),
 * and decodes it as one JSON-RPC frame: -32700 for bad JSON, -32600 for JSON that is no message.
 * One promise for all of it (no async steps around it): this runs for every POST.
 */
export function readFrame(ctx: Context, limit: number): Promise<Frame> {
  if (ctx.req.readableEnded) {
    // A body parser of the host app got there first: waiting for an 'end' already emitted would hang.
    return Promise.reject(
      new HttpError(
        'internal',
        ErrorCode.InternalError,
        'The request body was already read by another middleware (a body parser) before MCP: ' +
          'mount Armature before it, or keep it off the MCP paths',
      ),
    );
  }
  const tooLarge = () => {
    ctx.set('Connection', 'close');
    return new HttpError(
      'payloadTooLarge',
      ErrorCode.InvalidRequest,
      `Payload Too Large: the body exceeds ${limit} bytes`,
    );
  };
  const declared = Number(ctx.req.headers['content-length'] || '');
  if (declared > limit) return Promise.reject(tooLarge());
  // Events rather than `for await`: an async iterator per request is a measurable cost here.
  return new Promise<Frame>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const req = ctx.req;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      try {
        resolve(decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
      } catch (error) {
        reject(error);
      }
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    // A client that goes away mid-body must not leave the request waiting for an 'end' that never comes.
    const onClose = () =>
      onError(
        Object.assign(new Error('the client closed the connection before the body ended'), { code: 'ECONNRESET' }),
      );
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('close', onClose);
  });
}

/** The body's bytes as one JSON-RPC frame, or the HTTP error that refuses them. */
function decode(body: Buffer): Frame {
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    throw new HttpError('badRequest', ErrorCode.ParseError, 'Parse error: the body is not valid UTF-8');
  }
  try {
    return decodeFrame(text);
  } catch (error) {
    if (!(error instanceof FrameError)) throw error;
    throw new HttpError('badRequest', error.code, error.message, error.id);
  }
}
