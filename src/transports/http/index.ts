export type { StreamControl } from '../../protocol/outbound';
export type { HttpOptions, ResponseMode, SseOptions, StreamableHttpOptions } from './http-options';
export type { NodeHandler } from './http-server';
export { ListenError } from './listen-error';
// Types only: importing the classes here would load Koa for every program, stdio servers included.
export type { SseTransport } from './sse.transport';
export type { StreamableHttpTransport } from './streamable-http.transport';
