export * from './client-exchange';
export * from './logging-level';
export * from './mcp-context';
