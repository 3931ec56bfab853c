// class-transformer keeps @Type metadata in a storage it does not export from its entry point and ships no
// typings for this path; this declares the one reader the schema layer needs.
declare module 'class-transformer/cjs/storage' {
  import type { TypeMetadata } from 'class-transformer';

  export const defaultMetadataStorage: {
    findTypeMetadata(target: abstract new (...args: never) => unknown, propertyName: string): TypeMetadata | undefined;
  };
}
