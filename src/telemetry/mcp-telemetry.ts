import type { OtelTelemetry } from './otel-telemetry';
import { type ClientOperation, type RequestOperation, UntracedOperation } from './request-operation';
import type { OperationFacts } from './server-operation';
import type { TelemetryOptions } from './telemetry-options';

export type { ClientOperation, RequestOperation } from './request-operation';

/**
 * Where `@opentelemetry/api` 1.x keeps what is registered globally (an SDK's providers, a propagator,
 * a context manager): until something is, every API call is a no-op.
 */
const API_GLOBAL = Symbol.for('opentelemetry.js.api.1');

const ended = () => {};

/**
 * The server's telemetry, one per application. `@opentelemetry/api` (about 50 modules) is loaded, and
 * the spans and metrics of otel-telemetry.ts made, once OpenTelemetry is in use: providers given in
 * the options, or registered globally before a request arrives. Until then a request is only timed, as
 * the API's no-op implementations would leave it, and a start (a stdio server most of all) loads no
 * telemetry code.
 */
export class McpTelemetry {
  private otel?: OtelTelemetry;

  constructor(private readonly options: TelemetryOptions = {}) {
    if (options.tracerProvider || options.meterProvider) this.otel = load(options);
  }

  private inUse(): OtelTelemetry | undefined {
    if (!this.otel && (globalThis as Record<symbol, unknown>)[API_GLOBAL] !== undefined) this.otel = load(this.options);
    return this.otel;
  }

  /** Whether OpenTelemetry is in use (providers given, or registered globally by now). */
  traced(): boolean {
    return this.inUse() !== undefined;
  }

  /** Starts the server span of a request; end it with `operation.end(outcome)`. */
  startRequest(facts: OperationFacts): RequestOperation {
    return this.inUse()?.startRequest(facts) ?? new UntracedOperation(facts.method, facts.params);
  }

  /**
   * Starts the CLIENT span of a request the server sends (elicitation, sampling, roots) as a child
   * of the active request's span, and puts its trace context in the request's `_meta`.
   */
  startClientRequest(method: string, id: string, params: Record<string, unknown>): ClientOperation {
    return this.inUse()?.startClientRequest(method, id, params) ?? { params, end: ended };
  }

  /** A session opened (`initialize` answered); call the returned function when it ends. */
  sessionOpened(protocolVersion: string): () => void {
    return this.inUse()?.sessionOpened(protocolVersion) ?? ended;
  }

  /** An SSE stream opened; call the returned function when it closes. */
  streamOpened(): () => void {
    return this.inUse()?.streamOpened() ?? ended;
  }
}

function load(options: TelemetryOptions): OtelTelemetry {
  const { OtelTelemetry: Telemetry } = require('./otel-telemetry') as typeof import('./otel-telemetry');
  return new Telemetry(options);
}
