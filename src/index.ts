// First: the compile cache, so everything below is read compiled (see built-entry.ts).
import './built-entry';
// reflect-metadata must be loaded before tsyringe reads any decorator metadata.
import 'reflect-metadata';

export * from './app';
export * from './auth';
export * from './components/content';
export { assistant, type PromptMessage, user } from './components/prompt-result';
export type { CallToolResult } from './components/tool-result';
export * from './context';
export { LOG_FORMATS, type LogFields, type LogFormat, type LogSink } from './core/logging/log-sink';
export { LOG_LEVELS, Logger, type LoggerOptions, type LogLevel } from './core/logging/logger';
export { ErrorCode, McpError, ToolError } from './core/protocol/mcp-error';
export * from './decorators';
export { DefinitionError } from './discovery/definition-error';
export type {
  Icon,
  PromptOptions,
  ResourceOptions,
  ServerOptions,
  ToolAnnotations,
  ToolOptions,
} from './metadata/types';
export * from './pipeline';
export type { EngineOptions } from './protocol/engine-options';
export { type DynamicTool, McpRegistry } from './registry/mcp-registry';
export { Description, Field, type FieldOptions, type JsonSchema } from './schema';
export * from './state';
export { METRIC as TELEMETRY_METRICS } from './telemetry/semconv';
export type { TelemetryOptions } from './telemetry/telemetry-options';
export * from './transports/http';
