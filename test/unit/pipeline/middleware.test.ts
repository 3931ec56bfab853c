import type { McpMiddleware, McpRequest } from '../../../src';
import { throughMiddleware } from '../../../src/pipeline/middleware';

const request: McpRequest = { id: 1, method: 'tools/list', params: {}, era: 'session' };

describe('throughMiddleware', () => {
  it('runs the first added outermost, Koa-style, and hands back what next() resolved to', async () => {
    const trail: string[] = [];
    const tag =
      (name: string): McpMiddleware =>
      async (_request, next) => {
        trail.push(`${name} in`);
        const result = await next();
        trail.push(`${name} out`);
        return { ...result, [name]: true };
      };
    const result = await throughMiddleware([tag('a'), tag('b')], request, async () => {
      trail.push('run');
      return { tools: [] };
    });
    expect(trail).toEqual(['a in', 'b in', 'run', 'b out', 'a out']);
    expect(result).toEqual({ tools: [], a: true, b: true });
  });

  it('lets middleware answer without running the request', async () => {
    const run = jest.fn();
    const result = await throughMiddleware([async () => ({ cached: true })], request, run);
    expect(result).toEqual({ cached: true });
    expect(run).not.toHaveBeenCalled();
  });

  it('refuses a second next() from the same middleware', async () => {
    const twice: McpMiddleware = async (_request, next) => {
      await next();
      return next();
    };
    await expect(throughMiddleware([twice], request, async () => ({}))).rejects.toThrow(
      /next\(\) called more than once/,
    );
  });
});
