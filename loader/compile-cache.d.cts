/** Turns a V8 compile cache on for the modules loaded from now on; whether one is on. */
export declare function enableCompileCache(): boolean;
/** The package entry's call: on when `entry` (its own file) is built JavaScript, not TypeScript source. */
export declare function enableForBuiltEntry(entry: string): boolean;
/** Writes what the compile cache holds now (a server is usually killed rather than exited). */
export declare function flushCompileCache(): void;
