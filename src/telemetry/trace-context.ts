import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type SpanContext,
  type TextMapGetter,
  trace,
} from '@opentelemetry/api';

type Carrier = Readonly<Record<string, unknown>>;

/** Reads string values only: `_meta` is the client's JSON, where anything may stand under a key. */
const getter: TextMapGetter<Carrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
    return undefined;
  },
};

/**
 * Where the server span of a request hangs, as the MCP conventions say: the context the client put
 * in `params._meta` (`traceparent`, `tracestate`, `baggage`, which the 2026-07-28 revision
 * reserves) is the parent, and the transport's context (an HTTP server span, or the HTTP request's
 * own `traceparent` header) becomes a link. Without one in `_meta`, the transport's context is the
 * parent: the active span if an HTTP instrumentation made one, else the request's headers.
 */
export function parentOf(
  meta: Carrier | undefined,
  headers: Carrier | undefined,
): { parent: Context; link?: SpanContext } {
  const ambient = context.active();
  const ambientSpan = trace.getSpanContext(ambient);
  const fromMeta = meta ? propagation.extract(ROOT_CONTEXT, meta, getter) : undefined;
  const metaSpan = fromMeta && trace.getSpanContext(fromMeta);
  const fromHeaders = headers ? propagation.extract(ROOT_CONTEXT, headers, getter) : undefined;
  const transportSpan = ambientSpan ?? (fromHeaders && trace.getSpanContext(fromHeaders));
  if (fromMeta && metaSpan) {
    const link = transportSpan && transportSpan.spanId !== metaSpan.spanId ? transportSpan : undefined;
    return { parent: fromMeta, link };
  }
  if (ambientSpan || !fromHeaders || !transportSpan) return { parent: ambient };
  return { parent: fromHeaders };
}

/** The trace context of `ctx` as `_meta` entries (`traceparent`, `tracestate`, `baggage`); none without a propagator. */
export function metaEntriesOf(ctx: Context): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}
