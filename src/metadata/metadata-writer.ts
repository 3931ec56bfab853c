import { FIELD_KEY, FIELD_PROPERTIES_KEY, MEMBERS_KEY, PARAMS_KEY } from './keys';
import type { FieldOptions, MemberMetadata, ParamBinding } from './types';

/** Appends without mutating an inherited list, so a subclass never leaks members into its parent. */
export function addMember(target: Function, member: MemberMetadata): void {
  const inherited: MemberMetadata[] = Reflect.getMetadata(MEMBERS_KEY, target) ?? [];
  Reflect.defineMetadata(MEMBERS_KEY, [...inherited, member], target);
}

export function bindParam(prototype: object, method: string | symbol, index: number, binding: ParamBinding): void {
  const own: Map<number, ParamBinding> = Reflect.getOwnMetadata(PARAMS_KEY, prototype, method) ?? new Map();
  Reflect.defineMetadata(PARAMS_KEY, new Map(own).set(index, binding), prototype, method);
}

/** Merges into the property's own options (two @Field on one property add up) and records the property name. */
export function addFieldOptions(prototype: object, property: string, options: FieldOptions): void {
  const previous: FieldOptions | undefined = Reflect.getOwnMetadata(FIELD_KEY, prototype, property);
  Reflect.defineMetadata(FIELD_KEY, { ...previous, ...options }, prototype, property);
  // own copy per class so a subclass never appends to its parent's list
  const names: string[] = Reflect.getOwnMetadata(FIELD_PROPERTIES_KEY, prototype) ?? [];
  if (!names.includes(property)) Reflect.defineMetadata(FIELD_PROPERTIES_KEY, [...names, property], prototype);
}
