import type { SessionRecord } from '../../../core/stores/session-store';

/** What one read of a stored session saw, and when. */
interface Reading {
  /** When it started (it slid the session's TTL then). */
  at: number;
  /** How many changes had been announced when it started: it saw at least those. */
  announced: number;
  /** The bus's stretch of unbroken listening it started in; undefined when the bus was not listening. */
  hearing: number | undefined;
  /** The principal the record names, once read. */
  principal?: string;
}

/**
 * Whether this instance's view of one stored session may serve a request without reading the
 * store first. It may while all three hold: it was read less than the refresh interval ago (a read
 * slides the session's TTL, so that happens at most once per interval here), no change to the
 * session was announced on the bus since the read began, and the bus has heard every event since
 * (a stretch of listening that a dropped connection did not break: what it missed could be a change
 * or the session's end). Concurrent requests of a view that must be read share one read.
 */
export class ViewFreshness {
  private announced = 0;
  private last?: Reading;
  private pending?: { reading: Reading; record: Promise<SessionRecord | undefined> };

  /** A change to the session was announced: the next request reads it again. */
  changed(): void {
    this.announced++;
  }

  /** The principal of the session, if the view may serve now without a read; undefined otherwise. */
  current(now: number, hearing: number | undefined, intervalMs: number): { principal?: string } | undefined {
    const last = this.last;
    if (!last || hearing === undefined || last.hearing !== hearing || last.announced !== this.announced)
      return undefined;
    return now - last.at < intervalMs ? last : undefined;
  }

  /**
   * Reads the session with `load`, or joins the read under way if it began after the last announced
   * change and in the current stretch of listening (so it sees everything the view must). A read
   * that a change or a dropped connection overtook still answers, but leaves the view due.
   */
  read(
    load: () => Promise<SessionRecord | undefined>,
    now: number,
    hearing: number | undefined,
  ): Promise<SessionRecord | undefined> {
    const pending = this.pending;
    if (
      pending &&
      hearing !== undefined &&
      pending.reading.hearing === hearing &&
      pending.reading.announced === this.announced
    ) {
      return pending.record;
    }
    const reading: Reading = { at: now, announced: this.announced, hearing };
    const record = load();
    const entry = { reading, record };
    this.pending = entry;
    // Registered before the caller's own continuation: by the time it runs, the view knows it was read.
    void record.then(
      (found) => {
        if (this.pending === entry) this.pending = undefined;
        if (!found || hearing === undefined) return;
        if (found.principal !== undefined) reading.principal = found.principal;
        if (!this.last || this.last.at <= reading.at) this.last = reading;
      },
      () => {
        if (this.pending === entry) this.pending = undefined;
      },
    );
    return record;
  }
}

/**
 * A tenth of the TTL, at most 30 s: a session lives at least nine tenths of its TTL after its last
 * request, and what the bus failed to say lingers at most that long.
 */
export function defaultRefreshMs(ttlMs: number): number {
  return Math.min(Math.floor(ttlMs / 10), 30_000);
}
