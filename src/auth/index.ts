export * from './auth-options';
export * from './bearer-auth';
export * from './protected-resource';
