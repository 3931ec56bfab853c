/** How a request ended, as the client saw it. */
export type Outcome =
  | { kind: 'ok' }
  | { kind: 'tool_error' }
  | { kind: 'error'; code: number; message: string }
  | { kind: 'cancelled' };

/** One request as the seam sees it: what it targets, its trace id, how to run it and to end it. */
export interface RequestOperation {
  /** The tool or prompt name, or the resource URI, when the request names one. */
  readonly target?: string;
  /** The trace id for the request's log record, when there is a trace. */
  readonly traceId?: string;
  /** Runs `work` in the request's trace context, if it has one. */
  run<T>(work: () => T): T;
  /** Ends the request; returns its duration in seconds. */
  end(outcome: Outcome, protocolVersion?: string): number;
}

/** A server-to-client request in flight: the params to send (trace context in `_meta`) and how to end its span. */
export interface ClientOperation {
  params: Record<string, unknown>;
  end(error?: { code: number; message: string }): void;
}

/** A request while OpenTelemetry is not in use: its target and duration only. */
export class UntracedOperation implements RequestOperation {
  readonly target?: string;
  readonly traceId = undefined;
  private readonly started = performance.now();

  constructor(method: string, params: Readonly<Record<string, unknown>>) {
    // As the SERVER span names it (server-operation.ts).
    if ((method === 'tools/call' || method === 'prompts/get') && typeof params.name === 'string') {
      this.target = params.name;
    } else if (method.startsWith('resources/') && typeof params.uri === 'string') {
      this.target = params.uri;
    }
  }

  run<T>(work: () => T): T {
    return work();
  }

  end(): number {
    return (performance.now() - this.started) / 1000;
  }
}

/**
 * A request nobody observes: OpenTelemetry is not in use and nothing will log its duration. It
 * reads no clock and is shared by every such request.
 */
export const UNOBSERVED_OPERATION: RequestOperation = Object.freeze({
  target: undefined,
  traceId: undefined,
  run: <T>(work: () => T): T => work(),
  end: () => 0,
});
