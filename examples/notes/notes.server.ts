import {
  ErrorCode,
  McpError,
  McpRegistry,
  McpServer,
  Resource,
  ResourceNotifier,
  Tool,
  ToolError,
  UriParam,
} from 'armature-mcp';
import { NewNote, Unlock } from './dtos';
import { NoteBook } from './note-book.service';

/**
 * Change at runtime: adding a note updates the subscribed `notes://index` resource, and unlocking
 * admin mode enables a hidden tool, which tells clients the tool list changed.
 */
@McpServer({ name: 'notes', version: '1.0.0' })
export class NotesServer {
  constructor(
    private readonly book: NoteBook,
    private readonly notifier: ResourceNotifier,
    private readonly registry: McpRegistry,
  ) {
    registry.disableTool('purge_notes');
  }

  @Tool({ description: 'Adds a note' })
  add_note(note: NewNote) {
    const added = this.book.add(note.title, note.body);
    this.notifier.updated('notes://index');
    return `Added note ${added.id}: ${added.title}`;
  }

  @Tool({ description: 'Unlocks admin tools' })
  unlock(args: Unlock) {
    if (args.passphrase !== 'open sesame') throw new ToolError('Wrong passphrase');
    this.registry.enableTool('purge_notes');
    return 'Admin tools unlocked';
  }

  @Tool({ description: 'Deletes every note (admin)', annotations: { destructiveHint: true } })
  purge_notes() {
    const count = this.book.clear();
    this.notifier.updated('notes://index');
    return `Deleted ${count} notes`;
  }

  @Resource('notes://index', { description: 'The titles of all notes', mimeType: 'application/json' })
  index() {
    return this.book.all().map(({ id, title }) => ({ id, title }));
  }

  @Resource('notes://{id}', { description: 'One note', mimeType: 'text/plain' })
  note(@UriParam('id') id: string) {
    const note = this.book.get(Number(id));
    if (!note) throw new McpError(ErrorCode.ResourceNotFound, `No note ${id}`, { uri: `notes://${id}` });
    return `# ${note.title}\n\n${note.body}`;
  }
}
