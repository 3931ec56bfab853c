export type { PipelineOptions } from './call-pipeline';
export * from './decorators';
export type {
  CallHandler,
  CanActivate,
  ExceptionFilter,
  ExecutionContext,
  McpInterceptor,
  McpMiddleware,
  McpRequest,
  PipeTransform,
} from './interfaces';
export { Reflector } from './reflector';
