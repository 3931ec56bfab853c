export * from './component-list';
export * from './cursor';
export * from './mcp-registry';
export * from './names';
export * from './uri-template';
