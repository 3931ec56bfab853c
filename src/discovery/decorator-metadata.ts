import { MetadataReader } from '../metadata/metadata-reader';
import type { MemberMetadata } from '../metadata/types';
import { DefinitionError } from './definition-error';

/** The three ways a project ends up without the `design:*` metadata Armature binds parameters by. */
export const MISSING_METADATA_CAUSES =
  'set "experimentalDecorators": true and "emitDecoratorMetadata": true in tsconfig.json, and run the ' +
  'TypeScript with a compiler that emits decorator metadata (tsc, @swc-node/register, ts-node); ' +
  'tsx and esbuild drop it';

/**
 * Checks once per server class that the compiler emitted decorator metadata: every decorated method gets
 * `design:paramtypes` when it did, so a class where no member has it was compiled without. Reporting this
 * one cause up front replaces a misleading "cannot be bound" for each parameter.
 */
export function requireDecoratorMetadata(serverClass: Function, members: MemberMetadata[]): void {
  const methods = members.filter((member) => !member.method.startsWith('static '));
  if (methods.length === 0) return;
  const prototype = serverClass.prototype;
  if (methods.some((member) => MetadataReader.paramTypes(prototype, member.method) !== undefined)) return;
  throw new DefinitionError(
    serverClass.name,
    `has no decorator metadata (design:paramtypes), so no parameter can be bound by its type: ${MISSING_METADATA_CAUSES}`,
  );
}

/** TypeScript writes `Object` for interfaces, type aliases and classes brought in by `import type`. */
export const OBJECT_TYPE_CAUSES =
  'interfaces and type aliases leave no runtime type, and `import type { Dto }` erases the class ' +
  '(import it with a plain `import { Dto }`)';
