/**
 * Keys of the lists the `Use*` decorators record. Built-in decorators with a value (RequireScopes,
 * Public, Timeout, RateLimit) use themselves as key, so users read them without another export.
 */
export const GUARDS = Symbol('armature:guards');
export const INTERCEPTORS = Symbol('armature:interceptors');
export const PIPES = Symbol('armature:pipes');
export const FILTERS = Symbol('armature:filters');
/** On an exception filter class: the error types it catches. */
export const CATCHES = Symbol('armature:catches');
