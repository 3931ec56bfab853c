export * from './mcp-telemetry';
export * from './semconv';
export type { OperationFacts, Outcome } from './server-operation';
export * from './telemetry-options';
