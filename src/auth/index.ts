export * from './auth-options';
export * from './bearer-auth';
export * from './bearer-challenge';
export * from './bearer-refusal';
export * from './introspection-verifier';
export * from './invalid-token-error';
export * from './jwt-verifier';
export * from './protected-resource';
export { STDIO_TOKEN_VARIABLE } from './stdio-principal';
