/**
 * Splits a byte stream into newline-delimited frames without decoding partial characters, and
 * refuses (rather than buffers) a line longer than the limit, so one huge line cannot exhaust
 * memory. The rest of an oversized line is skipped up to its newline.
 */
export class LineSplitter {
  private chunks: Buffer[] = [];
  private size = 0;
  private skipping = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: (line: Buffer) => void,
    private readonly onOversized: () => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
      this.append(chunk.subarray(start, newline));
      this.flushLine();
      start = newline + 1;
    }
    if (start < chunk.length) this.append(chunk.subarray(start));
  }

  /** A last line without a newline at EOF still counts as a message. */
  end(): void {
    if (this.size > 0 || this.skipping) this.flushLine();
  }

  private append(part: Buffer): void {
    if (this.skipping || part.length === 0) return;
    if (this.size + part.length > this.maxLineBytes) {
      this.skipping = true;
      this.chunks = [];
      this.size = 0;
      this.onOversized();
      return;
    }
    this.chunks.push(part);
    this.size += part.length;
  }

  private flushLine(): void {
    const line = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
    const wasSkipping = this.skipping;
    this.chunks = [];
    this.size = 0;
    this.skipping = false;
    if (!wasSkipping && line !== undefined && line.length > 0) this.onLine(line);
  }
}
