// class-transformer ships no typings for its storage module; this declares the part Armature reads.
declare module 'class-transformer/cjs/storage' {
  import type { TypeMetadata } from 'class-transformer';

  type Target = abstract new (...args: never) => unknown;

  export const defaultMetadataStorage: {
    findTypeMetadata(target: Target, propertyName: string): TypeMetadata | undefined;
    findTransformMetadatas(target: Target, propertyName: string, transformationType: number): unknown[];
    findExposeMetadata(target: Target, propertyName: string): unknown;
    findExcludeMetadata(target: Target, propertyName: string): unknown;
    getExposedMetadatas(target: Target): unknown[];
    getExcludedMetadatas(target: Target): unknown[];
    getStrategy(target: Target): string;
  };
}
