import type { Constructor } from '../../metadata/types';
import type { CanActivate, Enhancer, ExceptionFilter, McpInterceptor, PipeTransform } from '../interfaces';
import { CATCHES, FILTERS, GUARDS, INTERCEPTORS, PIPES } from '../metadata-keys';
import { appendMetadata, type ClassOrMethodDecorator } from './set-metadata.decorator';

/** Guards for every component of the class, or for one method; all must allow the call. */
export function UseGuards(...guards: Enhancer<CanActivate>[]): ClassOrMethodDecorator {
  return appendMetadata(GUARDS, guards);
}

/** Interceptors around the call, outermost first: global, then class, then method. */
export function UseInterceptors(...interceptors: Enhancer<McpInterceptor>[]): ClassOrMethodDecorator {
  return appendMetadata(INTERCEPTORS, interceptors);
}

/** Pipes that transform the validated arguments, in order. */
export function UsePipes(...pipes: Enhancer<PipeTransform>[]): ClassOrMethodDecorator {
  return appendMetadata(PIPES, pipes);
}

/** Exception filters; the nearest one whose `@Catch` matches handles an error (method, class, then global). */
export function UseFilters(...filters: Enhancer<ExceptionFilter>[]): ClassOrMethodDecorator {
  return appendMetadata(FILTERS, filters);
}

/** The error types an exception filter handles; without `@Catch` it handles every error. */
export function Catch(...types: Constructor<unknown>[]): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(CATCHES, types, target);
  };
}
