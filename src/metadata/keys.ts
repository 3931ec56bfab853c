/** Metadata keys. Symbols, so no user library can collide with them. */
export const SERVER_KEY = Symbol('armature:server');
export const MEMBERS_KEY = Symbol('armature:members');
export const PARAMS_KEY = Symbol('armature:params');
/** `@Field` options of one DTO property, and the names of the properties a class annotates itself. */
export const FIELD_KEY = Symbol('armature:field');
export const FIELD_PROPERTIES_KEY = Symbol('armature:field-properties');
/** Carried by the McpContext class: a parameter of a type with it is bound to the request's context. */
export const CONTEXT_PARAMETER = Symbol('armature:context-parameter');
