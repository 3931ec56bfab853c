/** The MCP Inspector command line for a project run by `armature dev`, ready to paste. */
export function inspectorCommand(transport: string, devArgs: readonly string[], url?: string): string {
  if (transport === 'stdio') {
    // The Inspector launches `armature dev` itself, so it too keeps its connection across restarts.
    return `npx @modelcontextprotocol/inspector ${[process.execPath, ...devArgs].map(quote).join(' ')}`;
  }
  const kind = transport === 'sse' ? 'sse' : 'streamable-http';
  const query = `transport=${kind}&serverUrl=${encodeURIComponent(url ?? '')}`;
  return `npx @modelcontextprotocol/inspector   # then open http://localhost:6274/?${query}`;
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
