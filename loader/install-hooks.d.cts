/** The extensions the loader compiles. */
export declare const TS_EXTENSIONS: readonly string[];
/** Installs the require() hook and, with `esm` (default true), Node's module hooks for TypeScript ES modules. */
export declare function installHooks(options?: { esm?: boolean }): void;
