import { injectable } from 'tsyringe';

export interface Note {
  id: number;
  tenant: string;
  author: string;
  text: string;
}

/** The notes of every team, kept apart by tenant. */
@injectable()
export class NoteStore {
  private readonly notes: Note[] = [];

  add(tenant: string, author: string, text: string): Note {
    const note = { id: this.notes.length + 1, tenant, author, text };
    this.notes.push(note);
    return note;
  }

  of(tenant: string): Note[] {
    return this.notes.filter((note) => note.tenant === tenant);
  }

  purge(tenant: string): number {
    const before = this.notes.length;
    for (let i = this.notes.length - 1; i >= 0; i--) if (this.notes[i].tenant === tenant) this.notes.splice(i, 1);
    return before - this.notes.length;
  }
}

/** What the audit interceptor and the request middleware record; admins read it through tools. */
@injectable()
export class AuditTrail {
  readonly calls: string[] = [];
  readonly requests: string[] = [];
}

/** A slow upstream (a summarisation model behind an API) that stops when told to. */
@injectable()
export class Summarizer {
  summarize(texts: string[], signal: AbortSignal): Promise<string> {
    const delayMs = Number(process.env.SUMMARY_DELAY_MS ?? 10_000);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(`${texts.length} notes, mostly about work`), delayMs);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    });
  }
}

/** Raised by the exporter for formats it cannot produce; the filter turns it into advice for the model. */
export class UnsupportedFormat extends Error {
  constructor(readonly format: string) {
    super(`cannot export ${format}`);
  }
}
