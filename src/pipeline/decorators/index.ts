export * from './access.decorators';
export * from './limit.decorators';
export { type ClassOrMethodDecorator, SetMetadata } from './set-metadata.decorator';
export * from './use.decorators';
