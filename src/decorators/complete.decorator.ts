import { addMember } from '../metadata/metadata-writer';
import type { CompleteTarget } from '../metadata/types';
import { memberName, ownerClass } from './member-target';

/**
 * Completes one prompt argument or resource-template variable. The method receives the partial
 * value and `{ arguments }` (the other values already chosen) and returns candidate strings.
 * Arguments typed by an enum (`@IsEnum`, `@IsIn`) complete themselves without this.
 */
export function Complete(target: CompleteTarget): MethodDecorator {
  return (proto, key) => {
    addMember(ownerClass(proto), { kind: 'complete', method: memberName(proto, key), target: { ...target } });
  };
}
