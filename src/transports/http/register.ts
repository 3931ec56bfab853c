import { registerTransport } from '../../app/mcp-application';
import type { SseOptions, StreamableHttpOptions } from './http-options';
import { SseTransport } from './sse.transport';
import { StreamableHttpTransport } from './streamable-http.transport';

// Loaded by `import 'armature-mcp'`: stdio-only programs that import the core directly never load Koa.
registerTransport(
  'streamable-http',
  (options, logger) => new StreamableHttpTransport(logger, options as StreamableHttpOptions),
);
registerTransport('sse', (options, logger) => new SseTransport(logger, options as SseOptions));
