export type { StreamControl } from '../../protocol/outbound';
export type { HttpOptions, ResponseMode, SseOptions, StreamableHttpOptions } from './http-options';
export { ListenError } from './listen-error';
export { SseTransport } from './sse.transport';
export { StreamableHttpTransport } from './streamable-http.transport';
