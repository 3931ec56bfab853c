export * from './class-transformer-metadata';
export * from './keys';
export * from './metadata-reader';
export * from './metadata-writer';
export * from './types';
