import { injectable } from 'tsyringe';
import { DefinitionError } from '../discovery/definition-error';
import type { Constructor } from '../metadata/types';

/** Builds a class from the application's container (so its constructor can inject services). */
export type Resolve = <T>(cls: Constructor<T>) => T;

const ROLES = {
  guard: 'canActivate',
  interceptor: 'intercept',
  pipe: 'transform',
  filter: 'catch',
} as const;

export type Role = keyof typeof ROLES;

/**
 * Turns the guards, interceptors, pipes and filters that decorators and options name into
 * instances: a class is resolved from the container once and shared, an instance is used as is.
 * A wrong value fails when the component's chain is first built, naming the component.
 */
export class Enhancers {
  private readonly instances = new Map<Function, unknown>();

  constructor(private readonly resolve: Resolve) {}

  instance<T>(role: Role, enhancer: unknown, owner: string): T {
    const method = ROLES[role];
    let instance = enhancer;
    if (typeof enhancer === 'function') {
      instance = this.instances.get(enhancer);
      if (instance === undefined) {
        // As for the server class: constructor parameter types are read without @injectable().
        injectable()(enhancer as Constructor);
        instance = this.resolve(enhancer as Constructor);
        this.instances.set(enhancer, instance);
      }
    }
    if (typeof (instance as Record<string, unknown> | null)?.[method] !== 'function') {
      throw new DefinitionError(
        owner,
        `a ${role} must be a class or an object with a ${method}() method, got ${describe(enhancer)}`,
      );
    }
    return instance as T;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'function') return `class ${value.name || '(anonymous)'}`;
  if (value === undefined) return 'undefined (an import cycle?)';
  return typeof value === 'object' && value !== null ? `an instance of ${value.constructor.name}` : String(value);
}
