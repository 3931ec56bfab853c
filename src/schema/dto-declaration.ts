import { qualifiedName, readDto } from './schema-metadata';
import type { Constructor } from './types';

/**
 * What makes a DTO unusable as a tool or prompt input, found at start-up instead of on every call:
 * class-validator refuses any property it has no decorator for ("property text should not exist"), so a
 * field without one, or a class with none at all, would fail every call. Checks nested DTOs too.
 */
export function dtoDeclarationProblem(root: Constructor): string | undefined {
  const seen = new Set<Constructor>();
  const visit = (dto: Constructor): string | undefined => {
    if (seen.has(dto)) return undefined;
    seen.add(dto);
    const shape = readDto(dto);
    const [field] = shape.undecorated;
    if (field !== undefined) {
      return (
        `${qualifiedName(dto, field)} has no class-validator decorator, so every call would be refused ` +
        `("property ${field} should not exist"): add one (e.g. @IsString(), @IsOptional(), or @Allow() for any value)`
      );
    }
    if (shape.properties.length === 0) {
      return (
        `${qualifiedName(dto)} has no class-validator decorators, so it accepts no property: decorate each ` +
        'property (e.g. @IsString()), or drop the parameter if the method takes no input'
      );
    }
    for (const property of shape.properties) {
      const problem = property.nested && visit(property.nested);
      if (problem) return problem;
    }
    return undefined;
  };
  return visit(root);
}
