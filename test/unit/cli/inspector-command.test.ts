import { inspectorCommand } from '../../../src/cli/dev/inspector-command';

describe('the MCP Inspector command armature dev prints', () => {
  it('over stdio, launches armature dev itself, quoting what the shell would split', () => {
    expect(inspectorCommand('stdio', ['/opt/app/bin/armature.js', 'dev', '/home/me/my project'])).toBe(
      `npx @modelcontextprotocol/inspector ${process.execPath} /opt/app/bin/armature.js dev '/home/me/my project'`,
    );
  });

  it('over HTTP, opens the Inspector on the server URL with the matching transport', () => {
    expect(inspectorCommand('streamable-http', [], 'http://127.0.0.1:3000/mcp')).toBe(
      'npx @modelcontextprotocol/inspector   # then open http://localhost:6274/?transport=streamable-http&serverUrl=http%3A%2F%2F127.0.0.1%3A3000%2Fmcp',
    );
    expect(inspectorCommand('sse', [], 'http://127.0.0.1:3000/sse')).toContain('?transport=sse&serverUrl=');
  });
});
