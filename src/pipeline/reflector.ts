/**
 * Reads metadata recorded by `SetMetadata` and the built-in decorators, as Nest's Reflector does.
 * Registered in the application's container, so guards and interceptors can inject it.
 */
export class Reflector {
  /** The value recorded under `key` on one class or method, if any. */
  get<T = unknown>(key: unknown, target: object | undefined): T | undefined {
    return target === undefined ? undefined : (Reflect.getMetadata(key, target) as T | undefined);
  }

  /** The first value found, in the order given: `[ctx.getHandler(), ctx.getClass()]` gives the method's over the class's. */
  getAllAndOverride<T = unknown>(key: unknown, targets: (object | undefined)[]): T | undefined {
    for (const target of targets) {
      const value = this.get<T>(key, target);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /** Every value found, arrays concatenated and objects merged, in the order given. */
  getAllAndMerge<T = unknown>(key: unknown, targets: (object | undefined)[]): T | undefined {
    const values = targets.map((target) => this.get(key, target)).filter((value) => value !== undefined);
    if (values.length === 0) return undefined;
    if (values.every(Array.isArray)) return values.flat() as T;
    if (values.every((value) => typeof value === 'object' && value !== null)) {
      return Object.assign({}, ...values.reverse()) as T;
    }
    return values[0] as T;
  }
}
