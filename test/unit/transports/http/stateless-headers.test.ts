import 'reflect-metadata';
import { IsString } from 'class-validator';
import type { Context } from 'koa';
import { McpApplication, McpServer, Tool } from '../../../../src';
import { toMessage } from '../../../../src/protocol/codec';
import { classify } from '../../../../src/protocol/inbound';
import { Field } from '../../../../src/schema';
import { HttpError } from '../../../../src/transports/http/http-error';
import { checkStatelessHeaders, decodeHeader } from '../../../../src/transports/http/streamable/stateless-headers';

const META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
};

function contextWith(headers: Record<string, string>): Context {
  return { get: (name: string) => headers[name.toLowerCase()] ?? '' } as unknown as Context;
}

function check(headers: Record<string, string>, body: unknown): HttpError | undefined {
  try {
    checkStatelessHeaders(contextWith(headers), classify(toMessage(body)));
    return undefined;
  } catch (error) {
    return error as HttpError;
  }
}

describe('2026-07-28 header checks', () => {
  const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'greet', _meta: META } };
  const good = { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'greet' };

  it('accepts headers that agree with the body', () => {
    expect(check(good, call)).toBeUndefined();
  });

  it.each([
    ['a missing MCP-Protocol-Version', { ...good, 'mcp-protocol-version': '' }, /MCP-Protocol-Version is required/],
    ['a missing Mcp-Method', { ...good, 'mcp-method': '' }, /Mcp-Method is required/],
    ['a different Mcp-Method', { ...good, 'mcp-method': 'tools/list' }, /Mcp-Method "tools\/list" differs/],
    ['a missing Mcp-Name', { ...good, 'mcp-name': '' }, /Mcp-Name is required for tools\/call/],
    ['a different Mcp-Name', { ...good, 'mcp-name': 'other' }, /Mcp-Name "other" differs from params.name/],
  ])('refuses %s with 400 and -32020', (_case, headers, message) => {
    const error = check(headers, call);
    expect(error).toBeInstanceOf(HttpError);
    expect(error?.status).toBe(400);
    expect(error?.body()).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32020, message: expect.stringMatching(message) },
    });
  });

  it('compares Mcp-Name with params.uri for resources/read', () => {
    const read = { jsonrpc: '2.0', id: 2, method: 'resources/read', params: { uri: 'test://x', _meta: META } };
    const headers = { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'resources/read' };
    expect(check({ ...headers, 'mcp-name': 'test://x' }, read)).toBeUndefined();
    expect(check({ ...headers, 'mcp-name': 'test://y' }, read)?.code).toBe(-32020);
  });

  it('refuses a malformed envelope with 400 before the engine runs', () => {
    const body = {
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/list',
      params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } },
    };
    const error = check({ 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' }, body);
    expect(error).toMatchObject({ status: 400, code: -32602, id: 3 });
    expect(error?.message).toMatch(/clientCapabilities/);
  });

  it('names the task in Mcp-Name for the tasks extension', () => {
    const body = { jsonrpc: '2.0', id: 4, method: 'tasks/get', params: { taskId: 't-1', _meta: META } };
    const headers = { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tasks/get' };
    expect(check({ ...headers, 'mcp-name': 't-1' }, body)).toBeUndefined();
    expect(check({ ...headers, 'mcp-name': 't-2' }, body)?.code).toBe(-32020);
  });

  it('checks Mcp-Param-* headers against the arguments the engine says they mirror', async () => {
    class GreetArgs {
      @IsString()
      @Field({ header: 'Region' })
      region?: string;
    }
    @McpServer({ name: 'routed', version: '1.0.0' })
    class Routed {
      @Tool({ description: 'Greets' })
      greet(_args: GreetArgs) {
        return 'hi';
      }
    }
    const { engine } = await McpApplication.create(Routed);
    const run = (headers: Record<string, string>, args: Record<string, unknown>) => {
      const body = {
        jsonrpc: '2.0',
        id: 5,
        method: 'tools/call',
        params: { name: 'greet', arguments: args, _meta: META },
      };
      try {
        checkStatelessHeaders(contextWith({ ...good, ...headers }), classify(toMessage(body)), (request) =>
          engine.routingHeaders(request),
        );
        return undefined;
      } catch (error) {
        return (error as HttpError).message;
      }
    };
    expect(run({ 'mcp-param-region': 'us-west1' }, { region: 'us-west1' })).toBeUndefined();
    expect(
      run({ 'mcp-param-region': `=?base64?${Buffer.from('eu-west1').toString('base64')}?=` }, { region: 'eu-west1' }),
    ).toBeUndefined();
    expect(run({}, {})).toBeUndefined();
    expect(run({}, { region: 'us-west1' })).toMatch(/Mcp-Param-Region is required/);
    expect(run({ 'mcp-param-region': 'eu-west1' }, { region: 'us-west1' })).toMatch(/Mcp-Param-Region differs/);
    expect(run({ 'mcp-param-region': 'eu-west1' }, {})).toMatch(/is sent but arguments.region is absent/);
  });

  it('decodes =?base64?...?= values', () => {
    expect(decodeHeader(`=?base64?${Buffer.from('héllo').toString('base64')}?=`)).toBe('héllo');
    expect(decodeHeader('plain')).toBe('plain');
  });
});
