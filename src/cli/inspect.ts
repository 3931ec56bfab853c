type Descriptor = Readonly<Record<string, unknown>>;
interface Listing {
  enabled(): { readonly descriptor: Descriptor }[];
}

/**
 * What `inspect` needs of an application, structurally: the CLI may be loaded from `dist/` while
 * the entry's application class comes from `src/`, so `instanceof McpApplication` cannot be used.
 */
export interface InspectableApplication {
  engine: { capabilities(): Record<string, unknown>; server?: { name?: string; version?: string } };
  registry: { tools: Listing; resources: Listing; templates: Listing; prompts: Listing };
}

export interface Inspection {
  server: { name?: string; version?: string };
  capabilities: Record<string, unknown>;
  tools: Descriptor[];
  resources: Descriptor[];
  resourceTemplates: Descriptor[];
  prompts: Descriptor[];
}

/** The application's advertised surface, exactly as the list methods describe it (enabled items only). */
export function inspectionOf(app: InspectableApplication): Inspection {
  const descriptors = (list: Listing) => list.enabled().map((item) => item.descriptor);
  return {
    server: { name: app.engine.server?.name, version: app.engine.server?.version },
    capabilities: app.engine.capabilities(),
    tools: descriptors(app.registry.tools),
    resources: descriptors(app.registry.resources),
    resourceTemplates: descriptors(app.registry.templates),
    prompts: descriptors(app.registry.prompts),
  };
}

/** A human-readable report: capabilities, one table per component kind, then every schema. */
export function inspectApplication(app: InspectableApplication): string {
  const data = inspectionOf(app);
  const out: string[] = [];
  const name = [data.server.name, data.server.version].filter(Boolean).join(' ');
  out.push(`Server: ${name || '(unnamed)'}`, '');
  out.push('Capabilities:', indent(JSON.stringify(data.capabilities, null, 2)), '');

  section(out, 'Tools', data.tools, ['name', 'title', 'description'], (d) => [
    str(d.name),
    str(d.title),
    str(d.description),
  ]);
  section(out, 'Resources', data.resources, ['uri', 'name', 'mimeType', 'description'], (d) => [
    str(d.uri),
    str(d.name),
    str(d.mimeType),
    str(d.description),
  ]);
  section(
    out,
    'Resource templates',
    data.resourceTemplates,
    ['uriTemplate', 'name', 'mimeType', 'description'],
    (d) => [str(d.uriTemplate), str(d.name), str(d.mimeType), str(d.description)],
  );
  section(out, 'Prompts', data.prompts, ['name', 'arguments', 'description'], (d) => [
    str(d.name),
    ((d.arguments as { name: string; required?: boolean }[] | undefined) ?? [])
      .map((a) => (a.required ? a.name : `${a.name}?`))
      .join(', '),
    str(d.description),
  ]);

  if (data.tools.length) {
    out.push('Tool schemas:');
    for (const tool of data.tools) {
      out.push(`  ${str(tool.name)} input:`, indent(JSON.stringify(tool.inputSchema, null, 2), 4));
      if (tool.outputSchema)
        out.push(`  ${str(tool.name)} output:`, indent(JSON.stringify(tool.outputSchema, null, 2), 4));
    }
    out.push('');
  }
  const withArguments = data.prompts.filter((p) => Array.isArray(p.arguments) && p.arguments.length);
  if (withArguments.length) {
    out.push('Prompt arguments:');
    for (const prompt of withArguments) {
      out.push(`  ${str(prompt.name)}:`, indent(JSON.stringify(prompt.arguments, null, 2), 4));
    }
    out.push('');
  }
  return out.join('\n');
}

function section(
  out: string[],
  title: string,
  items: Descriptor[],
  headers: string[],
  row: (d: Descriptor) => string[],
): void {
  out.push(`${title} (${items.length}):`);
  if (items.length === 0) out.push('  (none)');
  else
    out.push(
      table(
        headers.map((h) => h.toUpperCase()),
        items.map(row),
      ),
    );
  out.push('');
}

const MAX_CELL = 70;

/** A plain-text table; columns empty in every row (e.g. no tool has a title) are left out. */
export function table(allHeaders: string[], allRows: string[][]): string {
  const keep = allHeaders.map((_, i) => i === 0 || allRows.some((r) => r[i] !== ''));
  const headers = allHeaders.filter((_, i) => keep[i]);
  const cells = allRows.map((r) =>
    r.filter((_, i) => keep[i]).map((c) => (c.length > MAX_CELL ? `${c.slice(0, MAX_CELL - 1)}…` : c)),
  );
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) => `  ${r.map((c, i) => c.padEnd(widths[i])).join('  ')}`.trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

function str(value: unknown): string {
  return value === undefined || value === null ? '' : String(value).replace(/\s+/g, ' ');
}

function indent(text: string, spaces = 2): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}
