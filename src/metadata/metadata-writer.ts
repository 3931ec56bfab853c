import { MEMBERS_KEY, PARAMS_KEY } from './keys';
import type { MemberMetadata, ParamBinding } from './types';

/** Appends without mutating an inherited list, so a subclass never leaks members into its parent. */
export function addMember(target: Function, member: MemberMetadata): void {
  const inherited: MemberMetadata[] = Reflect.getMetadata(MEMBERS_KEY, target) ?? [];
  Reflect.defineMetadata(MEMBERS_KEY, [...inherited, member], target);
}

export function bindParam(prototype: object, method: string | symbol, index: number, binding: ParamBinding): void {
  const own: Map<number, ParamBinding> = Reflect.getOwnMetadata(PARAMS_KEY, prototype, method) ?? new Map();
  Reflect.defineMetadata(PARAMS_KEY, new Map(own).set(index, binding), prototype, method);
}
