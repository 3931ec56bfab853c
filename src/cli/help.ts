const GENERAL = `armature: run and inspect Armature MCP servers

Usage:
  armature start [project] [options]    run a project's entry; app.listen() picks up the options
  armature inspect [project] [--json]   load a project without serving it; print its capabilities,
                                        tools, resources, templates and prompts with their schemas
  armature help [command]               this text, or one command's
  armature --version                    the installed version

Projects come from nest-cli-like.config.json (the nearest one walking up from the current folder,
or --config / ARMATURE_CONFIG). Without a project name: ARMATURE_PROJECT, then "defaultProject".

Options:
  -c, --config <file>                   the config file
  -t, --transport <stdio|sse|streamable-http>
      --host <host>                     HTTP: interface to bind (default 127.0.0.1)
  -p, --port <port>                     HTTP: port
      --path <path>                     HTTP: endpoint path (/mcp, or /sse with /messages)
      --json                            inspect: print JSON instead of tables
  -h, --help                            help

Precedence, lowest first: built-in defaults < config file (top-level "transport", then the
project's) < ARMATURE_TRANSPORT / ARMATURE_HOST / ARMATURE_PORT / ARMATURE_PATH < flags <
the argument of app.listen(...).

Examples:
  armature start conformance --transport streamable-http --port 3000   # http://127.0.0.1:3000/mcp
  armature start quickstart --transport sse                            # /sse and /messages
  armature inspect conformance
`;

const TOPICS: Record<string, string> = {
  start: `Usage: armature start [project] [--config file] [--transport stdio|sse|streamable-http]
                      [--host host] [--port port] [--path path]

Runs the project's entry file (TypeScript through Armature's swc loader, cached; .js directly). The entry
creates its McpApplication and calls app.listen(); the flags and the project's configuration
decide the transport. Over stdio, stdout carries only protocol messages.
`,
  inspect: `Usage: armature inspect [project] [--config file] [--json]

Loads the project's entry without starting a transport and prints the server's capabilities and
its tools, resources, resource templates and prompts, with their JSON Schemas.
`,
  help: 'Usage: armature help [command]\n',
};

export function helpText(topic?: string): string {
  return topic ? TOPICS[topic] : GENERAL;
}
