export * from './application-options';
export * from './config';
export * from './elicitation-tracker';
export * from './mcp-application';
export * from './resource-notifier';
