import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Lookup = (
  target: Function,
  schema: string,
  always: boolean,
  strictGroups: boolean,
  groups?: string[],
) => ValidationMetadata[];

/** The two members of class-validator's (exported) metadata storage this module wraps. */
interface Storage {
  getTargetValidationMetadatas: Lookup;
  addValidationMetadata(metadata: ValidationMetadata): void;
}

let installed = false;

/**
 * class-validator finds a class's constraints by testing `instanceof` against every class it holds
 * metadata for (to collect inherited ones), on every validate() and for every nested object, so a
 * call cost grows with the number of DTO classes in the process: with 2,000 of them a refused call
 * was 50 times dearer, a cheap lever for a hostile client. The answer for a class changes only when a
 * decorator registers more metadata, so it is remembered until then. Callers only read the arrays.
 */
export function rememberValidationMetadata(): void {
  if (installed) return;
  installed = true;
  const storage = getMetadataStorage() as unknown as Storage;
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let memo = new Map<Function, Map<string, ValidationMetadata[]>>();
  storage.addValidationMetadata = (metadata) => {
    memo = new Map();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0000') ?? '-'}`;
    let answers = memo.get(target);
    if (!answers) {
      answers = new Map();
      memo.set(target, answers);
    }
    let found = answers.get(key);
    if (!found) {
      found = lookup(target, schema, always, strictGroups, groups);
      answers.set(key, found);
    }
    return found;
  };
}
