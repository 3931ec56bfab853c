import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { applyEdits, type FormattingOptions, modify, type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { UsageError } from '../usage-error';
import { type ClientName, type ConfigLocation, MCP_CLIENTS, type Scope, snippet } from './mcp-clients';
import type { ServerLaunch } from './server-launch';

export interface InstallRequest {
  client: ClientName;
  /** The key of the entry in the client's file (the project name). */
  name: string;
  launch: ServerLaunch;
  scope?: Scope;
  where: ConfigLocation;
}

export interface Installed {
  file: string;
  /** The file as it was before, kept beside it; undefined when there was no file. */
  backup?: string;
  replaced: boolean;
}

const FORMAT: FormattingOptions = { insertSpaces: true, tabSize: 2, eol: '\n' };

/** Which file `install` writes for this request. */
export function installTarget(request: InstallRequest): string {
  const client = MCP_CLIENTS[request.client];
  const scope = request.scope ?? client.defaultScope;
  if (!client.scopes.includes(scope)) {
    throw new UsageError(`${client.title} has no ${scope} configuration: use --scope ${client.scopes.join(' or ')}`);
  }
  return client.configPath(scope, request.where);
}

/** The entry alone, as a whole file would hold it: what `--print` shows. */
export function installSnippet(request: InstallRequest): string {
  return `${JSON.stringify(snippet(MCP_CLIENTS[request.client], request.name, request.launch), null, 2)}\n`;
}

/**
 * Writes the server's entry into the client's config file, keeping everything else in it (other
 * servers, other settings, comments and formatting, which VS Code's JSONC allows), after copying
 * the file to `<file>.bak`. A file that is not valid JSON is left untouched and named.
 */
export function installServer(request: InstallRequest): Installed {
  const client = MCP_CLIENTS[request.client];
  const file = installTarget(request);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const text = before?.trim() ? before : '{}';
  const errors: ParseError[] = [];
  const current = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    const first = errors[0];
    throw new UsageError(
      `${file} is not valid JSON (${printParseErrorCode(first.error)} at offset ${first.offset}); fix it, or move it away, and run install again`,
    );
  }
  if (current === null || typeof current !== 'object' || Array.isArray(current)) {
    throw new UsageError(`${file} must hold a JSON object`);
  }
  const servers = (current as Record<string, unknown>)[client.serversKey];
  if (servers !== undefined && (servers === null || typeof servers !== 'object' || Array.isArray(servers))) {
    throw new UsageError(`${file}: "${client.serversKey}" must be an object`);
  }
  const replaced = servers !== undefined && request.name in (servers as object);
  const edits = modify(text, [client.serversKey, request.name], client.entry(request.launch), {
    formattingOptions: FORMAT,
  });
  const after = applyEdits(text, edits);

  let backup: string | undefined;
  if (before !== undefined) {
    backup = `${file}.bak`;
    copyFileSync(file, backup);
  } else {
    mkdirSync(dirname(file), { recursive: true });
  }
  writeFileSync(file, after.endsWith('\n') ? after : `${after}\n`);
  return { file, backup, replaced };
}
