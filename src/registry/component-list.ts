import { createHash } from 'node:crypto';
import { decodeCursor, encodeCursor } from './cursor';

export interface Listable {
  readonly descriptor: Readonly<Record<string, unknown>>;
}

export interface Page {
  items: readonly Readonly<Record<string, unknown>>[];
  nextCursor?: string;
  /** The page of a filtered view: what it holds depends on the caller, so no shared cache may keep it. */
  perCaller?: boolean;
}

/**
 * A caller's view of the list: which items it may see. Views with the same key see the same items,
 * so their pages are built once per list version and shared.
 */
export interface ListView<T> {
  key: string;
  includes(item: T): boolean;
}

/** What readers of a list may do: look up, list and page. Changes go through the registry. */
export interface ComponentView<T extends Listable> {
  /** Changes whenever an item is added, removed, enabled or disabled. */
  readonly version: number;
  readonly size: number;
  has(key: string): boolean;
  /** An enabled component, or undefined: a disabled component is as good as absent to clients. */
  get(key: string): T | undefined;
  /** The enabled components, in declaration order, as a fresh array. */
  enabled(): T[];
  page(cursor: unknown, view?: ListView<T>): Page;
}

/**
 * An ordered, keyed collection of components that can be enabled, disabled, added and removed at
 * runtime. Its pages are computed once per change, so listing is a lookup, never a rebuild.
 */
export class ComponentList<T extends Listable> implements ComponentView<T> {
  private readonly items = new Map<string, T>();
  private readonly disabled = new Set<string>();
  private currentVersion = 0;
  /** What cursors carry: a digest of the enabled items, equal on every instance serving the same list. */
  private digest?: string;
  private pages?: Page[];
  private readonly viewPages = new Map<string, Page[]>();

  constructor(
    private readonly pageSize: number,
    private readonly onChange: () => void,
  ) {}

  /** Changes whenever an item is added, removed, enabled or disabled. */
  get version(): number {
    return this.currentVersion;
  }

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

  page(cursor: unknown, view?: ListView<T>): Page {
    const pages = view ? this.buildViewPages(view) : this.buildPages();
    const total = view ? pages.reduce((count, page) => count + page.items.length, 0) : this.size;
    const offset = decodeCursor(cursor, this.contentDigest(), total);
    return pages[Math.floor(offset / this.pageSize)] ?? { items: [] };
  }

  private buildPages(): Page[] {
    this.pages ??= this.paginate(this.enabled(), false);
    return this.pages;
  }

  private buildViewPages(view: ListView<T>): Page[] {
    let pages = this.viewPages.get(view.key);
    if (!pages) {
      pages = this.paginate(
        this.enabled().filter((item) => view.includes(item)),
        true,
      );
      this.viewPages.set(view.key, pages);
    }
    return pages;
  }

  private paginate(items: T[], perCaller: boolean): Page[] {
    const descriptors = items.map((item) => item.descriptor);
    const pages: Page[] = [];
    for (let offset = 0; offset < descriptors.length || offset === 0; offset += this.pageSize) {
      const page: Page = { items: descriptors.slice(offset, offset + this.pageSize) };
      const next = offset + this.pageSize;
      if (next < descriptors.length) page.nextCursor = encodeCursor(next, this.contentDigest());
      if (perCaller) page.perCaller = true;
      pages.push(page);
    }
    return pages;
  }

  /** Once per change: a counter would differ between instances as soon as one of them changed a list. */
  private contentDigest(): string {
    this.digest ??= createHash('sha256')
      .update(JSON.stringify(this.enabled().map((item) => item.descriptor)))
      .digest('base64url')
      .slice(0, 16);
    return this.digest;
  }

  private changed(): void {
    this.currentVersion++;
    this.digest = undefined;
    this.pages = undefined;
    this.viewPages.clear();
    this.onChange();
  }
}
