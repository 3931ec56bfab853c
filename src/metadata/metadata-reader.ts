import { MEMBERS_KEY, PARAMS_KEY, SERVER_KEY } from './keys';
import type { MemberMetadata, ParamBinding, ServerOptions } from './types';

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

  paramTypes(prototype: object, method: string): unknown[] {
    return [...(Reflect.getMetadata('design:paramtypes', prototype, method) ?? [])];
  },

  returnType(prototype: object, method: string): unknown {
    return Reflect.getMetadata('design:returntype', prototype, method);
  },
};
