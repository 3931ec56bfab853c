import { addMember } from '../metadata/metadata-writer';
import type { PromptOptions } from '../metadata/types';
import { memberName, ownerClass } from './member-target';

/** Exposes a method as an MCP prompt. Its arguments DTO is the parameter typed by a class. */
export function Prompt(options: PromptOptions): MethodDecorator {
  return (target, key) => {
    addMember(ownerClass(target), { kind: 'prompt', method: memberName(target, key), options: { ...options } });
  };
}
