import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { Logger } from '../../../../src/core/logging/logger';
import { HttpServer } from '../../../../src/transports/http/http-server';
import { ListenError } from '../../../../src/transports/http/listen-error';

describe('HttpServer.listen on a busy port', () => {
  it('rejects with a ListenError that names the port and --port', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    const server = new HttpServer({ host: '127.0.0.1', port }, new Logger('test', 'silent'));
    try {
      const error = await server.listen().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ListenError);
      expect((error as ListenError).code).toBe('EADDRINUSE');
      expect((error as Error).message).toBe(
        `port ${port} is already in use (127.0.0.1:${port}): stop the process using it, or choose another with --port <port> (or ARMATURE_PORT, or "port" in the config file)`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
