import { FIELD_KEY, FIELD_PROPERTIES_KEY, MEMBERS_KEY, PARAMS_KEY, SERVER_KEY } from './keys';
import type { Constructor, FieldOptions, MemberMetadata, ParamBinding, ServerOptions } from './types';

/** The one typed reader of Armature's metadata; decorators write, only this reads. */
export const MetadataReader = {
  server(target: Function): ServerOptions | undefined {
    return Reflect.getOwnMetadata(SERVER_KEY, target);
  },

  /** Members declared on the class and its ancestors, ancestors first. */
  members(target: Function): MemberMetadata[] {
    return Reflect.getMetadata(MEMBERS_KEY, target) ?? [];
  },

  /** Explicit parameter bindings of one method, by index. */
  params(prototype: object, method: string): Map<number, ParamBinding> {
    return Reflect.getMetadata(PARAMS_KEY, prototype, method) ?? new Map();
  },

  /**
   * `design:paramtypes` of a method, or undefined when the compiler emitted none (no `emitDecoratorMetadata`,
   * or a runner such as tsx/esbuild that drops it): callers tell that apart from a method without parameters.
   */
  paramTypes(prototype: object, method: string): unknown[] | undefined {
    const types: unknown[] | undefined = Reflect.getMetadata('design:paramtypes', prototype, method);
    return types ? [...types] : undefined;
  },

  returnType(prototype: object, method: string): unknown {
    return Reflect.getMetadata('design:returntype', prototype, method);
  },

  /** `design:type` of a DTO property: the class TypeScript saw, `Object` for interfaces and type-only imports. */
  propertyType(dto: Constructor, property: string): unknown {
    return Reflect.getMetadata('design:type', dto.prototype, property);
  },

  /** `@Field` options of a property, inherited ones included. */
  fieldOptions(dto: Constructor, property: string): FieldOptions {
    return Reflect.getMetadata(FIELD_KEY, dto.prototype, property) ?? {};
  },

  /** Properties carrying `@Field` on this class or its ancestors. */
  fieldProperties(dto: Constructor): string[] {
    const names = new Set<string>();
    for (let proto = dto.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const name of (Reflect.getOwnMetadata(FIELD_PROPERTIES_KEY, proto) as string[] | undefined) ?? []) {
        names.add(name);
      }
    }
    return [...names];
  },
};
