export * from './decorator-metadata';
export * from './definition-error';
export * from './parameter-binder';
export * from './scanner';
