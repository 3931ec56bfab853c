export * from './application-options';
export * from './mcp-application';
export * from './resource-notifier';
