import { decodeCursor, encodeCursor } from './cursor';

export interface Listable {
  readonly descriptor: Readonly<Record<string, unknown>>;
}

export interface Page {
  items: readonly Readonly<Record<string, unknown>>[];
  nextCursor?: string;
}

/**
 * An ordered, keyed collection of components that can be enabled, disabled, added and removed at
 * runtime. Its pages are computed once per change, so listing is a lookup, never a rebuild.
 */
export class ComponentList<T extends Listable> {
  private readonly items = new Map<string, T>();
  private readonly disabled = new Set<string>();
  private version = 0;
  private pages?: Page[];

  constructor(
    private readonly pageSize: number,
    private readonly onChange: () => void,
  ) {}

  get size(): number {
    return this.items.size - this.disabled.size;
  }

  has(key: string): boolean {
    return this.items.has(key);
  }

  /** An enabled component, or undefined: a disabled component is as good as absent to clients. */
  get(key: string): T | undefined {
    return this.disabled.has(key) ? undefined : this.items.get(key);
  }

  enabled(): T[] {
    return [...this.items].filter(([key]) => !this.disabled.has(key)).map(([, item]) => item);
  }

  add(key: string, item: T): void {
    this.items.set(key, item);
    this.changed();
  }

  remove(key: string): boolean {
    const removed = this.items.delete(key);
    this.disabled.delete(key);
    if (removed) this.changed();
    return removed;
  }

  setEnabled(key: string, enabled: boolean): boolean {
    if (!this.items.has(key) || this.disabled.has(key) !== enabled) return false;
    if (enabled) this.disabled.delete(key);
    else this.disabled.add(key);
    this.changed();
    return true;
  }

  page(cursor: unknown): Page {
    const pages = this.buildPages();
    const offset = decodeCursor(cursor, this.version, this.size);
    return pages[Math.floor(offset / this.pageSize)] ?? { items: [] };
  }

  private buildPages(): Page[] {
    if (this.pages) return this.pages;
    const descriptors = this.enabled().map((item) => item.descriptor);
    const pages: Page[] = [];
    for (let offset = 0; offset < descriptors.length || offset === 0; offset += this.pageSize) {
      const items = descriptors.slice(offset, offset + this.pageSize);
      const next = offset + this.pageSize;
      pages.push(next < descriptors.length ? { items, nextCursor: encodeCursor(next, this.version) } : { items });
    }
    this.pages = pages;
    return pages;
  }

  private changed(): void {
    this.version++;
    this.pages = undefined;
    this.onChange();
  }
}
