const GENERAL = `armature: run and inspect Armature MCP servers

Usage:
  armature start [project] [options]    run a project's entry; app.listen() picks up the options
  armature dev [project] [options]      like start, restarting the server when a source file changes
  armature inspect [project] [--json]   load a project without serving it; print its capabilities,
                                        tools, resources, templates and prompts with their schemas
  armature new <dir> [--skip-install]   create a project: a server with a tool, a resource template
                                        and a prompt, its test, tsconfig and config; npm install it
  armature install <client> [project]   add the project to an MCP client's config: claude-desktop,
                                        claude-code, cursor or vscode (--print only shows the entry)
  armature help [command]               this text, or one command's
  armature --version                    the installed version

Projects come from nest-cli-like.config.json (the nearest one walking up from the current folder,
or --config / ARMATURE_CONFIG). Without a project name: ARMATURE_PROJECT, then "defaultProject".
[project] may also be a path: a project folder, a config file or an entry file, found from there.

Options:
  -c, --config <file>                   the config file
  -t, --transport <stdio|sse|streamable-http>
      --host <host>                     HTTP: interface to bind (default 127.0.0.1)
  -p, --port <port>                     HTTP: port
      --path <path>                     HTTP: endpoint path (/mcp, or /sse with /messages)
      --redis <url>                     keep sessions, event logs, tasks and the bus in this Redis
                                        (instances on one Redis act as one server; needs a stateKey)
      --timeout-ms <ms>                 the time limit of every call that declares no @Timeout
      --json                            inspect: print JSON instead of tables
  -h, --help                            help

Precedence, lowest first: built-in defaults < config file (top-level "transport", then the
project's) < ARMATURE_TRANSPORT / ARMATURE_HOST / ARMATURE_PORT / ARMATURE_PATH < flags <
the argument of app.listen(...). State alike: "state" / "stateKey" in the file <
ARMATURE_REDIS_URL / ARMATURE_REDIS_PREFIX / ARMATURE_STATE_KEY < --redis <
McpApplication.create(S, { state, stateKey }).
The default @Timeout alike: "timeoutMs" in the file (top level, then the project's) <
ARMATURE_TIMEOUT_MS < --timeout-ms < McpApplication.create(S, { timeoutMs }).

Examples:
  armature start conformance --transport streamable-http --port 3000   # http://127.0.0.1:3000/mcp
  armature start quickstart --transport sse                            # /sse and /messages
  armature inspect conformance
`;

const TOPICS: Record<string, string> = {
  start: `Usage: armature start [project] [--config file] [--transport stdio|sse|streamable-http]
                      [--host host] [--port port] [--path path] [--redis url] [--timeout-ms ms]

Runs the project's entry file (TypeScript through Armature's swc loader, cached; .js directly). The entry
creates its McpApplication and calls app.listen(); the flags and the project's configuration
decide the transport. Over stdio, stdout carries only protocol messages.
`,
  dev: `Usage: armature dev [project] [--config file] [--transport stdio|sse|streamable-http]
                    [--host host] [--port port] [--path path]

Runs the project like "armature start" and restarts it when a source file under the project's
folder changes (node_modules, dist and dot-folders aside). Over HTTP the URL stays the same. Over
stdio the client's pipe stays open: the dev process holds it, initialises the new server with the
client's own initialize request and tells the client its lists changed, so it need not reconnect.
Prints the MCP Inspector command for the project.
`,
  inspect: `Usage: armature inspect [project] [--config file] [--json]

Loads the project's entry without starting a transport and prints the server's capabilities and
its tools, resources, resource templates and prompts, with their JSON Schemas.
`,
  new: `Usage: armature new <dir> [--skip-install]

Creates <dir> (it must not exist or be empty) with a package.json (Armature, its peers, TypeScript,
scripts), tsconfig.json, nest-cli-like.config.json, src/main.ts, a server with a tool, a resource
template and a prompt, and a test that drives it with TestClient. Then runs npm install there
(--skip-install leaves that to you) and prints the next commands.
`,
  install: `Usage: armature install <claude-desktop | claude-code | cursor | vscode> [project]
                        [--config file] [--url url [--token token]] [--scope user|project] [--print]

Writes the project's MCP server entry into the client's config file, keeping the file's other
entries and settings (the previous file is kept beside it as <file>.bak):
  claude-desktop  claude_desktop_config.json in the app's settings folder ("mcpServers")
  claude-code     .mcp.json in the project folder; --scope user: ~/.claude.json ("mcpServers")
  cursor          ~/.cursor/mcp.json; --scope project: .cursor/mcp.json ("mcpServers")
  vscode          .vscode/mcp.json; --scope user: the profile's mcp.json ("servers")
By default the client starts the server itself over stdio, with absolute paths (this Node.js, this
armature, the config file), so it works whatever folder the client starts it from. --url connects
to a running streamable HTTP server instead; --token sends "Authorization: Bearer <token>" (Claude
Desktop reaches URLs through npx mcp-remote). --print shows the entry and the file, and writes nothing.
`,
  help: 'Usage: armature help [command]\n',
};

export function helpText(topic?: string): string {
  return topic ? TOPICS[topic] : GENERAL;
}
