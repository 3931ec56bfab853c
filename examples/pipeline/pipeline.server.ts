import {
  Complete,
  McpContext,
  McpServer,
  Prompt,
  Public,
  RateLimit,
  RequireScopes,
  Resource,
  Timeout,
  Tool,
  UriParam,
  UseFilters,
  UseGuards,
  UseInterceptors,
  UsePipes,
} from 'armature-mcp';
import { DigestArgs, ExportNotes, SearchNotes, TeamMessage, WriteNote } from './dtos';
import {
  AuditInterceptor,
  ExportFilter,
  Roles,
  RolesGuard,
  SearchCacheInterceptor,
  TenantGuard,
  TrimTextPipe,
} from './enhancers';
import { AuditTrail, NoteStore, Summarizer, UnsupportedFormat } from './services';

const tenantOf = (ctx: McpContext) => String(ctx.auth?.claims?.tenant);

/**
 * Team notes behind a call pipeline: every component needs a team (TenantGuard) and the
 * notes:read scope, every call is audited; writing needs notes:write, purging needs the admin role.
 */
@McpServer({ name: 'team-notes', version: '1.0.0' })
@UseGuards(TenantGuard, RolesGuard)
@UseInterceptors(AuditInterceptor)
@RequireScopes('notes:read')
export class TeamNotesServer {
  private searches = 0;

  constructor(
    private readonly notes: NoteStore,
    private readonly trail: AuditTrail,
    private readonly summarizer: Summarizer,
  ) {}

  @Tool({ description: 'Write a note for your team' })
  @RequireScopes('notes:read', 'notes:write')
  @UsePipes(TrimTextPipe)
  write_note(args: WriteNote, ctx: McpContext) {
    const note = this.notes.add(tenantOf(ctx), ctx.auth?.subject ?? '?', args.text);
    return `Saved note ${note.id}: ${note.text}`;
  }

  @Tool({ description: "Search your team's notes" })
  @UseInterceptors(SearchCacheInterceptor)
  search_notes(args: SearchNotes, ctx: McpContext) {
    this.searches++;
    const hits = this.notes.of(tenantOf(ctx)).filter((note) => note.text.toLowerCase().includes(args.query));
    return `search #${this.searches} for "${args.query}": ${hits.length} note(s)`;
  }

  @Tool({ description: "Export your team's notes" })
  @UseFilters(ExportFilter)
  export_notes(args: ExportNotes, ctx: McpContext) {
    if (args.format !== 'csv') throw new UnsupportedFormat(args.format);
    return ['id,author,text', ...this.notes.of(tenantOf(ctx)).map((n) => `${n.id},${n.author},"${n.text}"`)].join('\n');
  }

  @Tool({ description: "Summarise your team's notes (asks a slow model)" })
  @Timeout(300)
  summarize_notes(ctx: McpContext) {
    return this.summarizer.summarize(
      this.notes.of(tenantOf(ctx)).map((note) => note.text),
      ctx.signal,
    );
  }

  @Tool({ description: "Draft your team's newsletter (asks a slow model; bounded by the configured timeoutMs)" })
  draft_newsletter(ctx: McpContext) {
    return this.summarizer.summarize(
      this.notes.of(tenantOf(ctx)).map((note) => note.text),
      ctx.signal,
    );
  }

  @Tool({ description: 'Send a message to your team (at most 10 a minute)' })
  @RateLimit({ limit: 10, windowMs: 60_000, per: 'principal' })
  notify_team(args: TeamMessage, ctx: McpContext) {
    return `Sent to team ${tenantOf(ctx)}: ${args.message}`;
  }

  @Tool({ description: 'Delete every note of your team (admins)', annotations: { destructiveHint: true } })
  @Roles('admin')
  purge_notes(ctx: McpContext) {
    return `Deleted ${this.notes.purge(tenantOf(ctx))} note(s)`;
  }

  @Tool({ description: 'The audit trail and the requests this server saw (admins)' })
  @Roles('admin')
  audit_trail() {
    return { calls: this.trail.calls, requests: this.trail.requests };
  }

  @Tool({ description: 'What this server is; needs no scope' })
  @Public()
  about() {
    return 'Team notes, served by Armature';
  }

  @Resource('notes://{id}', { description: 'One note of your team', mimeType: 'text/plain' })
  note(@UriParam('id') id: string, ctx: McpContext) {
    const note = this.notes.of(tenantOf(ctx)).find((n) => String(n.id) === id);
    return note ? note.text : `No note ${id}`;
  }

  @Prompt({ description: 'A weekly digest of the notes' })
  weekly_digest(args: DigestArgs, ctx: McpContext) {
    const texts = this.notes.of(tenantOf(ctx)).map((note) => `- ${note.text}`);
    return `Write a ${args.tone ?? 'short'} digest for ${args.week} of:\n${texts.join('\n')}`;
  }

  @Complete({ prompt: 'weekly_digest', argument: 'tone' })
  tones(value: string) {
    return ['short', 'friendly', 'formal'].filter((tone) => tone.startsWith(value));
  }
}
