/** A decorator for a class (every component it declares) or one method. */
export type ClassOrMethodDecorator = ClassDecorator & MethodDecorator;

/** Where a class-or-method decorator records: on the class, or on the method's function itself. */
export function holderOf(target: object, descriptor?: PropertyDescriptor): object {
  return descriptor ? (descriptor.value as object) : target;
}

/**
 * Records `value` under `key` on a class or a method, for guards and interceptors to read with
 * `ctx.getMetadata(key)` (the method's value over the class's) or a `Reflector`.
 */
export function SetMetadata<K = unknown, V = unknown>(key: K, value: V): ClassOrMethodDecorator {
  return ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    Reflect.defineMetadata(key, value, holderOf(target, descriptor));
  }) as ClassOrMethodDecorator;
}

/** Appends to an inherited list without changing it, so a subclass never leaks into its parent. */
export function appendMetadata(key: symbol, items: unknown[]): ClassOrMethodDecorator {
  return ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = holderOf(target, descriptor);
    const inherited: unknown[] = Reflect.getMetadata(key, holder) ?? [];
    Reflect.defineMetadata(key, [...inherited, ...items], holder);
  }) as ClassOrMethodDecorator;
}
