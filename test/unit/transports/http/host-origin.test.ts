import type { Context } from 'koa';
import { hostOriginGuard } from '../../../../src/transports/http/middleware/host-origin';

async function verdict(options: Parameters<typeof hostOriginGuard>[0], headers: Record<string, string>) {
  const ctx = { req: { headers } } as unknown as Context;
  try {
    await hostOriginGuard(options)(ctx, async () => undefined);
    return 'allowed';
  } catch (error) {
    return (error as { status: number }).status;
  }
}

describe('Host/Origin guard', () => {
  const loopback = { host: '127.0.0.1' };

  it.each([
    ['127.0.0.1:3000', undefined, 'allowed'],
    ['localhost:3000', 'http://localhost:5173', 'allowed'],
    ['[::1]:3000', undefined, 'allowed'],
    ['evil.example.com', undefined, 403],
    ['127.0.0.1:3000', 'http://evil.example.com', 403],
    ['127.0.0.1:3000', 'null', 403],
  ])('on loopback, Host %s with Origin %s is %s', async (host, origin, expected) => {
    expect(await verdict(loopback, { host, ...(origin ? { origin } : {}) })).toBe(expected);
  });

  it('widens the accepted sets with allowedHosts and allowedOrigins', async () => {
    const options = { ...loopback, allowedHosts: ['mcp.example.com'], allowedOrigins: ['https://app.example.com'] };
    expect(await verdict(options, { host: 'mcp.example.com:443', origin: 'https://app.example.com' })).toBe('allowed');
  });

  it('checks nothing on another bind address unless lists are given', async () => {
    expect(await verdict({ host: '0.0.0.0' }, { host: 'anything', origin: 'https://x' })).toBe('allowed');
    expect(await verdict({ host: '0.0.0.0', allowedHosts: ['a.example'] }, { host: 'b.example' })).toBe(403);
  });
});
