import type { ValidationError } from 'class-validator';
import type { Violation } from './types';

/** One line per violated constraint, `path: message`, so a model can correct its input. */
export function formatViolations(violations: Violation[]): string {
  return violations.map((v) => `${v.path === '' ? '(root)' : v.path}: ${v.message}`).join('\n');
}

/** `parent` + one property or index: `tags` + `0` inside an array is `tags[0]`, otherwise dotted. */
export function joinPath(parent: string, segment: string | number, index = typeof segment === 'number'): string {
  if (index) return `${parent}[${segment}]`;
  return parent === '' ? String(segment) : `${parent}.${segment}`;
}

/** class-validator nests errors per object level; callers want one flat entry per violated constraint. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): Violation[] {
  const violations: Violation[] = [];
  for (const error of errors) {
    const path =
      error.property === undefined || error.property === ''
        ? parent
        : joinPath(parent, error.property, Array.isArray(error.target) && /^\d+$/.test(error.property));
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      violations.push({ path, constraint, message });
    }
    if (error.children?.length) violations.push(...flattenValidationErrors(error.children, path));
  }
  return violations;
}

export const NOT_AN_OBJECT: Violation = Object.freeze({ path: '', constraint: 'type', message: 'must be an object' });
