/** Metadata keys. Symbols, so no user library can collide with them. */
export const SERVER_KEY = Symbol('armature:server');
export const MEMBERS_KEY = Symbol('armature:members');
export const PARAMS_KEY = Symbol('armature:params');
