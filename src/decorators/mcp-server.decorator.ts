import { SERVER_KEY } from '../metadata/keys';
import type { ServerOptions } from '../metadata/types';

/**
 * Marks the class that holds an MCP server's tools, resources and prompts. Its constructor
 * parameters are injected by tsyringe when the application is created (not at import time).
 */
export function McpServer(options: ServerOptions): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(SERVER_KEY, { ...options }, target);
  };
}
