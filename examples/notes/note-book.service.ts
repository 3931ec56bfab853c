import { injectable } from 'tsyringe';

export interface Note {
  id: number;
  title: string;
  body: string;
}

/** The notes, in memory: a real server would keep them in a database. */
@injectable()
export class NoteBook {
  private readonly notes = new Map<number, Note>();
  private nextId = 1;

  add(title: string, body: string): Note {
    const note = { id: this.nextId++, title, body };
    this.notes.set(note.id, note);
    return note;
  }

  get(id: number): Note | undefined {
    return this.notes.get(id);
  }

  all(): Note[] {
    return [...this.notes.values()];
  }

  clear(): number {
    const count = this.notes.size;
    this.notes.clear();
    return count;
  }
}
