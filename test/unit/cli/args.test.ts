import { parseCliArgs } from '../../../src/cli/args';
import { helpText } from '../../../src/cli/help';
import { UsageError } from '../../../src/cli/usage-error';

function usageError(argv: string[]): string {
  try {
    parseCliArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseCliArgs', () => {
  it('parses install for a client, over stdio or for a URL with a token', () => {
    expect(parseCliArgs(['install', 'claude-desktop'])).toEqual({
      command: 'install',
      client: 'claude-desktop',
      project: undefined,
      config: undefined,
      url: undefined,
      token: undefined,
      scope: undefined,
      print: false,
    });
    expect(
      parseCliArgs(['install', 'vscode', 'weather', '--url', 'http://127.0.0.1:3000/mcp', '--token', 't', '--print']),
    ).toMatchObject({
      client: 'vscode',
      project: 'weather',
      url: 'http://127.0.0.1:3000/mcp',
      token: 't',
      print: true,
    });
    expect(usageError(['install'])).toMatch(/^"install" needs a client: armature install <claude-desktop \| /);
    expect(usageError(['install', 'cursor', '--url', 'ftp://x'])).toBe(
      '--url must be an http:// or https:// URL, got "ftp://x"',
    );
    expect(usageError(['install', 'cursor', '--token', 't'])).toMatch(/^--token is sent to a URL: give --url too/);
    expect(usageError(['install', 'cursor', '--scope', 'global'])).toBe(
      '--scope must be user or project, got "global"',
    );
  });

  it('parses new with a folder, installing unless told not to', () => {
    expect(parseCliArgs(['new', 'my-server'])).toEqual({ command: 'new', dir: 'my-server', install: true });
    expect(parseCliArgs(['new', 'a/b', '--skip-install'])).toEqual({ command: 'new', dir: 'a/b', install: false });
    expect(usageError(['new'])).toBe('"new" takes one folder: armature new <dir>');
    expect(usageError(['new', 'a', 'b'])).toBe('"new" takes one folder: armature new <dir>');
    expect(usageError(['new', 'a', '--port', '1'])).toBe('"new" does not take --port');
    expect(usageError(['start', '--skip-install'])).toBe('"start" does not take --skip-install');
  });

  it('parses start with a project and every transport flag', () => {
    expect(
      parseCliArgs([
        'start',
        'conformance',
        '--config',
        'c.json',
        '--transport',
        'streamable-http',
        '--host',
        '0.0.0.0',
        '--port',
        '3000',
        '--path',
        '/mcp',
      ]),
    ).toEqual({
      command: 'start',
      project: 'conformance',
      config: 'c.json',
      flags: { transport: 'streamable-http', host: '0.0.0.0', port: 3000, path: '/mcp' },
    });
    expect(parseCliArgs(['start', '-t', 'sse', '-p', '8080'])).toEqual({
      command: 'start',
      project: undefined,
      config: undefined,
      flags: { transport: 'sse', port: 8080 },
    });
    expect(parseCliArgs(['start', '--port=0'])).toMatchObject({ flags: { port: 0 } });
  });

  it('parses dev with the options of start', () => {
    expect(parseCliArgs(['dev', './my-server', '-t', 'streamable-http', '-p', '0'])).toEqual({
      command: 'dev',
      project: './my-server',
      config: undefined,
      flags: { transport: 'streamable-http', port: 0 },
    });
  });

  it('parses inspect, help and version', () => {
    expect(parseCliArgs(['inspect', 'quickstart', '--json'])).toEqual({
      command: 'inspect',
      project: 'quickstart',
      config: undefined,
      json: true,
    });
    expect(parseCliArgs([])).toEqual({ command: 'help' });
    expect(parseCliArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseCliArgs(['help'])).toEqual({ command: 'help', topic: undefined });
    expect(parseCliArgs(['help', 'start'])).toEqual({ command: 'help', topic: 'start' });
    expect(parseCliArgs(['inspect', '--help'])).toEqual({ command: 'help', topic: 'inspect' });
    expect(parseCliArgs(['--version'])).toEqual({ command: 'version' });
  });

  it('rejects unknown commands, options and values with exit code 2', () => {
    expect(usageError(['serve'])).toBe('Unknown command "serve": use start, dev, inspect, new, install, help');
    expect(usageError(['help', 'serve'])).toMatch(/Unknown command "serve"/);
    expect(usageError(['start', '--verbose'])).toMatch(/Unknown option '--verbose'/);
    expect(usageError(['start', '--transport', 'websocket'])).toBe(
      '--transport must be one of stdio, sse, streamable-http, got "websocket"',
    );
    expect(usageError(['start', '--port', 'eighty'])).toMatch(/--port must be an integer/);
    expect(usageError(['start', '--port'])).toMatch(/--port/);
    expect(usageError(['inspect', '--port', '1'])).toBe('"inspect" does not take --port');
    expect(usageError(['start', 'a', 'b'])).toMatch(/one project name/);
  });

  it('documents every command and flag in the help', () => {
    const text = helpText();
    for (const word of ['start', 'inspect', '--config', '--transport', '--host', '--port', '--path', 'ARMATURE_PORT']) {
      expect(text).toContain(word);
    }
    expect(helpText('start')).toMatch(/^Usage: armature start/);
  });
});
