/**
 * Decorators that need a method name. Static methods and symbol-named members are recorded with a
 * marker the scanner rejects with a clear message, instead of throwing at import time.
 */
export function memberName(target: object, key: string | symbol): string {
  return typeof target === 'function' ? `static ${String(key)}` : String(key);
}

export function ownerClass(target: object): Function {
  return typeof target === 'function' ? target : target.constructor;
}
