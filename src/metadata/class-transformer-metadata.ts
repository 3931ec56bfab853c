// Why the private path: class-transformer (0.5.x, the peer range) exports its decorators and transform
// functions but no reader of what the decorators recorded, so the only ways to learn a property's @Type
// are this storage module or guessing from plainToInstance's output, which cannot see an @Transform
// that leaves the probe value alone. The package has no "exports" map, so the path resolves in CommonJS
// and ESM projects alike; everything that reads it is in this one file.
import { TransformationType } from 'class-transformer';
import { defaultMetadataStorage as storage } from 'class-transformer/cjs/storage';
import type { Constructor } from './types';

/** The one reader of class-transformer's decorator metadata. */
export const ClassTransformerMetadata = {
  /** The class `@Type(() => X)` names for a property (of each element, for arrays). */
  declaredType(dto: Constructor, property: string): unknown {
    return storage.findTypeMetadata(dto, property)?.typeFunction();
  },

  /**
   * Whether plainToInstance does more to this property than build the declared class: an @Transform,
   * @Expose, @Exclude, or a discriminated @Type. Such values are not the plain input, so only
   * class-transformer itself can build them.
   */
  reshapes(dto: Constructor, property: string): boolean {
    const type = storage.findTypeMetadata(dto, property);
    return (
      storage.findTransformMetadatas(dto, property, TransformationType.PLAIN_TO_CLASS).length > 0 ||
      storage.findExposeMetadata(dto, property) !== undefined ||
      storage.findExcludeMetadata(dto, property) !== undefined ||
      type?.options?.discriminator !== undefined
    );
  },

  /** Whether the class itself changes which properties plainToInstance copies (@Exclude/@Expose on the class). */
  reshapesClass(dto: Constructor): boolean {
    for (
      let cls: unknown = dto;
      typeof cls === 'function' && cls !== Function.prototype;
      cls = Object.getPrototypeOf(cls)
    ) {
      if (storage.getStrategy(cls as Constructor) !== 'none') return true;
    }
    return false;
  },
};
